"""Year, statistical period, format version and the agency's name must agree with each other."""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz.distance import Levenshtein

from agents.checks.catalogue import Context, finding, implements
from agents.extract.meta import agency_names
from agents.extract.norm import squash
from schemas.findings import Finding, Location
from schemas.formats import TABLE_SECTION, FormatVersion, distinct_rows

_SOURCE_ZH = {"title": "标题", "period": "统计期限", "filename": "文件名", "text": "正文", "mapping": "对照表"}
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})年(?!度?报告)")
BODY_YEAR_MIN = 3  # mentions of a year in 总体情况 before it can be said to be the year the body reports on


def _body_year(ctx: Context) -> list[Finding]:
    """The year 一、总体情况 reports on must be the report's year (a period naming the year before the
    one the body describes passes every other check)."""
    meta, sec = ctx.report.meta, ctx.report.section(1)
    if meta.year is None or sec is None:
        return []
    counts = Counter(int(y) for y in _YEAR_IN_TEXT.findall(squash(sec.text)))
    if not counts:
        return []
    body, n = counts.most_common(1)[0]
    if body == meta.year or n < BODY_YEAR_MIN or n < 2 * counts.get(meta.year, 0):
        return []
    source = _SOURCE_ZH.get(meta.year_source or "", "其他线索")
    return [finding("META-BODY-YEAR", f"报告年度为{meta.year}年（据{source}），但“一、总体情况”主要叙述{body}年"
                    f"（出现{n}次，{meta.year}年出现{counts.get(meta.year, 0)}次），请核对年度或统计期限。",
                    locations=[Location(section=1, span=sec.body)], data={"year": meta.year, "body_year": body})]


@implements("META-YEAR", "META-YEAR-MISMATCH", "META-PERIOD", "META-PERIOD-MISSING", "META-BODY-YEAR")
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
    if not meta.period_start:
        out.append(finding("META-PERIOD-MISSING", f"报告没有写明数据的统计期限（如“本报告所列数据的统计期限自{meta.year}年1月1日起"
                           f"至{meta.year}年12月31日止”），年度按{_SOURCE_ZH.get(meta.year_source or '', '其他线索')}确定为{meta.year}年。"))
    out += _body_year(ctx)
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


_LEVEL = re.compile(r"(省|市|自治区|区|县|自治州|州|盟|旗)")


def _variant_of(a: str, b: str) -> bool:
    """Two spellings of one agency's name (a typo, an OCR slip, a dropped word), not two agencies:
    same level and kind of office, a few characters apart, neither an abbreviation of the other."""
    if a == b or a in b or b in a:
        return False
    la, lb = _LEVEL.findall(a), _LEVEL.findall(b)
    if not la or not lb or la[-1] != lb[-1]:
        return False
    kind_a, kind_b = a.rsplit(la[-1], 1)[-1], b.rsplit(lb[-1], 1)[-1]
    return kind_a == kind_b and Levenshtein.distance(a, b) <= 3


@implements("META-AGENCY-NAME")
def agency_name(ctx: Context) -> list[Finding]:
    meta = ctx.report.meta
    if not meta.agency or meta.agency_source != "title":
        return []
    names = agency_names(ctx.text)
    others = [(n, k) for n, k in names.most_common() if _variant_of(meta.agency, n)]
    if not others:
        return []
    listed = "、".join(f"“{n}”（{k}处）" for n, k in others[:3])
    return [finding("META-AGENCY-NAME", f"标题中的机关名称为“{meta.agency}”，正文或落款中写作{listed}，请核对机关名称。",
                    locations=[Location(quote=others[0][0])], data={"title": meta.agency, "others": [n for n, _ in others]})]
