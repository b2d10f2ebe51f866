"""Page text from word positions, for pages with no ruling lines: OCR output, or an unruled text layer.

A table printed without ruling lines is still a grid: its figures stand in columns. Words are grouped
into visual lines by their vertical centre; a run of lines whose figures stand apart from their labels
is a table block; the block's columns are the clusters of its figures' horizontal centres. Each row is
written as ``label<TAB>cell<TAB>cell…`` with one cell per column, an empty cell where the column has
nothing on that row, so a blank is never closed up and no figure moves into its neighbour's column.

The reader takes plain ``Word`` boxes; where they come from (OCR, pdfplumber) is the caller's business.
``read_page(words, reread=...)`` lets OCR look again at an empty cell (a lone "0" its detector missed).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from agents.extract.norm import FOOTER, UNREADABLE_MARK, classify, half_width, label_key, squash
from schemas.formats import SECTIONS


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float = 1.0  # recogniser's confidence (1.0 for a text layer)
    alts: tuple[str, ...] = ()  # other readings of the same place (OCR's second look)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def h(self) -> float:
        return self.bottom - self.top

    @property
    def numeric(self) -> bool:
        return classify(half_width(self.text).strip()) in ("number", "dash")


@dataclass
class Uncertain:
    """A cell whose text the recogniser was not sure of: offsets into the page text, and why."""

    start: int
    end: int
    text: str
    conf: float
    alts: tuple[str, ...] = ()


@dataclass
class PageText:
    text: str
    uncertain: list[Uncertain] = field(default_factory=list)
    tables: int = 0  # table blocks found from word positions
    reread: int = 0  # empty cells looked at again (OCR only)
    angle: float = 0.0  # degrees the page was turned back by (OCR only)


@dataclass
class _Line:
    words: list[Word]

    @property
    def cy(self) -> float:
        return statistics.fmean(w.cy for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


# a cell the reader could not see: (x0, top, x1, bottom) in page coordinates -> (text, confidence) or None
Reread = Callable[[list[tuple[float, float, float, float]]], list[tuple[str, float] | None]]


def char_height(words: Sequence[Word]) -> float:
    hs = [w.h for w in words if w.h > 0]
    return statistics.median(hs) if hs else 10.0


def visual_lines(words: Sequence[Word], h: float) -> list[_Line]:
    """Words whose vertical centres lie within half a character height of a line's centre join it."""
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        near = [ln for ln in lines[-4:] if abs(ln.cy - w.cy) <= 0.5 * h]
        if near:
            min(near, key=lambda ln: abs(ln.cy - w.cy)).words.append(w)
        else:
            lines.append(_Line([w]))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: ln.cy)
    return lines


def _figures(line: _Line, h: float) -> list[Word]:
    """The line's figures that stand in cells of their own: apart from the text before them by more
    than a character's width (in prose, "共计 95" is one phrase, not a label and a cell)."""
    out: list[Word] = []
    prev: Word | None = None
    for w in line.words:
        if w.numeric and (prev is None or prev in out or w.x0 - prev.x1 > 1.2 * h):
            out.append(w)
        prev = w
    # a line of prose that happens to end in a number after a wide gap is still prose when its text
    # runs on after the figures
    if out and any(not w.numeric and w.x0 > out[0].x1 and w.x1 - w.x0 > 6 * h for w in line.words):
        return []
    return out


def _clusters(centres: list[float], h: float) -> list[float]:
    groups: list[list[float]] = []
    for c in sorted(centres):
        if groups and c - groups[-1][-1] <= 1.2 * h:
            groups[-1].append(c)
        else:
            groups.append([c])
    cols = [statistics.median(g) for g in groups]
    if len(cols) >= 4:  # a column no row showed, inside an evenly spaced grid: half way between
        gaps = [b - a for a, b in zip(cols, cols[1:])]
        step = statistics.median(gaps)
        filled: list[float] = [cols[0]]
        for a, b in zip(cols, cols[1:]):
            n = round((b - a) / step)
            if n >= 2 and abs((b - a) - n * step) < 0.25 * step and (b - a) > 1.7 * step:
                filled += [a + (b - a) * k / n for k in range(1, n)]
            filled.append(b)
        cols = filled
    return cols


@dataclass
class _Block:
    lines: list[_Line]  # every line of the block, figures or not, in order
    rows: list[tuple[_Line, list[Word]]]  # the lines with figures, and their figures
    cols: list[float] = field(default_factory=list)

    @property
    def zone(self) -> float:
        return min(f.x0 for _, fs in self.rows for f in fs)

    def columns(self, h: float) -> list[float]:
        self.cols = _clusters([f.cx for _, fs in self.rows for f in fs], h)
        return self.cols

    def cells(self, ln: _Line, h: float) -> tuple[list[Word], list[list[Word]]]:
        """A row's label words and its words column by column."""
        figs = next((fs for row, fs in self.rows if row is ln), [])
        zone = self.zone - 0.3 * h
        label = [w for w in ln.words if w.x1 < zone or (w not in figs and w.cx < zone)]
        cells: list[list[Word]] = [[] for _ in self.cols]
        for w in ln.words:
            if w not in label:
                cells[_nearest(self.cols, w.cx)].append(w)
        return label, cells

    def labels(self, h: float) -> dict[int, list[_Line]]:
        """Each label-only line near a table row (a label's wrapped part, a vertical label's character)
        goes with the nearest row: a wrapped label stands above and below its row's figures. A line
        further off (a sub-table's own heading, a page number) stays a line of its own."""
        rows = [ln for ln, _ in self.rows]
        out: dict[int, list[_Line]] = {id(r): [] for r in rows}
        for ln in self.lines:
            if id(ln) not in out:
                near = min(rows, key=lambda r: abs(r.cy - ln.cy))
                if abs(near.cy - ln.cy) <= 2 * h:
                    out[id(near)].append(ln)
        return out


def _aligned(block: _Block, figs: list[Word], h: float) -> bool:
    centres = [f.cx for _, fs in block.rows for f in fs]
    return any(abs(f.cx - c) <= 1.2 * h for f in figs for c in centres)


def _standalone(ln: _Line, h: float) -> bool:
    """A page number, or a section's own heading: never a table row or part of a row's label."""
    text = _join(ln.words, h)
    flat = squash(text)
    return bool(FOOTER.match(text)) or any(label_key(s.title_zh) in flat for s in SECTIONS)


def _blocks(lines: list[_Line], h: float) -> tuple[list[_Block | _Line], int]:
    """Lines in order, with runs of table rows gathered into blocks."""
    out: list[_Block | _Line] = []
    current: _Block | None = None
    for ln in lines:
        if _standalone(ln, h):
            current = None
            out.append(ln)
            continue
        figs = _figures(ln, h)
        if figs and current is not None and len(current.rows) >= 2 and not _aligned(current, figs, h):
            current = None  # figures under none of the table's columns: a page number, another table
            if len(figs) == 1:
                out.append(ln)
                continue
        if figs:
            if current is None:
                current = _Block([], [])
                out.append(current)
            current.lines.append(ln)
            current.rows.append((ln, figs))
        elif current is not None and all(w.x1 < current.zone - 0.3 * h for w in ln.words):
            current.lines.append(ln)  # a label's second line, or a vertical label's characters
        else:
            current = None
            out.append(ln)
    return out, sum(1 for b in out if isinstance(b, _Block))


def _join(words: Sequence[Word], h: float) -> str:
    parts: list[str] = []
    prev: Word | None = None
    for w in words:
        if prev is not None and (w.x0 - prev.x1 > 0.4 * h or abs(w.cy - prev.cy) > 0.5 * h):
            parts.append(" ")
        parts.append(w.text.strip())
        prev = w
    return "".join(parts)


def _nearest(cols: list[float], x: float) -> int:
    return min(range(len(cols)), key=lambda i: abs(cols[i] - x))


def read_page(words: Sequence[Word], *, reread: Reread | None = None, sure: float = 0.9) -> PageText:
    """The page as text; rows of a table block as tab-separated cells. Figures read with confidence
    below ``sure``, or read two ways, are listed in ``PageText.uncertain`` with their readings, so the
    extractor never takes them silently."""
    words = [w for w in words if w.text.strip()]
    if not words:
        return PageText("")
    h = char_height(words)
    items, tables = _blocks(visual_lines(words, h), h)
    blocks = [b for b in items if isinstance(b, _Block)]
    for b in blocks:
        b.columns(h)
    page = PageText("", tables=tables)
    if reread is not None:
        page.reread = _second_look(blocks, h, reread)
    out: list[str] = []
    pos = 0

    def emit(parts: list[tuple[str, Word | None]]) -> None:
        nonlocal pos
        for text, w in parts:
            if w is not None and text and (w.conf < sure or any(a != w.text.strip() for a in w.alts)):
                page.uncertain.append(Uncertain(pos, pos + len(text), w.text.strip(), w.conf, w.alts))
            pos += len(text)
        pos += 1  # the newline
        out.append("".join(t for t, _ in parts))

    for item in items:
        if isinstance(item, _Line):
            if not FOOTER.match(line := _join(item.words, h)):  # "- 4 -", "第4页": not the report's text
                emit([(line, None)])
            continue
        attached = item.labels(h)
        taken = {id(x) for v in attached.values() for x in v}
        for ln in item.lines:
            if id(ln) in taken:
                continue
            if id(ln) not in attached:
                emit([(_join(ln.words, h), None)])
                continue
            label, cells = item.cells(ln, h)
            own = _Line(label) if label else None
            lines = sorted(attached[id(ln)] + ([own] if own else []), key=lambda x: x.cy)
            parts: list[tuple[str, Word | None]] = [(" ".join(_join(x.words, h) for x in lines), None)]
            for cell in cells:
                parts.append(("\t", None))
                if len(cell) == 1 and cell[0].numeric:
                    parts.append((cell[0].text.strip(), cell[0]))
                elif cell:  # not a figure ("上" for a 7), or two readings in one column: the reader's mark,
                    # so no later figure moves into its place; what was seen stays in ``uncertain``
                    seen = Word("".join(w.text.strip() for w in cell), 0, 0, 0, 0, 0.0,
                                tuple(a for w in cell for a in w.alts))
                    parts.append((UNREADABLE_MARK, seen))
            emit(parts)
    page.text = "\n".join(out)
    return page


def _second_look(blocks: list[_Block], h: float, reread: Reread) -> int:
    """Ask the recogniser to read each table cell again, cut out on its own: an empty cell (its
    detector misses a lone narrow "0" or "1") and every figure (a "1" read as "7" in a line of text
    is often read right alone). A figure read two ways keeps both readings; the arithmetic chooses."""
    asks: list[tuple[_Line, Word | None, tuple[float, float, float, float]]] = []
    for block in blocks:
        cols = block.cols
        left = [-math.inf] + [(a + b) / 2 for a, b in zip(cols, cols[1:])]
        right = [(a + b) / 2 for a, b in zip(cols, cols[1:])] + [math.inf]
        for ln, fs in block.rows:
            _, cells = block.cells(ln, h)
            top = min(f.top for f in fs) - 0.3 * h
            bottom = max(f.bottom for f in fs) + 0.3 * h
            for i, cell in enumerate(cells):
                if len(cell) == 1:
                    w = cell[0]
                    box = (max(left[i], w.x0 - 0.5 * h), w.top - 0.3 * h, min(right[i], w.x1 + 0.5 * h), w.bottom + 0.3 * h)
                    asks.append((ln, w, box))
                elif not cell and len(block.rows) >= 2 and len(cols) >= 2:
                    c = cols[i]
                    asks.append((ln, None, (max(left[i], c - 1.5 * h), top, min(right[i], c + 1.5 * h), bottom)))
    if not asks:
        return 0
    answers = reread([box for _, _, box in asks])
    for (ln, seen, box), got in zip(asks, answers):
        text, conf = (got[0].strip(), got[1]) if got else ("", 0.0)
        if seen is not None:
            if text == seen.text.strip():
                seen.conf = max(seen.conf, conf)
            elif text and conf >= 0.5:
                seen.alts = (*seen.alts, text)
            continue
        if text and conf >= 0.5:
            cx = (box[0] + box[2]) / 2
            ln.words.append(Word(text, cx - h / 3, box[1] + 0.3 * h, cx + h / 3, box[3] - 0.3 * h, conf))
            ln.words.sort(key=lambda x: x.x0)
    for block in blocks:  # the rows' figures again, with what the second look found
        block.rows = [(ln, _figures(ln, h) or fs) for ln, fs in block.rows]
    return sum(1 for _, seen, _ in asks if seen is None)


def deskew(words: list[Word], quads: list[Sequence[Sequence[float]]], size: tuple[float, float]) -> tuple[list[Word], float]:
    """A page photographed or scanned at a slight angle: the median slope of the text boxes' top edges
    (in degrees), and the words with their boxes turned back about the page centre."""
    slopes = []
    for q in quads:
        (x0, y0), (x1, y1) = q[0], q[1]
        if x1 - x0 > 40:
            slopes.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    # short boxes come back square to the page whatever its angle; the turned ones tell the angle
    turned = [a for a in slopes if abs(a) >= 0.1]
    angle = statistics.median(turned) if len(turned) >= 5 and len(turned) >= 0.2 * len(slopes) else 0.0
    if abs(angle) < 0.2:
        return words, 0.0
    cx, cy = size[0] / 2, size[1] / 2
    out = []
    for w, q in zip(words, quads):
        pts = [rotate(p[0], p[1], -angle, cx, cy) for p in q]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        out.append(Word(w.text, min(xs), min(ys), max(xs), max(ys), w.conf))
    return out, angle


def rotate(x: float, y: float, degrees: float, cx: float, cy: float) -> tuple[float, float]:
    a = math.radians(degrees)
    dx, dy = x - cx, y - cy
    return cx + dx * math.cos(a) - dy * math.sin(a), cy + dx * math.sin(a) + dy * math.cos(a)
