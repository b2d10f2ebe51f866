"""Cut a table region into lines of items (text, number, dash, empty), whatever the layout.

Layouts: ``pipe`` (cells split by |), ``cell-per-line`` (one "cell |" per line), ``tab`` (cells split
by tabs, as pasted from web pages or PDF converters) and ``spaced`` (pdfplumber text: numbers
separated by spaces, no blank cells visible). Page footers and Markdown rule lines are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from agents.extract.norm import (
    CELL_DASHES,
    FOOTER,
    MARKED_TAIL,
    MD_RULE,
    VALUE_LIKE,
    classify,
    content_end,
    half_width,
    split_trailing_number,
    typed_number,
)
from agents.extract.paragraphs import blank_cell_lines, blank_paragraphs

VALUE_KINDS = frozenset(("number", "dash", "empty", "unreadable"))


@dataclass(slots=True)
class Item:
    kind: str  # "text", "number", "dash", "empty"
    raw: str
    start: int
    end: int
    line: int
    cut: bool = False  # a figure the file ends with: it may have been cut off part-way ("30" of "3050")


@dataclass(slots=True)
class Line:
    number: int  # 1-based line number in the document
    start: int
    end: int
    items: list[Item] = field(default_factory=list)
    had_trailing_empty: bool = False  # grid line whose last cells were empty (padding or blanks)
    trailing: list[Item] = field(default_factory=list)  # those empty cells, taken off ``items``
    grid: bool = False  # cells split by pipes or tabs (blank cells visible), not by spaces
    opens: bool = False  # a pipe row that starts with a pipe (spaces aside)
    closes: bool = False  # a pipe row that ends with a pipe (spaces aside)


@dataclass
class Region:
    shape: str
    lines: list[Line]
    start: int
    end: int


_CELL_SPLIT = {"pipe": "|", "tab": "\t"}
_DASHED_FIGURES = re.compile(rf"^(?=.*[0-9０-９])[0-9０-９{re.escape(CELL_DASHES)}]+$")
_FIGURES = "0123456789０１２３４５６７８９"
_FIGURES_AND_DASHES = _FIGURES + CELL_DASHES
_DASH_OR_FIGURE = re.compile(rf"[{re.escape(CELL_DASHES)}]+|[0-9０-９]+")
_WS = re.compile(r"\S+")
_DIGIT_RUN = re.compile(r"\d+")


def detect_shape(body: list[str]) -> str:
    """The layout of a region from its lines that hold something (not blank, not a page footer)."""
    if not body:
        return "spaced"
    pipes = [s for s in body if "|" in s]
    tabs = [s for s in body if "\t" in s]
    if len(pipes) >= 0.3 * len(body):
        single = sum(1 for s in pipes if sum(1 for c in s.split("|") if c.strip()) <= 1)
        return "cell-per-line" if single >= 0.7 * len(pipes) else "pipe"
    if len(tabs) >= 0.3 * len(body):
        return "tab"
    return "spaced"


_SEPARATED = re.compile(r"[^，,、；;：:]+")


def _separated(stripped: str) -> list[tuple[str, str, int]] | None:
    """'数量：114，8，1，0' — figures separated by commas or colons instead of cells or spaces."""
    parts = [(m.group(), m.start()) for m in _SEPARATED.finditer(stripped)]
    numeric = [p for p, _ in parts if classify(p) == "number"]
    if len(numeric) < 2:
        return None
    pieces: list[tuple[str, str, int]] = []
    for p, o in parts:
        pieces.extend((kind, raw, o + at) for kind, raw, at in _piece_shape(p, False, False))
    return pieces


def _add_items(items: list[Item], piece: str, start: int, line_no: int, *, keep_empty: bool) -> None:
    """One grid cell, or one whitespace token, as one or more items appended to ``items``."""
    for kind, raw, at in _piece_shape(piece, keep_empty, True):
        at += start
        items.append(Item(kind, raw, at, at + len(raw), line_no))


@lru_cache(maxsize=16384)
def _piece_shape(piece: str, keep_empty: bool, split_separated: bool) -> tuple[tuple[str, str, int], ...]:
    """(kind, text, offset in the piece) of each item in a piece; cells repeat ("0", "| 0 |"), so the
    analysis is done once per distinct piece."""
    stripped = piece.strip()
    if not stripped:
        return (("empty", "", 0),) if keep_empty else ()
    lead = len(piece) - len(piece.lstrip())
    core = stripped.strip("*_`")  # Markdown emphasis around a cell: **12**, `0`
    if core and core != stripped:
        lead += stripped.index(core)
        stripped = core
    kind = classify(stripped)
    if kind != "text":
        return ((kind, stripped, lead),)
    # a cell such as "0 0 0" (several numbers in one grid cell) or "数量713" (label glued to digits)
    words = stripped.split()  # the same whitespace as _WS's
    if len(words) > 1 and all(classify(p) in ("number", "dash") for p in words):
        return tuple((classify(m.group()), m.group(), lead + m.start()) for m in _WS.finditer(stripped))
    digit_runs = len(_DIGIT_RUN.findall(stripped))  # a label with no figure in it is most pieces: done here
    if not digit_runs:
        return (("text", stripped, lead),)
    if len(words) > 2 and (spaced := _spaced_figures(stripped, words)):  # "（七）总计 0 1 1 0 2 1" in one cell
        return tuple((k, raw, lead + at) for k, raw, at in spaced)
    if _DASHED_FIGURES.match(stripped):  # cells run together with a dash among them ("0—35—39220623")
        return tuple(("dash" if m.group()[0] in CELL_DASHES else "number", m.group(), lead + m.start())
                     for m in _DASH_OR_FIGURE.finditer(stripped))
    separated = _separated(stripped) if split_separated and digit_runs >= 2 else None
    if separated:
        return tuple((k, raw, lead + o) for k, raw, o in separated)
    at = len(stripped.rstrip(_FIGURES_AND_DASHES))  # a label, then cells run together with a dash among them
    tail = stripped[at:]
    if 0 < at and stripped[at - 1] not in ".," and any(c in CELL_DASHES for c in tail) \
            and any(c in _FIGURES for c in tail) and len(_DASH_OR_FIGURE.findall(tail)) >= 3:
        return (("text", stripped[:at], lead),) + tuple(
            ("dash" if m.group()[0] in CELL_DASHES else "number", m.group(), lead + at + m.start())
            for m in _DASH_OR_FIGURE.finditer(tail))
    tail = half_width(stripped[-1])
    if not tail.isdecimal():  # split_trailing_number needs a figure at the end
        return (("text", stripped, lead),)
    glued = None if VALUE_LIKE.match(half_width(stripped)) else split_trailing_number(stripped)  # "约5" stays whole
    if glued and classify(glued[0]) == "text":
        head, num = glued
        return (("text", head, lead), ("number", num, lead + len(stripped) - len(num)))
    if (marked := MARKED_TAIL.search(stripped)) is not None:  # "4?47", "总计O021324O0O2828": figures a mark is inside
        at = marked.start()
        return (("text", stripped[:at], lead),) * bool(at) + (("unreadable", stripped[at:], lead + at),)
    return (("text", stripped, lead),)


def _spaced_figures(stripped: str, words: list[str]) -> tuple[tuple[str, str, int], ...]:
    """Text, then two or more figures (or dashes) spaced apart, in one piece: a grid cell that holds a
    row's label and its figures ("…总计 0 1 1 0 2 1": a tab among spaces put a row's cells in one),
    as the text and each figure; () otherwise. Only the last figure was once split off, and the others
    were read as part of the label: the row's figures shifted into the wrong cells."""
    k = len(words)
    while k > 0 and classify(words[k - 1]) in ("number", "dash"):
        k -= 1
    if k == 0 or len(words) - k < 2:
        return ()
    tokens = list(_WS.finditer(stripped))
    return (("text", stripped[:tokens[k - 1].end()], 0),) + tuple((classify(m.group()), m.group(), m.start())
                                                                  for m in tokens[k:])


def _grid_line(raw: str, offset: int, line_no: int, sep: str) -> Line:
    line = Line(line_no, offset, offset + len(raw))
    cells = raw.split(sep)
    lo, hi = 0, len(cells)
    if sep == "|" and not cells[0].strip() and raw.lstrip().startswith("|"):
        lo = 1
    if sep == "|" and hi > lo and not cells[-1].strip() and raw.rstrip().endswith("|"):
        hi -= 1
    items = line.items
    append = items.append
    start = offset
    for k, cell in enumerate(cells):  # _add_items inlined: a grid line is most of a table's cells
        if lo <= k < hi:
            shape = _piece_shape(cell, True, True)
            if len(shape) == 2 and shape[0][0] == "text" and shape[1][0] == "number" \
                    and any(it.kind != "empty" for it in items):
                # a label glued to a figure ("数量713") is a row's first cell; a later cell of a grid line
                # so printed is a heading's words ("| 类别 | 数据1 | … | 数据4"), never a figure of its own
                shape = (("text", cell.strip(), len(cell) - len(cell.lstrip())),)
            for kind, text, at in shape:
                at += start
                append(Item(kind, text, at, at + len(text), line_no))
        start += len(cell) + 1
    while items and items[-1].kind == "empty":
        line.trailing.insert(0, items.pop())
        line.had_trailing_empty = True
    line.grid = True
    line.opens, line.closes = lo == 1, hi < len(cells)
    return line


def _cell_per_line(raw: str, offset: int, line_no: int) -> Line:
    """'0 |', '| ||' (a blank cell), 'label |': the text before the first pipe is the cell."""
    if "|" not in raw:
        if "\t" in raw.strip():  # cells parted by tabs on one line ("label\t3001\t\t61"): an empty one is a
            return _grid_line(raw, offset, line_no, "\t")  # blank cell, never dropped as whitespace is
        line = Line(line_no, offset, offset + len(raw))
        _add_items(line.items, raw, offset, line_no, keep_empty=False)
        return line
    line = Line(line_no, offset, offset + len(raw))
    head, rest = raw.split("|", 1)
    if rest.strip(" \t|"):  # "| 结果维持": a Markdown row (a region so short it looked a cell a line), never a
        return _grid_line(raw, offset, line_no, "|")  # blank cell and then more; "行政许可 | 0 |": two lines joined
    _add_items(line.items, head, offset, line_no, keep_empty=True)
    return line


# A figure with a character or two of a vertical label glued after it ("8结"): a layout tool that sorts
# text by position puts a merged cell's stacked label ("本年度办理结果", one character a line) beside
# the figure that ends the row on the same line. A unit ("8件") is not this: it is a typed figure; nor is
# a date ("2024年"), which a note line in the table's area may end with.
_MARGIN_GLUED = re.compile(r"^(\d+(?:,\d{3})*)((?:(?![年月日])[\u4e00-\u9fff]){1,2})$")


# A figure with the next row's label run on after it ("3985758行政强制": two lines joined, their line break
# lost): the figure, then the label. A unit or a date after a figure ("8件", "2024年度") is no label.
_LABEL_AFTER = re.compile(r"^(\d+(?:,\d{3})*)((?![年月日件个项条次人元万亿份期场篇家户天名起批类所处台套])[\u4e00-\u9fff]{2}.*)$")


def _spaced_line(raw: str, offset: int, line_no: int) -> Line:
    line = Line(line_no, offset, offset + len(raw))
    tokens = list(_WS.finditer(raw))
    for k, m in enumerate(tokens):
        token, at = m.group(), offset + m.start()
        glued = _MARGIN_GLUED.match(token) if k == len(tokens) - 1 and k > 0 else None
        glued = glued or (_LABEL_AFTER.match(token) if k > 0 and token[0].isdigit() else None)
        if glued and typed_number(token) is None:
            figure = glued.group(1)
            line.items += [Item("number", figure, at, at + len(figure), line_no),
                           Item("text", glued.group(2), at + len(figure), at + len(token), line_no)]
            continue
        _add_items(line.items, token, at, line_no, keep_empty=False)
    return line


_LABELISH = re.compile(r"[\u4e00-\u9fff]{2,}")


_CN_CELL = re.compile(r"^[〇零一二两三四五六七八九十百千]+$")
_NO_CJK = re.compile(r"^[^\u4e00-\u9fff\u3400-\u4dbf]{1,6}$")
_DIGIT_MARKER = re.compile(r"^[(（]?\d{1,2}[.、．)）]$")


# what closes a label's words (a quotation, a bracket, a colon): a layout tool may space it off the label
# ("3.危及“三安全一稳定 ” 5 0 …"), and it is no figure misread
_LABEL_CLOSE = frozenset("”’」』）)》〉】〕］]：:，,。、；;")


def _garbled(raw: str) -> bool:
    """A cell (or a token of spaced text) that holds no Chinese and is no item marker ("1.", "(2)"): a figure misread ("O", "l",
    "1O") or a stray mark, never a row's label, which is written in Chinese; nor the closing mark of a label."""
    return bool(_NO_CJK.match(raw)) and not _DIGIT_MARKER.match(half_width(raw).strip()) \
        and not set(raw.strip()) <= _LABEL_CLOSE


def _closes_quote(before: str, raw: str) -> bool:
    """Whether ``raw`` is a straight quotation mark that closes one the text before it opened
    ('3.危及"三安全一稳定' then '"', spaced off it): the label's end, no misread figure."""
    mark = raw.strip()
    return mark in ('"', "'") and before.count(mark) % 2 == 1


@lru_cache(maxsize=4096)
def _figure_like(raw: str) -> bool:
    return bool(VALUE_LIKE.match(half_width(raw).strip()))


def _value_like(it: Item) -> bool:
    return it.kind in ("number", "dash", "unreadable") or (it.kind == "text" and _figure_like(it.raw))



def _mark_unreadable(line: Line, grid: bool) -> None:
    """Text among a row's values is a cell, never a label: read where its figure is certain ("5件",
    "二十", "〇"), otherwise unreadable ("abc", "约5"), so no later value shifts into its column."""
    items = line.items
    for it in items:  # only text is ever re-marked: a line of values alone is done here
        if it.kind == "text":
            break
    else:
        return
    texts = [i for i, it in enumerate(items) if it.kind == "text"]
    if texts == [0] and not _figure_like(items[0].raw) and not (grid and (_CN_CELL.match(half_width(items[0].raw))
                                                                          or _garbled(items[0].raw))):
        return  # a label and then values (most rows): the label stays text, and no text follows it
    like = [_value_like(it) for it in items]
    first = next((i for i, v in enumerate(like) if v), None)
    if first is None:
        return
    if grid and first > 0 and items[first - 1].kind == "text" and _CN_CELL.match(half_width(items[first - 1].raw)):
        first -= 1  # a cell of its own holding only "五" just before the figures is the first figure
    while first > 0 and items[first - 1].kind == "text" and _garbled(items[first - 1].raw) \
            and not (first > 1 and _closes_quote(items[first - 2].raw, items[first - 1].raw)):
        first -= 1  # "| 4. 无正当理由… | O | l | 0 |": a misread figure in a cell of its own is no label
    last = max(i for i, v in enumerate(like) if v)
    for i in range(first, len(items)):
        it = items[i]
        if it.kind != "text" or (not grid and i > last):
            continue
        if typed_number(it.raw) is not None and (grid or i > first or like[i]):
            it.kind = "number"
        elif i == len(items) - 1 and i > first and _DIGIT_MARKER.match(half_width(it.raw).strip()):
            continue  # "…\t0\t\t4." and then "保护第三方…": the next row's item marker, its words on the next line
        elif len(it.raw) <= 6 and not _LABELISH.search(it.raw):
            it.kind = "unreadable"


# A page number ("- 4 -") that a layout tool put on the same line as the next page's first row or header,
# before its text: "- 4 -    法提供   2.没有现成信息需要另行制作  11 0 …". Figures between dashes before
# figures ("- 4 - 0 3") may be a row's cells, so only a page number before text is passed over.
_DASHES = frozenset("-—–－")
_FOOTER_LEAD = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*(?=[\u4e00-\u9fff（(])")


# A Markdown table's rule line run onto the line before or after it (a line break lost): "| 类别 | … | 总计 |
# |---|---|…|", "|---|---|…|| （七）总计 | 710 |". Where the two lines meet, a pipe closes one and another
# opens the next ("||", "| |"), which a row never prints between cells of "---": those cells are no dashes.
_RULE_CELL = r"\s*:?-{3,}:?\s*"
_JOINED_RULE = re.compile(rf"(?<=\|)[ \t]*(?:\|{_RULE_CELL}){{2,}}\|?\s*$|^\s*\|?(?:{_RULE_CELL}\|){{2,}}(?=[ \t]*\|)")


# a line break inside a Markdown table's cell, as markitdown and pandoc write it ("705<br>", "（三）不予<br/>公开"):
# space; the figure before it was once a text cell taken for part of the row's label, and the row's
# figures moved one cell to the left
_CELL_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


# a row's rest after a line break in a cell: its cells' figures and tabs only, a tab or a figure first (no label
# of a row of its own, nor the item marker a label's next line goes on from: "\t\t6." and then "属于四类…")
_REST_OF_ROW = re.compile(rf"^[ \u3000]*[\t0-9０-９][\t 0-9０-９,\u3000{re.escape(CELL_DASHES)}]*$")


def rejoined_tab_rows(raw_lines: list[str], body: list[int]) -> tuple[list[str], list[int]]:
    """Tab rows a line break inside a cell parted (a Word table's cell of two paragraphs, copied as text:
    "一、本年新收…\t\t1\t0\n\t0\t0\t1\t", or a label "…信息\n\t1\t0…"): where most lines with
    figures print the same count of tabs (or one more: a tab after the last cell), consecutive lines
    that each print fewer, come to such a count together and hold a figure, all but the first holding
    only tabs and figures (no row's label) or only words (a label's next line, "…内部事\n务信息\n\t1…"),
    are one row. It is put on the first line, a space for each line break (offsets keep), the others
    emptied. Read apart, the tab after the break was taken for a blank cell, and the figures after it
    moved one cell right."""
    counts = {i: raw_lines[i].count("\t") for i in body}
    with_figures = [counts[i] for i in body if _DIGIT_RUN.search(raw_lines[i])]
    if len(with_figures) < 3:
        return raw_lines, body
    common = Counter(with_figures).most_common(2)
    widths = {c for c, _ in common} if len(common) == 2 and abs(common[0][0] - common[1][0]) == 1 else {common[0][0]}
    width, widest = min(widths), max(widths)  # rows that print a tab after their last cell and rows that do not
    if not width or sum(times for c, times in common if c in widths) < 0.6 * len(with_figures):
        return raw_lines, body
    out, gone = list(raw_lines), set()
    for i in body:
        if i in gone or counts[i] >= width:
            continue
        last, total = i, counts[i]
        while last + 1 < len(raw_lines) and (tabs := (nxt := raw_lines[last + 1]).count("\t")) < width \
                and total + tabs <= widest and (_REST_OF_ROW.match(nxt) or (not nxt.strip() and "\t" in nxt)
                                                or (not tabs and nxt.strip() and not _DIGIT_RUN.search(nxt))):
            last += 1  # (a line of a tab alone: an empty cell between two breaks; words alone: a label's next line)
            total += tabs
        parts = raw_lines[i:last + 1]
        if last > i and total in widths and any(_DIGIT_RUN.search(part) for part in parts):
            out[i] = " ".join(parts)
            for t in range(i + 1, last + 1):
                out[t] = ""
                gone.add(t)
    return (out, [i for i in body if i not in gone]) if gone else (raw_lines, body)


def tokenize(text: str, start: int, end: int, first_line_no: int, shape: str | None = None) -> Region:
    raw_lines = text[start:end].split("\n")
    offsets = list(accumulate((len(raw) + 1 for raw in raw_lines), initial=start))
    footer = FOOTER.match
    body = [i for i, raw in enumerate(raw_lines) if raw.strip() and not footer(raw)]  # a "\r" is space to both
    shape = shape or detect_shape([raw_lines[i] for i in body])
    blank_cells: set[int] = set()
    # Word's empty paragraphs first: a line of one space among them (an editor's, a converter's) is no web
    # page's blank cell, while a page's lines of one space never part its text in Word's odd counts
    if shape == "spaced" and (found := blank_paragraphs(raw_lines, body) or blank_cell_lines(raw_lines, body)):
        shape, blank_cells = "cell-per-line", set(found)
        body = sorted(set(body) | blank_cells)
    if shape == "tab":
        raw_lines, body = rejoined_tab_rows(raw_lines, body)
    sep = _CELL_SPLIT.get(shape)
    # the region ends inside a line (a page's text joined on one line with tabs, the next section after
    # the table): the last line is cut there, not ended
    cut_line = len(raw_lines) - 1 if end < len(text) and text[end] != "\n" else -1
    lines: list[Line] = []
    for i in body:
        raw_clean = raw_lines[i].rstrip("\r")
        offset, line_no = offsets[i], first_line_no + i
        if i in blank_cells:
            lines.append(Line(line_no, offset, offset + len(raw_clean), [Item("empty", "", offset, offset, line_no)]))
            continue
        if MD_RULE.match(raw_clean):
            continue
        if "--|" in raw_clean and (joined := _JOINED_RULE.search(raw_clean)):
            raw_clean = raw_clean[:joined.start()] + " " * len(joined.group()) + raw_clean[joined.end():]  # offsets kept
        if "<" in raw_clean and "|" in raw_clean:  # a converter's line break inside a Markdown cell ("705<br>")
            raw_clean = _CELL_BREAK.sub(lambda m: " " * len(m.group()), raw_clean)  # offsets kept
        if raw_clean.lstrip()[:1] in _DASHES and (lead := _FOOTER_LEAD.match(raw_clean)):
            raw_clean = " " * lead.end() + raw_clean[lead.end():]  # offsets kept
        if sep == "\t" and i == cut_line and raw_clean.endswith("\t"):
            raw_clean = raw_clean[:-1]  # the tab before the next section's text: no cell of the table
        if sep is not None and sep in raw_clean:
            line = _grid_line(raw_clean, offset, line_no, sep)
        elif shape == "spaced" and raw_clean.count("|") >= 2:  # a Markdown table among text lines
            line = _grid_line(raw_clean, offset, line_no, "|")
        elif shape == "cell-per-line":
            line = _cell_per_line(raw_clean, offset, line_no)
        else:
            line = _spaced_line(raw_clean, offset, line_no)
        if line.items:
            _mark_unreadable(line, line.grid or shape == "cell-per-line")
            lines.append(line)
    return Region(shape, lines, start, end)


def doubt_last_figure(region: Region, doc: str) -> None:
    """A table region that ends the file with a figure ("…61 4 30": no closing "|", no line break after
    it): no report ends so; where the file was cut off, the figure's last digits are gone ("30" of
    "3050"), so it is unreadable, not taken. So is a dash there ("|--": a Markdown rule line cut short,
    or the start of a "——"), never read as a cell the report printed as a dash."""
    last = region.lines[-1].items[-1] if region.lines and region.lines[-1].items else None
    if last is not None and last.kind in ("number", "dash") and last.end >= content_end(doc) \
            and "\n" not in doc[last.end:]:
        last.kind, last.cut = "unreadable", True


_SEPARATORS_ONLY = re.compile(r"^[^\S\n]*[\t|][\t| \u3000]*$", re.M)


def blank_grid_row(doc: str, start: int, end: int, n: int, line_of: Callable[[int], int]) -> list[Item]:
    """The cells of the first line in doc[start:end] that is a grid row of ``n`` cells all printed empty
    (a web page's or Word's table row of blank cells, kept by the reader as its tabs; a Markdown row
    "| | … |"), as empty items; [] when there is none. Such a line has no label and no figure, so
    tokenize drops it: a table whose only value row is blank (表四 of an agency with no cases, left
    blank instead of 0) is read from it as blank cells, not as a table without figures."""
    for m in _SEPARATORS_ONLY.finditer(doc, start, end):
        raw = m.group()
        seps = [k for k, ch in enumerate(raw) if ch in "\t|"]
        if len({raw[k] for k in seps}) != 1:
            continue  # tabs and pipes mixed: not one table's row
        if raw[seps[0]] == "|" and not raw[:seps[0]].strip() and not raw[seps[-1] + 1:].strip() and len(seps) == n + 1:
            starts = seps[:-1]  # Markdown: a pipe opens and closes the row
        elif len(seps) == n - 1:
            starts = [-1] + seps
        else:
            continue
        return [Item("empty", "", m.start() + k + 1, m.start() + k + 1, line_of(m.start())) for k in starts]
    return []
