"""Report metadata: agency, year, statistical period and which official format the report follows."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

from agents.extract.norm import NormText, half_width, squash, typed_number, year_value
from schemas.cells import Span
from schemas.formats import VERSION_EVIDENCE, FormatVersion
from schemas.report import GIVEN_YEAR_SOURCES, STATED_YEAR_SOURCES, ReportMeta

# a year printed in figures or in Chinese numerals ("二〇二三年", as formal documents date themselves);
# a month or day in figures or numerals ("十二月三十一日"), only as such numbers are written (typed_number reads them)
_Y = r"(?:19|20)\d{2}|[一二][〇零○O一二三四五六七八九]{3}"
_MD = r"\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"


def _day(printed: str) -> int:
    """A month or a day as ``_MD`` matches it: "12", "十二", "三十一"."""
    if printed.isdecimal():
        return int(printed)
    return int(typed_number(printed) or 0)  # never 0: _MD matches only numerals that are numbers


# the title's last words: "…工作年度报告", "…工作的年度报告" (after "关于"), "…年报"; never "…工作情况报告",
# which is the preamble's "现将本机关2023年政府信息公开工作情况报告如下", not a title
_REPORT = r"(?:工作)?的?(?:(?:年度)?报告|年报)"
_TITLE_TAIL = rf"(?P<year>{_Y})年度?(?:政府信息公开|政务公开)?{_REPORT}"
_TITLE = re.compile(r"(?P<agency>[^。；;，,：:《》()]{2,40}?)" + _TITLE_TAIL)
_TITLE_END = re.compile(_TITLE_TAIL)  # every _TITLE match ends so: where none is, _TITLE need not try each start
_TITLE_YEAR_FIRST = re.compile(rf"(?P<year>{_Y})年度?(?P<agency>[^。；;，,：:《》()\d]{{2,30}}?)"
                               rf"(?:政府信息公开|政务公开){_REPORT}")  # "2024年上海市科委政府信息公开工作年度报告"
# the year after the title, in brackets: "某市某局政府信息公开工作年度报告（2023年度）"
_YEAR_AFTER_TAIL = rf"(?:政府信息公开|政务公开){_REPORT}\((?P<year>{_Y})年度?\)"
_TITLE_YEAR_AFTER = re.compile(r"(?P<agency>[^。；;，,：:《》()]{2,40}?)" + _YEAR_AFTER_TAIL)
_YEAR_AFTER_END = re.compile(_YEAR_AFTER_TAIL)  # as _TITLE_END for _TITLE
_PERIOD = re.compile(rf"(?P<y1>{_Y})年(?P<m1>{_MD})月(?P<d1>{_MD})日(?:起)?(?:至|到|—|–|-|~)"
                     rf"(?:(?P<y2>{_Y})年)?(?P<m2>{_MD})月(?P<d2>{_MD})日")
_PLACES = "省|市|自治区|区|县|自治州|州|盟|旗"  # the level of place an agency's name begins with
_AGENCY_ENDINGS = ("人民政府办公室", "人民政府办公厅", "人民政府", "司法局", "局", "委员会", "办公室", "厅", "中心",
                   "管理委员会", "院")
_AGENCY = re.compile(r"(?<![\u4e00-\u9fff])(?!我|本|全|各|该|由|对|市|区|县)"
                     r"(?P<name>[\u4e00-\u9fff]{2,8}?(?:" + _PLACES + ")"
                     r"[\u4e00-\u9fff]{0,12}?(?:" + "|".join(_AGENCY_ENDINGS) + "))")
_AGENCY_END = re.compile("[" + "".join(sorted({e[-1] for e in _AGENCY_ENDINGS})) + "]")  # a name's last character
_PERIOD_CUE = re.compile(r"统计|数据|报告期|期限|期间|时限")
_YEAR = re.compile(r"((?:19|20)\d{2})年")


# a preamble that names the report where no title line precedes it ("现公布某市人民政府2017年政府信息
#公开工作年度报告", "本报告是…"): the words before the agency's name are no part of it
_PREAMBLE_LEAD = re.compile(r"^.*(?:公布|发布|现将|本报告(?:是|为))")
_PLACE = re.compile(_PLACES)  # what the name after such words must still hold ("某市信息发布中心" keeps its words)


def _clean_agency(name: str) -> str:
    lead = _PREAMBLE_LEAD.match(name)
    if lead and len(rest := name[lead.end():]) >= 4 and _PLACE.search(rest):
        name = rest
    name = re.sub(r"^(?:关于|附件\d*|\d+)|关于$", "", name)
    return name.strip(" -—_·#*>")


def read_title(text: str) -> tuple[str | None, str | None, int | None]:
    head = squash(text[:600])
    patterns = ((_TITLE,) if _TITLE_END.search(head) else ()) + (_TITLE_YEAR_FIRST,) \
        + ((_TITLE_YEAR_AFTER,) if _YEAR_AFTER_END.search(head) else ())
    hits = [m for p in patterns if (m := p.search(head))]
    m = min(hits, key=lambda x: x.start()) if hits else None
    if not m or m.start() > 200:
        return None, None, None
    agency = _clean_agency(m.group("agency"))
    return m.group(0), agency or None, year_value(m.group("year"))


PERIOD_HEAD = 4000  # the statement of the statistical period stands near the start; the rest is read if not


def read_period(text: str) -> tuple[str | None, str | None, int | None, Span | None]:
    m, nt = None, None
    for upto in ((PERIOD_HEAD, len(text)) if len(text) > 2 * PERIOD_HEAD else (len(text),)):
        nt = NormText.build(text, 0, upto)
        m = next((x for x in _PERIOD.finditer(nt.text)
                  if _PERIOD_CUE.search(nt.text[max(0, x.start() - 40):x.start()])), None)
        if m is not None and (upto == len(text) or m.end() < len(nt.text) - 40):  # not cut off by the head's end
            break
        m = None
    if not m or nt is None:
        return None, None, None, None
    y1, y2 = year_value(m.group("y1")), year_value(m.group("y2") or m.group("y1"))
    start = f"{y1:04d}-{_day(m.group('m1')):02d}-{_day(m.group('d1')):02d}"
    end = f"{y2:04d}-{_day(m.group('m2')):02d}-{_day(m.group('d2')):02d}"
    span = Span(start=nt.source_offset(m.start()), end=nt.source_offset(m.end() - 1) + 1)
    return start, end, y2, span


# a statement of the period whose dates a converter took apart ("统计期限自 | | 年 | 月 日至 | 年 | 月 | 日。",
# the figures on the next row of a table it made of the sentence): the words are there, the dates are not
_PERIOD_WORDS = re.compile(r"统计(?:期限|时限|期间|时间)[^。\n]{0,40}?年[^。\n]{0,40}?月[^。\n]{0,40}?日")


def period_mentioned(text: str) -> Span | None:
    """Where the text words a statistical period ("统计期限自…年…月…日") that ``read_period`` could not
    read: its line, or None where no such words stand near the start (``PERIOD_HEAD``)."""
    m = _PERIOD_WORDS.search(text, 0, PERIOD_HEAD)
    if m is None:
        return None
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    return Span(start=start, end=len(text) if end < 0 else end, line=text.count("\n", 0, start) + 1)


_NOT_AGENCY = ("情况", "公开", "信息", "工作", "报告", "关于", "年度", "全面", "进一步", "深入")


def agency_names(text: str) -> Counter[str]:
    """Every agency-like name in the text with how often it occurs (line by line, so headings never
    run into names)."""
    names: Counter[str] = Counter()
    for line in half_width(text).split("\n"):
        if not _AGENCY_END.search(line):  # every name ends in one of these: most lines hold none
            continue
        for m in _AGENCY.finditer(line.replace(" ", "")):
            name = m.group("name")
            if not any(w in name for w in _NOT_AGENCY):
                names[name] += 1
    return names


def guess_agency(text: str) -> str | None:
    """The agency name the text uses most often."""
    names = agency_names(text)
    return names.most_common(1)[0][0] if names else None


def detect_version(text: str) -> tuple[FormatVersion | None, list[str]]:
    """The format whose words (``VERSION_EVIDENCE``) the text prints most, with the words found; None
    where no format's words outnumber every other's."""
    flat = squash(text)
    found = {v: [e for e in terms if e in flat] for v, terms in VERSION_EVIDENCE.items()}
    most = max(len(f) for f in found.values())
    leaders = [v for v, f in found.items() if len(f) == most]
    if len(leaders) != 1:
        return None, []
    return leaders[0], found[leaders[0]]


def read_meta(text: str, source: str, general_text: str = "") -> ReportMeta:
    title, agency, year = read_title(text)
    meta = ReportMeta(title=title, agency=agency, agency_source="title" if agency else None,
                      year=year, year_source="title" if year else None)
    meta.period_start, meta.period_end, period_year, meta.period_quote = read_period(text)
    if meta.year is None and period_year:
        meta.year, meta.year_source = period_year, "period"
    if meta.year is None:
        stem = PurePath(source).stem
        m = re.search(r"(?:19|20)\d{2}", stem)
        if m:
            meta.year, meta.year_source = int(m.group()), "filename"
    if meta.year is None:
        years = Counter(int(y) for y in _YEAR.findall(squash(general_text or text[:3000])))
        if years:
            meta.year, meta.year_source = years.most_common(1)[0][0], "text"
    if meta.agency is None:
        meta.agency = guess_agency(text)
        meta.agency_source = "text" if meta.agency else None
    meta.format_version, meta.format_evidence = detect_version(text)
    return meta


def give_year(meta: ReportMeta, year: int, source: str) -> None:
    """The year the user gives (a digest's mapping, ``xxgk check --year``) replaces the one read from
    the report, which is kept as ``year_read`` where it differs or was only a guess (the rules say
    so where the report stated another year); a year the report states the same keeps its source."""
    if meta.year == year and meta.year_source in STATED_YEAR_SOURCES:
        return
    if meta.year_source not in GIVEN_YEAR_SOURCES:  # (a year given before, on a saved result: the read one stays)
        meta.year_read, meta.year_read_source = meta.year, meta.year_source
    meta.year, meta.year_source = year, source
