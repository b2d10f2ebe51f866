"""Year against year for one agency: every table cell that changed, carry-over continuity, and the
sentences of section 五 copied from last year's report (``xxgk compare LAST THIS``)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from agents.digest.cross import changed_cells, jaccard, passages, shingles, year_pair
from agents.digest.records import row_from_verdict
from schemas.digest import CrossFinding
from schemas.verdict import Verdict


class CellChange(BaseModel):
    table: str
    row: str  # official labels
    column: str
    last: str  # as printed ("12", "—", "（空白）")
    this: str


class Comparison(BaseModel):
    last: str  # file names
    this: str
    last_year: int | None = None
    this_year: int | None = None
    agency: str | None = None
    changed: list[CellChange] = Field(default_factory=list)
    unchanged: int = 0
    cross: list[CrossFinding] = Field(default_factory=list)  # carry-over, documents in force, 五 repeated
    years_checked: bool = False  # only consecutive years are checked for carry-over
    five_similarity: float = 0.0
    five_copied: list[str] = Field(default_factory=list)  # sentences of this year's 五 found word for word last year


def compare(last: Verdict, this: Verdict) -> Comparison:
    out = Comparison(last=last.source, this=this.source, last_year=last.report.meta.year,
                     this_year=this.report.meta.year, agency=this.report.meta.agency or last.report.meta.agency)
    prev, cur = row_from_verdict(last, last.source, 0.0), row_from_verdict(this, this.source, 0.0)
    changed, out.unchanged = changed_cells(prev, cur)  # the digest's 年度对比 uses the same comparison
    out.changed = [CellChange(table=t.removeprefix("表"), row=r, column=c, last=a, this=b) for t, r, c, a, b in changed]
    if out.last_year is not None and out.this_year == out.last_year + 1:  # carry-over holds between consecutive years
        out.cross = year_pair(prev, cur)
        out.years_checked = True
    five_last, five_this = last.report.section(5), this.report.section(5)
    if five_last is not None and five_this is not None:
        out.five_similarity = round(jaccard(shingles(five_last.text), shingles(five_this.text)), 3)
        out.five_copied = passages(five_this.text, five_last.text, limit=50)
    return out


def comparison_markdown(c: Comparison) -> str:
    lines = [f"# 年度对比：{c.agency or '（机关未识别）'} {c.last_year or '?'} → {c.this_year or '?'}", "",
             f"- 上年报告：{c.last}", f"- 本年报告：{c.this}", ""]
    lines += ["## 跨年度核对", ""]
    if not c.years_checked:
        lines.append(f"- 两份报告不是相邻年度（{c.last_year or '?'}、{c.this_year or '?'}），未核对结转衔接和现行有效件数。")
    else:
        lines += [f"- {x.rule_id}：{x.message_zh}" for x in c.cross] or ["- 结转衔接、现行有效件数：未发现不一致。"]
    lines += ["", f"## 表格中变化的单元格（{len(c.changed)} 个变化，{c.unchanged} 个相同）", ""]
    if c.changed:
        lines += ["| 表 | 行 | 列 | 上年 | 本年 |", "|---|---|---|---|---|"]
        lines += [f"| 表{x.table} | {x.row} | {x.column} | {x.last} | {x.this} |" for x in c.changed]
    lines += ["", f"## 第五部分（与上年相似度 {c.five_similarity:.0%}；逐字相同的句子 {len(c.five_copied)} 句）", ""]
    lines += [f"- “{s}”" for s in c.five_copied]
    return "\n".join(lines) + "\n"
