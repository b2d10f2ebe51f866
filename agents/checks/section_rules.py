"""Rules over the sections: presence, order, titles, sub-items of 一, content of 五 and 六."""

from __future__ import annotations

import re

from agents.checks.catalogue import Context, finding, implements
from agents.extract.norm import label_key, squash
from agents.extract.sections import title_text
from agents.summary.lexicon import classify_section5
from schemas.findings import Finding, Location
from schemas.formats import SECTIONS, TABLE_SECTION, FormatVersion, SectionSpec
from schemas.issues import ItemKind

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
            out.append(finding("SEC-ORDER", f"“{spec.numeral}、{spec.title_zh}”出现在不符合格式顺序的位置。",
                               locations=[Location(section=spec.number, quote=ctx.quote_line(elsewhere[0].span.start))]))
        elif (why := _section_evidence(ctx, spec)) is not None:
            out.append(finding("READ-SECTION", f"未能确定第{spec.numeral}部分“{spec.title_zh}”的位置（{why}），"
                               "与这一部分有关的检查未进行，请人工核对。", locations=[Location(section=spec.number)]))
        else:
            out.append(finding("SEC-REQUIRED", f"缺少第{spec.numeral}部分“{spec.numeral}、{spec.title_zh}”。",
                               locations=[Location(section=spec.number)]))
    for s in ctx.report.sections:
        printed = title_text(s.title)
        spec = SECTIONS[s.number - 1]
        if s.found_by == "subheading":
            out.append(finding("SEC-NUMBERING", f"第{spec.numeral}部分没有“{s.canonical_title}”标题，"
                               f"从小标题“{s.title}”开始。", locations=[Location(section=s.number, quote=s.title,
                                                                               span=s.heading)]))
            continue
        if s.numbered_as is not None:
            out.append(finding("SEC-NUMBERING", f"“{spec.title_zh}”编号为“{SECTIONS[s.numbered_as - 1].numeral}、”，"
                               f"格式规定为第{spec.numeral}部分“{s.canonical_title}”。",
                               locations=[Location(section=s.number, quote=s.title, span=s.heading)]))
        if printed not in [label_key(v) for v in spec.variants[:1]]:
            out.append(finding("SEC-TITLE", f"第{SECTIONS[s.number - 1].numeral}部分标题为“{s.title}”，"
                               f"格式规定为“{s.canonical_title}”。",
                               locations=[Location(section=s.number, quote=s.title, span=s.heading)]))
    for t in ctx.report.tables.values():
        if t.duplicated_at is not None:
            out.append(finding("SEC-DUPLICATE", f"表{t.table_id}在第{t.duplicated_at}行附近再次出现，只读取了第一份；"
                               "请核对是否重复粘贴。", locations=[Location(table=t.table_id, quote=ctx.quote_line(
                                   _line_offset(ctx.text, t.duplicated_at)))]))
    last = max((s.heading.end for s in ctx.report.sections), default=0)
    again = [c for c in cands if c.number == 1 and c.span.start > last and c.score >= 0.9]
    if again and ctx.report.sections:
        out.append(finding("SEC-DUPLICATE", "“一、总体情况”在第六部分之后再次出现，文件可能拼接了两份报告；"
                           "只检查了第一份。", locations=[Location(section=1, quote=ctx.quote_line(again[0].span.start))]))
    return out


def _section_evidence(ctx: Context, spec: SectionSpec) -> str | None:
    """Why a section whose heading was not found is probably there all the same, or None."""
    table = next((t for tid, t in ctx.report.tables.items() if TABLE_SECTION[tid] == spec.number), None)
    if table is not None and table.found:
        return f"表{table.table_id}已读取，但没有找到这一部分的标题"
    flat = ctx.flat
    hit = next((v for v in spec.variants if label_key(v) in flat), None)
    return f"报告中有“{hit}”字样，但不在可识别的标题位置" if hit else None


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
    names = "、".join(s.label_zh for s in missing)
    sec = ctx.report.section(1)
    return [finding("SEC-GENERAL-SUBITEMS", f"“一、总体情况”没有提到：{names}（供参考：通常围绕主动公开、依申请公开、"
                    "政府信息管理、政府信息公开平台建设、监督保障等方面报告）。",
                    locations=[Location(section=1, span=sec.body if sec else None)],
                    data={"missing": [s.label_zh for s in missing]})]


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
        lack = "存在的问题和改进措施" if not (has_problem or has_measure) else (
            "存在的问题" if not has_problem else "改进措施")
        out.append(finding("SEC-FIVE-CONTENT", f"第五部分未写明{lack}。",
                           locations=[Location(section=5, quote=sec.text[:60] or None, span=sec.body)]))
    if ctx.report.version is FormatVersion.v2021 and not _mentions_last_year(text, ctx.report.meta.year):
        out.append(finding("SEC-FIVE-LASTYEAR", "第五部分没有提到上一年度报告所列问题的整改情况（供参考，格式未作要求）。",
                           locations=[Location(section=5, span=sec.body)]))
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
    rep = ctx.report
    if rep.version is not FormatVersion.v2021:
        return []
    sec = rep.section(6)
    text = squash(sec.text) if sec else ""
    if fee_statement(text):
        return []
    t3 = rep.tables.get("三")
    unpaid = None
    if t3 is not None and t3.found:
        cells = [c for c in t3.row_cells("other_unpaid_fee") if c.is_number]
        unpaid = max((c.value or 0 for c in cells), default=None)
    loc = [Location(section=6, span=sec.body if sec else None)]
    if unpaid:
        return [finding("SEC-SIX-FEE-T3", f"表三“申请人逾期未按收费通知要求缴纳费用”有{unpaid}件，"
                        "但第六部分没有说明信息处理费的收取情况。", locations=loc, data={"unpaid": unpaid})]
    if sec is None:
        return []
    return [finding("SEC-SIX-FEE", "第六部分没有说明信息处理费的收取情况（未收取也应写明）。注意：表二的"
                    "“行政事业性收费”不是信息处理费。", locations=loc)]


@implements("READ-PAGES")
def pages_not_read(ctx: Context) -> list[Finding]:
    """A PDF page that is only a picture, read without the OCR extra: said, never taken as empty."""
    if not ctx.unread_pages:
        return []
    which = "、".join(f"第{p}页" for p in ctx.unread_pages)
    return [finding("READ-PAGES", f"{which}只有图片（扫描件）、没有文字层，未读取；其中的内容未检查。"
                    '安装 OCR 扩展（pip install -e ".[ocr]"）后可读取。', data={"pages": list(ctx.unread_pages)})]
