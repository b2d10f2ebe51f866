"""Table layouts real reports come in: every one must read back the same cells."""

from __future__ import annotations

import pytest
from conftest import seed
from fixtures.relaid import cell_readings, changed_numbers
from fixtures.synth import T3_KEYS, consistent_t3, consistent_t4, report_text, table3_html
from helpers import check_text, failing, ids

from agents.extract.report import extract_report
from agents.ingest import read_bytes, read_path
from schemas.cells import CellStatus

T3 = consistent_t3({"granted": [71, 3, 0, 0, 0, 0], "partly_granted": [12, 0, 1, 0, 0, 0],
                    "withheld_third_party": [2, 0, 0, 0, 0, 0], "unavailable_not_held": [30, 4, 0, 0, 2, 1],
                    "rejected_petition": [5, 0, 0, 0, 0, 0], "other_misc": [1, 0, 0, 0, 0, 0]},
                   carried_over=[3, 0, 0, 0, 0, 0], carried_forward=[4, 1, 0, 0, 0, 0])
T4 = consistent_t4([3, 1, 2, 1, 2, 0, 0, 1, 0, 0, 0, 1])


def _t3_values(report):
    return {k: [c.value for c in report.tables["三"].row_cells(k)] for k in T3_KEYS}


@pytest.mark.parametrize("shape", ["pipe", "tab", "spaced", "lines"])
def test_shapes_read_back_exactly(shape):
    text = report_text(T3, T4, shape=shape)
    r = extract_report(text, "x.txt")
    assert _t3_values(r) == T3
    assert [c.value for c in r.tables["四"].cells] == T4
    assert check_text(text) == []


@pytest.mark.parametrize("shape", ["pipe", "tab", "spaced", "lines", "glued"])
def test_2019_format_shapes_read_back_exactly(shape):
    """A 2020 report in the 2019 format (one （六）其他处理 row; 表二's 2019 columns), in each layout."""
    from schemas.formats import FormatVersion

    v = FormatVersion.v2019
    t3 = consistent_t3({"granted": [71, 3, 0, 0, 0, 0], "withheld_process": [2, 0, 0, 0, 1, 0],
                        "unavailable_not_held": [30, 4, 0, 0, 2, 1], "other_handling": [6, 0, 0, 1, 0, 0]},
                       carried_over=[3, 0, 0, 0, 0, 0], carried_forward=[4, 1, 0, 0, 0, 0], version=v)
    text = report_text(t3, T4, shape=shape, year=2020, version=v)
    r = extract_report(text, "x.txt")
    assert r.version is v and r.tables["三"].version is v
    assert {k: [c.value for c in r.tables["三"].row_cells(k)] for k in t3} == t3
    assert [c.value for c in r.tables["四"].cells] == T4
    assert check_text(text) == []


def test_glued_digits_are_split_by_the_tables_own_arithmetic():
    text = report_text(T3, T4, shape="glued")
    assert "7130000074" not in text and "713000074" in text  # the row 71,3,0,0,0,0,74 glued
    r = extract_report(text, "x.txt")
    assert _t3_values(r) == T3
    assert [c.value for c in r.tables["四"].cells] == T4
    assert any("拆分" in n for n in r.tables["三"].notes)


def test_table4_seventeen_digits():
    t4 = consistent_t4([1, 0, 0, 1, 0, 0, 0, 0, 10, 0, 0, 2])
    glued = "".join(map(str, t4))
    assert len(glued) == 17
    r = extract_report(report_text(T3, t4, shape="glued"), "x.txt")
    assert [c.value for c in r.tables["四"].cells] == t4


def test_ambiguous_glued_digits_become_unreadable_with_candidates():
    t4 = consistent_t4([11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    # "1100011" + "00000" + "00000": 11,0,0,0,11 or 1,10,0,0,11 or ... several splits fit
    text = report_text(T3, t4, shape="glued")
    r = extract_report(text, "x.txt")
    review = r.tables["四"].row_cells("review")
    assert any(c.status is CellStatus.unreadable and c.candidates for c in review)
    assert all(c.value != 0 or c.status is CellStatus.number for c in review)
    f = [x for x in check_text(text) if x.rule_id == "CELL-UNREADABLE"]
    assert f and "可能的取值" in f[0].message_zh


def test_spaced_row_with_an_invisible_blank_never_guesses():
    rows = {k: list(v) for k, v in T3.items()}
    text = report_text(rows, T4, shape="spaced")
    # print the 社会公益组织 cell of 予以公开 as nothing at all, as PDF text does with a blank cell
    line = "（一）予以公开 71 3 0 0 0 0 74"
    assert line in text
    text = text.replace(line, "（一）予以公开 71 3 0 0 0 74")
    r = extract_report(text, "x.txt")
    granted = r.tables["三"].row_cells("granted")
    assert [granted[0].value, granted[1].value, granted[6].value] == [71, 3, 74]
    middle = granted[2:6]
    assert all(c.status is CellStatus.unreadable for c in middle)  # 0 or blank: the text cannot say which
    assert all(c.value is None for c in middle)


def test_html_table_with_rowspan_and_colspan():
    html = ("<html><body><div class='nav'>首页 | 政务公开</div><div id='content'>"
            "<p>某某局2024年政府信息公开工作年度报告</p><p>一、总体情况</p><p>主动公开、依申请公开。</p>"
            "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>" + table3_html(T3) +
            "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p>"
            "</div><footer>版权所有</footer></body></html>")
    doc = read_bytes(html.encode("utf-8"), "report.html")
    assert "版权所有" not in doc.text
    r = extract_report(doc.text, doc.source)
    assert _t3_values(r) == T3


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_encodings_are_detected(encoding, tmp_path):
    name = "000" if encoding == "gbk" else "001"  # 灋 is in GB18030, not in GBK
    src = seed(name).read_text(encoding="utf-8")
    path = tmp_path / "r.txt"
    path.write_bytes(src.encode(encoding))
    doc = read_path(path)
    assert doc.text == src.lstrip("\ufeff")
    assert ids(check_text(doc.text)) == ids(check_text(src))


def test_markdown_pipe_table_with_rule_line():
    text = report_text(T3, T4, shape="pipe")
    md = text.replace("申请人情况 | 自然人", "|---|---|---|---|---|---|---|---|\n申请人情况 | 自然人")
    assert _t3_values(extract_report(md, "x.md")) == T3


def test_thousands_separators_and_full_width_digits():
    rows = {k: list(v) for k, v in T3.items()}
    text = report_text(rows, T4, shape="pipe").replace("| 74 |", "| ７４ |")
    assert _t3_values(extract_report(text, "x.txt"))["granted"][6] == 74
    big = consistent_t3({"granted": [1200, 0, 0, 0, 0, 0]}, [0] * 6, [0] * 6)
    text = report_text(big, T4, shape="pipe").replace("1200", "1,200")
    assert _t3_values(extract_report(text, "x.txt"))["granted"] == [1200, 0, 0, 0, 0, 0, 1200]


def test_markdown_headings_bold_cells_and_emphasis():
    text = report_text(T3, T4, shape="pipe")
    for n in "一二三四五六":
        text = text.replace(f"\n{n}、", f"\n## {n}、")
    text = text.replace("（一）予以公开 | 71 | 3 |", "**（一）予以公开** | **71** | 3 |")
    r = extract_report(text, "x.md")
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    assert _t3_values(r) == T3


def test_numbers_printed_before_their_labels():
    lines = []
    from schemas.formats import TABLE3, FormatVersion

    for row in TABLE3[FormatVersion.v2021].rows:
        lines.append(" ".join(map(str, T3[row.key])))
        lines.append(row.full_label_zh)
    text = report_text(T3, T4, shape="spaced")
    start = text.index("一、本年新收")
    end = text.index("四、政府信息公开行政复议")
    text = text[:start] + "\n".join(lines) + "\n" + text[end:]
    assert _t3_values(extract_report(text, "x.txt")) == T3


def test_whole_table_on_one_line_and_comma_separated_figures():
    text = report_text(T3, T4, shape="spaced")
    s, e = text.index("（本列数据"), text.index("四、政府信息公开行政复议")
    one_line = text[:s] + text[s:e].replace("\n", " ") + "\n" + text[e:]
    assert _t3_values(extract_report(one_line, "x.txt")) == T3
    body = []
    for line in text[s:e].split("\n"):
        parts = line.split(" ")
        if len(parts) > 7 and all(p.isdigit() for p in parts[-7:]):
            line = " ".join(parts[:-7]) + "：" + "，".join(parts[-7:])
        body.append(line)
    comma = text[:s] + "\n".join(body) + text[e:]
    assert "数量：" in comma
    assert _t3_values(extract_report(comma, "x.txt")) == T3
    big = consistent_t3({"granted": [1200, 0, 0, 0, 0, 0]}, [0] * 6, [0] * 6)
    assert _t3_values(extract_report(report_text(big, T4, shape="pipe").replace("1200", "1,200"), "x"))["granted"][0] == 1200


def test_a_pipe_row_of_its_label_and_empty_cells_is_blank_and_a_header_line_is_no_row():
    """"| 3.危及… | | | … |": the row is printed, its cells blank (not missing); a header line that names
    columns, 总计 among them, with empty cells after it is not the （七）总计 row."""
    text = seed("000").read_text(encoding="utf-8")
    row = "3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||"
    assert row in text
    text = text.replace(row, "3.危及“三安全一稳定” |  |  |  |  |  |  |  | ||")
    text = text.replace("商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||",
                        "商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 | |||||")
    t3 = extract_report(text, "blank-row.txt").tables["三"]
    assert [c.status for c in t3.row_cells("withheld_three_safety")] == [CellStatus.blank] * 7
    assert [c.value for c in t3.row_cells("total_handled")] == [0] * 7


def test_a_header_line_numbering_its_columns_gives_no_figure():
    """A converter's header row "| 类别 | 数据1 | 数据2 | … | 数据4 |" (shuyang-2025's Markdown, here cut
    off after it): a label glued to a figure ("数量713") is a row's first cell; a later cell of a grid
    line so printed is a heading's words, never a figure of 本年新收 (it was read as its 4)."""
    from conftest import CORPUS

    from agents.extract.lines import tokenize

    line = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 |"
    assert [it.kind for it in tokenize(line, 0, len(line), 1).lines[0].items] == ["text"] * 5
    text = (CORPUS / "shuyang-2025.txt").read_text(encoding="utf-8")
    start = text.index("### 一、本年新收政府信息公开申请数量")
    cut = text[:text.index("| 数据4 |", start) + len("| 数据4 |")]
    assert not any(c.is_number for c in extract_report(cut, "shuyang-2025.txt").tables["三"].cells)
    row = "| 本年新收申请数量713 | 0 | 0 |"  # a label glued to its first figure stays split
    assert [it.kind for it in tokenize(row, 0, len(row), 1).lines[0].items] == ["text", "number", "number", "number"]


_NEW_003 = "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t"


@pytest.mark.parametrize("printed,cells", [
    ("\t\t1\t0\t0\t0\n\t0\t0\t1\t", [1, 0, 0, 0, 0, 0, 1]),  # a line break ends a cell: the tab after it closes it
    ("\t\t1\t0\t0\t0\t0\n\t0\t1\t", [1, 0, 0, 0, 0, 0, 1]),
    ("\t\t1\t0\t0\t0\t\n0\t0\t1\t", [1, 0, 0, 0, 0, 0, 1]),  # the break opens a cell
])
def test_a_tab_row_a_line_break_in_a_cell_parts_reads_whole(printed, cells):
    """A Word table's cell of two paragraphs copied as text breaks its row's line ("…\\t0\\n\\t0\\t1"): the
    tab after the break closes that cell, no blank cell of its own. It was read as one, the row's
    figures moved one cell right, its 总计 1 was lost and 0 read in its place (a false T3-ROW-TOTAL)."""
    original = seed("003").read_text(encoding="utf-8")
    assert _NEW_003 in original
    text = original.replace(_NEW_003, "一、本年新收政府信息公开申请数量" + printed)
    row = extract_report(text, "003.txt").tables["三"].row_cells("new_received")
    assert [c.value if c.is_number else c.status.value for c in row] == [v if v is not None else "blank" for v in cells]
    assert failing(check_text(text, "003.txt")) == failing(check_text(original, "003.txt"))


def test_a_grid_row_with_an_empty_cell_too_many_loses_no_figure():
    """"…\\t1\\t0\\t0\\t0\\t\\t0\\t0\\t1": eight cells for seven columns, one of them empty (a merged cell a
    converter printed as two). The first seven were taken: the 总计 1 was lost and the empty cell read
    as 法律服务机构's blank, and check blamed the report for a row and a column that do not add up.
    The empty cell that is no column is the one the row's arithmetic drops."""
    original = seed("003").read_text(encoding="utf-8")
    text = original.replace(_NEW_003, "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t\t0\t0\t1\t")
    assert [c.value for c in extract_report(text, "003.txt").tables["三"].row_cells("new_received")] == [1, 0, 0, 0, 0, 0, 1]
    assert failing(check_text(text, "003.txt")) == failing(check_text(original, "003.txt"))



@pytest.mark.parametrize("name,printed,joined", [
    ("000", "行政处罚 | 1 | ||\n行政强制 | — | ||", "行政处罚 | 1 | ||行政强制 | — | ||"),
    ("huaian-2024.pdf.txt", "行政处罚 3985758\n行政强制 88283", "行政处罚 3985758 行政强制 88283"),
    ("huaian-2024.pdf.txt", "行政处罚 3985758\n行政强制 88283", "行政处罚 3985758行政强制 88283"),
])
def test_two_rows_of_table2_run_onto_one_line_keep_their_own_figures(name, printed, joined):
    """A line break lost between two rows of 表二 ("行政处罚 3985758 行政强制 88283"): the first row's
    lone figure, between two labels, was taken into the label text, and the second row's figure read
    as the first's (行政处罚 88283). Each row keeps its own figure."""
    path = seed(name)
    original = path.read_text(encoding="utf-8")
    assert printed in original
    t2 = extract_report(original.replace(printed, joined), path.name).tables["二"]
    want = {k: [c.value if c.is_number else c.status.value for c in t2.row_cells(k)] for k in ("punishment", "enforcement")}
    assert want == {k: [c.value if c.is_number else c.status.value for c in extract_report(original, path.name).tables["二"].row_cells(k)]
                    for k in ("punishment", "enforcement")}


@pytest.mark.parametrize("name,printed,broken,row", [
    ("003", _NEW_003, "一、本年新收政府信息公开申请数量\t\t1\t0\n\t\n0\t0\t0\t0\t1\t", "new_received"),  # a line of a tab between
    ("003", _NEW_003, "一、本年新收政府信息公开申请数量\t\t1\n\t0\t0\t0\t0\t0\t\n1\t", "new_received"),  # 8 tabs, then the 9th
    ("003", _NEW_003.replace("\t0\t0\t0\t0\t0\t1\t", "\t0\t\t0\t0\t0\t1\t"),
     "一、本年新收政府信息公开申请数量\t\t1\t0\t\t0\n\t0\t0\t1\t", "new_received"),  # a blank cell before the break
    ("001", "\t\t5.属于三类内部事务信息\t1\t0\t0\t0\t0", "\t\t5.属于三类内部事务信息\n\t1\t0\t0\t0\t0", "withheld_internal"),
    ("001", "\t\t5.属于三类内部事务信息\t1\t0\t0\t0\t0", "\t\t5.属于三类内部事\n务信息\n\t1\t0\t0\t0\t0", "withheld_internal"),
])
def test_a_tab_row_broken_over_lines_is_one_row_again(name, printed, broken, row):
    """Line breaks inside cells part a tab row over two or three lines (a Word table's cells of two
    paragraphs): lines that each print fewer tabs than the table's rows and come to a row's count
    together are one row. Read apart, the tab after a break was a blank cell, the figures after it
    moved one cell right (1 in 商业企业), and check blamed the report for a column that did not add up."""
    path = seed(name)
    original = path.read_text(encoding="utf-8")
    text = original.replace(_NEW_003, printed) if name == "003" else original  # 003's row, with a blank cell
    assert printed in text
    want = [(c.status, c.value) for c in extract_report(text, path.name).tables["三"].row_cells(row)]
    broken_text = text.replace(printed, broken)
    assert broken_text != text
    assert [(c.status, c.value) for c in extract_report(broken_text, path.name).tables["三"].row_cells(row)] == want
    assert failing(check_text(broken_text, path.name)) == failing(check_text(text, path.name))


def test_a_cell_a_line_text_with_two_lines_run_together_reads_both_cells():
    """002 prints a cell a line ("行政许可 |", "0 |", "188 |"): with a line break lost, "行政许可 | 0 |" holds
    two cells. Only the text before the first pipe was read, the 0 lost, and 188 taken for 上一年项目数量."""
    path = seed("002")
    original = path.read_text(encoding="utf-8")
    assert "行政许可 |\n0 |\n188 |" in original
    text = original.replace("行政许可 |\n0 |\n188 |", "行政许可 | 0 |\n188 |")
    def cells(t):
        return [(c.status, c.value) for c in extract_report(t, path.name).tables["二"].row_cells("licensing")]
    assert cells(text) == cells(original)


def test_an_item_marker_a_row_runs_on_to_at_its_end_is_the_next_labels_not_a_cell():
    """"…\\t0\\t0 \\t\\t4." and then "保护第三方合法权益\\t0…": a row's line took in the next row's item marker
    (a line break lost and another put after the marker). The "4." was read as an unreadable seventh
    cell: in 001, whose 表三 has no 总计 column, that one row looked seven cells wide, the table was read
    with a 总计 column, and every row printing an empty cell after its label moved right (6 in 商业企业)."""
    path = seed("001")
    original = path.read_text(encoding="utf-8")
    printed = "\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\n\t\t4.保护第三方合法权益"
    assert printed in original
    text = original.replace(printed, "\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0 \t\t4.\n保护第三方合法权益")
    before, after = extract_report(original, path.name), extract_report(text, path.name)
    assert [(c.status, c.value) for c in after.tables["三"].row_cells("new_received")] == \
        [(c.status, c.value) for c in before.tables["三"].row_cells("new_received")]
    assert not changed_numbers(cell_readings(before), cell_readings(after))


@pytest.mark.parametrize("printed,cells", [
    ("5\t\t0\t0\t0\t0\t5", [5, None, 0, 0, 0, 0, 5]),
    ("\t2\t0\t0\t\t1\t3", [None, 2, 0, 0, None, 1, 3]),
])
def test_a_cell_a_line_text_with_a_row_of_tab_parted_cells_keeps_its_blank_cells(printed, cells):
    """002 prints a cell a line ("0 |"); a row printed instead on its label's line with tabs between its
    cells (a converter's table row among cell lines): an empty cell between two tabs is a blank cell.
    It was read as whitespace, the blank dropped and the figures after it moved one column left (a
    pandoc table taken to tabs: 12 wrong numbers)."""
    path = seed("002")
    original = path.read_text(encoding="utf-8")
    row = "(一)予以公开 |\n" + "0 |\n" * 6 + "0 | |\n"
    assert row in original
    t3 = extract_report(original.replace(row, "(一)予以公开\t" + printed + "\n"), path.name).tables["三"]
    assert [(c.status, c.value) for c in t3.row_cells("granted")] == \
        [(CellStatus.blank, None) if v is None else (CellStatus.number, v) for v in cells]
