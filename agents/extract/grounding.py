"""A number the model read is taken only where the source proves it: at that cell's place.

Proof is one of: the rules' own readings of the cell (every split of glued digits that fits the row's
printed digit string and the arithmetic); the cell's own printed text ("约5" holds a 5); or, in the
row's line after its label, as many figures as the row has columns with this figure in this column's
position. A 0 elsewhere in the table proves nothing. Otherwise the reason says why, and the cell stays
as the rules read it (unreadable, never filled in).
"""

from __future__ import annotations

import re

from agents.extract.norm import half_width, label_key, squash
from agents.extract.report import loose
from schemas.cells import Cell
from schemas.tables import TableData

_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, len(text) if b < 0 else b


def _after_label(text: str, a: int, b: int, anchors: list[str]) -> str:
    """The line from the end of the row's label on (a label's own numbers — "1.属于…" — are no cells)."""
    seg = text[a:b]
    flat = squash(seg)
    ends = [flat.find(label_key(x)) + len(label_key(x)) for x in anchors if label_key(x) in flat]
    if not ends:
        return seg
    cut = max(ends)
    kept = 0  # walk the raw segment until ``cut`` non-space characters have passed
    for i, ch in enumerate(seg):
        if not ch.isspace():
            kept += 1
        if kept == cut:
            return seg[i + 1:]
    return ""


def row_figures(text: str, table: TableData, row: str, region: tuple[int, int]) -> list[float] | None:
    """The figures printed on the row's line after its label; None when the row is not in the text."""
    spec_row = table.spec.row(row)
    spans = [c.span for c in table.row_cells(row) if c.span is not None]
    if spans:
        lo, hi = min(s.start for s in spans), max(s.end for s in spans)
        a, b = _line(text, lo, hi)
        if b - a > 400:  # a crawler's one-line body: the row's own stretch, not the whole report
            return [float(f) for f in _FIGURE.findall(half_width(text[lo:hi]).replace(",", ""))]
    else:
        hits = [m.end() for x in sorted(spec_row.anchors, key=len, reverse=True) if (m := loose(x).search(text, *region))]
        if not hits:
            return None
        a, b = _line(text, hits[0], hits[0])
    seg = half_width(_after_label(text, a, b, spec_row.anchors)).replace(",", "")
    return [float(f) for f in _FIGURE.findall(seg)]


def ground(value: float, cell: Cell, table: TableData, text: str, region: tuple[int, int]) -> str | None:
    """None when the source proves ``value`` at ``cell``'s place; otherwise why not (Chinese)."""
    if cell.candidates:
        if any(abs(float(c) - value) < 1e-9 for c in cell.candidates):
            return None
        return f"不是原文这一格可能的读法（{'、'.join(str(c) for c in cell.candidates)}）之一"
    own = [float(f) for f in _FIGURE.findall(half_width(cell.raw).replace(",", ""))]
    if len(own) == 1 and abs(own[0] - value) < 1e-9:
        return None
    figures = row_figures(text, table, cell.row, region)
    if figures is None:
        return "原文中找不到这一行"
    columns = [c.key for c in table.spec.row(cell.row).columns]
    i = columns.index(cell.column)
    if len(figures) == len(columns):
        if abs(figures[i] - value) < 1e-9:
            return None
        return f"原文这一行第{i + 1}个数字是{figures[i]:g}，不是{value:g}"
    return f"原文这一行印有{len(figures)}个数字，与{len(columns)}列对不上，无法确认第{i + 1}格是{value:g}"


def row_excerpt(text: str, table: TableData, row: str, limit: int = 300) -> str:
    """The row as printed, for a person or a model to look at: its line, or in a one-line body its
    own stretch with the label before it."""
    spans = [c.span for c in table.row_cells(row) if c.span is not None]
    if not spans:
        return ""
    lo, hi = min(s.start for s in spans), max(s.end for s in spans)
    a, b = _line(text, lo, hi)
    if b - a <= limit:
        return text[a:b].strip()
    return text[max(a, lo - 80):min(b, hi + 20)].strip()
