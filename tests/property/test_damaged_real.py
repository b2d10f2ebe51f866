"""The real reports damaged as files are (tests/fixtures/damage.py): cut off at any point, a block of
table lines lost or repeated. What is still there is read to its hand-read gold or said unreadable
or missing: never a wrong number (a cell cut off inside its figure, "30" of "3050", included), and
no traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fixtures.damage import DAMAGES, damaged

from agents.evaluation import corpus, score
from agents.extract.report import extract_report

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
REPORTS = [(p, g) for p, g in corpus(CORPUS) if p.suffix != ".pdf"]
TRIES = 12


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("path,gold", [pytest.param(p, g, id=p.name) for p, g in REPORTS])
def test_a_damaged_file_gives_no_wrong_number(path: Path, gold: dict, damage: str) -> None:
    text = path.read_text(encoding="utf-8")
    rng = random.Random(f"{path.name}/{damage}")
    tried = 0
    for _ in range(TRIES):
        broken = damaged(text, damage, rng)
        if broken is None:
            continue
        tried += 1
        s = score(extract_report(broken, path.name), gold)
        assert s.wrong_numbers == 0, [m for m in s.misses if "unreadable" not in m and "missing" not in m][:3]
    assert tried or damage != "cut off"  # every text can be cut; a one-line text has no lines to lose


@pytest.mark.slow
def test_a_pdf_with_a_page_lost_gives_no_wrong_number() -> None:
    """The real PDF with each of its pages taken out in turn (a page lost in a merge or a download):
    the tables' cells on the pages left are read or said missing, never wrong."""
    import io

    import pypdfium2 as pdfium

    from agents.ingest import read_bytes

    path, gold = next((p, g) for p, g in corpus(CORPUS) if p.suffix == ".pdf")
    data = path.read_bytes()
    for page in range(len(pdfium.PdfDocument(data))):
        pdf = pdfium.PdfDocument(data)
        pdf.del_page(page)
        buf = io.BytesIO()
        pdf.save(buf)
        doc = read_bytes(buf.getvalue(), path.name)
        s = score(extract_report(doc.text, path.name), gold)
        assert s.wrong_numbers == 0, (page + 1, [m for m in s.misses if "unreadable" not in m and "missing" not in m][:3])
