"""Find the six section headings, tolerating typos, spaces inside titles and headings run into text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from agents.extract.norm import NormText, squash
from schemas.cells import Span
from schemas.formats import SECTIONS, SectionSpec
from schemas.report import Section

_HEADING = re.compile(r"^第?([一二三四五六])(?:部分)?[、.,，:：．)）]?")
_WEAK_HEADING = re.compile(r"^(?:[(（]([一二三四五六])[)）]|([1-6])[、.．](?!\d))")  # "（一）总体情况", "1.总体情况"
WEAK_MIN = 0.85  # these forms also number sub-items, so only a near-exact title counts
_TABLE_ROWS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度")
VARIANTS: dict[int, list[str]] = {
    1: ["总体情况"],
    2: ["主动公开政府信息情况"],
    3: ["收到和处理政府信息公开申请情况"],
    4: ["政府信息公开行政复议、行政诉讼情况", "政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼的情况"],
    5: ["存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"],
    6: ["其他需要报告的事项"],
}
MIN_SCORE = 0.6


@dataclass
class Candidate:
    number: int
    score: float
    line_start: int
    line_end: int
    title_len: int  # characters of the squashed line that make the title


def _title_score(rest: str, spec: SectionSpec) -> tuple[float, int]:
    best, best_len = 0.0, 0
    for variant in VARIANTS[spec.number]:
        lo, hi = max(2, int(len(variant) * 0.6)), int(len(variant) * 1.4) + 1
        for n in range(lo, min(hi, len(rest)) + 1):
            r = SequenceMatcher(None, rest[:n], variant, autojunk=False).ratio()
            if r > best:
                best, best_len = r, n
    head = rest[: len(spec.title_zh) + 8]
    for kw in spec.keywords:
        if kw in head and best < 0.75:
            best, best_len = 0.75, head.index(kw) + len(kw)
    return best, best_len


def _bare(line: str) -> str:
    return squash(line).lstrip("#*>-_=`").rstrip("*_`")  # Markdown heading and emphasis marks


def title_text(heading: str) -> str:
    """A heading without its numbering ("一、", "（一）", "1.", "第一部分") and Markdown marks."""
    s = _bare(heading)
    m = _HEADING.match(s) or _WEAK_HEADING.match(s)
    return s[m.end():] if m else s


def heading_candidates(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        s = _bare(raw)
        if not s or len(s) > 400:
            if s:
                s = s[:400]
            else:
                continue
        m = _HEADING.match(s)
        weak = _WEAK_HEADING.match(s) if m is None else None
        if m is None and weak is None:
            for spec in SECTIONS:
                if s in VARIANTS[spec.number] or s == spec.title_zh:
                    out.append(Candidate(spec.number, 0.9, start, end, len(s)))
            continue
        head = m or weak
        assert head is not None
        rest = s[head.end():]
        if not rest or rest.startswith(_TABLE_ROWS):
            continue
        numeral = head.group(1) or (head.group(2) if weak else None)
        index = "一二三四五六".index(numeral) if numeral in "一二三四五六" else int(numeral) - 1
        spec = SECTIONS[index]
        score, n = _title_score(rest, spec)
        if weak is not None:
            if score < WEAK_MIN:
                continue
            score -= 0.1  # a plain "一、" heading of the same section wins
        if score >= MIN_SCORE:
            out.append(Candidate(spec.number, score, start, end, head.end() + n))
    return out


def _best_sequence(cands: list[Candidate]) -> list[Candidate]:
    """The ordered subsequence (numbers and positions both increasing) with the highest total score."""
    best: list[tuple[float, list[Candidate]]] = []
    for i, c in enumerate(cands):
        score, seq = c.score, [c]
        for j in range(i):
            prev = cands[j]
            if prev.number < c.number and prev.line_start < c.line_start and best[j][0] + c.score > score:
                score, seq = best[j][0] + c.score, best[j][1] + [c]
        best.append((score, seq))
    return max(best, key=lambda t: t[0])[1] if best else []


def find_sections(text: str) -> list[Section]:
    chosen = _best_sequence(heading_candidates(text))
    sections: list[Section] = []
    for k, c in enumerate(chosen):
        nt = NormText.build(text, c.line_start, c.line_end)
        head_end = nt.source_offset(c.title_len - 1) + 1 if c.title_len < len(nt.text) else c.line_end
        body_end = chosen[k + 1].line_start if k + 1 < len(chosen) else len(text)
        spec = SECTIONS[c.number - 1]
        title = " ".join(text[c.line_start:head_end].split())
        sections.append(Section(
            number=c.number, title=title, canonical_title=f"{spec.numeral}、{spec.title_zh}",
            heading=Span(start=c.line_start, end=head_end, line=text.count("\n", 0, c.line_start) + 1),
            body=Span(start=head_end, end=body_end, line=text.count("\n", 0, head_end) + 1),
            text=text[head_end:body_end].strip()))
    return sections
