"""Tables printed label column first, as pdfminer.six (and what is built on it) prints a PDF's text:
the real huaian-2024 report in that shape (examples/corpus/huaian-2024.pdfminer.txt), laid out the
ways such tools vary, must read to the hand-read gold; where the figures cannot be matched to the
rows cell for cell, they are left unread and said, never handed to the nearest label."""

from __future__ import annotations

import json
import re

import pytest
from conftest import CORPUS
from helpers import check_text, failing, ids

from agents.evaluation import score
from agents.extract.report import extract_report

TEXT = (CORPUS / "huaian-2024.pdfminer.txt").read_text(encoding="utf-8")
GOLD = json.loads((CORPUS / "huaian-2024.gold.json").read_text(encoding="utf-8"))
FIRST_PAGE = "3001\n\n34\n\n1288"  # 表三's first column on its first page starts here (13 rows, 7 columns)


def _columns(text: str) -> tuple[int, int, list[str]]:
    """(start, end, the 91 figures) of 表三's first page block."""
    start = text.index(FIRST_PAGE)
    figures = re.findall(r"\d+", text[start:text.index("法提供", start)])
    assert len(figures) == 91
    end = start + len("\n\n".join(figures))
    assert text[start:end] == "\n\n".join(figures)
    return start, end, figures


def _rows_on_lines(text: str) -> str:
    """The same block as each row's seven figures on a line of their own (labels still first)."""
    start, end, f = _columns(text)
    rows = [" ".join(f[c * 13 + r] for c in range(7)) for r in range(13)]
    return text[:start] + "\n\n".join(rows) + text[end:]


def _figures_first(text: str) -> str:
    """The same block printed before its page's label column (pdfminer with another boxes_flow)."""
    start, end, _ = _columns(text)
    at = text.index("一、本年新收政府信息公开申请数量")
    return text[:at] + text[start:end] + "\n\n" + text[at:start] + text[end:]


VARIANTS = {
    "as pdfminer prints it": lambda t: t,
    "no blank lines": lambda t: "\n".join(line for line in t.splitlines() if line.strip()),
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "each row's figures on a line": _rows_on_lines,
    "figures before their labels": _figures_first,
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_label_column_first_reads_to_gold(variant):
    report = extract_report(VARIANTS[variant](TEXT), "huaian-2024.pdfminer.txt")
    s = score(report, GOLD)
    assert s.wrong_numbers == 0 and s.right == s.total, s.misses[:5]
    t2 = score(report, GOLD, ("二",))
    assert t2.wrong_numbers == 0 and t2.right == t2.total, t2.misses[:5]
    how = "逐列" if variant != "each row's figures on a line" else "逐行"
    assert any(f"再{how}列出数字" in n for n in report.tables["三"].notes)


def test_a_missing_figure_leaves_the_block_unread_not_shifted():
    """One figure of the column block lost: 90 figures for 13 rows of 7 cells. No row may take them
    (the old reader gave the block's first seven to its last label), the report is not accused of
    arithmetic it never printed, and what was not read is said."""
    start, end, figures = _columns(TEXT)
    text = TEXT[:start] + "\n\n".join(figures[:40] + figures[41:]) + TEXT[end:]
    report = extract_report(text, "lost.txt")
    assert score(report, GOLD).wrong_numbers == 0
    t3 = report.tables["三"]
    assert all(c.value is None for c in t3.row_cells("new_received") + t3.row_cells("unavailable_not_held"))
    assert any("无法逐格对应" in n for n in t3.notes)
    findings = check_text(text, "lost.txt")
    assert not failing(findings) & {"T3-ROW-TOTAL", "T3-BALANCE", "T3-OUTCOME-TOTAL"}
    assert "TBL-EXTRA-VALUES" in ids(findings)


def test_columns_out_of_order_break_the_identities_and_stay_unread():
    """A tool that lists 总计's column before 自然人's: reading it in column order would break every
    row's 总计 identity, so the block is not read (and no arithmetic error is claimed)."""
    start, end, f = _columns(TEXT)
    moved = f[78:91] + f[13:78] + f[0:13]  # 总计 first, 自然人 last
    text = TEXT[:start] + "\n\n".join(moved) + TEXT[end:]
    report = extract_report(text, "moved.txt")
    assert score(report, GOLD).wrong_numbers == 0
    assert all(c.value is None for c in report.tables["三"].row_cells("granted"))
    assert "T3-ROW-TOTAL" not in failing(check_text(text, "moved.txt"))


def test_table4_fifteen_figures_stay_one_row():
    """表四's three spec rows are column groups of one printed row: its fifteen figures, one per line
    after the label lines, are read in print order, not as a label column's."""
    t4 = extract_report(TEXT, "huaian-2024.pdfminer.txt").tables["四"]
    assert [c.value for c in t4.row_cells("review")] == [72, 64, 178, 37, 351]


def test_a_block_the_file_ends_inside_is_not_placed_by_its_count():
    """The file cut off inside a column of figures ("…105", "746", "5"): the block's count is what the
    cut left, and fourteen figures are two rows' worth only by chance. Read column by column into the
    two labels before it, they gave 一 and 二 the first column's figures (二: 34, 447, 30, 6, …). The
    block is left unplaced: no wrong number, and the cut is said."""
    cut = TEXT[:TEXT.index("105\n\n746\n\n5") + len("105\n\n746\n\n5")]
    report = extract_report(cut, "huaian-2024.pdfminer.txt")
    s = score(report, GOLD)
    assert s.wrong_numbers == 0, s.misses[:5]
    assert not any(c.is_number for c in report.tables["三"].row_cells("carried_over"))


@pytest.mark.parametrize("figures", [1, 6, 12])
def test_the_text_cut_off_in_the_first_column_gives_no_row_its_figures(figures):
    """The pdfminer text cut off after the first figures of 表三's first page: what is left is the labels
    of thirteen rows, the header (自然人 … 总计 其他) and a few figures of the first column (3001, 34,
    1288 …). Those are no row's cells: not the last label's before the header ("1.本机关不掌握相关政府信息"),
    and not row "（七）总计", whose word the header prints; they stay over, and no number is wrong.
    They were read as one of those rows."""
    start, _, column = _columns(TEXT)
    cut = TEXT[:start + len("\n\n".join(column[:figures]))] + "\n"
    report = extract_report(cut, "huaian-2024.pdfminer.txt")
    assert score(report, GOLD, ("三",)).wrong_numbers == 0
    assert not any(c.is_number for c in report.tables["三"].cells)


def test_the_text_cut_off_in_a_later_pages_first_column_gives_no_row_its_figures():
    """The same text cut off inside the figures of 表三's second page: its labels, no header, then the
    first figures of a column (11 1 56 25 0 0 1). After a block of labels that took no figures, those
    are the block's columns, not its last label's row (四、结转下年度继续办理 took them as its seven cells:
    four wrong numbers)."""
    start = TEXT.index("四、结转下年度继续办理\n\n11\n")
    cut = TEXT[:start + len("四、结转下年度继续办理\n\n11\n\n1\n\n56\n\n25\n\n0\n\n0\n\n1")]
    report = extract_report(cut, "huaian-2024.pdfminer.txt")
    assert score(report, GOLD, ("三",)).wrong_numbers == 0
    assert not any(c.is_number for c in report.tables["三"].row_cells("carried_forward"))
