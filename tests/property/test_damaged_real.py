"""The real reports damaged as files are (tests/fixtures/damage.py): cut off at any point, a block of
table lines lost or repeated, a table line joined to the next or broken in two, an empty line or a
page footer among them. What is still there is read to its hand-read gold or said unreadable
or missing: never a wrong number (a cell cut off inside its figure, "30" of "3050", included), no
blank or dash where a figure stands before a cut or where a line was broken or padded (MARK_FREE),
and no traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fixtures.damage import DAMAGES, damaged

from agents.evaluation import corpus, score
from agents.extract.report import extract_report
from schemas.findings import Severity

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
REPORTS = [(p, g) for p, g in corpus(CORPUS) if p.suffix in (".txt", ".md")]  # text read as it is (not PDF, HTML)
TRIES = 12


# Damages after which no cell may read blank or a dash where a figure stands: what is before a cut, and
# every figure where a line was broken or an empty line or footer put in, is as printed. Lines lost or
# repeated may take away a figure a converter moved from its row (kewei's lone "1") or print it twice,
# and a line joined to it may glue it to another row ("1| 0 | 0 | …"): its cell is then blank as its
# own row prints it.
MARK_FREE = ("cut off", "line broken", "empty line", "page footer")


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
        assert damage not in MARK_FREE or s.marked == 0, [m for m in s.misses if "blank" in m or "dash" in m][:3]
    assert tried or damage != "cut off"  # every text can be cut; a one-line text has no lines to lose


SEEDS = sorted((Path(__file__).resolve().parents[2] / "examples" / "reports").iterdir())


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in [p for p, _ in REPORTS] + SEEDS])
def test_a_text_cut_anywhere_is_not_blamed_for_what_is_after_the_cut(path: Path, tmp_path: Path) -> None:
    """Each real text and seed cut off at points anywhere in its body (a copy or a download that
    stopped, at a character's boundary, which no byte shows): none of these reports is 不合格 whole, so
    no finding that something is missing may fail as an error of the report; the file is refused as
    no report (cut too early), or the cut is said (READ-TRUNCATED) and what follows it not concluded.
    A cut just after a sentence's end, with fewer than three sections after it, is a report that left
    them out as far as any text can show (test_a_complete_report_without_its_last_section_is_still_told_so):
    such points are moved back into the sentence."""
    from agents.checks import RULES_BY_ID
    from agents.errors import InputError
    from agents.verdict import check_file

    text = path.read_text(encoding="utf-8")
    rng = random.Random(f"{path.name}/anywhere")
    for k in range(TRIES):
        cut = text[:rng.randrange(len(text) // 10, len(text) * 95 // 100)].rstrip()
        while cut[-1] in "。！？!?；;…）)」』”’":
            cut = cut[:-2].rstrip()
        p = tmp_path / f"cut{k}{path.suffix}"
        p.write_text(cut, encoding="utf-8")
        try:
            v = check_file(p)
        except InputError:
            continue
        blamed = [f.message_zh for f in v.findings if RULES_BY_ID[f.rule_id].absence
                  and f.severity is Severity.error and f.status.value == "fail"]
        assert not blamed, (len(cut), cut[-40:], blamed)


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


def test_missing_printed_page_numbers() -> None:
    from agents.ingest.pdf import missing_pages

    assert missing_pages([1, 2, 3, 5, 6]) == [4]
    assert missing_pages([None, 2, None, 4]) == []  # a page whose footer was not read may be page 3
    assert missing_pages([1, 2, None, 5]) == [4]
    assert missing_pages([3, 4, 1, 2]) == []  # a new numbering (an appendix)
    assert missing_pages([1, 20]) == []  # too far a jump to be pages lost
    assert missing_pages([]) == []


def test_a_pdf_whose_footers_skip_a_page_is_not_judged_on_what_that_page_held(tmp_path: Path) -> None:
    """The real PDF without its page 5 (表四 and 四's heading were on it): its footers go "- 4 -", "- 6 -".
    READ-PAGES-MISSING says page 5 is not in the file, and 四 missing is undecided, not 不合格."""
    import io

    import pypdfium2 as pdfium

    from agents.verdict import check_file

    path = next(p for p, _ in corpus(CORPUS) if p.suffix == ".pdf")
    pdf = pdfium.PdfDocument(path.read_bytes())
    pdf.del_page(4)
    buf = io.BytesIO()
    pdf.save(buf)
    cut = tmp_path / "no-page-5.pdf"
    cut.write_bytes(buf.getvalue())
    v = check_file(cut)
    assert v.document.missing_pages == [5]
    assert [f.data["pages"] for f in v.findings if f.rule_id == "READ-PAGES-MISSING"] == [[5]]
    assert all(f.undecided for f in v.findings if f.rule_id in ("SEC-REQUIRED", "TBL-MISSING"))
    assert v.conclusion.value != "不合格" and v.count(Severity.error) == 0
    assert check_file(path).document.missing_pages == []  # the whole PDF skips none


def test_a_pdf_without_its_last_page_is_not_judged_on_what_that_page_held(tmp_path: Path) -> None:
    """The real PDF without its last page (六 and the end of 五 were on it): no footer is skipped, but
    the text before the last page's footer stops in mid-sentence with 六 after it missing; READ-TRUNCATED
    says so, and 六 missing is undecided, not 不合格."""
    import io

    import pypdfium2 as pdfium

    from agents.verdict import check_file

    path = next(p for p, _ in corpus(CORPUS) if p.suffix == ".pdf")
    pdf = pdfium.PdfDocument(path.read_bytes())
    pdf.del_page(len(pdf) - 1)
    buf = io.BytesIO()
    pdf.save(buf)
    cut = tmp_path / "no-last-page.pdf"
    cut.write_bytes(buf.getvalue())
    v = check_file(cut)
    assert v.document.missing_pages == []
    said = next(f for f in v.findings if f.rule_id == "READ-TRUNCATED")
    assert said.data["section"] == 5 and said.data["missing"] == [6]
    assert all(f.undecided for f in v.findings if f.rule_id == "SEC-REQUIRED")
    assert v.conclusion.value != "不合格" and v.count(Severity.error) == 0


def test_table4_cut_off_inside_its_row_is_unread_not_placed_by_its_sums():
    """huaian-2024's PDF text cut off inside 表四's row ("72 64 178 37 351 13 4", the file ending there):
    the rest of the row is gone and, spaced, its blank cells leave no token, so which cells the seven
    figures stand in is unknown. The first five fit a group's sum wherever they go; they were put in
    the second group (行政诉讼 未经复议直接起诉) behind five blanks: five wrong numbers. Now unread."""
    path, gold = next((p, g) for p, g in REPORTS if p.name == "huaian-2024.pdf.txt")
    text = path.read_text(encoding="utf-8")
    cut = text[:text.index("72 64 178 37 351 13 4") + len("72 64 178 37 351 13 4")] + " "
    report = extract_report(cut, path.name)
    assert score(report, gold).wrong_numbers == 0
    assert not any(c.is_number for c in report.tables["四"].cells)


@pytest.mark.parametrize("end", ["四、结转下年度继续办理 103 0", "四、结转下年度继续办理 103 0 0 0"], ids=["two-figures", "four-figures"])
def test_a_spaced_row_the_file_ends_inside_is_unread_not_given_blanks(end):
    """huaian-2024's PDF text cut off inside 表三's last row ("… 103 0", the file ending there; found by
    the damage search): the row's last cells are gone and, spaced, its blank cells leave no token, so
    the cells between its figures are not blanks the page printed ("103", five blanks and the cut "0"
    was read: five blank cells the report never showed). Every cell of the row is unread, the figures
    as candidates, as in 表四 (above); the rows before it are read."""
    path, gold = next((p, g) for p, g in REPORTS if p.name == "huaian-2024.pdf.txt")
    text = path.read_text(encoding="utf-8")
    report = extract_report(text[:text.index(end) + len(end)], path.name)
    cells = [c for c in report.tables["三"].cells if c.row == "carried_forward"]
    assert score(report, gold).wrong_numbers == 0
    assert all(c.status.value == "unreadable" and c.reason.value == "cut_off" for c in cells), \
        [(c.column, c.status.value, c.raw) for c in cells]
    assert cells[0].raw == end.split("办理 ")[1] and 103 in cells[0].candidates
    assert sum(c.is_number for c in report.tables["三"].cells) >= 150
