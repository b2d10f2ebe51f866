"""The cell classifier and the piece shaper take shortcuts (a first-character test before the number
pattern, a dash test by str.strip, whitespace split by str.split, no glued-figure search where the
piece cannot end in a figure): each must read every piece as the plain version below does. And every
item that either of them calls a number is a figure ``parse_number`` reads: "12," (of "数量12,") and "000," (of
"000,结", a figure with a vertical label's character glued after it) once were, and the check stopped
with a ValueError where the row was read."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from agents.extract.lines import _DIGIT_RUN, _WS, _piece_shape, _separated, _spaced_line
from agents.extract.norm import (
    CELL_DASHES,
    DASH_WORDS,
    DASHES,
    FIGURE_MARK,
    UNREADABLE_MARK,
    VALUE_LIKE,
    classify,
    half_width,
    parse_number,
    split_trailing_number,
)

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def plain_classify(raw: str) -> str:
    s = half_width(raw).strip()
    if not s:
        return "empty"
    if UNREADABLE_MARK in s:
        return "unreadable"
    if _NUMBER.match(s):
        return "number"
    if s in DASH_WORDS or all(ch in DASHES for ch in s):
        return "dash"
    return "text"


def plain_piece_shape(piece: str, keep_empty: bool, split_separated: bool) -> tuple[tuple[str, str, int], ...]:
    stripped = piece.strip()
    if not stripped:
        return (("empty", "", 0),) if keep_empty else ()
    lead = len(piece) - len(piece.lstrip())
    core = stripped.strip("*_`")
    if core and core != stripped:
        lead += stripped.index(core)
        stripped = core
    kind = plain_classify(stripped)
    if kind != "text":
        return ((kind, stripped, lead),)
    parts = [(m.group(), m.start()) for m in _WS.finditer(stripped)]
    if len(parts) > 1 and all(plain_classify(p) in ("number", "dash") for p, _ in parts):
        return tuple((plain_classify(p), p, lead + o) for p, o in parts)
    digit_runs = len(_DIGIT_RUN.findall(stripped))
    if not digit_runs:
        return (("text", stripped, lead),)
    figure_words = 0  # the figures and dashes spaced apart that end the piece, after some text
    while figure_words < len(parts) and plain_classify(parts[-1 - figure_words][0]) in ("number", "dash"):
        figure_words += 1
    if figure_words >= 2 and figure_words < len(parts):
        head_end = parts[-1 - figure_words][1] + len(parts[-1 - figure_words][0])
        return (("text", stripped[:head_end], lead),) + tuple(
            (plain_classify(p), p, lead + o) for p, o in parts[len(parts) - figure_words:])
    figures_and_dashes = re.compile(f"[0-9０-９{re.escape(CELL_DASHES)}]+")
    if figures_and_dashes.fullmatch(stripped) and re.search("[0-9０-９]", stripped):  # "0—35—392206"
        return _dash_or_figure(stripped, lead)
    separated = _separated(stripped) if split_separated and digit_runs >= 2 else None
    if separated:
        return tuple((k, raw, lead + o) for k, raw, o in separated)
    tail = None
    for at in range(len(stripped)):  # the longest stretch of figures and dashes that ends the piece
        if figures_and_dashes.fullmatch(stripped[at:]):
            tail = at
            break
    if tail and stripped[tail - 1] not in ".," and re.search("[0-9０-９]", stripped[tail:]) \
            and any(c in CELL_DASHES for c in stripped[tail:]) and len(_dash_or_figure(stripped[tail:], 0)) >= 3:
        return (("text", stripped[:tail], lead),) + _dash_or_figure(stripped[tail:], lead + tail)
    glued = None if VALUE_LIKE.match(half_width(stripped)) else split_trailing_number(stripped)
    if glued and plain_classify(glued[0]) == "text":
        head, num = glued
        return (("text", head, lead), ("number", num, lead + len(stripped) - len(num)))
    for at in range(len(stripped)):  # figures after the label's last word with an odd mark between two digits
        rest = stripped[at:]
        if rest[-1].isdecimal() and (at == 0 or _LABEL_END.match(stripped[at - 1])) and not any(_LABEL_END.match(c) or c.isspace() for c in rest) \
                and re.search(rf"\d{FIGURE_MARK}+\d", rest):
            return (("text", stripped[:at], lead),) * (at > 0) + (("unreadable", rest, lead + at),)
    return (("text", stripped, lead),)


_LABEL_END = re.compile(r"[\u4e00-\u9fff)）:：]")


def _dash_or_figure(s: str, lead: int) -> tuple[tuple[str, str, int], ...]:
    out, k = [], 0
    while k < len(s):
        j = k
        dash = s[k] in CELL_DASHES
        while j < len(s) and (s[j] in CELL_DASHES) == dash:
            j += 1
        out.append(("dash" if dash else "number", s[k:j], lead + k))
        k = j
    return tuple(out)


CHARS = list("0123456789,.+- \t\u3000\u00a0—–-－―/／\\~×无空暂NAna约近件条数量申请，、（）()*_`:：;１２٣\ufffd?#O")
pieces = st.lists(st.sampled_from(CHARS + ["N/A", "暂无", "1.", "（一）"]), max_size=10).map("".join)


@settings(max_examples=3000, deadline=None)
@given(pieces)
def test_classify_reads_every_piece_as_the_plain_version(piece):
    assert classify(piece) == plain_classify(piece)


@settings(max_examples=3000, deadline=None)
@given(pieces, st.booleans(), st.booleans())
def test_piece_shape_reads_every_piece_as_the_plain_version(piece, keep_empty, split_separated):
    assert _piece_shape.__wrapped__(piece, keep_empty, split_separated) == plain_piece_shape(
        piece, keep_empty, split_separated)


@settings(max_examples=3000, deadline=None)
@given(pieces, st.booleans(), st.booleans())
def test_every_number_a_piece_gives_is_a_figure(piece, keep_empty, split_separated):
    for kind, raw, _ in _piece_shape.__wrapped__(piece, keep_empty, split_separated):
        if kind == "number":
            parse_number(raw)


@settings(max_examples=3000, deadline=None)
@given(st.lists(pieces.map(lambda p: p.replace(" ", "")), min_size=1, max_size=6), st.sampled_from(["", "结", "结果", "件"]))
def test_every_number_a_spaced_line_gives_is_a_figure(tokens, glued):
    line = " ".join(tokens) + glued
    for it in _spaced_line(line, 0, 1).items:
        if it.kind == "number":
            parse_number(it.raw)
