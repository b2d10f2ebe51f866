"""Figures stated in the narrative against the tables, and against themselves.

The patterns are deliberately tight (a keyword, then a count with its unit in the same clause):
a statement the rules cannot read is left alone rather than guessed at, so a clean report gets no
false alarm. Approximate figures ("130余条", "约", "超过") are never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.checks.catalogue import Context, finding, implements
from agents.extract.norm import NormText, blank_out, half_width
from schemas.cells import Cell, CellStatus, Span
from schemas.findings import Finding, Location
from schemas.formats import T3_APPLICANT_COLUMNS, T4_COLUMNS, T4_PART_COLUMNS, t3_outcome_groups
from schemas.tables import TableData

U = r"(?:件|条|个|宗|份|次|起)"
APPROX = re.compile(r"(?:约|近|超过|逾|大约)$|^(?:余|多|左右)")
_SENT = re.compile(r"[^。；;！!？?\n]+")
_DIGIT = re.compile(r"\d")


@dataclass
class Stated:
    value: int
    start: int  # offsets in the normalised narrative
    end: int


@dataclass
class Narrative:
    nt: NormText
    _sentences: list[tuple[int, str]] | None = field(default=None, init=False, repr=False)

    def span(self, a: int, b: int) -> Span:
        return Span(start=self.nt.source_offset(a), end=self.nt.source_offset(b - 1) + 1)

    def sentences(self) -> list[tuple[int, str]]:
        """(start, text) of each sentence, cut once for all the rules that read them."""
        if self._sentences is None:
            self._sentences = [(m.start(), m.group()) for m in _SENT.finditer(self.nt.text)]
        return self._sentences

    def quote(self, a: int, b: int) -> str:
        return self.nt.text[a:b]


def narrative_of(ctx: Context) -> Narrative:
    """The report text with the table regions blanked out (offsets kept); built once per run."""
    if "narrative" not in ctx.memo:
        ctx.memo["narrative"] = _narrative(ctx)
    return ctx.memo["narrative"]  # type: ignore[no-any-return]


def _narrative(ctx: Context) -> Narrative:
    spans = [(t.span.start, t.span.end) for t in ctx.report.tables.values() if t.found and t.span is not None]
    # half_width maps one character to one and leaves line breaks, so blanking its (cached) result is
    # NormText.build(blank_out(text, spans)) without mapping the report's text again
    return Narrative(NormText(blank_out(half_width(ctx.text), spans), 0))


def _exact(sentence: str, m: re.Match[str], group: int = 1) -> int | None:
    before = sentence[max(0, m.start(group) - 2):m.start(group)]
    after = sentence[m.end(group):m.end(group) + 2]
    if APPROX.search(before) or APPROX.search(after[:1]) or re.match(r"^\d*(?:余|多)", after):
        return None
    return int(m.group(group))


def _printed_sum(cells: list[Cell]) -> int | None:
    """The sum of what is printed: numbers added, blank or dash cells left out; None when a cell could
    not be read (or is not there) or nothing at all is printed."""
    if any(c.status in (CellStatus.unreadable, CellStatus.missing) for c in cells):
        return None
    nums = [c.value or 0 for c in cells if c.is_number]
    return int(sum(nums)) if nums else None


def t3_total(t: TableData, row: str) -> int | None:
    """Row total as printed: the 总计 cell, else the sum of the applicant cells that are printed."""
    if not t.found:
        return None
    total = t.get(row, "total")
    if total.is_number:
        return int(total.value or 0)
    return _printed_sum([t.get(row, c) for c in T3_APPLICANT_COLUMNS])


def t3_group_total(t: TableData, rows: list[str]) -> int | None:
    vals = [t3_total(t, r) for r in rows]
    return None if any(v is None for v in vals) else sum(v for v in vals if v is not None)


def t4_total(t: TableData, rows: list[str], col: str) -> int | None:
    return _printed_sum([t.get(r, col) for r in rows]) if t.found else None


# (pattern, what it states, how to read the table) for applications
APPLICATION_PATTERNS = [
    (re.compile(r"(?:收到|受理|接收|接到|新收)(?:各类|政府信息公开|信息公开|公开|的)*申请(?:共计|共|数量|总数|合计)?为?(\d+)"
                + U), "new"),
    (re.compile(r"(?:收到|受理|接收|接到|新收)了?(?:共计|共)?(\d+)" + U + r"(?:政府信息公开|信息公开|政府信息)?的?依?申请"),
     "new"),
    (re.compile(r"依申请公开(?:政府信息)?(?:数量|共计|共)?为?(\d+)" + U), "new"),
    (re.compile(r"(?<!公开)(?<!提供)(?<!处理)(?:答复|办结)(?:申请)?(?:共计|共)?(\d+)" + U), "handled"),  # not "同意公开答复9件"
    (re.compile(r"(?:上年度?|上一年度?)结转(?:的)?(?:申请)?(\d+)" + U), "carried_over"),
    (re.compile(r"(\d+)" + U + r"(?:申请)?(?:顺延|结转)(?:到|至)?下一?年度?"), "carried_forward"),
    (re.compile(r"结转(?:到|至)?下一?年度?(?:继续办理)?的?(?:申请)?(\d+)" + U), "carried_forward"),
]
# a word each of APPLICATION_PATTERNS needs: a sentence without any is skipped (keep in step with them)
_APPLICATION_WORDS = re.compile("收到|受理|接收|接到|新收|依申请公开|答复|办结|结转|顺延")
ZERO_APPLICATIONS = re.compile(r"(?:未收到|没有收到|未受理|未接到|无)(?:任何)?(?:政府信息公开|信息公开)?的?依?申请")
OUTCOME_WORDS = {"予以公开": ["granted"], "部分公开": ["partly_granted"], "不予公开": ["withheld"],
                 "无法提供": ["unavailable"], "不予处理": ["rejected"], "予以公开及部分公开": ["granted", "partly_granted"]}
# "予以公开及部分公开20件" is both rows together, never 部分公开 = 20
OUTCOME_RE = re.compile(r"((?:予以|同意|全部)公开(?:及|和|与|、|或)部分公开|(?<![及和与、或])部分公开|予以公开|不予公开|无法提供"
                        r"|不予处理)(?:的)?(?:申请)?(?:共计|共|合计)?为?(\d+)件")
APP_LABELS = {"new": ("本年新收申请", ["new_received"]), "handled": ("办理结果（七）总计", ["total_handled"]),
              "carried_over": ("上年结转申请", ["carried_over"]),
              "carried_forward": ("结转下年度继续办理", ["carried_forward"])}


# Whose count a clause states: a part of the whole ("其中…", "市本级…") or another body ("市政府办公室收到
# 申请120件，市发改委收到…") is not the report's own total, and is left alone; the agency itself ("我局",
# "本机关", "全市") and a clause with no subject are compared.
_CLAUSE_START = re.compile(r"[，,：:（(]")
_PART_OF = re.compile(r"其中|本级|分别|各(?:区|县|乡|镇|街道|部门|单位)")
_PART_OF_BODY = re.compile(r"本级|各(?:区|县|乡|镇|街道|部门|单位)")
_ANOTHER_BODY = re.compile(r"办公室|分局|支队|局|委|厅|区|县|镇|乡|街道|部门|单位|中心|公司")
_SELF = re.compile(r"[我本全](?:局|委|厅|办|机关|单位|部门|市|区|县|镇|乡|街道|中心|院|署|省)")
# "沭阳县人民政府", "县政府": a government's report names itself so ("市政府办公室" is another body)
_A_GOVERNMENT = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:人民)?政府(?!办公室|办)")


# a review or a suit the agency handled as the authority (a 司法局 deciding reviews, a court's cases),
# not one brought against it, which is what 表四 counts
_AS_AUTHORITY = re.compile(r"办理|受理|审理|审结|收到|接收|接到|作为(?!被)|法院")  # "作为被申请人": against it


def _agency(ctx: Context) -> str | None:
    """The agency's name as the narrative prints it (half-width), for telling its own counts apart."""
    return half_width(ctx.report.meta.agency) if ctx.report.meta.agency else None


def _clause_head(sentence: str, at: int) -> str:
    """The clause's text before ``at`` (from the last comma, colon or bracket)."""
    return sentence[max((m.end() for m in _CLAUSE_START.finditer(sentence, 0, at)), default=0):at]


def _whose(sentence: str, at: int, agency: str | None, *, outcome: bool = False) -> str | None:
    """Why the count at ``at`` is not the report's own total (None when it is). Before an outcome
    ("其中，予以公开9件") "其中" divides the report's own applications, not the agency."""
    head = _clause_head(sentence, at)
    if (_PART_OF_BODY if outcome else _PART_OF).search(head):
        return "part"
    if agency:
        head = head.replace(agency, "")
    if _ANOTHER_BODY.search(_SELF.sub("", _A_GOVERNMENT.sub("", head))):
        return "other"
    return None


@implements("NARR-APPLICATIONS", "NARR-OUTCOME")
def applications(ctx: Context) -> list[Finding]:
    t3 = ctx.report.tables.get("三")
    if t3 is None or not t3.found:
        return []
    nar = narrative_of(ctx)
    out: list[Finding] = []
    agency = _agency(ctx)
    new = t3_total(t3, "new_received")
    carried = t3_total(t3, "carried_over")
    # outcomes are compared in a sentence about applications, and in those that go on with its outcomes
    # ("…答复申请805件。予以公开及部分公开258件，占33.9%；不予公开35件；…"): after it, or after "；"
    prev_app = prev_about = False
    for s0, sent in nar.sentences():
        goes_on = prev_app or (prev_about and s0 > 0 and nar.quote(s0 - 1, s0) in "；;")
        about = "申请" in sent or (goes_on and OUTCOME_RE.search(sent) is not None)
        prev_app, prev_about = "申请" in sent, about
        m = ZERO_APPLICATIONS.search(sent) if new and "申请" in sent and "行政复议" not in sent else None
        if m and new:
            out.append(_app_finding(nar, "NARR-APPLICATIONS", "正文称未收到申请", 0, "本年新收申请", new,
                                    s0 + m.start(), s0 + m.end(), s0, sent, _summed(t3, ["new_received"])))
        if not _DIGIT.search(sent):  # every pattern below states a figure
            continue
        for pat, what in APPLICATION_PATTERNS if _APPLICATION_WORDS.search(sent) else ():
            for m in pat.finditer(sent):
                stated = _exact(sent, m)
                label, rows = APP_LABELS[what]
                table_value = t3_group_total(t3, rows)
                if stated is None or table_value is None or stated == table_value or _whose(sent, m.start(), agency):
                    continue
                if what == "new" and carried is not None and stated == table_value + carried:
                    continue  # "受理" counted together with last year's carry-over
                out.append(_app_finding(nar, "NARR-APPLICATIONS", m.group(0), stated, label, table_value,
                                        s0 + m.start(), s0 + m.end(), s0, sent, _summed(t3, rows)))
        if not about:
            continue
        for m in OUTCOME_RE.finditer(sent):
            stated = _exact(sent, m, 2)
            key = "予以公开及部分公开" if "部分公开" in m.group(1) and len(m.group(1)) > 4 else m.group(1)
            groups = t3_outcome_groups(t3.version)
            rows = [r for g in OUTCOME_WORDS[key] for r in groups[g]]
            table_value = t3_group_total(t3, rows)
            if stated is None or table_value is None or stated == table_value or \
                    _whose(sent, m.start(), agency, outcome=True):
                continue
            out.append(_app_finding(nar, "NARR-OUTCOME", m.group(0), stated, f"“{m.group(1)}”", table_value,
                                    s0 + m.start(), s0 + m.end(), s0, sent, _summed(t3, rows)))
    return out


def _summed(t: TableData, rows: list[str]) -> bool:
    """Whether a row of ``rows`` has no printed 总计, so its count is the sum of its applicant cells (t3_total)."""
    return any(not t.get(r, "total").is_number for r in rows)


def _app_finding(nar: Narrative, rule: str, said: str, stated: int, label: str, table_value: int,
                 a: int, b: int, s0: int, sent: str, summed: bool) -> Finding:
    return finding(rule, {"stated": stated, "table": table_value, "said": said, "label": label,
                          "table_total": "summed" if summed else "printed"},
                   locations=[Location(section=None, table="三", quote=sent.strip()[:120], span=nar.span(a, b))])


REVIEW_ROWS = ["review"]
LITIGATION_ROWS = ["litigation_direct", "litigation_after_review"]
KIND_RE = re.compile(r"行政复议|行政诉讼|(?<!行政)(?<!复议后)(?<!直接)诉讼(?!费|请求|权)")  # "诉讼3件" is 行政诉讼
COUNT_AFTER = re.compile(r"(?:案件)?(?:共计|共|合计)?为?(\d+)" + U)
TABLE_KIND = {"诉讼": "行政诉讼"}
T4_LABELS = {c.key: c.label_zh for c in T4_COLUMNS}
RESULT_RE = re.compile(r"(结果维持|维持|结果纠正|纠正|其他结果|尚未审结|未审结)(?:的)?(\d+)" + U)
RESULT_COL = {"结果维持": "upheld", "维持": "upheld", "结果纠正": "corrected", "纠正": "corrected",
              "其他结果": "other_result", "尚未审结": "pending", "未审结": "pending"}
ZERO_REVIEW = re.compile(r"(?:未发生|没有发生|未收到|未出现|未被|未有|没有|无)[^。；，,]{0,16}?(行政复议|行政诉讼)"
                         r"(?:[^。；，,]{0,4}?(?:和|及|、|或)[^。；，,]{0,4}?(行政诉讼))?")
RESULT_WORDS = re.compile(r"[^。；，,]{0,6}?(?:纠错|纠正|败诉|撤销|确认违法|被改变)")
COUNT_ONLY = re.compile(r"(?:案件)?(?:共计|共|合计)?为?\d+" + U + r"[，,、和及与]?")  # "7件，" of "行政复议7件，诉讼9件"
ALL_UPHELD = re.compile(r"(?:均|全部|都|全都)(?:获|被|予以|得到|依法)?(?:维持|胜诉)")


@implements("NARR-REVIEW", "NARR-ALL-UPHELD")
def review_litigation(ctx: Context) -> list[Finding]:
    t4 = ctx.report.tables.get("四")
    if t4 is None or not t4.found:
        return []
    nar = narrative_of(ctx)
    out: list[Finding] = []
    agency = _agency(ctx)
    rows_of = {"行政复议": REVIEW_ROWS, "行政诉讼": LITIGATION_ROWS, "诉讼": LITIGATION_ROWS}
    for s0, sent in nar.sentences():
        if "复议" not in sent and "诉讼" not in sent:  # what KIND_RE needs: most sentences hold neither
            continue
        kinds = [m.group() for m in KIND_RE.finditer(sent)]
        if not kinds:
            continue
        zero: set[str] = set()
        for m in ZERO_REVIEW.finditer(sent):
            if RESULT_WORDS.match(sent, m.end()) or RESULT_WORDS.search(sent[m.start():m.end()]):
                continue  # "未发生……行政复议纠错": about results, not about the number of cases
            zero.update(k for k in (m.group(1), m.group(2)) if k)
        for kind in zero:
            total = t4_total(t4, rows_of[kind], "total")
            if total:
                out.append(_t4_finding(nar, f"正文称未发生{kind}", 0, kind, "总计", total, s0, sent))
        listed: list[str] = []  # kinds given only their count so far, before a "均获维持" shared with the next
        for km in KIND_RE.finditer(sent):
            kind = km.group()
            if kind in zero or _whose(sent, km.start(), agency) or _AS_AUTHORITY.search(_clause_head(sent, km.start())):
                continue
            count = COUNT_AFTER.match(sent, km.end())
            if count:
                stated = _exact(sent, count)
                total = t4_total(t4, rows_of[kind], "total")
                if stated is not None and total is not None and stated != total:
                    out.append(_t4_finding(nar, sent[km.start():count.end()], stated, kind, "总计", total, s0, sent))
            nxt = KIND_RE.search(sent, km.end())
            clause = sent[km.end():nxt.start() if nxt else len(sent)]
            for r in RESULT_RE.finditer(clause):
                stated = int(r.group(2))
                col = RESULT_COL[r.group(1)]
                val = t4_total(t4, rows_of[kind], col)
                if val is not None and stated != val:
                    out.append(_t4_finding(nar, f"{kind}……{r.group(0)}", stated, kind, r.group(1), val, s0, sent))
            if not ALL_UPHELD.search(clause):
                listed = listed + [kind] if COUNT_ONLY.fullmatch(clause) else []
                continue
            for said in listed + [kind]:  # "行政复议7件，诉讼9件，均获维持": both are said to be upheld
                bad = {c: t4_total(t4, rows_of[said], c) for c in T4_PART_COLUMNS if c != "upheld"}
                if any(v for v in bad.values()):
                    results = [{"column": c, "label": T4_LABELS[c], "count": v} for c, v in bad.items() if v]
                    # cases not yet decided contradict "all upheld" only if the text meant them too
                    pending = [r["column"] for r in results] == ["pending"]
                    out.append(finding("NARR-ALL-UPHELD", {"said_kind": said, "kind": TABLE_KIND.get(said, said),
                                                           "results": results},
                                       key="NARR-ALL-UPHELD/pending" if pending else None,
                                       variant="pending_only" if pending else None,
                                       locations=[Location(table="四", quote=sent.strip()[:120],
                                                           span=nar.span(s0, s0 + len(sent)))]))
            listed = []
    return out


def _t4_finding(nar: Narrative, said: str, stated: int, kind: str, col: str, value: int, s0: int,
                sent: str) -> Finding:
    return finding("NARR-REVIEW", {"stated": stated, "table": value, "said": said, "kind": TABLE_KIND.get(kind, kind),
                                   "column": col},
                   locations=[Location(table="四", quote=sent.strip()[:120], span=nar.span(s0, s0 + len(sent)))])


PARTS_HEAD = re.compile(r"(\d+)(件|条|个|篇|次|场|期|项|份)[，,。;；:：(（]{0,2}其中[：:,，]?")  # also "2599条，(其中"
PART_STOP = re.compile(r"已|均|全部|共|累计|合计|总|办结|答复|同比|增长|下降|较|占|比例|%")


@implements("NARR-PARTS-SUM")
def parts_sum(ctx: Context) -> list[Finding]:
    nar = narrative_of(ctx)
    text = nar.nt.text
    out: list[Finding] = []
    for m in PARTS_HEAD.finditer(text):
        total = _exact(text, m)
        if total is None:
            continue
        unit = m.group(2)
        end = len(text)
        stop = re.compile(r"[。；;]").search(text, m.end())
        if stop:
            end = stop.start()
        clause = text[m.end():end]
        if len(re.findall(r"\d+", clause)) != len(re.findall(r"\d+" + unit, clause)):
            continue  # figures in other units (篇, 件, %) in the list: not a breakdown of the total
        parts: list[int] = []
        pos = 0
        for p in re.finditer(r"(\d+)" + unit, clause):
            lead = clause[pos:p.start()]
            pos = p.end()
            if PART_STOP.search(lead) or _exact(clause, p) is None:
                break
            parts.append(int(p.group(1)))
        if len(parts) < 2 or sum(parts) == total:
            continue
        variant = None if (sum(parts) > total or len(parts) >= 3) else "two_parts_short"  # may be a subset
        said = text[m.start():m.end() + (pos or len(clause))]
        out.append(finding("NARR-PARTS-SUM", {"total": total, "parts": parts, "parts_sum": sum(parts), "unit": unit,
                                              "said": said[:60]},
                           variant=variant, locations=[Location(quote=said[:120], span=nar.span(m.start(), m.end()))]))
    return out
