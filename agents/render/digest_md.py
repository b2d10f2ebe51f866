"""digest.md: the same content as the workbook, for other tools and for pasting."""

from __future__ import annotations

from agents.digest.cross import changed_cells, consecutive_years, year_table
from agents.digest.stats import FIGURES_ZH, OUTCOMES, ranking
from agents.render.common import md_safe
from agents.render.digest_tables import unreadable
from agents.render.markdown import md_table
from schemas.digest import Digest
from schemas.findings import SEVERITY_ZH


def digest_markdown(d: Digest) -> str:
    s = d.stats
    lines = [f"# 政府信息公开工作年度报告汇总（{len(d.reports)} 份）", "",
             f"- 生成时间：{d.generated_at.replace('T', ' ')}；xxgk {d.tool_version}；来源：{d.source}",
             f"- 可读取 {s.readable} 份，无法读取或未检查 {s.unreadable} 份；结论："
             + "，".join(f"{k} {v} 份" for k, v in s.verdicts.items()), ""]
    lines += ["## 按问题数量排序", ""]
    lines += md_table(["机关", "年度", "结论", "错误", "警告", "文件"],
                      [[r.agency or "（未识别）", str(r.year or ""), r.verdict_zh, str(r.errors), str(r.warnings), r.file]
                       for r in ranking(d.reports)])
    by_year = s.totals_by_year
    lines += ["", "## 依申请公开办理结果合计（按年度，不跨年度相加；括号内为有数据的报告数）", ""]
    keys = ["new_received", *OUTCOMES, "total_handled", "review_total", "litigation_total"]
    lines += md_table(["项目", *[f"{y}年" for y in by_year]],
                      [[FIGURES_ZH[k], *[f"{t.get(k, 0)}（{t.get(f'{k}__reports', 0)}份）" for t in by_year.values()]]
                       for k in keys])
    lines += ["", "## 第五部分问题类别出现次数", ""]
    lines += md_table(["问题类别", "报告数"], [[k, str(v)] for k, v in s.problems.items()])
    lines += ["", "## 跨报告检查", ""]
    if not d.cross:
        lines.append("未发现跨报告问题。")
    for c in d.cross:
        lines.append(f"- **{c.rule_id}**（{SEVERITY_ZH[c.severity]}）{c.message_zh}")
        for p in c.passages[:3]:
            lines.append(f"  - 雷同原文：“{p}”")
    pairs = consecutive_years(d.reports)
    if pairs:
        lines += ["", "## 年度对比（同一机关相邻年度的主要数字；结转衔接和第五部分照搬见跨报告检查）", ""]
        for prev, cur in pairs:
            lines += [f"### {cur.agency}：{prev.year}年（{prev.file}）→ {cur.year}年（{cur.file}）", ""]
            lines += md_table(["项目", f"{prev.year}年", f"{cur.year}年", "变化"], [list(r) for r in year_table(prev, cur)])
            changed, same = changed_cells(prev, cur)
            if not (prev.cells and cur.cells):
                lines += ["", "逐格对比不可用：缓存中的结果没有逐格数据，请用 --no-cache 重新汇总。", ""]
                continue
            lines += ["", f"变化的单元格 {len(changed)} 个（相同 {same} 个）：", ""]
            if changed:
                lines += md_table(["表", "行", "列", f"{prev.year}年", f"{cur.year}年"], [list(c) for c in changed])
            lines.append("")
    lines += ["", "## 逐份报告的问题", ""]
    for r in ranking(d.reports):
        if r.status != "ok" or not r.findings:
            continue
        lines.append(f"### {r.agency or r.file} {r.year or ''}（{r.verdict_zh}）")
        for f in r.findings:
            mark = ("【新】" if f.new else "") + (f"【{f.decision}】" if f.decision else "")
            lines.append(f"- {mark}{f.rule_id}（{f.severity_zh}）{f.message_zh}" + (f" 位置：{f.where}" if f.where else "")
                         + (f" 审核意见：{f.review_note}" if f.review_note else ""))
        lines.append("")
    bad = unreadable(d)
    if bad:
        lines += ["## 无法读取或未检查的报告", ""]
        lines += [f"- {r.file}：{r.reason}" for r in bad]
    return md_safe("\n".join(lines) + "\n")
