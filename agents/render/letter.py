"""审核意见 as a Word document: a letter a supervising office can send back to the agency."""

from __future__ import annotations

import io

from agents.render.common import headline, plain
from agents.review import DISMISSED
from schemas.digest import ReportRow
from schemas.findings import NOT_CONCLUDED_ZH, SEVERITY_ZH, Severity
from schemas.verdict import Conclusion, Verdict

ASK = {Conclusion.fail: "请对照以下问题逐项核实、修改后重新报送。",
       Conclusion.undetermined: "报告部分内容未能读取（见下），请核对这些部分，必要时报送可复制文字的版本。",
       Conclusion.ok: "未发现错误；以下警告和提示请在今后的报告中注意。"}


ASK_ZH = {c.value: text for c, text in ASK.items()}


def letter_docx(v: Verdict) -> bytes:
    """Agency, year, conclusion, every finding (errors first) with where to fix it and its basis, and
    lines for the reviewer's name and date."""
    m = v.report.meta
    items = [(NOT_CONCLUDED_ZH if f.undecided else SEVERITY_ZH[f.severity], f.message_zh,
              "；".join(t for t in (loc.text_zh() for loc in f.locations[:3]) if t), _basis(f.rule_id)) for f in v.findings]
    return _letter(m.agency, m.year, m.title or v.source, headline(v), ASK[v.conclusion], items)


def letter_from_row(row: ReportRow) -> bytes:
    """The same letter for one report of a digest, without the findings the reviewer dismissed."""
    kept = [f for f in row.findings if f.decision != DISMISSED]
    items = [(f.severity_zh, f.message_zh + (f"（审核意见：{f.review_note}）" if f.review_note else ""), f.where,
              _basis(f.rule_id)) for f in kept]
    counts = f"错误 {row.errors} 个，警告 {row.warnings} 个，提示 {row.infos} 个" + (
        f"；已驳回 {row.dismissed} 条" if row.dismissed else "")
    return _letter(row.agency, row.year, row.file, f"{row.verdict_zh}（{counts}）",
                   ASK_ZH.get(row.verdict_zh, ""), items)


def _letter(agency: str | None, year: int | None, title: str, conclusion: str, ask: str,
            items: list[tuple[str, str, str, str]]) -> bytes:
    """``items``: (group heading: 错误, 警告, 提示 or 未作结论; message; where; basis)."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(11)
    d.add_heading(plain(f"关于{agency or '（机关未识别）'}{year or ''}年度政府信息公开工作年度报告的审核意见"), level=1)
    d.add_paragraph(plain(f"{agency or '报告机关'}："))
    d.add_paragraph(plain(f"经检查，你单位报送的《{title}》结论为：{conclusion}。{ask}"))
    for heading in [*(SEVERITY_ZH[s] for s in Severity), NOT_CONCLUDED_ZH]:
        mine = [it for it in items if it[0] == heading]
        if not mine:
            continue
        d.add_heading(f"{heading}（{len(mine)}）", level=2)
        for i, (_, message, where, basis) in enumerate(mine, 1):
            d.add_paragraph(plain(f"{i}. {message}"))
            if where:
                d.add_paragraph(plain(f"    位置：{where}"))
            d.add_paragraph(plain(f"    依据：{basis}"))
    if not items:
        d.add_paragraph("未发现需要说明的问题。")
    d.add_paragraph("")
    d.add_paragraph("审核人：________________        审核日期：______年____月____日")
    d.add_paragraph("（本意见由 xxgk 根据报告文本生成，经审核人核对后发出。）")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _basis(rule_id: str) -> str:
    from agents.checks import RULES_BY_ID

    info = RULES_BY_ID.get(rule_id)
    return f"{rule_id} {info.title_zh}（{info.basis}）" if info else rule_id
