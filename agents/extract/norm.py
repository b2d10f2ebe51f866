"""Text normalisation that keeps offsets: full-width to half-width, whitespace dropped, index map kept."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate

# full-width ASCII variants (U+FF01..U+FF5E) map one-to-one onto ASCII; a few more by hand
_FW = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FW.update({0x3000: 0x20, 0x3002: 0x3002, 0xFF0E: 0x2E, 0x2014: 0x2014, 0x00A0: 0x20, 0xFEFF: 0x20,
            0x200B: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20})
FULLWIDTH = str.maketrans(_FW)
_NONSPACE = re.compile(r"\S+")


_NEEDS_MAPPING = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FW) if _FW[cp] != cp) + "]")


LONG = 2000  # a text this long is a whole report or region, which several stages normalise again
HUGE = 2_000_000  # longer ones are not kept (a 20 MB input must not be held several times over)


def half_width(s: str) -> str:
    if s.isascii():  # every character that maps is past ASCII; most cells ("0", "12") are ASCII
        return s
    if LONG <= len(s) <= HUGE:
        return _half_width_long(s)
    return _map_fullwidth(s) if _NEEDS_MAPPING.search(s) else s  # most pieces need no mapping


@lru_cache(maxsize=4)
def _half_width_long(s: str) -> str:
    """A report's text is normalised by the reader of its period, the narrative rules, the version
    detector …: done once."""
    return _map_fullwidth(s)


_MAPPED = {chr(cp): chr(to) for cp, to in _FW.items() if cp != to}


def _map_fullwidth(s: str) -> str:
    """``s.translate(FULLWIDTH)``. translate looks every character of a Chinese text up one by one
    (some 100 ns each); past a short piece, replacing only the characters that map is several times
    faster, as most characters of a report do not: each distinct one that occurs is replaced
    throughout by str.replace (a report prints a handful of them, "，" "（" "：" …, hundreds of
    times). No character maps to one that maps again, so the order does not matter."""
    if len(s) < 64:
        return s.translate(FULLWIDTH)
    for ch in set(_NEEDS_MAPPING.findall(s)):
        s = s.replace(ch, _MAPPED[ch])
    return s


def content_end(text: str) -> int:
    """Where ``text``'s last non-space character ends (``len(text.rstrip())``, without copying a long text)."""
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    return end


def squash(s: str) -> str:
    """Half-width, whitespace removed: the form in which labels and titles are compared."""
    if LONG <= len(s) <= HUGE:
        return _squash_long(s)
    return "".join(half_width(s).split())


@lru_cache(maxsize=4)
def _squash_long(s: str) -> str:
    return "".join(half_width(s).split())


@lru_cache(maxsize=4096)
def label_key(s: str) -> str:
    """``squash`` for the format pack's short, fixed strings (anchors, titles), computed once each."""
    return squash(s)


def blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` (table regions) turned into spaces, line breaks kept:
    the narrative around them, at the same offsets."""
    parts: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        a, b = max(a, pos), min(b, len(text))
        if b <= a:
            continue
        parts += [text[pos:a], "\n".join(" " * len(line) for line in text[a:b].split("\n"))]
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


class NormText:
    """A normalised view of ``text[start:end]`` (half-width, whitespace dropped) that maps each kept
    character back to its source offset.

    The normalised text is made at once (by str.split, in C); the map back is made only where an
    offset is asked for: lines are located by their normalised starts, and a line's tokens are mapped
    the first time an offset falls in it. Most stages ask for a few offsets of a long text."""

    __slots__ = ("text", "_base", "_lines", "_norm_starts", "_src_starts", "_maps")

    def __init__(self, src: str, base: int) -> None:
        """``src``: the half-width source text, which starts at offset ``base``."""
        self._base = base
        self._lines = src.split("\n")
        kept = ["".join(line.split()) for line in self._lines]
        self.text = "".join(kept)
        self._norm_starts = list(accumulate(map(len, kept), initial=0))
        self._src_starts = list(accumulate((len(line) + 1 for line in self._lines), initial=0))
        self._maps: dict[int, tuple[list[int], list[int]]] = {}

    @classmethod
    def build(cls, text: str, start: int = 0, end: int | None = None) -> NormText:
        end = len(text) if end is None else end
        return cls(half_width(text[start:end]), start)  # one character for one: offsets keep

    def _line_map(self, k: int) -> tuple[list[int], list[int]]:
        """Where each token of line ``k`` starts in the line's normalised text and in the line."""
        got = self._maps.get(k)
        if got is None:
            starts: list[int] = []
            sources: list[int] = []
            n = 0
            for m in _NONSPACE.finditer(self._lines[k]):
                starts.append(n)
                sources.append(m.start())
                n += m.end() - m.start()
            got = self._maps[k] = (starts, sources)
        return got

    def line_of(self, i: int) -> int:
        """Which line of the source (0 for the first) holds kept character ``i``."""
        i = min(max(i, 0), len(self.text) - 1)
        return bisect.bisect_right(self._norm_starts, i) - 1

    def source_offset(self, i: int) -> int:
        if not self.text:
            return 0
        i = min(max(i, 0), len(self.text) - 1)
        k = self.line_of(i)
        j = i - self._norm_starts[k]
        starts, sources = self._line_map(k)
        t = bisect.bisect_right(starts, j) - 1
        return self._base + self._src_starts[k] + sources[t] + (j - starts[t])


# ------------------------------------------------------------------ cell values

DASHES = set("—–-－―─‐‒/／\\＼~～×")
_DASH_CHARS = "".join(sorted(DASHES))
# the dashes that stand for a whole cell where a crawler runs a row's cells together ("—4210513613")
CELL_DASHES = "—–－―/／-"
DASH_WORDS = {"无", "空", "暂无", "N/A", "n/a", "NA", "/"}
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# the figure a token ends in, as _NUMBER writes one: "12," or "1,2345" is no figure (parse_number refuses it)
_TRAILING_NUMBER = re.compile(r"^(.*?[^\d.,+\-])([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")
# a mark between two digits that no figure, label or cell separator holds: a footnote "*", a "?" or "#", a
# misread letter ("O", "l"), an undecodable byte's "\ufffd". It may stand inside one figure ("1*1" for 11),
# so neither side of it is read: split_trailing_number splits no figure off after it, MARKED_TAIL reads
# the figures around it as one cell that cannot be read, and a crawler's row touching it is unread
# (inline._marked_run). Points, commas, semicolons, dashes, slashes, colons and brackets are no such marks:
# decimals, thousands, figures parted by commas, dates, dashed cells and labels ("(1)12") are read elsewhere.
FIGURE_MARK = r"[^\s\d\u4e00-\u9fff\u3400-\u4dbf（()）、.,，:：;；" + re.escape(CELL_DASHES) + "]"
_FIGURE_MARK = re.compile(FIGURE_MARK)
# the figures that end a piece, after its label's last word, with such a mark between two of their digits
# ("4?47", "O021324O0O282817O351567"): one cell that cannot be read, not text (a row's label would then
# have no figures, and the row read as not printed at all)
MARKED_TAIL = re.compile(rf"(?<![^\u4e00-\u9fff)）:：])[^\u4e00-\u9fff)）:：\s]*\d{FIGURE_MARK}+\d[^\u4e00-\u9fff)）:：\s]*$")


# what a reader writes for a cell it saw but could not read (OCR: a glyph that is no figure); the
# replacement character, as decoders write it for bytes they cannot decode
UNREADABLE_MARK = "\ufffd"


def classify(raw: str) -> str:
    """'empty', 'number', 'dash', 'unreadable' (a reader's mark) or 'text' for one cell or token."""
    s = half_width(raw).strip()
    if not s:
        return "empty"
    if UNREADABLE_MARK in s:
        return "unreadable"
    first = s[0]
    if (first.isdecimal() or first in "+-") and _NUMBER.match(s):  # \d is any decimal digit, as isdecimal
        return "number"
    if s in DASH_WORDS or not s.strip(_DASH_CHARS):  # every character a dash
        return "dash"
    return "text"


def parse_number(raw: str) -> int | float:
    s = half_width(raw).strip().replace(",", "")
    if _NUMBER.match(half_width(raw).strip()):
        return float(s) if "." in s else int(s)
    typed = typed_number(raw)
    if typed is None:
        raise ValueError(raw)
    return typed


# figures as people type them in a cell: "5件", "二十", "〇"; "约5" is not certain, so not a number
UNITS = "件|条|个|项|次|家|人|宗|份|万元|元"
_WITH_UNIT = re.compile(rf"^([+-]?\d[\d,]*(?:\.\d+)?)\s*(?:{UNITS})$")
VALUE_LIKE = re.compile(rf"^(?:约|近|逾|超过)?[+-]?\d[\d,]*(?:\.\d+)?\s*(?:{UNITS})?$")
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = re.compile(rf"^[〇零一二两三四五六七八九十百千]+(?:{UNITS})?$")


def _chinese_numeral(s: str) -> int | None:
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            if digit not in (None, 0):
                return None  # "二三", "二〇" are not numbers; "一百零五" is
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


_DIGIT_BY_DIGIT = {**_CN_DIGITS, "○": 0, "O": 0}  # a year's numerals: "二〇二三", "二○二三" ("Ｏ" is "O" half-width)


def year_value(printed: str) -> int:
    """A year printed in figures or in Chinese numerals digit by digit ("二〇二三" -> 2023), as
    ``meta._Y`` matches it."""
    return int(printed) if printed.isdecimal() else int("".join(str(_DIGIT_BY_DIGIT[c]) for c in printed))


def typed_number(raw: str) -> int | float | None:
    """'5件' -> 5, '二十' -> 20, '〇' -> 0; None when the text is not certainly one figure."""
    s = half_width(raw).strip()
    m = _WITH_UNIT.match(s)
    if m:
        v = m.group(1).replace(",", "")
        return float(v) if "." in v else int(v)
    if _CN_NUMBER.match(s):
        return _chinese_numeral(re.sub(rf"(?:{UNITS})$", "", s))
    return None


def split_trailing_number(token: str) -> tuple[str, str] | None:
    """'数量713000074' -> ('数量', '713000074'); None when the token does not end in digits after text."""
    m = _TRAILING_NUMBER.match(half_width(token))
    if not m:
        return None
    head, num = m.group(1), m.group(2)
    if head.endswith((".", "、", "(", "（", "第")):
        return None
    if len(head) >= 2 and head[-2].isdecimal() and _FIGURE_MARK.match(head[-1]):
        return None  # "1*1", "3\ufffd7": a mark inside a figure, or between two glued cells: which, no one can tell
    return head, num


FOOTER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                    r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
# a Markdown table's rule line; its last cell may be cut short ("|---|---|--": a file that ends inside it)
MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*(?:\|\s*:?-{1,2}|\|?)\s*$")
