"""Year, statistical period and format version must agree with each other."""

from __future__ import annotations

from agents.checks.catalogue import Context, finding, implements
from schemas.findings import Finding, Location
from schemas.formats import TABLE_SECTION, FormatVersion, distinct_rows


@implements("META-YEAR", "META-YEAR-MISMATCH", "META-PERIOD")
def year_and_period(ctx: Context) -> list[Finding]:
    meta = ctx.report.meta
    out: list[Finding] = []
    if meta.year is None:
        out.append(finding("META-YEAR", "无法从标题、统计期限或正文确定报告年度。"))
        return out
    if meta.period_end and meta.year_source == "title":
        period_year = int(meta.period_end[:4])
        if period_year != meta.year:
            out.append(finding("META-YEAR-MISMATCH", f"标题为{meta.year}年度报告，统计期限却是"
                               f"{meta.period_start}至{meta.period_end}。",
                               locations=[Location(quote=ctx.text[meta.period_quote.start:meta.period_quote.end]
                                                   if meta.period_quote else None, span=meta.period_quote)]))
    if meta.period_start and meta.period_end:
        y = meta.period_end[:4]
        if meta.period_start != f"{y}-01-01" or meta.period_end != f"{y}-12-31":
            out.append(finding("META-PERIOD", f"统计期限为{meta.period_start}至{meta.period_end}，不是完整的自然年度。",
                               locations=[Location(span=meta.period_quote)]))
    return out


@implements("FMT-VERSION", "FMT-UNKNOWN")
def format_version(ctx: Context) -> list[Finding]:
    meta = ctx.report.meta
    if meta.format_version is None:
        guessed = ctx.report.version.value
        return [finding("FMT-UNKNOWN", f"表格文字不足以判断格式版本，按报告年度推定为{guessed}年格式。")]
    if meta.year is None:
        return []
    expected = FormatVersion.v2021 if meta.year >= 2021 else FormatVersion.v2019
    if meta.format_version is expected:
        return []
    evidence = "、".join(meta.format_evidence[:4])
    return [finding("FMT-VERSION", f"{meta.year}年度报告应使用{expected.value}年格式，但表格使用的是"
                    f"{meta.format_version.value}年格式（依据：{evidence}）。",
                    locations=[Location(section=2, quote=meta.format_evidence[0] if meta.format_evidence else None)])]


@implements("FMT-TABLE-ROWS")
def table_rows_version(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    version = ctx.report.version
    for t in ctx.report.tables.values():
        if not t.found or t.version is version:
            continue
        printed = "、".join(r.full_label_zh for r in distinct_rows(t.table_id, t.version))
        wanted = "、".join(r.full_label_zh for r in distinct_rows(t.table_id, version))
        out.append(finding("FMT-TABLE-ROWS", f"表{t.table_id}按{t.version.value}年格式的行印出（{printed}），"
                           f"报告其余部分为{version.value}年格式，应为：{wanted}。表{t.table_id}按其印出的行读取和核对。",
                           locations=[Location(section=TABLE_SECTION[t.table_id], table=t.table_id)]))
    return out
