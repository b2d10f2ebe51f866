"""A saved web page whose 表二 (2019 format) draws value cells spanning two grid columns: every figure
stays in its own column (no lost last figure, no false blank cell, no false missing row)."""

from __future__ import annotations

from agents.extract.report import extract_report
from agents.ingest import read_bytes
from agents.verdict import check_file

ROWS = [("第二十条第（一）项", None), ("信息内容|本年新制作数量|本年新公开数量|对外公开总数量", None),
        ("规章", [1, 2, 3]), ("规范性文件", [4, 5, 6]),
        ("第二十条第（五）项", None), ("信息内容|上一年项目数量|本年增/减|处理决定数量", None),
        ("行政许可", [7, 8, 9]), ("其他对外管理服务事项", [10, 11, 12]),
        ("第二十条第（六）项", None), ("信息内容|上一年项目数量|本年增/减|处理决定数量", None),
        ("行政处罚", [13, 14, 15]), ("行政强制", [16, 17, 18]),
        ("第二十条第（八）项", None), ("信息内容|上一年项目数量|本年增/减", None), ("行政事业性收费", [19, 20]),
        ("第二十条第（九）项", None), ("信息内容|采购项目数量|采购总金额", None), ("政府集中采购", [21, 22])]


def _table2() -> str:
    out = ['<table border="1">']
    for label, values in ROWS:
        if values is None and "|" not in label:
            out.append(f'<tr><td colspan="7">{label}</td></tr>')
        elif values is None:
            head, *cols = label.split("|")
            out.append(f"<tr><td>{head}</td>" + "".join(f'<td colspan="{6 // len(cols)}">{c}</td>' for c in cols) + "</tr>")
        else:
            out.append(f"<tr><td>{label}</td>" + "".join(f'<td colspan="{6 // len(values)}">{v}</td>' for v in values)
                       + "</tr>")
    return "".join(out) + "</table>"


def _page() -> str:
    return ("<html><head><title>某县某局2019年政府信息公开工作年度报告</title></head><body><div>"
            "<h1>某县某局2019年政府信息公开工作年度报告</h1>"
            "<p>本报告数据统计期限为2019年1月1日至2019年12月31日。</p><p>一、总体情况</p><p>主动公开、依申请公开。</p>"
            "<p>二、主动公开政府信息情况</p>" + _table2() +
            "<p>三、收到和处理政府信息公开申请情况</p><p>本年度未收到政府信息公开申请。</p>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p><p>五、存在的主要问题及改进情况</p>"
            "<p>存在问题：公开不够及时。下一步将加强培训。</p><p>六、其他需要报告的事项</p><p>无。</p></div></body></html>")


def test_colspan_values_keep_their_columns():
    doc = read_bytes(_page().encode("utf-8"), "x.html")
    t2 = extract_report(doc.text, doc.source).tables["二"]
    got = {r.key: [c.value for c in t2.row_cells(r.key)] for r in t2.spec.rows}
    assert got == {"regulations": [1, 2, 3], "normative_documents": [4, 5, 6], "licensing": [7, 8, 9],
                   "other_services": [10, 11, 12], "punishment": [13, 14, 15], "enforcement": [16, 17, 18],
                   "fees": [19, 20], "procurement": [21, 22]}


def test_colspan_gives_no_false_blank_or_missing_row(tmp_path):
    p = tmp_path / "report.html"
    p.write_text(_page(), encoding="utf-8")
    v = check_file(p)
    about_t2 = [f for f in v.findings if any(loc.table == "二" for loc in f.locations)]
    assert not about_t2, [f.message_zh for f in about_t2]
    assert all(loc.span is None or loc.span.line is None for f in v.findings for loc in f.locations)
