"""Deterministic extraction of a whole report: sections, metadata, sub-items of 一, tables 二 三 四."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from agents.extract.hints import lazy_hints
from agents.extract.meta import read_meta
from agents.extract.norm import label_key, squash
from agents.extract.ocr_cells import Entry, settle
from agents.extract.sections import find_sections
from agents.extract.tables import extract_table
from schemas.cells import CellReason, Span
from schemas.formats import FIRST_YEAR, GENERAL_SUBITEMS, LATEST, TABLE_SECTION, FormatVersion, distinct_rows, table_spec
from schemas.report import STATED_YEAR_SOURCES, AnnualReport, HeadingRef, Section, SubItem
from schemas.tables import TableData, empty_table

START_MARKERS = {
    "二": ["第二十条", "信息内容"],
    "三": ["申请人情况", "本列数据", "勾稽关系", "自然人", "本年新收"],
    "四": ["行政复议"],
}
MARKER_LEAD = 80  # characters a table's first line may hold before its marker ("| （本列数据…", "表三 …")
# 表四's header words are interleaved in PDF text ("结果 结果 …维持"): its lawsuit rows' labels find it too
FALLBACK_MARKERS = {"二": ["第二十条"], "三": ["本年新收"],
                    "四": ["结果维持"] + [r.label_zh for r in table_spec("四", LATEST).rows if r.group_zh]}


@lru_cache(maxsize=1024)
def loose(phrase: str) -> re.Pattern[str]:
    """A pattern for a phrase that may have spaces, line breaks or cell borders between its characters
    (a converter's table splits "行政复|议" over two cells). The phrases are the format pack's: each
    pattern is made once."""
    return re.compile(r"[\s|]*".join(re.escape(ch) for ch in phrase))


def _first(text: str, phrases: list[str], start: int, end: int) -> int | None:
    hits = [m.start() for p in phrases if (m := loose(p).search(text, start, end))]
    return min(hits) if hits else None


def line_index(text: str) -> Callable[[int], int]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)
    return line_of


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def table_regions(text: str, sections: list[Section]) -> dict[str, tuple[int, int]]:
    """Where each table lies: its section's body from the first table marker on."""
    by_num = {s.number: s for s in sections}
    regions: dict[str, tuple[int, int]] = {}
    for table_id, number in TABLE_SECTION.items():
        sec = by_num.get(number)
        if sec is not None:
            start = _first(text, START_MARKERS[table_id], sec.body.start, sec.body.end)
            begin = max(_line_start(text, start), sec.body.start) if start is not None else sec.body.start
            regions[table_id] = (begin, sec.body.end)
    for table_id in TABLE_SECTION:  # a table whose section was not found: by its own marker, in table order
        if table_id in regions:
            continue
        earlier = [t for t in regions if TABLE_SECTION[t] < TABLE_SECTION[table_id]]
        # after the start of the tables before it, not their end: where a section's heading is lost, the
        # section before it runs on over its table ("四、…" gone: 表三's section holds 表四 too)
        lo = max((regions[t][0] + 1 for t in earlier), default=0)
        hit = _first(text, FALLBACK_MARKERS[table_id], lo, len(text))
        if hit is None:
            hit = _rows_without_marker(text, table_id, lo, sections)
        if hit is None:
            continue
        # not before the body of the section it stands in; at its marker's line, unless that line starts
        # well before it (a crawler's text is one line, a layout tool's page text one line a page)
        lo = max([lo] + [s.body.start for s in sections if s.body.start <= hit])
        marker = _first(text, START_MARKERS[table_id], max(lo, hit - 400), hit) or hit
        line = _line_start(text, marker)
        start = line if lo <= line and marker - line <= MARKER_LEAD else marker
        later = [s.heading.start for s in sections if s.heading.start > hit]
        later += [r[0] for t, r in regions.items() if r[0] > hit]
        regions[table_id] = (start, min(later, default=len(text)))
        for t in earlier:  # the table before ends where this one starts
            a, b = regions[t]
            if a < start < b:
                regions[t] = (a, start)
    return regions


ROWS_SEEN = 3  # rows of a table whose labels, close together, show the table where its marker is lost
ROWS_SPAN = 2000  # characters within which they stand


def _rows_without_marker(text: str, table_id: str, lo: int, sections: list[Section]) -> int | None:
    """Where a table starts whose heading and first rows are lost (a PDF page that held them went
    missing): the first of ROWS_SEEN of its rows' labels (anchors of four characters or more) found
    within ROWS_SPAN characters of each other, before the heading of any later section; None if not so."""
    number = TABLE_SECTION[table_id]
    end = min((s.heading.start for s in sections if s.number > number and s.heading.start > lo), default=len(text))
    hits = sorted((m.start(), r.key) for r in table_spec(table_id, LATEST).rows for a in r.anchors if len(a) >= 4
                  if (m := loose(a).search(text, lo, end)))
    for k, (at, _) in enumerate(hits):
        if len({key for pos, key in hits[k:] if pos - at <= ROWS_SPAN}) >= ROWS_SEEN:
            return at
    return None


def general_subitems(section: Section | None) -> list[SubItem]:
    flat = squash(section.text) if section else ""
    items = []
    for key, label, frags in GENERAL_SUBITEMS:
        hit = next((f for f in frags if f in flat), None)
        items.append(SubItem(key=key, label_zh=label, present=hit is not None, quote=hit))
    return items


NOT_A_REPORT_MARKERS = ["本年新收", "第二十条", "行政复议", "政府信息公开", "主动公开"]


def looks_like_report(text: str, sections: list[Section]) -> bool:
    """At least two of the six headings, or the vocabulary of the tables."""
    if len(sections) >= 2:
        return True
    flat = squash(text[:200_000])
    return sum(1 for m in NOT_A_REPORT_MARKERS if m in flat) >= 3


FORMAT_ROWS_SEEN = 3  # rows of a format's 表三/表四 whose labels show that a report printed its tables


def predates_formats(text: str, report: AnnualReport) -> int | None:
    """The report's year, where it is a year before every official format (the first, of 2019, applies
    from the reports of 2019; earlier ones followed the 2008 Regulations, which fixed neither a format
    nor tables) and the text prints no table of any format: a report xxgk has no format to check
    against; None otherwise. Only a year the title or the statistical period states, or the user gives,
    counts (a file name or a year in the text may mislead), and a report that prints a format's tables is checked
    by it, whatever its year."""
    year = report.meta.year
    if year is None or year >= min(FIRST_YEAR.values()) or report.meta.year_source not in STATED_YEAR_SOURCES:
        return None
    flat = squash(text[:200_000])
    printed = {(t, r.key) for t in ("三", "四") for v in FormatVersion for r in table_spec(t, v).rows
               if any(len(a) >= 4 and label_key(a) in flat for a in r.anchors)}
    return year if len(printed) < FORMAT_ROWS_SEEN else None


def segment(text: str, source: str, *, sha256: str | None = None) -> AnnualReport:
    """Sections, metadata and the sub-items of 一; the tables are filled by ``extract_tables``."""
    sections, cands = find_sections(text)
    chosen = {s.heading.start for s in sections}
    line_of = line_index(text)
    others = [HeadingRef(number=c.number, score=c.score, span=Span(start=c.line_start, end=c.line_end,
                                                                     line=line_of(c.line_start)))
              for c in cands if not c.subheading and c.line_start not in chosen]
    general = next((s for s in sections if s.number == 1), None)
    meta = read_meta(text, source, general.text if general else "")
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return AnnualReport(source=source, sha256=digest, text_length=len(text), meta=meta, sections=sections,
                        other_headings=others, general_subitems=general_subitems(general))


def table_version(region: str, table_id: str, version: FormatVersion) -> FormatVersion:
    """The format a table's own rows follow: a 2021 report may print 表三 with the 2019 single
    （六）其他处理 row (or the reverse). Only a table that shows another version's rows and none of
    its own is read by the other version's rows."""
    flat = squash(region)

    def shows(v: FormatVersion) -> bool:
        return any(label_key(a) in flat for r in distinct_rows(table_id, v) for a in r.anchors)

    if shows(version):
        return version
    other = [v for v in FormatVersion if v is not version and shows(v)]
    return other[0] if len(other) == 1 else version


def extract_tables(report: AnnualReport, text: str) -> dict[str, TableData]:
    version = report.version
    line_of = line_index(text)
    regions = table_regions(text, report.sections)
    tables: dict[str, TableData] = {}
    for table_id in ("二", "三", "四"):
        if table_id in regions:
            start, end = regions[table_id]
            hints = lazy_hints(text, list(regions.values()), table_spec("二", version)) \
                if table_id == "二" else None
            own = table_version(text[start:end], table_id, version)
            vanished = table_id == "四" and tables["三"].shape == "inline" and \
                any(c.reason is CellReason.blanks_vanished for c in tables["三"].cells)  # (only a run-together 三's)
            tables[table_id] = extract_table(text, table_id, own, start, end, line_of, hints, vanished)
        else:
            tables[table_id] = empty_table(table_id, version, note="报告中未找到此表")
    return tables


def extract_report(text: str, source: str, *, sha256: str | None = None,
                   uncertain: Sequence[Entry] = ()) -> AnnualReport:
    """``uncertain``: OCR figures read with low confidence or two ways (``Document.uncertain``)."""
    report = segment(text, source, sha256=sha256)
    report.tables = extract_tables(report, text)
    if uncertain:
        settle(report.tables, uncertain)
    return report


def clear_text_caches() -> None:
    """Forget what was learnt about cell texts (the shapes of cells, the figures they print), keeping
    what is fixed by the format pack (normalised labels and titles). A benchmark calls it before each
    timed check, so a report checked again is timed as if it were new."""
    from agents.extract import lines, norm, resolve

    for fn in (lines._piece_shape, lines._figure_like, resolve._figure, norm._half_width_long, norm._squash_long):
        fn.cache_clear()
