"""审核意见 as a Word document: a letter a supervising office can send back to the agency."""

from __future__ import annotations

import io

from agents.render.common import headline, location_text, plain
from schemas.findings import SEVERITY_ZH, Finding, Severity
from schemas.verdict import Conclusion, Verdict

ASK = {Conclusion.fail: "请对照以下问题逐项核实、修改后重新报送。",
       Conclusion.undetermined: "报告部分内容未能读取（见下），请核对这些部分，必要时报送可复制文字的版本。",
       Conclusion.ok: "未发现错误；以下警告和提示请在今后的报告中注意。"}


def letter_docx(v: Verdict) -> bytes:
    """Agency, year, conclusion, every finding (errors first) with where to fix it and its basis, and
    lines for the reviewer's name and date."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(11)
    m = v.report.meta
    d.add_heading(plain(f"关于{m.agency or '（机关未识别）'}{m.year or ''}年度政府信息公开工作年度报告的审核意见"), level=1)
    d.add_paragraph(plain(f"{m.agency or '报告机关'}："))
    d.add_paragraph(plain(f"经检查，你单位报送的《{m.title or v.source}》结论为：{headline(v)}。{ASK[v.conclusion]}"))
    shown = v.findings
    for sev in Severity:
        items = [f for f in shown if f.severity is sev]
        if not items:
            continue
        d.add_heading(f"{SEVERITY_ZH[sev]}（{len(items)}）", level=2)
        for i, f in enumerate(items, 1):
            d.add_paragraph(plain(f"{i}. {f.message_zh}"))
            where = "；".join(t for t in (location_text(loc) for loc in f.locations[:3]) if t)
            if where:
                d.add_paragraph(plain(f"    位置：{where}"))
            d.add_paragraph(plain(f"    依据：{_basis(f)}"))
    if not shown:
        d.add_paragraph("未发现需要说明的问题。")
    d.add_paragraph("")
    d.add_paragraph("审核人：________________        审核日期：______年____月____日")
    d.add_paragraph("（本意见由 xxgk 根据报告文本生成，经审核人核对后发出。）")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _basis(f: Finding) -> str:
    from agents.checks import RULES_BY_ID

    info = RULES_BY_ID.get(f.rule_id)
    return f"{f.rule_id} {info.title_zh}（{info.basis}）" if info else f.rule_id
