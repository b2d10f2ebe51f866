"""Rules over the sections: presence, order, titles, sub-items of 一, content of 五 and 六."""

from __future__ import annotations

import re

from agents.checks.catalogue import Context, finding, implements
from agents.checks.table_rules import table_words
from agents.extract.norm import FOOTER, MD_RULE, blank_out, content_end, label_key, squash
from agents.extract.sections import title_text
from agents.summary.lexicon import classify_lost_section5, classify_section5
from schemas.cells import CellStatus
from schemas.findings import Finding, Location
from schemas.formats import SECTIONS, TABLE_SECTION, SectionSpec
from schemas.issues import ItemKind
from schemas.report import Section

_LAST_YEAR = re.compile(r"(?:上年度|上一年度|上年|去年|前一年度|(?P<y>(?:19|20)\d{2})年度?)[^。；]{0,40}?"
                        r"(?:问题|不足|短板)[^。；]{0,40}?(?:整改|改进|解决|落实|完成)"
                        r"|(?:上年度|上一年度|上年|去年)[^。；]{0,20}?整改|整改(?:落实)?情况")
_FEE = re.compile(r"处理费|(?:收取|收缴|收)[^。；，,]{0,10}?费用")


@implements("SEC-REQUIRED", "READ-SECTION", "SEC-ORDER", "SEC-TITLE", "SEC-NUMBERING", "SEC-DUPLICATE")
def sections(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    present = {s.number for s in ctx.report.sections}
    cands = ctx.report.other_headings
    for spec in SECTIONS:
        if spec.number in present:
            continue
        elsewhere = [c for c in cands if c.number == spec.number]
        if elsewhere:
            out.append(finding("SEC-ORDER", {"section": spec.number},
                               locations=[Location(section=spec.number, quote=ctx.quote_line(elsewhere[0].span.start))]))
        elif (why := _section_evidence(ctx, spec)) is not None:
            out.append(finding("READ-SECTION", {"section": spec.number, **why}, key=f"READ-SECTION/{next(iter(why))}",
                               locations=[Location(section=spec.number)]))
        else:
            out.append(finding("SEC-REQUIRED", {"section": spec.number},
                               locations=[Location(section=spec.number)]))
    for s in ctx.report.sections:
        printed = title_text(s.title)
        spec = SECTIONS[s.number - 1]
        if s.found_by == "subheading":
            out.append(finding("SEC-NUMBERING", {"section": s.number, "printed": s.title}, key="SEC-NUMBERING/subheading",
                               locations=[Location(section=s.number, quote=s.title, span=s.heading)]))
            continue
        if s.numbered_as is not None:
            out.append(finding("SEC-NUMBERING", {"section": s.number, "numbered_as": s.numbered_as, "printed": s.title},
                               key="SEC-NUMBERING/renumbered",
                               locations=[Location(section=s.number, quote=s.title, span=s.heading)]))
        if printed not in [label_key(v) for v in spec.variants[:1]]:
            out.append(finding("SEC-TITLE", {"section": s.number, "printed": s.title},
                               locations=[Location(section=s.number, quote=s.title, span=s.heading)]))
    for t in ctx.report.tables.values():
        if t.duplicated_at is not None:
            out.append(finding("SEC-DUPLICATE", {"table": t.table_id, "line": t.duplicated_at}, key="SEC-DUPLICATE/table",
                               locations=[Location(table=t.table_id, quote=ctx.quote_line(
                                   _line_offset(ctx.text, t.duplicated_at)))]))
    last = max((s.heading.end for s in ctx.report.sections), default=0)
    again = [c for c in cands if c.number == 1 and c.span.start > last and c.score >= 0.9]
    if again and ctx.report.sections:
        out.append(finding("SEC-DUPLICATE", key="SEC-DUPLICATE/report",
                           locations=[Location(section=1, quote=ctx.quote_line(again[0].span.start))]))
    return out


def _section_evidence(ctx: Context, spec: SectionSpec) -> dict[str, object] | None:
    """Why a section whose heading was not found is probably there all the same: its table was read
    ({"table": id}), its table's row and column labels are in the text though it was not read ({"rows":
    id, "words": [...]}), its title's words stand elsewhere ({"words": title}), or what it reports runs on
    in the section before it ({"content": quote}: 五's problems and measures, 六's statement on the
    information-processing fee); None if none of these."""
    table = next((t for tid, t in ctx.report.tables.items() if TABLE_SECTION[tid] == spec.number), None)
    if table is not None and table.found:
        return {"table": table.table_id}
    if table is not None and (seen := table_words(ctx, table)):  # its rows are there, unread (a page lost)
        return {"rows": table.table_id, "words": seen[:4]}
    flat = ctx.flat
    hit = next((v for v in spec.variants if label_key(v) in flat), None)
    if hit:
        return {"words": hit}
    quote = _content_before(ctx, spec.number)
    return {"content": quote} if quote else None


def _content_before(ctx: Context, number: int) -> str | None:
    """What section ``number`` (五 or 六) reports, found in the body of the section before it."""
    before = ctx.report.section_before(number)
    if before is None:
        return None
    if number == 6:
        prose = _prose(ctx, before)  # a table row's label ("逾期未按收费通知要求缴纳费用") is no statement
        said = fee_statement(squash(prose))
        return (_sentence_with(prose, "处理费") or said) if said else None
    if number == 5:  # the workflow summarised it already when 五's heading was lost (summarise_issues)
        summary = ctx.summary if ctx.summary is not None else classify_lost_section5(ctx.report, ctx.text)
        if summary is not None and summary.categories(ItemKind.problem) and summary.categories(ItemKind.measure):
            return next(i.quote for i in summary.items if i.kind is ItemKind.problem)[:60]
    return None


def _prose(ctx: Context, sec: Section) -> str:
    """The section's text with the regions of the tables in it blanked out (a row label is not prose)."""
    tables = [t.span for t in ctx.report.tables.values() if t.found and t.span is not None
              and t.span.start < sec.body.end and t.span.end > sec.body.start]
    if not tables:
        return sec.text
    return blank_out(ctx.text, [(t.start, t.end) for t in tables])[sec.body.start:sec.body.end]


def _sentence_with(text: str, word: str) -> str | None:
    at = text.find(word)
    if at < 0:
        return None
    a = max(text.rfind(p, 0, at) for p in "。；\n") + 1
    return " ".join(text[a:at + 30].split())[:60]


def _line_offset(text: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            break
        pos = nxt + 1
    return pos


@implements("SEC-GENERAL-SUBITEMS")
def general_subitems(ctx: Context) -> list[Finding]:
    if ctx.report.section(1) is None:
        return []
    missing = [s for s in ctx.report.general_subitems if not s.present]
    if not missing:
        return []
    sec = ctx.report.section(1)
    return [finding("SEC-GENERAL-SUBITEMS", {"missing": [s.label_zh for s in missing]},
                    locations=[Location(section=1, span=sec.body if sec else None)])]


@implements("SEC-FIVE-CONTENT", "SEC-FIVE-LASTYEAR")
def section_five(ctx: Context) -> list[Finding]:
    sec = ctx.report.section(5)
    if sec is None:
        return []
    out: list[Finding] = []
    text = squash(sec.text)
    summary = ctx.summary if ctx.summary is not None else classify_section5(sec, ctx.text)
    has_problem = bool(summary.categories(ItemKind.problem))
    has_measure = bool(summary.categories(ItemKind.measure))
    if not (has_problem and has_measure):
        lacking = "both" if not (has_problem or has_measure) else ("problems" if not has_problem else "measures")
        out.append(finding("SEC-FIVE-CONTENT", {"lacking": lacking},
                           locations=[Location(section=5, quote=sec.text[:60] or None, span=sec.body)]))
    if not _mentions_last_year(text, ctx.report.meta.year):  # a rule of the formats the catalogue names
        out.append(finding("SEC-FIVE-LASTYEAR", locations=[Location(section=5, span=sec.body)]))
    return out


def _mentions_last_year(text: str, year: int | None) -> bool:
    for m in _LAST_YEAR.finditer(text):
        y = m.group("y")
        if y is None or year is None or int(y) == year - 1:
            return True
    return False


def fee_statement(text: str) -> str | None:
    for m in _FEE.finditer(text):
        window = text[max(0, m.start() - 12):m.end()]
        if "行政事业性" not in window:
            return m.group()
    return None


@implements("SEC-SIX-FEE", "SEC-SIX-FEE-T3")
def section_six_fee(ctx: Context) -> list[Finding]:
    rep = ctx.report  # run only for the formats the catalogue names (run_rules)
    sec = rep.section(6)
    # without its heading, 六 runs on in the section before it: its statement is looked for there
    where = sec or ctx.report.section_before(6)
    if fee_statement(squash(_prose(ctx, where)) if where else ""):
        return []
    t3 = rep.tables.get("三")
    unpaid = None
    if t3 is not None and t3.found:
        cells = [c for c in t3.row_cells("other_unpaid_fee") if c.is_number]
        unpaid = max((c.value or 0 for c in cells), default=None)
    loc = [Location(section=6, span=sec.body if sec else None)]
    if unpaid:
        return [finding("SEC-SIX-FEE-T3", {"unpaid": unpaid}, locations=loc)]
    if sec is None:
        return []
    return [finding("SEC-SIX-FEE", locations=loc)]


@implements("READ-TRUNCATED")
def cut_off(ctx: Context) -> list[Finding]:
    """A file that stops before the report does: it ends inside a character (``ctx.truncated``: a
    download or a copy that stopped part-way), inside a table whose last row is not there, or with the
    sections after the one it ends in all missing where it ends in mid-text (in a sentence, a heading or a
    table: no complete report ends so) or where three or more are missing (a report is not printed
    without its last three sections and table 四: a copy that stopped at a sentence's end). What would
    have followed is not in the file; the findings that something is missing after that point are then
    not concluded (see ``run_rules``)."""
    end = content_end(ctx.text)
    table = next((t for t in ctx.report.tables.values() if t.found and t.span is not None and t.span.end >= end
                  and all(c.status is CellStatus.missing for c in t.row_cells(t.spec.rows[-1].key))), None)
    at = ctx.report.section_at(end)
    section = TABLE_SECTION[table.table_id] if table is not None else at.number if at is not None else None
    start = ctx.text.rfind("\n", 0, end) + 1
    data: dict[str, object] = {"section": section, "quote": " ".join(ctx.text[max(start, end - 60):end].split())}
    if table is not None:
        data.update(table=table.table_id, row=table.spec.rows[-1].full_label_zh)
        key = "table"
    elif ctx.truncated:
        key = "bytes" if section else "bytes-nosection"
    else:
        present = {s.number for s in ctx.report.sections}
        after = [spec.number for spec in SECTIONS if spec.number > (section or 0) and spec.number not in present]
        last = _last_content_line(ctx.text) if after else None
        if last is None:
            return []
        if not _finished(ctx.text[last[0]:last[1]]):
            key = "mid-text"
        elif len(after) >= 3:
            key = "sections"
        else:
            return []
        key += "" if section else "-nosection"
        data.update(quote=" ".join(ctx.text[max(last[0], last[1] - 60):last[1]].split()), missing=after)
    return [finding("READ-TRUNCATED", data, key="READ-TRUNCATED/" + key,
                    locations=[Location(section=section, table=table.table_id if table else None,
                                        quote=str(data["quote"]) or None)])]


# how a complete report's text ends: a sentence, a date, a signature (the agency's name), past page
# footers and a web page's trailing links
_SENTENCE_END = tuple("。！？!?；;…」』”’")  # not "）": a heading cut after its number ("（五）") ends so
_DATE_END = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$")
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()]{2,24}(?:政府|办公室|办公厅|局|委员会|委|厅|院|中心|署|部|所|会|处|站|队|馆)$")
_CHROME = re.compile(r"附件|下载|打印|关闭|分享|返回|顶部|收藏|字号|【|】")
_MARKS = " \t\u3000*_#>|`"


def _last_content_line(text: str) -> tuple[int, int] | None:
    """Where the text's last line of content is, past page footers ("- 6 -"), Markdown rules and a web
    page's short trailing links ("附件下载:"); None where there is none."""
    end = content_end(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip(_MARKS)
        if line and not FOOTER.match(line) and not MD_RULE.match(text[start:end]) \
                and not (len(line) <= 12 and _CHROME.search(line)):
            return start, end
        end = start
        while end and text[end - 1].isspace():
            end -= 1
    return None


def _finished(line: str) -> bool:
    """Whether a report's last line of content ends as a report does (a sentence, a date, a signature),
    not in the middle of a sentence, a heading or a table."""
    line = line.strip(_MARKS)
    return line.endswith(_SENTENCE_END) or bool(_DATE_END.search(line)) or bool(_SIGNATURE.match(line))


@implements("READ-PAGES-MISSING")
def pages_missing(ctx: Context) -> list[Finding]:
    """Printed page numbers a PDF skips ("- 4 -" then "- 6 -"): a page lost, said, never taken as empty."""
    if not ctx.missing_pages:
        return []
    return [finding("READ-PAGES-MISSING", {"pages": list(ctx.missing_pages)})]


@implements("READ-PAGES")
def pages_not_read(ctx: Context) -> list[Finding]:
    """A PDF page that is only a picture, read without the OCR extra: said, never taken as empty."""
    if not ctx.unread_pages:
        return []
    return [finding("READ-PAGES", {"pages": list(ctx.unread_pages)})]
