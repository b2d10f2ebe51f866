"""Tables with blank cells as PDF-to-text tools print them (tests/fixtures/pdf_blanks, see its README).
Where a tool aligned the columns with spaces, a short row's figures are placed under the columns they
stand under, if every row of the page agrees on the columns; otherwise the row's arithmetic decides.
Where a tool moved figures from row to row, a short row's arithmetic proves nothing: it is unread."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from agents.evaluation import score
from agents.extract.report import extract_report

HERE = ROOT / "tests" / "fixtures" / "pdf_blanks"
GOLD = json.loads((HERE / "huaian-2024-blanks.gold.json").read_text(encoding="utf-8"))
SORTED = HERE / "synthetic-12.pymupdf-sort.txt"
ROWS = json.loads((HERE / "synthetic-12.rows.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["huaian-2024-blanks.ruled.pdftotext-layout.txt",
                                  "huaian-2024-blanks.unruled.pdftotext-layout.txt"])
def test_blank_cells_are_placed_by_the_columns_pdftotext_layout_keeps(name):
    """("（一）予以公开  1288  21  0  [blank]  50  3  1362": the arithmetic allows the blank anywhere
    among the zeros; its column shows where it is.)"""
    report = extract_report((HERE / name).read_text(encoding="utf-8"), name)
    for tables in (("三",), ("四",)):
        s = score(report, GOLD, tables)
        assert s.wrong_numbers == 0, s.misses[:5]
        assert s.right == s.total, (tables, s.misses[:5])


def _read_sorted(text: str, rows: dict[str, list[object]] = ROWS) -> tuple[int, int, dict[str, list[object]]]:
    t3 = extract_report(text, SORTED.name).tables["三"]
    right = wrong = 0
    got = {}
    for key, want in rows.items():
        got[key] = [c.value if c.is_number else None for c in t3.row_cells(key)]
        right += sum(g == w for g, w in zip(got[key], want))
        wrong += sum(g is not None and g != w for g, w in zip(got[key], want))
    return right, wrong, got


def test_columns_counted_by_width_where_the_tool_counts_so():
    """PyMuPDF's sorted text aligns columns by width (a Chinese character two columns); counted one
    character a column, its rows disagree, so that way is not taken. Here without the line that a
    page number joined (see the next test)."""
    lines = SORTED.read_text(encoding="utf-8").split("\n")
    right, wrong, got = _read_sorted("\n".join(line for line in lines if "- 1 -" not in line))
    assert wrong == 0
    assert got["carried_forward"] == ROWS["carried_forward"]  # a lone 0, under the third column
    assert right > _read_sorted(SORTED.read_text(encoding="utf-8"))[0]


def test_a_row_out_of_line_keeps_the_page_from_being_read_by_columns():
    """PyMuPDF put the page number "- 1 -" before a row on its line, moving the row's figures far right:
    no way of counting fits every row of that page, so no figure there is placed by a column (counted
    one character a column, the nearest full row's columns would put a lone 0 in the wrong one)."""
    right, wrong, got = _read_sorted(SORTED.read_text(encoding="utf-8"))
    assert wrong == 0
    assert got["carried_forward"] != ROWS["carried_forward"]  # unread: the arithmetic allows any column


@pytest.mark.parametrize("n", [0, 30])
def test_short_rows_of_a_table_whose_figures_were_moved_are_unread_not_fitted(n):
    """pdftotext in reading order moved some rows' figures after other rows' labels: rows followed by
    more figures than cells, rows with fewer. "（五）不予处理 2.重复申请" kept only "1 1" of
    "1 1 [blank] [blank] 2 407 411": read as blanks, 1 and a total of 1 fit its arithmetic; and
    "（七）总计" cut "3701" into 37, 0 and 1 to fit. Such rows are unread, their figures as
    candidates, and no number is read wrong."""
    path = HERE / f"synthetic-11-{n}.pdftotext.txt"
    rows = json.loads((HERE / f"synthetic-11-{n}.rows.json").read_text(encoding="utf-8"))
    right, wrong, got = _read_sorted(path.read_text(encoding="utf-8"), rows)
    assert wrong == 0
    t3 = extract_report(path.read_text(encoding="utf-8"), path.name).tables["三"]
    key = "rejected_repeat" if n == 0 else "total_handled"
    assert all(c.status.value == "unreadable" and c.candidates for c in t3.row_cells(key))
    assert any("转换工具挪动了数字" in note for note in t3.notes)


def test_a_line_too_long_to_be_laid_out_is_not_measured():
    """A body run together on one line is no page layout: its figures' columns are not counted (which
    would also cost the line's length for each figure)."""
    from agents.extract.columns import LONGEST_LINE, _line_start

    doc = "字" * (LONGEST_LINE + 10) + "   12"
    assert _line_start(doc, len(doc) - 2) is None
    assert _line_start("标题\n\f一、本年新收   12", 12) == 4  # past the form feed: the page break takes no column
