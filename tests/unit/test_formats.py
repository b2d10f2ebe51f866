"""Reports as agencies publish them: PDF (ruled tables, page breaks, merged headers) and Word."""

from __future__ import annotations

import io

import pytest
from conftest import CORPUS, TEMPLATE
from fixtures.documents import filled_template, report_pdf
from fixtures.synth import T3_KEYS, consistent_t3, consistent_t4

from agents.errors import InputError
from agents.extract.report import extract_report
from agents.ingest import read_bytes
from schemas.cells import CellStatus

T3 = consistent_t3({"granted": [12, 3, 0, 1, 0, 0], "unavailable_not_held": [5, 0, 0, 0, 2, 0],
                    "rejected_repeat": [2, 0, 0, 0, 0, 0], "other_misc": [1, 1, 0, 0, 0, 0]},
                   carried_over=[2, 0, 0, 0, 0, 0], carried_forward=[1, 0, 0, 0, 0, 0])
T4 = consistent_t4([2, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0])


def _values(report, table="三"):
    return {k: [(c.status.value, c.value) for c in report.tables[table].row_cells(k)] for k in T3_KEYS}


def _reads_back(doc, rows) -> None:
    """Every cell of 表三 as drawn ('' a blank cell) and 表四 whole."""
    r = extract_report(doc.text, doc.source)
    got = _values(r)
    for key in T3_KEYS:
        expected = [("blank", None) if v == "" else ("number", v) for v in rows[key]]
        assert got[key] == expected, key
    assert [c.value for c in r.tables["四"].cells] == T4


def test_pdf_with_ruled_tables_page_break_and_blank_cell():
    rows = {k: list(v) for k, v in T3.items()}
    rows["withheld_internal"][3] = ""  # a blank cell: the text layer cannot show it, the ruling can
    doc = read_bytes(report_pdf(rows, T4, break_after=14), "drawn.pdf")
    assert doc.kind == "pdf" and "带框线的表格" in doc.notes[0]
    _reads_back(doc, rows)
    assert "- 1 -" not in doc.text  # page footers are dropped at reading


def test_pdf_figures_spread_over_their_cells_read_whole():
    """A ruled table whose figures are spread over their cells (wide character spacing, "分散对齐"):
    pdfplumber's text of a cell is "1 2" for 12. Each was read as several figures, the row as more
    figures than it has cells, and every such row was unread."""
    rows = {k: list(v) for k, v in T3.items()}
    rows["withheld_internal"][3] = ""
    data = report_pdf(rows, T4, break_after=14, spread=4.0)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:  # what the ruled table's cells hold: the figures spread
        assert "1 2" in [c for row in pdf.pages[0].find_tables()[0].extract() for c in row]
    _reads_back(read_bytes(data, "spread.pdf"), rows)


def test_a_cell_merged_across_columns_keeps_its_figures_apart():
    """Only a cell of one column of the ruled grid is one figure: a cell merged across two columns (a
    ruling missing between two figure cells) may print both ("1 2"), and is left as printed."""
    from agents.ingest.pdf import _grid_lines

    assert _grid_lines([["一、本年新收", "5 5 3", "1 2", None, "0"]]) == ["一、本年新收\t553\t1 2\t0"]
    assert _grid_lines([["予以公开", "0 1", "1 0 . 5", "5 5 3 a"]]) == ["予以公开\t0 1\t10.5\t5 5 3 a"]


def test_unruled_pdf_tables_read_by_word_position_keep_blank_cells():
    rows = {k: list(v) for k, v in T3.items()}
    rows["withheld_internal"][3] = ""  # without ruling lines only the column positions show this blank
    rows["granted"][0] = ""
    doc = read_bytes(report_pdf(rows, T4, break_after=14, ruled=False), "unruled.pdf")
    assert doc.kind == "pdf" and "按文字位置读取" in " ".join(doc.notes)
    _reads_back(doc, rows)
    assert "- 1 -" not in doc.text  # page numbers are not the report's text here either


def test_filled_official_template_reads_back_cell_for_cell():
    template = TEMPLATE
    rows = {k: list(v) for k, v in T3.items()}
    rows["partly_granted"][6] = ""
    t4 = list(T4)
    t4[0:5] = ["", "", "", "", ""]
    doc = read_bytes(filled_template(template, rows, t4), "filled.docx")
    assert doc.kind == "docx"
    r = extract_report(doc.text, doc.source)
    for key in T3_KEYS:
        expected = [("blank", None) if v == "" else ("number", v) for v in rows[key]]
        assert _values(r)[key] == expected, key
    four = [(c.status.value, c.value) for c in r.tables["四"].cells]
    assert four == [("blank", None) if v == "" else ("number", v) for v in t4]
    assert r.meta.format_version is not None and r.meta.format_version.value == "2021"
    assert all(c.status is CellStatus.number for c in r.tables["二"].cells)


def test_scanned_and_encrypted_pdf_get_clear_errors():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 200, 200, fill=1)  # a "scan": drawing only, no text layer
    c.save()
    with pytest.raises(InputError, match="没有文字层"):
        read_bytes(buf.getvalue(), "scan.pdf")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(100, 100, "hello")
    c.save()
    with pytest.raises(InputError, match="加密"):
        read_bytes(buf.getvalue(), "locked.pdf")
    with pytest.raises(InputError, match="PDF"):
        read_bytes(b"%PDF-1.4\n garbage", "broken.pdf")


def test_saved_portal_page_keeps_only_the_report():
    from fixtures.synth import report_text

    body = report_text(T3, T4, shape="tab", agency="某市某某局", year=2024).split("\n", 1)[1]
    paragraphs = []
    for block in body.split("\n"):
        if "\t" in block:
            paragraphs.append("<tr>" + "".join(f"<td>{c}</td>" for c in block.split("\t")) + "</tr>")
        else:
            paragraphs.append(f"<p>{block}</p>")
    html_body, rows = [], []
    for p in paragraphs:  # consecutive <tr> become one <table>
        if p.startswith("<tr>"):
            rows.append(p)
            continue
        if rows:
            html_body.append("<table border='1'>" + "".join(rows) + "</table>")
            rows = []
        html_body.append(p)
    html = f"""<html><head><title>某市某某局2024年政府信息公开工作年度报告_某市人民政府门户网站</title>
    <script>var x = "一、总体情况";</script></head><body>
    <div class="header"><ul><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></div>
    <div class="crumb">当前位置：首页 > 政府信息公开 > 年度报告</div>
    <div class="main"><div class="left"><ul><li>机构概况</li><li>政策文件</li><li>年度报告</li></ul></div>
    <div class="article"><h1>某市某某局2024年政府信息公开工作年度报告</h1>
    <div class="info">发布时间：2025-01-20 来源：某市某某局 字号：大 中 小</div>
    <div class="content">{''.join(html_body)}</div>
    <div class="attach">附件下载：<a href="a.pdf">附件：年度报告.pdf</a></div></div></div>
    <div class="footer">主办单位：某市人民政府办公室 网站标识码 备案号：X ICP备12345号</div></body></html>"""
    doc = read_bytes(html.encode("utf-8"), "page.html")
    for noise in ("首页", "当前位置", "机构概况", "备案号", "附件下载", "var x"):
        assert noise not in doc.text, noise
    r = extract_report(doc.text, doc.source)
    assert (r.meta.agency, r.meta.year) == ("某市某某局", 2024)
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    assert {k: [c.value for c in r.tables["三"].row_cells(k)] for k in T3_KEYS} == T3


def test_a_table4_value_row_of_blank_cells_reads_blank_in_word_html_and_markdown():
    """表四 left blank (an agency with no cases that did not write 0): its one value row has no label and
    no figure; it is read as fifteen blank cells (CELL-BLANK), not as a table without figures (READ-TABLE)."""
    from helpers import check_text

    doc = read_bytes(TEMPLATE.read_bytes(), "template.docx")  # the official template: every cell empty
    assert [c.status for c in extract_report(doc.text, doc.source).tables["四"].cells] == [CellStatus.blank] * 15
    html = (CORPUS / "shanghai-bgt-2019.html").read_text(encoding="utf-8")
    row = html.index("<tr><td><p>5</p></td>")
    html = html[:row] + "<tr>" + "<td>&nbsp;</td>" * 15 + html[html.index("</tr>", row):]
    html = html.replace("信息公开类行政复议7件，诉讼9件，均获维持，", "")
    doc = read_bytes(html.encode("utf-8"), "blank-four.html")
    cells = extract_report(doc.text, doc.source).tables["四"].cells
    assert [c.status for c in cells] == [CellStatus.blank] * 15
    rules = {f.rule_id for f in check_text(doc.text, "blank-four.txt")}
    assert "CELL-BLANK" in rules and not {"READ-TABLE", "TBL-MISSING"} & rules
    md = doc.text.replace("\t" * 14, "| " * 16)  # the same row as a Markdown table's
    assert [c.status for c in extract_report(md, "blank-four.md").tables["四"].cells] == [CellStatus.blank] * 15
    doc = read_bytes(report_pdf({k: list(v) for k, v in T3.items()}, [""] * 15), "blank-four.pdf")  # a ruled PDF's
    assert [c.status for c in extract_report(doc.text, doc.source).tables["四"].cells] == [CellStatus.blank] * 15
