"""Scanned reports read by OCR (the ``[ocr]`` extra), measured against the real 淮安 report's hand-read gold.

The suite OCRs one page, to stay fast: page 5 of the real PDF (the end of 表三 and all of 表四) replaced
by its scanned image, the other pages keeping their text layer. The whole report scanned at 200 and
100 dpi and turned 1.5° is measured by ``scripts/benchmark.py --ocr`` (about 40 s a copy on 2 cores);
``XXGK_OCR_FULL=1`` runs the same here.
"""

from __future__ import annotations

import io
import json
import os

import pytest
from conftest import CORPUS

from agents.evaluation import scanned_copy, score
from agents.extract.report import extract_report
from agents.ingest import read_bytes

pytest.importorskip("rapidocr_onnxruntime", reason='OCR 扩展未安装：pip install -e ".[ocr]"')
pytestmark = pytest.mark.slow

PDF = (CORPUS / "huaian-2024.pdf").read_bytes()
GOLD = json.loads((CORPUS / "huaian-2024.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_OCR_CACHE", str(tmp_path / "ocr"))


def _read(data: bytes, name: str):
    doc = read_bytes(data, name)
    return doc, extract_report(doc.text, doc.source, uncertain=doc.uncertain)


def test_a_scanned_page_among_text_pages_reads_to_the_gold():
    doc, r = _read(scanned_copy(PDF, dpi=200, pages=[4]), "huaian-page5-scanned.pdf")
    assert doc.ocr and any("第5页" in n and "OCR" in n for n in doc.notes)
    s = score(r, GOLD)
    assert s.wrong_numbers == 0, s.misses
    assert s.right == s.total == 190, s.misses
    # the page the table's figures came from is known, for findings to name it
    cell = r.tables["四"].get(r.tables["四"].spec.rows[0].key, "total")
    assert cell.span is not None and doc.page_starts[4] <= cell.span.start


def test_a_photo_of_a_table_is_read_and_its_uncertain_figures_listed():
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(PDF)[4].render(scale=200 / 72).to_pil()
    w, h = page.size
    crop = page.crop((0, int(h * 0.62), w, int(h * 0.82)))  # 表四 with its header
    buf = io.BytesIO()
    crop.save(buf, "PNG")
    doc = read_bytes(buf.getvalue(), "photo.png")
    assert doc.kind == "image" and doc.ocr
    assert "72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20" in doc.text
    # a phone stores its photo sideways with an EXIF note to turn it: read as it is shown
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buf = io.BytesIO()
    crop.convert("RGB").rotate(90, expand=True).save(buf, "JPEG", exif=exif.tobytes(), quality=92)
    assert "72\t64\t178\t37\t351" in read_bytes(buf.getvalue(), "phone.jpg").text


@pytest.mark.skipif(not os.environ.get("XXGK_OCR_FULL"), reason="whole scanned report: XXGK_OCR_FULL=1 (about 2 minutes)")
@pytest.mark.parametrize(("dpi", "angle", "least"), [(200, 0.0, 190), (200, 1.5, 180), (100, 0.0, 150)])
def test_whole_report_scanned(dpi, angle, least):
    doc, r = _read(scanned_copy(PDF, dpi=dpi, angle=angle), f"huaian-{dpi}-{angle}.pdf")
    s = score(r, GOLD)
    assert s.wrong_numbers == 0, s.misses
    assert s.right >= least, s.misses
