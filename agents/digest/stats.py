"""Aggregates over the digest's rows: verdict counts, rankings, rule and category frequencies."""

from __future__ import annotations

from collections import Counter

from schemas.digest import DigestStats, ReportRow, TokenUsage, Totals

FIGURES_ZH = {"new_received": "本年新收申请", "carried_over": "上年结转", "granted": "予以公开", "partly_granted": "部分公开",
              "withheld": "不予公开", "unavailable": "无法提供", "rejected": "不予处理", "other": "其他处理",
              "total_handled": "办理结果总计", "carried_forward": "结转下年度", "review_total": "行政复议",
              "litigation_total": "行政诉讼", "proactive_items": "主动公开信息（条）"}
OUTCOMES = ["granted", "partly_granted", "withheld", "unavailable", "rejected", "other"]


def ranking(rows: list[ReportRow]) -> list[ReportRow]:
    """Most serious first: errors, then warnings; unreadable reports at the top (they need a person)."""
    return sorted(rows, key=lambda r: (r.status == "ok", -r.errors, -r.unread, -r.warnings, r.agency or r.file))


def _totals(rows: list[ReportRow]) -> Totals:
    """Each key figure summed over the reports that print it, and how many reports that is."""
    totals: Totals = {}
    for key in FIGURES_ZH:
        nums = [v for v in (r.figures.get(key) for r in rows) if isinstance(v, int | float)]
        totals[key] = sum(nums)
        totals[f"{key}__reports"] = len(nums)
    return totals


def stats(rows: list[ReportRow]) -> DigestStats:
    ok = [r for r in rows if r.status == "ok"]
    rule_reports: Counter[str] = Counter()
    for r in ok:
        for rid in {f.rule_id for f in r.findings if not f.undecided}:  # an undecided one is no finding of the report
            rule_reports[rid] += 1
    years = sorted({r.year for r in ok if r.year})
    return DigestStats(
        reports=len(rows), readable=len(ok), unreadable=len(rows) - len(ok),
        verdicts=dict(Counter(r.verdict_zh for r in rows)),
        undetermined=sum(1 for r in ok if r.verdict_zh == "无法判断"),
        by_year=dict(sorted(Counter(str(r.year) for r in ok).items())),
        by_level=dict(Counter(r.level or "未识别" for r in ok)),
        rules=dict(rule_reports.most_common()),
        problems=dict(Counter(c for r in ok for c in r.problems).most_common()),
        measures=dict(Counter(c for r in ok for c in r.measures).most_common()),
        unmatched=dict(Counter(c for r in ok for c in r.unmatched).most_common()),
        totals=_totals(ok),
        totals_by_year={str(y): _totals([r for r in ok if r.year == y]) for y in years},  # never add up different years
        llm=TokenUsage(calls=sum(r.llm.calls for r in ok), prompt_tokens=sum(r.llm.prompt_tokens for r in ok),
                       completion_tokens=sum(r.llm.completion_tokens for r in ok)),
    )
