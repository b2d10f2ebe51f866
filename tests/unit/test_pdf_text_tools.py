"""The real huaian-2024 PDF as other PDF-to-text tools print it (tests/fixtures/pdf_text, see its README):
every cell of 表二/三/四 reads to the hand-read gold, except where a tool's order makes cells
unknowable, and there the cells are unread, said, and never a wrong number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from helpers import check_text, failing

from agents.evaluation import score
from agents.extract.report import extract_report

TOOLS = ROOT / "tests" / "fixtures" / "pdf_text"
GOLD = json.loads((CORPUS / "huaian-2024.gold.json").read_text(encoding="utf-8"))
SCRAMBLED = ("huaian-2024.pdfminer-flow1.txt", "huaian-2024.pdfminer-flowm1.txt")
FILES = sorted(p for p in TOOLS.iterdir() if p.name != "README" and p.name not in SCRAMBLED)


def _read(path: Path):
    return extract_report(path.read_text(encoding="utf-8"), path.name)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_tool_text_reads_to_gold(path):
    report = _read(path)
    for tables in (("三",), ("二",), ("四",)):
        s = score(report, GOLD, tables)
        assert s.wrong_numbers == 0, s.misses[:5]
        if path.name != "huaian-2024.pdftotext.txt" or tables != ("四",):
            assert s.right == s.total, (tables, s.misses[:5])


def test_labels_printed_below_the_table_do_not_carry_the_rows_away():
    """pdftotext prints the labels of （一）予以公开/（二）部分公开 and of （五）5 to （六）3 below the
    table, their figures label-less after the row before them. The moved labels do not anchor their
    rows (which would lose every row printed between); the figures take the free template rows by
    position, confirmed by the table's arithmetic, and the table says so."""
    t3 = _read(TOOLS / "huaian-2024.pdftotext.txt").tables["三"]
    assert [c.value for c in t3.row_cells("granted")] == [1288, 21, 0, 0, 50, 3, 1362]
    assert [c.value for c in t3.row_cells("other_misc")] == [108, 2, 0, 0, 0, 0, 110]
    assert any("按格式规定的行序和上下行位置确定，勾稽关系相符" in n for n in t3.notes)


def test_table4_split_among_its_header_words_is_unread_not_guessed():
    """pdftotext interleaves 表四's figures with its header words (72 64 178 37 | 12 1 1 6 | 351 | …):
    read in text order no group of five fits its identity, so the cells stay unread with their figures
    as candidates, and no arithmetic error is claimed."""
    path = TOOLS / "huaian-2024.pdftotext.txt"
    t4 = _read(path).tables["四"]
    assert all(c.status.value == "unreadable" and c.candidates for c in t4.cells)
    assert any("未读取" in n for n in t4.notes)
    assert "T4-ROW-SUM" not in failing(check_text(path.read_text(encoding="utf-8"), path.name))


@pytest.mark.parametrize("name", SCRAMBLED)
def test_blocks_out_of_order_are_unread_and_never_blamed_on_the_report(name):
    """pdfminer with a non-default boxes_flow lists a table's blocks out of the table's order: 表四's
    figures after its interleaved header words with two groups swapped (8 1 351 13 37 | 72 64 178 4 26
    | 12 1 1 6 20), or 表四's fifteen figures right after 表三's （七）总计 label when pages come in
    reverse. Read in text order they break the identities, so the cells stay unread (and say why): no
    wrong number in 表三/表四, and no arithmetic error claimed against a correct report. 表二 has no
    identity to tell its rotated columns (0 26 | 11 66 | 1 8 for 1 8 | 0 26 | 11 66), but every
    reading of them has fewer documents in force than issued this year (the pack's bound): unread
    too."""
    path = TOOLS / name
    report = _read(path)
    for table in ("二", "三", "四"):
        assert score(report, GOLD, (table,)).wrong_numbers == 0, table
    assert report.tables["四"].found and all(c.status.value == "unreadable" for c in report.tables["四"].cells)
    verdict = check_text(path.read_text(encoding="utf-8"), path.name)
    assert not {"T3-ROW-TOTAL", "T3-COL-SUM", "T4-ROW-SUM", "T3-BALANCE"} & set(failing(verdict))


def test_a_wrong_sum_under_an_interleaved_header_is_reported_when_the_figures_share_one_line():
    """The real PDF's own text interleaves 表四's header words too ("其他结 尚未 … 果 审结"), but prints
    the fifteen figures on one line in the table's order: a report whose sums are wrong there in every
    group is read as printed and reported, not left unread as a layout tool's scramble."""
    text = (CORPUS / "huaian-2024.pdf.txt").read_text(encoding="utf-8")
    line = "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20"
    assert line in text
    wrong = text.replace(line, "73 64 178 37 351 13 4 8 1 27 12 1 1 6 21")
    t4 = extract_report(wrong, "huaian-2024.txt").tables["四"]
    assert [c.value for c in t4.cells] == [73, 64, 178, 37, 351, 13, 4, 8, 1, 27, 12, 1, 1, 6, 21]
    assert "T4-ROW-SUM" in failing(check_text(wrong, "huaian-2024.txt"))


def test_text_sorted_by_position_reads_whole_and_clean():
    """PyMuPDF's sort=True glues a character of the stacked label "本年度办理结果" to a row's last
    figure ("… 0 8结") and puts page 4's number on the line of the next row ("- 4 -    法提供
    2.没有现成信息需要另行制作 11 0 …"). The row reads whole, and neither line is reported as
    figures belonging to no row."""
    path = TOOLS / "huaian-2024.pymupdf-sort.txt"
    text = path.read_text(encoding="utf-8")
    assert "8结" in text and "- 4 -    法提供" in text
    t3 = _read(path).tables["三"]
    assert [c.value for c in t3.row_cells("withheld_internal")] == [7, 1, 0, 0, 0, 0, 8]
    assert [c.value for c in t3.row_cells("unavailable_needs_creation")] == [11, 0, 0, 0, 0, 0, 11]
    assert "TBL-EXTRA-VALUES" not in {f.rule_id for f in check_text(text, path.name)}


@pytest.mark.parametrize("line,items", [
    ("5.属于三类内部事务信息   7   1   0   0   0   0   8结", ["text", "7", "1", "0", "0", "0", "0", "8", "text"]),
    ("本年新收   3   2   5件", ["text", "3", "2", "5件"]),  # a unit: the typed figure, as before
    ("数据截至   2024年", ["text", "text"]),  # a date is not a figure with a label glued on
    ("- 4 -    法提供   2.没有现成信息需要另行制作   11   0", ["text", "text", "11", "0"]),
    ("- 4 - 0 3", ["dash", "4", "dash", "0", "3"]),  # figures between dashes before figures: cells
    ("3.危及“三安全一稳定 ”   5   0   0", ["text", "text", "5", "0", "0"]),  # a label's closing mark spaced off
])
def test_spaced_lines_of_layout_tools(line, items):
    from agents.extract.lines import tokenize

    region = tokenize(line, 0, len(line), 1, shape="spaced")
    got = [it.raw if it.kind == "number" else it.kind for ln in region.lines for it in ln.items]
    assert got == items


@pytest.mark.parametrize("figures", ["5 0 0 0 0 0 5", "5 0 0\n 0 0 0 5", "5 0 0 0\n0 0 5"])
@pytest.mark.parametrize("opening,closing", [("“", "”"), ("“", "）"), ('"', '"'), ("'", "'")])
def test_a_labels_closing_mark_spaced_off_it_is_no_cell(opening, closing, figures):
    """A layout tool may space a label's closing quotation mark or bracket off its words ("3.危及“三安全一
    稳定 ” 5 0 0 0 0 0 5"): the mark once read as a misread figure, a cell of its own, and where the
    row's figures went on on the next line they moved one cell right (5 in 商业企业). A straight quotation
    mark closes the one the label opened ('3.危及"三安全一稳定 "'), as a curly one does."""
    path = CORPUS / "huaian-2024.pdf.txt"
    text = path.read_text(encoding="utf-8").replace("3.危及“三安全一稳定” 5 0 0 0 0 0 5",
                                                    f"3.危及{opening}三安全一稳定 {closing} {figures}")
    assert text != path.read_text(encoding="utf-8")
    s = score(extract_report(text, path.name), GOLD)
    assert s.wrong_numbers == 0 and s.right == s.total, s.misses[:5]


def test_a_grid_cell_with_a_character_after_its_figure_stays_one_unreadable_cell():
    """In a grid the cell is the unit: "8结" in a cell of its own is not split into two cells."""
    from agents.extract.lines import tokenize

    line = "| 5.属于三类内部事务信息 | 7 | 8结 | 0 |"
    region = tokenize(line, 0, len(line), 1, shape="pipe")
    assert [it.kind for it in region.lines[0].items] == ["text", "number", "unreadable", "number"]


def test_a_figure_of_the_row_before_taken_in_from_another_line_is_not_read_into_the_row():
    """pdftotext (no options) prints a table cell by cell, and can print one row's 总计 after the next
    row's label: "（二）部分公开 0 7 0 0 2 0 ／（三）…1.属于国家秘密 9 0 0 0 0 3 3", where 9 is 部分公开's
    总计 and 国家秘密's first cell is blank. Seven figures for seven cells, gathered from seven lines,
    that break the row's own identity (9 + 3 ≠ 3) are not read as its cells: unreadable, the figures
    their candidates, never a wrong number or a sum blamed on the report."""
    from fixtures.synth import T3_OUTCOMES, consistent_t3, consistent_t4, report_text

    outcomes = {k: [0] * 6 for k in T3_OUTCOMES}
    outcomes.update(granted=[5, 0, 0, 0, 0, 1], partly_granted=[0, 7, 0, 0, 2, 0], withheld_state_secret=[0, 0, 0, 0, 0, 3])
    t3 = consistent_t3(outcomes, [0] * 6, [0] * 6)
    text = report_text(t3, consistent_t4([0] * 12), shape="lines")
    printed = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n0\n7\n0\n0\n2\n0\n9\n（三）不予公开 1.属于国家秘密\n0\n0\n0\n0\n0\n3\n3\n"
    scrambled = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n0\n7\n0\n0\n2\n0\n（三）不予公开 1.属于国家秘密\n9\n0\n0\n0\n0\n3\n3\n"
    assert printed in text
    t = extract_report(text.replace(printed, scrambled), "x.txt").tables["三"]
    secret = t.row_cells("withheld_state_secret")
    assert all(c.status.value == "unreadable" for c in secret) and "分在多行" in (secret[0].note or "")
    assert secret[0].candidates == [9]
    truth = {"partly_granted": [0, 7, 0, 0, 2, 0, 9], "withheld_state_secret": [None, 0, 0, 0, 0, 3, 3]}
    for key, want in truth.items():
        assert all(c.value == w for c, w in zip(t.row_cells(key), want) if c.is_number), [c.value for c in t.row_cells(key)]


def test_figures_of_rows_with_traceless_blanks_are_placed_by_the_column_sums():
    """A PDF's text (pdfplumber, pypdf …) prints a row's figures one space apart and its blank cells not
    at all: "（一）予以公开 0 11 0 0 0 11" may put 11 in any of several columns. With eight such rows
    there are too many ways to try them all together; the column identities narrow each row by what the
    other rows can still add up to, column by column, until each figure stands where the sums put it.
    Which of a row's zeros is the blank stays unread (the sums cannot tell 0 from blank)."""
    import re

    from fixtures.synth import T3_OUTCOMES, consistent_t3, consistent_t4, report_text

    from agents.extract.report import extract_report

    outcomes = {k: [0] * 6 for k in T3_OUTCOMES}
    rows = T3_OUTCOMES[:8]
    for i, key in enumerate(rows):
        outcomes[key][i % 6] = 11 + i
    t3 = consistent_t3(outcomes, [0] * 6, [0] * 6)
    shown: dict[str, list[object]] = {k: list(v) for k, v in t3.items()}
    for i, key in enumerate(rows):
        shown[key][(i + 2) % 6] = ""  # a zero cell printed empty
    text = report_text(shown, consistent_t4([0] * 12), shape="spaced")
    text = re.sub(r"(?<=\d) {2,}(?=\d)", " ", text)  # the blank leaves no trace
    assert "（一）予以公开 11 0 0 0 0 11" in text
    t = extract_report(text, "x.txt").tables["三"]
    for i, key in enumerate(rows):
        cells = t.row_cells(key)
        assert cells[i % 6].value == 11 + i and cells[-1].value == 11 + i, (key, [c.value for c in cells])
        assert all(c.value == 0 for c in cells[:6] if c.is_number and c.column != cells[i % 6].column)


@pytest.mark.parametrize("old,new", [
    ("|     | 5.属于三类内部事务信息 |", "|     | 属于三类内部事务信息 |"),  # printed without its item marker
    ("| （三）不 |             | 6 0 | 0 0 | 0 0 | 6   |", "| （三）不 |             | 6 0 | 0 0 | 0 0 |\n 6   |"),
    ("|     | 56  | 6 0 | 0   | 0 0 | 62  |", "|     | 56  | 6 0 | 0   | 0\n 0 | 62  |"),  # inside a cell of two
])
def test_markitdown_rows_reworded_or_broken_keep_their_figures(old, new):
    """markitdown prints a merged label's words ("（三）不", "予公开") among the rows. A row label printed
    without its item marker ("属于三类内部事务信息") once took the group's marker "(三)" two lines up as
    its own, so its label began before the row above's figures and took them (6 for 7). A row whose
    line broke before its total ("| （三）不 |  | 6 0 | 0 0 | 0 0 |" and then " 6 |") printed seven
    cells counting the empty one after the group's words, and read as blank, 6, 0 … with a total of 0:
    the next line's figure now ends it, the row's identity confirming. So does a row whose label stands
    outside the table, broken inside one of its cells of two figures ("|  |  |  | 56 | 6 0 | 0 | 0" and
    then " 0 | 62 |"): counted with its label columns' empty cells it looked whole (56 in 科研机构)."""
    path = TOOLS / "huaian-2024.markitdown.md"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    s = score(extract_report(text.replace(old, new), path.name), GOLD)
    assert s.wrong_numbers == 0 and s.right == s.total, s.misses[:5]
