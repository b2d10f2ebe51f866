"""Year, statistical period, format version and the agency's name must agree with each other."""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz.distance import Levenshtein

from agents.checks.catalogue import Context, finding, implements
from agents.extract.meta import agency_names, period_mentioned
from agents.extract.norm import squash
from schemas.findings import Finding, FindingStatus, Location
from schemas.formats import TABLE_SECTION, distinct_rows, format_for_year
from schemas.report import STATED_YEAR_SOURCES

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
    return [finding("META-BODY-YEAR", {"year": meta.year, "body_year": body, "year_source": meta.year_source,
                                       "body_mentions": n, "year_mentions": counts.get(meta.year, 0)},
                    locations=[Location(section=1, span=sec.body)])]


def _given_year(ctx: Context) -> list[Finding]:
    """A year the user gave (a digest's mapping, ``--year``) that is not the one the report states."""
    meta = ctx.report.meta
    if meta.year_read is None or meta.year_read == meta.year or meta.year_read_source not in STATED_YEAR_SOURCES:
        return []
    quote = meta.period_quote if meta.year_read_source == "period" else None
    return [finding("META-YEAR-GIVEN", {"year": meta.year, "year_source": meta.year_source, "year_read": meta.year_read,
                                        "year_read_source": meta.year_read_source},
                    locations=[Location(quote=ctx.text[quote.start:quote.end] if quote else meta.title, span=quote)])]


@implements("META-YEAR", "META-YEAR-MISMATCH", "META-YEAR-GIVEN", "META-PERIOD", "META-PERIOD-MISSING", "META-BODY-YEAR")
def year_and_period(ctx: Context) -> list[Finding]:
    meta = ctx.report.meta
    out: list[Finding] = []
    if meta.year is None:
        out.append(finding("META-YEAR"))
        return out
    out += _given_year(ctx)
    title_year = meta.year if meta.year_source == "title" else meta.year_read if meta.year_read_source == "title" else None
    if meta.period_end and title_year is not None:
        period_year = int(meta.period_end[:4])
        if period_year != title_year:
            out.append(finding("META-YEAR-MISMATCH", {"year": title_year, "period_start": meta.period_start,
                                                      "period_end": meta.period_end},
                               locations=[Location(quote=ctx.text[meta.period_quote.start:meta.period_quote.end]
                                                   if meta.period_quote else None, span=meta.period_quote)]))
    if not meta.period_start and (said := period_mentioned(ctx.text)) is not None:
        out.append(finding("META-PERIOD-MISSING", {"year": meta.year, "year_source": meta.year_source},
                           key="META-PERIOD-MISSING/unread", status=FindingStatus.not_assessable,
                           locations=[Location(quote=ctx.text[said.start:said.end].strip()[:80], span=said)]))
    elif not meta.period_start:
        out.append(finding("META-PERIOD-MISSING", {"year": meta.year, "year_source": meta.year_source}))
    out += _body_year(ctx)
    if meta.period_start and meta.period_end:
        y = meta.period_end[:4]
        if meta.period_start != f"{y}-01-01" or meta.period_end != f"{y}-12-31":
            out.append(finding("META-PERIOD", {"period_start": meta.period_start, "period_end": meta.period_end},
                               locations=[Location(span=meta.period_quote)]))
    return out


@implements("FMT-VERSION", "FMT-UNKNOWN")
def format_version(ctx: Context) -> list[Finding]:
    meta = ctx.report.meta
    if meta.format_version is None:
        return [finding("FMT-UNKNOWN", {"assumed": ctx.report.version.value})]
    if meta.year is None:
        return []
    expected = format_for_year(meta.year)
    if meta.format_version is expected:
        return []
    stated = meta.year_source in STATED_YEAR_SOURCES  # else a guess from the text or the file name: no proof
    return [finding("FMT-VERSION", {"year": meta.year, "expected": expected.value, "found": meta.format_version.value,
                                    "evidence": meta.format_evidence[:4], "year_source": meta.year_source},
                    key=None if stated else "FMT-VERSION/inferred", variant=None if stated else "year_inferred",
                    locations=[Location(section=2, quote=meta.format_evidence[0] if meta.format_evidence else None)])]


@implements("FMT-TABLE-ROWS")
def table_rows_version(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    version = ctx.report.version
    for t in ctx.report.tables.values():
        if not t.found or t.version is version:
            continue
        out.append(finding("FMT-TABLE-ROWS", {"table": t.table_id, "table_version": t.version.value,
                                              "version": version.value,
                                              "printed_rows": [r.full_label_zh for r in distinct_rows(t.table_id, t.version)],
                                              "format_rows": [r.full_label_zh for r in distinct_rows(t.table_id, version)]},
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
    return [finding("META-AGENCY-NAME", {"title": meta.agency, "others": [n for n, _ in others],
                                         "listed": [{"name": n, "count": k} for n, k in others[:3]]},
                    locations=[Location(quote=others[0][0])])]
