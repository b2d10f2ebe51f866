"""Columns that a layout tool aligned with spaces (poppler's ``pdftotext -layout``, PyMuPDF's sorted
text): under which column a short row's figures stand.

Such a tool prints each word where it stands on the page, so a row whose blank cells left no text
still shows where each of its figures is. Tools count a column differently: poppler one character a
column, PyMuPDF by width (a Chinese character two columns). A way of counting is taken for a page
only where every row of the table on it agrees with it: the figures of all its rows fall under the
same columns (in order, none between two). A page is what lies between two form feeds ("\\f", which
these tools print where a page ends): each has its own positions. Only rows whose figures are set
apart by runs of spaces are read so (text with one space between words keeps no position), and the
columns only choose among the readings the row's arithmetic allows (resolve.read_row).

Some HTML-to-text tools (inscriptis) pad each cell of a row to its column's width instead, counting a
row's cells one by one with merged cells not spanning: a row that prints two label cells ("（三）不予公开",
"1.属于国家秘密") has its figures one column further right than a row that prints one. There a cell starts
where its slot starts: each figure is in the column its slot gives less the row's label cells
(``_slot_places``).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agents.extract.lines import Item, Line
from agents.extract.norm import squash
from agents.extract.resolve import WIDE_GAP

CLUSTER_GAP = 3.0  # columns between the middles of two figures of one column, at most


def _width(s: str) -> int:
    """Columns ``s`` takes where a wide (Chinese, full-width) character takes two."""
    return len(s) + sum(1 for c in s if not c.isascii() and unicodedata.east_asian_width(c) in "WF")


COUNTS: tuple[Callable[[str], int], ...] = (len, _width)  # one character a column (poppler), or by width (PyMuPDF)


LONGEST_LINE = 1000  # characters: a table's line laid out on a page is shorter (a longer one is a body run together)


@dataclass(slots=True)
class _Row:
    key: str
    line: int
    line_start: int  # where its line starts (after a form feed opening it: the page break takes no column)
    items: Sequence[Item]
    full: bool  # prints every cell of its row


def _line_start(doc: str, offset: int) -> int | None:
    """Where the line holding ``offset`` starts, past a form feed; None for a line too long to be laid out."""
    start = doc.rfind("\n", max(0, offset - LONGEST_LINE), offset) + 1
    if start == 0 and offset > LONGEST_LINE:
        return None
    return start + doc.startswith("\f", start)


def _centres(doc: str, row: _Row, count: Callable[[str], int]) -> list[float]:
    """Where each of the row's items has its middle on its line, in columns as ``count`` counts them."""
    a = row.line_start
    return [(count(doc[a:it.start]) + count(doc[a:it.end])) / 2 for it in row.items]


SLOT_GAP = 2  # spaces a tool padding cells to their columns' widths prints between two cells, at least


def _spaced_apart(items: Sequence[Item], gap: int) -> bool:
    """On one line, each figure set apart from the next by a run of ``gap`` spaces or more."""
    return len({it.line for it in items}) == 1 and all(b.start - a.end >= gap for a, b in zip(items, items[1:]))


def _under(centres: list[float], columns: list[float]) -> list[int] | None:
    """The column each figure stands under, in order; None where one stands between two columns (half
    their distance or further from the nearest) or two stand under the same one."""
    if len(columns) < 2:
        return None
    tolerance = min(b - a for a, b in zip(columns, columns[1:])) / 2
    if tolerance <= 0:
        return None
    out: list[int] = []
    for c in centres:
        k = min(range(len(columns)), key=lambda j: abs(columns[j] - c))
        if abs(columns[k] - c) >= tolerance or (out and k <= out[-1]):
            return None
        out.append(k)
    return out


def _grouped(centres: list[float], n: int) -> list[float] | None:
    """The middles of n columns where the figures' middles fall into n groups, each narrower than half
    the distance to the next; None otherwise."""
    groups: list[list[float]] = []
    for c in sorted(centres):
        if groups and c - groups[-1][-1] <= CLUSTER_GAP:
            groups[-1].append(c)
        else:
            groups.append([c])
    if len(groups) != n:
        return None
    mids = [sum(g) / len(g) for g in groups]
    least = min((b - a for a, b in zip(mids, mids[1:])), default=0.0)
    return mids if all(g[-1] - g[0] < least / 2 for g in groups) else None


def _page_places(doc: str, rows: list[_Row], n: int, count: Callable[[str], int]) -> dict[str, list[int]] | None:
    """The columns of every row of one page, counting columns with ``count``: the page's figures in n
    groups, or else the columns of a row that prints every cell; None where some row of the page does
    not fit them (this way of counting is not the tool's)."""
    centres = {r.key: _centres(doc, r, count) for r in rows}
    candidates = [_grouped([c for cs in centres.values() for c in cs], n)]
    candidates += [centres[r.key] for r in sorted((r for r in rows if r.full), key=lambda r: r.line)]
    for columns in candidates:
        if columns is None:
            continue
        places = {key: _under(cs, columns) for key, cs in centres.items()}
        if all(p is not None for p in places.values()):
            return {k: p for k, p in places.items() if p is not None}
    return None


_CELL_TEXT = re.compile(r"\S+(?: \S+)*")  # a cell's text on a line padded by cells: two spaces or more part cells
MAX_LABEL_CELLS = 3  # label cells a row of the format's tables prints before its figures, at most
MIN_SLOTTED_ROWS = 3  # rows whose cells show the slots: fewer show no layout


def _header_starts(doc: str, start: int, end: int, count: Callable[[str], int]) -> set[int]:
    """Where the cells of the header lines in doc[start:end] (before a table's first row) start: lines of
    two cells or more, none of them a figure. A slot no row prints a figure in (a column blank in every
    row) is known from its header cell."""
    out: set[int] = set()
    for line in doc[start:end].split("\n"):
        cells = list(_CELL_TEXT.finditer(line.lstrip("\f")))
        if len(cells) >= 2 and not any(m.group().isdigit() for m in cells):
            out.update(count(line.lstrip("\f")[:m.start()]) for m in cells)
    return out


def _slot_places(doc: str, rows: list[_Row], n: int, count: Callable[[str], int], head: int) -> dict[str, list[int]] | None:
    """The columns of every row of one page where its lines are cells padded to their slots' widths:
    every cell of every row starts where a slot starts, a row's label cells fill its first slots, and a
    figure stands in its slot's column less the row's label cells. The slots are where the rows' cells
    and the header's (from ``head`` to the first row) start. None where the page is not laid out so. A
    layout that places words where they stand on the page has its labels left of every figure, so the
    page is taken as one of slots only where its rows show it: some row prints a second label cell, and
    every second label cell starts where another row's figure does (a slot both use)."""
    laid: list[tuple[_Row, list[int], list[int]]] = []  # (row, where its labels start, where its figures start)
    for r in rows:
        end = doc.find("\n", r.line_start)
        line = doc[r.line_start:len(doc) if end < 0 else end]
        first = r.items[0].start - r.line_start
        cells = list(_CELL_TEXT.finditer(line))
        labels = [count(line[:m.start()]) for m in cells if m.end() <= first]
        figures = [count(line[:m.start()]) for m in cells if m.start() >= first]
        if not labels or [(m.start() + r.line_start, m.end() + r.line_start) for m in cells if m.start() >= first] \
                != [(it.start, it.end) for it in r.items]:
            return None  # a label on another line, or the line holds more than the row's figures
        laid.append((r, labels, figures))
    first_row = min(r.line_start for r in rows)
    slots = sorted({x for _, labels, figures in laid for x in labels + figures}
                   | _header_starts(doc, max(head, doc.rfind("\f", 0, first_row) + 1), first_row, count))
    if not n + min(len(labels) for _, labels, _ in laid) <= len(slots) <= n + MAX_LABEL_CELLS or len(laid) < MIN_SLOTTED_ROWS:
        return None  # every column of a row with the fewest labels has its slot, and no more slots than labels make
    slot = {x: k for k, x in enumerate(slots)}
    label_slots = {x for _, labels, _ in laid for x in labels[1:]}
    if not label_slots or label_slots - {x for _, _, figures in laid for x in figures}:
        return None  # no label cell where another row prints a figure: labels and figures apart, as on a page
    places: dict[str, list[int]] = {}
    for r, labels, figures in laid:
        if [slot[x] for x in labels] != list(range(len(labels))):
            return None
        cols = [slot[x] - len(labels) for x in figures]
        if cols[0] < 0 or cols[-1] >= n or (r.full and cols != list(range(n))):
            return None
        places[r.key] = cols
    return places


def aligned_columns(doc: str, rows: dict[str, list[Item]], ncols: dict[str, int],
                    head: int = 0) -> tuple[dict[str, list[int]], set[str]]:
    """For each row printing fewer figures than it has cells, set apart by spaces, the column of each of
    its figures, where the page it stands on shows them one way only; rows that cannot be placed so
    are left out. With them, the rows placed by their cells' slots (``_slot_places``), whose places are
    read as printed, as a grid's; the others only choose among the readings their arithmetic allows.
    ``head``: where the table's region starts (its header lines, for the slots)."""
    breaks = []
    at = doc.find("\f")
    while at >= 0:
        breaks.append(at)
        at = doc.find("\f", at + 1)
    pages: dict[tuple[int, int], list[_Row]] = {}  # (page, cells a row) -> its rows
    for key, items in rows.items():
        if not items or not _spaced_apart(items, SLOT_GAP) or any(it.kind not in ("number", "dash") for it in items) \
                or len(items) > ncols[key]:
            continue
        if (line_start := _line_start(doc, items[0].start)) is None or items[-1].end - line_start > LONGEST_LINE:
            continue
        page = bisect.bisect_right(breaks, items[0].start)
        pages.setdefault((page, ncols[key]), []).append(
            _Row(key, items[0].line, line_start, items, len(items) == ncols[key]))
    out: dict[str, list[int]] = {}
    slotted: set[str] = set()
    for (_, n), page_rows in pages.items():
        if all(r.full for r in page_rows):
            continue
        ways = [p for count in COUNTS if (p := _slot_places(doc, page_rows, n, count, head)) is not None]
        by_slots = bool(ways)
        if not ways:  # words where they stand on the page: figures a wide gap apart, under the columns' middles
            page_rows = [r for r in page_rows if _spaced_apart(r.items, WIDE_GAP)]
            ways = [p for count in COUNTS if (p := _page_places(doc, page_rows, n, count)) is not None]
        for r in page_rows:
            shown = {tuple(p[r.key]) for p in ways}
            if not r.full and ways and len(shown) == 1:
                out[r.key] = list(shown.pop())
                if by_slots:
                    slotted.add(r.key)
    return out, slotted


def label_only_rows(doc: str, lines: Sequence[Line], anchors: dict[str, list[str]], first: int, last: int) -> dict[str, Item]:
    """Rows of blank cells in a table laid out in slots (lines ``first`` to ``last``, the rows placed by
    their slots): of ``anchors`` (row key -> its anchors, for rows no figure was read for), those whose
    label stands on a line of its own between them, with no figure: such a tool prints a row of blank
    cells as its label and spaces. A line naming more than one row names none. Each with its line's
    first item, where its cells point."""
    out: dict[str, Item] = {}
    for line in lines:
        if not first < line.number < last or any(it.kind != "text" for it in line.items):
            continue
        text = "".join(squash(doc[it.start:it.end]) for it in line.items)
        named = [key for key, fragments in anchors.items() if any(a in text for a in fragments)]
        if len(named) == 1:
            out[named[0]] = line.items[0]
    return out


def header_columns(doc: str, items: Sequence[Item], head: int, labels: Sequence[str]) -> list[int] | None:
    """The column of each figure of a row printed without a label (表四's fifteen cells) in a table laid
    out in slots (see ``_slot_places``), from the header line nearest above it that names its columns
    in order (``labels``, squashed): a cell starts where its column's header cell starts, and a column no
    figure starts under is blank. None where the row is not laid out so (``_slot_columns``)."""
    if not items or any(it.kind not in ("number", "dash") for it in items) or len({it.line for it in items}) != 1:
        return None
    if (line_start := _line_start(doc, items[0].start)) is None or line_start <= head:
        return None
    end = doc.find("\n", items[-1].end)
    line = doc[line_start:len(doc) if end < 0 else end]
    if [(m.start() + line_start, m.end() + line_start) for m in _CELL_TEXT.finditer(line)] \
            != [(it.start, it.end) for it in items]:
        return None  # the line holds more than the row's figures
    ways = set()
    for count in COUNTS:
        for text in doc[head:line_start].split("\n")[::-1]:
            text = text.lstrip("\f")
            cells = list(_CELL_TEXT.finditer(text))
            if len(cells) < 2 or [squash(m.group()) for m in cells] != list(labels[:len(cells)]):
                continue
            header = [(count(text[:m.start()]), count(m.group())) for m in cells]
            figures = [(count(line[:it.start - line_start]), count(it.raw)) for it in items]
            if (way := _slot_columns(header, figures, len(labels), count(line))) is not None:
                ways.add(way)
            break
    return list(ways.pop()) if len(ways) == 1 else None


def _slot_columns(header: list[tuple[int, int]], figures: list[tuple[int, int]], n: int, length: int) -> tuple[int, ...] | None:
    """Each figure's column, from where the header cells and the figures start and how wide they are.
    A tool that pads cells to slots sets the cells of one row a fixed number of spaces apart where each
    fills its slot (the header's narrowest gap); a header line may name fewer than the ``n`` columns
    (merged cells above it take none), and the slots past it are as wide as the row's own cells there,
    a blank cell none. The row's line (``length`` long) must reach the last slot, so a blank cell at its
    end is one the line shows. None where a figure starts at no slot."""
    sep = min(b - a - w for (a, w), (b, _) in itertools.pairwise(header))
    if sep < 1:
        return None
    starts = {a: k for k, (a, _) in enumerate(header)}
    cols: list[int] = []
    rest = list(figures)
    while rest and rest[0][0] in starts:
        cols.append(starts[rest[0][0]])
        rest.pop(0)
    last, width = header[-1]
    if cols and cols[-1] == len(header) - 1:
        width = max(width, figures[len(cols) - 1][1])
    at = last + width + sep  # where the first slot past the header starts
    for k in range(len(header), n):
        if rest and rest[0][0] == at:
            cols.append(k)
            at += rest.pop(0)[1] + sep
        elif rest and rest[0][0] < at:
            return None
        else:
            at += sep
    if rest or length < at - sep or len(cols) != len(figures):
        return None
    return tuple(cols)
