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
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agents.extract.lines import Item
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


def _spaced_apart(items: Sequence[Item]) -> bool:
    """On one line, each figure set apart from the next by a run of spaces."""
    return len({it.line for it in items}) == 1 and all(b.start - a.end >= WIDE_GAP for a, b in zip(items, items[1:]))


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


def aligned_columns(doc: str, rows: dict[str, list[Item]], ncols: dict[str, int]) -> dict[str, list[int]]:
    """For each row printing fewer figures than it has cells, set apart by spaces, the column of each of
    its figures, where the page it stands on shows them one way only; rows that cannot be placed so
    are left out."""
    breaks = []
    at = doc.find("\f")
    while at >= 0:
        breaks.append(at)
        at = doc.find("\f", at + 1)
    pages: dict[tuple[int, int], list[_Row]] = {}  # (page, cells a row) -> its rows
    for key, items in rows.items():
        if not items or not _spaced_apart(items) or any(it.kind not in ("number", "dash") for it in items) or len(items) > ncols[key]:
            continue
        if (line_start := _line_start(doc, items[0].start)) is None or items[-1].end - line_start > LONGEST_LINE:
            continue
        page = bisect.bisect_right(breaks, items[0].start)
        pages.setdefault((page, ncols[key]), []).append(
            _Row(key, items[0].line, line_start, items, len(items) == ncols[key]))
    out: dict[str, list[int]] = {}
    for (_, n), page_rows in pages.items():
        if all(r.full for r in page_rows):
            continue
        ways = [p for count in COUNTS if (p := _page_places(doc, page_rows, n, count)) is not None]
        for r in page_rows:
            shown = {tuple(p[r.key]) for p in ways}
            if not r.full and ways and len(shown) == 1:
                out[r.key] = list(shown.pop())
    return out
