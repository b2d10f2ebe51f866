"""The verdict as Markdown (for pasting into documents and for digest.md)."""

from __future__ import annotations

from agents.render.common import (
    engines_label,
    findings_by_severity,
    format_label,
    headline,
    md_safe,
    printable_table,
    source_label,
    year_label,
)
from schemas.issues import TAXONOMY, ItemKind
from schemas.verdict import Verdict

KIND_ZH = {ItemKind.problem: "存在问题", ItemKind.measure: "改进措施", ItemKind.last_year: "上年度问题整改"}


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(_md(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return out


def verdict_markdown(v: Verdict, *, tables: bool = True) -> str:
    m = v.report.meta
    lines = [f"# xxgk 检查结果：{m.agency or '（机关未识别）'} {m.year or ''}年度", "",
             f"- 来源：{source_label(v)}",
             *([f"- 读取：{'；'.join(v.document.notes)}"] if v.document.notes else []),
             f"- 年度：{year_label(v)}", f"- 格式：{format_label(v)}", f"- 引擎：{engines_label(v)}", f"- 结论：**{headline(v)}**", ""]
    for heading, _, items in findings_by_severity(v):
        if not items:
            continue
        lines += [f"## {heading}（{len(items)}）", ""]
        for f in items:
            lines.append(f"- **{f.rule_id}** {f.message_zh}")
            for loc in f.locations[:3]:
                t = loc.text_zh()
                if t:
                    lines.append(f"  - 位置：{t}")
        lines.append("")
    if tables:
        for tid in ("二", "三", "四"):
            t = v.report.tables.get(tid)
            if t is None or not t.found:
                continue
            lines += [f"## 表{tid} {t.spec.title_zh}", "", *md_table(*printable_table(t)), ""]
    if v.summary is not None:
        lines += [f"## 第五部分摘要（{'规则' if v.summary.engine == 'rules' else v.summary.engine}）", ""]
        for it in v.summary.items:
            cats = "、".join(TAXONOMY[c].label_zh for c in it.categories)
            lines.append(f"- {KIND_ZH[it.kind]}【{cats}】“{it.quote}”")
        if v.summary.unmatched_problems:
            lines.append("- 未见对应改进措施的问题类别：" + "、".join(TAXONOMY[c].label_zh for c in v.summary.unmatched_problems))
        lines.append("")
    return md_safe("\n".join(lines))
