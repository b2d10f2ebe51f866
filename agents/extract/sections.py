"""Find the six sections by their titles, wherever the headings stand and however they are numbered.

A heading is a numbered title ("一、总体情况", "（一）…", "1.…") at the start of a line, or, in a
crawler's text where the whole body is one line, a numbered title after a sentence. Its title is
compared with every section's title, so a section printed under another number ("二、收到和处理…"
where the format has 三) is still found, and the wrong number is kept for a finding. A section whose
own heading was lost is found by its sub-headings ("（一）主要问题" opens 五). The chosen headings are
the in-order sequence with the best total score.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import Indel, LCSseq

from agents.extract.norm import NormText, squash
from schemas.cells import Span
from schemas.formats import SECTIONS, SectionSpec
from schemas.report import Section

_HEADING = re.compile(r"^第?([一二三四五六])(?:部分)?[、.,，:：．)）]?")
_WEAK_HEADING = re.compile(r"^(?:[(（]([一二三四五六])[)）]|([1-6])[、.．](?!\d))")  # "（一）总体情况", "1.总体情况"
_INLINE = re.compile(r"第?[一二三四五六](?:部分)?、")
_AFTER_SENTENCE = re.compile(r"[\s。；！？;!?]")
LONG_LINE = 300  # a line this long is a body run together: headings are looked for inside it
WEAK_MIN = 0.85  # these forms also number sub-items, so only a near-exact title counts
RENUMBERED_MIN = 0.85  # a title printed under another section's number must be near-exact
RENUMBERED_PENALTY = 0.05  # so that a correctly numbered heading of equal fit wins
MID_TEXT_PENALTY = 0.2  # a title after other text ("详见本报告三、收到和…") loses to a heading that opens a line
SUBHEADING_SCORE = 0.55
MIN_SCORE = 0.6
_TABLE_ROWS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度")
_NUMERALS = "一二三四五六"


@dataclass(slots=True)
class Candidate:
    number: int
    score: float
    line_start: int
    line_end: int
    title_len: int  # characters of the squashed line that make the title
    numbered_as: int | None = None  # the section number printed, where it differs
    subheading: bool = False


def _variant_score(rest: str, variant: str) -> tuple[float, int]:
    """The best Indel similarity of a cut of ``rest`` (0.6 to 1.4 times the variant's length) to the
    variant, and the cut's length; (0.0, 0) where no cut can reach MIN_SCORE."""
    size = len(variant)
    lo, hi = max(2, int(size * 0.6)), min(int(size * 1.4) + 1, len(rest))
    if hi < lo:
        return 0.0, 0
    # a cut of n characters scores 2·LCS / (n + size), and no cut shares more characters with the
    # variant (in order) than the longest does: so most titles are settled by one comparison, and the
    # cuts longer than that count stop once they can no longer beat the best
    common = LCSseq.similarity(rest[:hi], variant)
    if 2 * common / (common + size) < MIN_SCORE:
        return 0.0, 0
    best, best_len = 0.0, 0
    for n in range(lo, hi + 1):
        if n > common and 2 * common / (n + size) < best - 1e-9:  # (ties are still compared, as before)
            break
        r = Indel.normalized_similarity(rest[:n], variant)
        if r > best:
            best, best_len = r, n
    return best, best_len


_VARIANTS = [(spec.number, v) for spec in SECTIONS for v in spec.variants]
_LEAST = min(RENUMBERED_MIN, WEAK_MIN)  # the bound below serves both thresholds
# The Indel similarity of a title cut and a variant (length L) is 2·LCS / (cut + L) ≤ 2c / (c + L), where c
# counts the variant's characters that the title has (up to the variant's own counts); so to score
# _LEAST, c must reach _LEAST·L / (2 − _LEAST). The counts are kept for all variants at once in one
# integer, 16 bits a variant: each character's counts in the variants (_PACKED) are summed, and
# 2¹⁵ − (the count needed) added in each lane sets the lane's top bit where the count reaches it.
_PACKED: dict[str, int] = {}
for _i, (_, _v) in enumerate(_VARIANTS):
    for _ch in set(_v):
        _PACKED[_ch] = _PACKED.get(_ch, 0) + (_v.count(_ch) << (16 * _i))
_OFFSETS = sum(((1 << 15) - math.ceil(_LEAST * len(v) / (2 - _LEAST))) << (16 * i) for i, (_, v) in enumerate(_VARIANTS))
_SECTION_LANES = {spec.number: sum(1 << (16 * i + 15) for i, (number, _) in enumerate(_VARIANTS) if number == spec.number)
                  for spec in SECTIONS}
_ALL_LANES = sum(_SECTION_LANES.values())
assert all(len(v) < 1 << 15 for _, v in _VARIANTS)


def _reachable(rest: str) -> int:
    """The variants that the title ``rest`` could match with a score of RENUMBERED_MIN or WEAK_MIN, by
    a cheap bound: a lane's top bit each (test a section with _SECTION_LANES)."""
    return sum(map(_PACKED.__getitem__, _PACKED.keys() & set(rest[:40])), _OFFSETS)


def _title_score(rest: str, spec: SectionSpec, *, keywords: bool) -> tuple[float, int]:
    for v in spec.variants:
        if rest.startswith(v):  # the first variant printed exactly: what the best score picks
            return 1.0, len(v)
    best, best_len = max((_variant_score(rest, v) for v in spec.variants), key=lambda t: t[0])
    if keywords and best < 0.75:
        head = rest[: len(spec.title_zh) + 8]
        for kw in spec.keywords:
            if kw in head:
                return 0.75, head.index(kw) + len(kw)
    return best, best_len


def _bare(line: str) -> str:
    return squash(line).lstrip("#*>-_=`").rstrip("*_`")  # Markdown heading and emphasis marks


def title_text(heading: str) -> str:
    """A heading without its numbering ("一、", "（一）", "1.", "第一部分") and Markdown marks."""
    return _unnumbered(_bare(heading))


def _long_line_segments(raw: str, start: int) -> Iterator[tuple[int, int, bool]]:
    """Inside a very long line (a body run together), the stretches that start at an inline heading;
    the flag says the stretch starts in mid-text (not after a sentence), where only a near-exact title
    counts."""
    cuts = [(0, False)] + [(m.start(), not _AFTER_SENTENCE.match(raw[m.start() - 1]))
                           for m in _INLINE.finditer(raw) if m.start() > 0]
    for (a, mid), (b, _) in zip(cuts, cuts[1:] + [(len(raw), False)]):
        yield start + a, start + b, mid


def _unnumbered(s: str) -> str:
    """A squashed, bare heading without its numbering."""
    m = _HEADING.match(s) or _WEAK_HEADING.match(s)
    return s[m.end():] if m else s


_SUBHEADINGS = [(spec.number, sub) for spec in SECTIONS for sub in spec.subheadings]
_SUB_START = tuple({sub[:2] for _, sub in _SUBHEADINGS})
_BY_VARIANT = {v: spec.number for spec in SECTIONS for v in spec.variants}


def _subheading(s: str, start: int, end: int) -> Candidate | None:
    if _SUB_START and not any(x in s[:12] for x in _SUB_START):  # cheap: no sub-heading starts here
        return None
    rest = _unnumbered(s)
    for number, sub in _SUBHEADINGS:
        if rest.startswith(sub) and len(rest) <= len(sub) + 6:
            return Candidate(number, SUBHEADING_SCORE, start, end, len(s) - len(rest) + len(sub), subheading=True)
    return None


def _numbered(s: str, start: int, end: int, mid_text: bool) -> list[Candidate]:
    m = _HEADING.match(s)
    weak = _WEAK_HEADING.match(s) if m is None else None
    head = m or weak
    if head is None:
        return []
    rest = s[head.end():]
    if not rest or rest.startswith(_TABLE_ROWS):
        return []
    numeral = head.group(1) or head.group(2)
    printed = _NUMERALS.index(numeral) + 1 if numeral in _NUMERALS else int(numeral)
    out: list[Candidate] = []
    reachable = _reachable(rest) & _ALL_LANES
    if not reachable and (mid_text or weak is not None):
        return []  # every section must be reached by its title alone here, and none can be
    for spec in SECTIONS:
        same = spec.number == printed
        bounded = not same or mid_text or weak is not None  # must reach RENUMBERED_MIN or WEAK_MIN by title alone
        if bounded and not reachable & _SECTION_LANES[spec.number]:
            continue
        score, n = _title_score(rest, spec, keywords=same and not mid_text)
        if not same or mid_text:
            if score < RENUMBERED_MIN:
                continue
            score -= 0 if same else RENUMBERED_PENALTY
        if weak is not None:
            if score < WEAK_MIN:
                continue
            score -= 0.1  # a plain "一、" heading of the same section wins
        if mid_text:
            score -= MID_TEXT_PENALTY  # after the thresholds: it ranks such a title, it does not exclude it
        if score >= MIN_SCORE:
            out.append(Candidate(spec.number, score, start, end, head.end() + n,
                                 numbered_as=None if same or weak is not None else printed))
    return out


# what a heading's squashed line can start with: its numbering, or a title or sub-heading printed bare
_STARTS = frozenset("第一二三四五六(（123456１２３４５６") | {v[0] for v in _BY_VARIANT} | {sub[0] for _, sub in _SUBHEADINGS}
_LEAD_CHARS = r"#*>\-_=`＃＊＞－＿＝｀\ufeff\u200b"  # what squashing and _bare drop before it, besides spaces
_LEAD = re.compile(rf"[\s{_LEAD_CHARS}]*")
_LEAD_STRIP = " \t\r\u3000#*>-_=`＃＊＞－＿＝｀\ufeff\u200b"  # _LEAD's characters, for str.strip
# the first kept character of a line that can start a heading; most lines (table rows, sentences) cannot
_HEADING_START = re.compile(rf"(?:\s|[{_LEAD_CHARS}])*[{''.join(sorted(re.escape(c) for c in _STARTS))}]")


_TITLES = sorted({v for spec in SECTIONS for v in spec.variants}, key=len, reverse=True)
_NUMBERED_END = re.compile(r"(?:第?[一二三四五六](?:部分)?[、.．]?|[(（][一二三四五六][)）]|[1-6][、.．])\s*$")


def _mid_line_headings(text: str) -> list[tuple[int, int, bool]]:
    """Numbered titles printed after other text on their line: on a line of ordinary length, a heading
    a layout tool put on the line of the row or sentence before it ("行政事业性收费 96171.6 三、收到和…",
    flagged as in mid-text); in a body run together on one line, a heading numbered otherwise than "三、"
    ("（三）", "3.", "3、", "第三部分": "三、" cuts the line in ``_long_line_segments``). Only a title as the
    format words it counts. Found by the titles (str.find), not by a scan of every character for a
    numeral, and each looked at within a line's length of it."""
    out: set[tuple[int, int, bool]] = set()
    for title in _TITLES:
        i = text.find(title)
        while i >= 0:
            # the line around it, looked for no further than a line of ordinary length reaches (a 20 MB
            # crawler line holds thousands of titles: searching it whole for each would be quadratic)
            a = text.rfind("\n", max(0, i - LONG_LINE - 1), i) + 1
            b = text.find("\n", i, a + LONG_LINE + 1)
            short = (a > 0 or i <= LONG_LINE) and (b >= 0 or a + LONG_LINE >= len(text))
            lo = a if short else max(a, i - LONG_LINE)  # a long line is looked at near the title only
            m = _NUMBERED_END.search(text, max(lo, i - 8), i)
            if m and text[lo:m.start()].strip(_LEAD_STRIP):  # text before the numbering on the same line
                if short:
                    out.add((m.start(), len(text) if b < 0 else b, True))
                elif not _INLINE.fullmatch(m.group().rstrip()):  # "三、" cuts a long line already (_long_line_segments), "3、" not
                    # a body run together on one line, its heading numbered "（三）", "3." or "第三部分"
                    after_sentence = _AFTER_SENTENCE.match(text[m.start() - 1]) is not None
                    out.add((m.start(), min(len(text), i + LONG_LINE), not after_sentence))
            i = text.find(title, i + len(title))
    return sorted(out)


def _segments(text: str) -> list[tuple[int, int, bool]]:
    """The lines that may be headings, and inside a very long line the stretches that may be, in
    text order: (start, end, starts in mid-text)."""
    out = []
    long_lines: list[tuple[int, int, bool]] = []
    heading_start = _HEADING_START.match
    pos = 0
    for line in text.split("\n"):  # one pass, in C, then a short match at each line's start
        n = len(line)
        if n > LONG_LINE:
            long_lines += _long_line_segments(line, pos)
        elif n and heading_start(line):
            out.append((pos, pos + n, False))
        pos += n + 1
    out += _mid_line_headings(text)
    if not long_lines:
        return sorted(out)
    lead_match = _LEAD.match
    for start, end, mid in long_lines:
        first = lead.end() if (lead := lead_match(text, start, end)) else start
        if first < end and text[first] in _STARTS:
            out.append((start, end, mid))
    return sorted(out)


def heading_candidates(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    for start, end, mid_text in _segments(text):
        sq = squash(text[start:end][:1200])
        s = sq.lstrip("#*>-_=`").rstrip("*_`")[:400]  # as _bare
        if not s:
            continue
        found = _numbered(s, start, end, mid_text)
        if not found and s in _BY_VARIANT:
            found.append(Candidate(_BY_VARIANT[s], 0.9, start, end, len(s)))
        sub = _subheading(s, start, end)
        lead = len(sq) - len(sq.lstrip("#*>-_=`"))  # Markdown marks before the numbering
        for c in found + ([sub] if sub else []):
            c.title_len += lead
            out.append(c)
    return out


def _best_sequence(cands: list[Candidate]) -> list[Candidate]:
    """The ordered subsequence (numbers and positions both increasing) with the highest total score.

    Candidates come in text order; with only six numbers the best chain ending in each number is kept,
    so this is linear in the candidates (a 20 MB page can hold thousands). Ties go to the earliest
    candidate, as a scan over every earlier candidate would choose."""
    best_end: dict[int, tuple[float, int]] = {}  # number -> (best chain score, its last candidate) on earlier lines
    score = [0.0] * len(cands)
    parent: list[int | None] = [None] * len(cands)
    pending: list[int] = []  # candidates on the current line: not yet predecessors of each other

    def commit() -> None:
        for j in pending:
            n = cands[j].number
            if n not in best_end or score[j] > best_end[n][0]:
                best_end[n] = (score[j], j)
        pending.clear()

    for i, c in enumerate(cands):
        if pending and cands[pending[0]].line_start < c.line_start:
            commit()
        prev = [best_end[m] for m in best_end if m < c.number]
        top = max(prev, key=lambda t: (t[0], -t[1])) if prev else None
        if top is not None and top[0] > 0:
            score[i], parent[i] = top[0] + c.score, top[1]
        else:
            score[i] = c.score
        pending.append(i)
    if not cands:
        return []
    last: int | None = max(range(len(cands)), key=lambda k: (score[k], -k))
    chain: list[Candidate] = []
    while last is not None:
        chain.append(cands[last])
        last = parent[last]
    return chain[::-1]


def _line_no(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


LIST_GAP = 40  # characters from one listed title's number to the next's in a list of the titles
LIST_MIN = 3  # titles listed in a row that make a list; two real sections can be short ("五、…（无） 六、…")


def _without_listings(cands: list[Candidate]) -> list[Candidate]:
    """The candidates less those that are items of a list of the section titles, as a report's preface
    may print them ("本报告全文包括：一、总体情况；二、主动公开政府信息情况；三、…"): three or more
    numbered titles in order, each within a few characters of the one before, are not headings (a real
    section between two headings holds more than its title)."""
    heads = sorted((c for c in cands if not c.subheading), key=lambda c: c.line_start)
    listed: set[int] = set()
    run: list[Candidate] = []
    for c in heads + [None]:
        if c is not None and run and c.number == run[-1].number + 1 and 0 < c.line_start - run[-1].line_start <= LIST_GAP:
            run.append(c)
            continue
        if len(run) >= LIST_MIN:
            listed.update(id(x) for x in run)
        run = [c] if c is not None else []
    return [c for c in cands if id(c) not in listed] if listed else cands


def find_sections(text: str) -> tuple[list[Section], list[Candidate]]:
    """The sections in order, and the heading candidates (for the rules on order and duplicates)."""
    cands = _without_listings(heading_candidates(text))
    chosen = _best_sequence(cands)
    sections: list[Section] = []
    for k, c in enumerate(chosen):
        nt = NormText.build(text, c.line_start, c.line_end)
        head_end = nt.source_offset(c.title_len - 1) + 1 if c.title_len < len(nt.text) else c.line_end
        body_end = chosen[k + 1].line_start if k + 1 < len(chosen) else len(text)
        spec = SECTIONS[c.number - 1]
        title = " ".join(text[c.line_start:head_end].split())
        sections.append(Section(
            number=c.number, title=title, canonical_title=f"{spec.numeral}、{spec.title_zh}",
            heading=Span(start=c.line_start, end=head_end, line=_line_no(text, c.line_start)),
            body=Span(start=head_end, end=body_end, line=_line_no(text, head_end)),
            text=text[head_end:body_end].strip(), numbered_as=c.numbered_as,
            found_by="subheading" if c.subheading else "heading"))
    return sections, cands
