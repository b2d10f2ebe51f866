"""Turn a row's value items into exactly N cells, using arithmetic only where the layout is ambiguous.

Readable layouts are read positionally and never "repaired": a wrong sum is the checker's business.
Arithmetic is used only to choose among readings of ambiguous text: glued digits ("713000074"),
space-separated PDF rows where blank cells left no token, or rows with extra tokens. Cells on which
every fitting reading agrees are read; the others become ``unreadable`` with their candidates.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from agents.extract.lines import Item
from agents.extract.norm import CELL_DASHES, classify, half_width, parse_number
from agents.extract.splits import dash_cells, digit_splits, grouped_splits, piece_splits
from schemas.cells import CellReason


@dataclass(slots=True, unsafe_hash=True)
class Guess:
    """One cell's reading. Never changed once made (``dataclasses.replace`` makes a changed copy); not
    declared frozen only because a frozen dataclass sets each field through object.__setattr__, which
    made building a report's few hundred readings seven times slower. Hashed by value, as readings are
    collected in sets."""

    status: str  # number, dash, blank, missing, unreadable
    value: int | float | None = None
    raw: str = ""
    start: int | None = None
    end: int | None = None
    line: int | None = None
    candidates: tuple[int | float | None, ...] = ()
    note: str | None = None
    reason: CellReason | None = None

    def key(self) -> tuple[str, int | float | None]:
        return (self.status, self.value)


Reading = tuple[Guess, ...]
RowCheck = Callable[[Reading], bool]
MAX_READINGS = 5000
MAX_DROPPED = 2  # extra tokens a row may shed (a leaked footnote number); more and the row is unreadable


@lru_cache(maxsize=4096)
def _figure(raw: str) -> tuple[int | float, bool]:
    """The figure a number item prints, and whether it is printed plainly (not "5件", "二十")."""
    return parse_number(raw), classify(raw) == "number"


def guess_of(item: Item) -> Guess:
    if item.kind == "number":
        value, plain = _figure(item.raw)
        if plain:  # most cells: positional arguments only (keywords cost as much again)
            return Guess("number", value, item.raw, item.start, item.end, item.line)
        return Guess("number", value, item.raw, item.start, item.end, item.line,
                     note=f"单元格为“{item.raw}”，按{value}读取", reason=CellReason.typed_figure)
    if item.kind == "dash":
        return Guess("dash", None, item.raw, item.start, item.end, item.line)
    if item.kind == "unreadable":
        if item.cut:
            what = "这个数字" if any(c.isdigit() for c in item.raw) else "这一格"  # a figure, or a dash ("|--")
            return Guess("unreadable", None, item.raw, item.start, item.end, item.line, note=f"文件在“{item.raw}”处结束，"
                         f"{what}可能不完整（文件被截断时，其后的内容已不在文件中）", reason=CellReason.cut_off)
        return Guess("unreadable", None, item.raw, item.start, item.end, item.line, note=f"“{item.raw}”不是数字",
                     reason=CellReason.not_a_number)
    return Guess("blank", None, "", item.start, item.end, item.line)


def as_zero(g: Guess) -> int | float | None:
    """The value used when checking whether a reading fits: blank and dash read as 0."""
    if g.status == "number":
        return g.value
    if g.status in ("blank", "dash"):
        return 0
    return None


def _grouped_readings(item: Item, groups: list[int]) -> Iterator[Reading]:
    for pieces in grouped_splits(item.raw, groups):
        pos = item.start
        reading = []
        for p in pieces:
            reading.append(Guess("number", int(p), p, pos, pos + len(p), item.line,
                                 note=f"由粘连数字“{item.raw}”拆分", reason=CellReason.glued_split))
            pos += len(p)
        yield tuple(reading)


def _glued_readings(items: list[Item], n: int, groups: list[int] | None = None) -> Iterator[Reading]:
    """Readings of digit tokens (and dashes run in among them) as n cells: each token of digits cut into
    one or more figures; a run of k dashes is one to k cells ("——" may be one dash mark or two cells).
    With the row's groups, only cuts whose totals hold are made (see piece_splits)."""
    if not all((it.kind == "number" and it.raw.isdigit()) or (it.kind == "dash" and it.raw[0] in CELL_DASHES)
               for it in items):
        return
    pieces = [(it.raw, it.start) for it in items]
    line = items[0].line if items else None
    if groups and sum(groups) + len(groups) == n:
        for cells in piece_splits([it.raw for it in items], n, groups):
            yield cut_reading(pieces, cells, line)
        return
    extra = n - len(items)
    # distribute the extra cells over the tokens that are long enough to be split
    for alloc in itertools.product(*[range(0, len(it.raw)) for it in items]):
        if sum(alloc) != extra:
            continue
        per_item: list[list[list[str]]] = [list(digit_splits(it.raw, k + 1)) if it.kind == "number" else
                                           [dash_cells(it.raw, k + 1)] for it, k in zip(items, alloc)]
        for combo in itertools.product(*per_item):
            yield cut_reading(pieces, [c for cells in combo for c in cells], line)


def cut_reading(pieces: list[tuple[str, int]], cells: list[str], line: int | None) -> Reading:
    """Guesses for ``cells`` cut in order from ``pieces`` (each as printed, spaces inside allowed, with
    its start offset): each guess points at its own characters. A piece cut into several cells notes
    that it was split."""
    out: list[Guess] = []
    if len(pieces) == 1 and not _SPACE.search(pieces[0][0]):  # most runs: one glued string with no space in it
        text, at = pieces[0]
        note = f"由粘连{'文字' if _A_DASH.search(text) else '数字'}“{text}”拆分" if len(cells) > 1 else None
        reason = CellReason.glued_split if len(cells) > 1 else None
        pos = 0
        for cell in cells:
            end = pos + len(cell)  # the cell's characters as printed (full-width digits one for one)
            out.append(_cut_guess(cell, text[pos:end], at + pos, at + end, line, note, reason))
            pos = end
        return tuple(out)
    k = 0
    for text, at in pieces:
        chars = chars_total = len(text) - sum(1 for ch in text if ch.isspace()) \
            if " " in text or "\t" in text or "\u3000" in text else len(text)
        own: list[str] = []
        while chars > 0 and k < len(cells):
            own.append(cells[k])
            chars -= len(cells[k])
            k += 1
        note, reason = None, None
        if len(own) > 1:
            note = f"由粘连{'文字' if _A_DASH.search(text) else '数字'}“{text.strip()}”拆分"
            reason = CellReason.glued_split
        pos, spaced = 0, chars_total != len(text)
        for cell in own:
            if spaced:
                while text[pos].isspace():
                    pos += 1
                begin, got = pos, 0
                while got < len(cell):
                    got += not text[pos].isspace()
                    pos += 1
            else:
                begin, pos = pos, pos + len(cell)
            out.append(_cut_guess(cell, text[begin:pos], at + begin, at + pos, line, note, reason))
    return tuple(out)


def _cut_guess(cell: str, raw: str, start: int, end: int, line: int | None, note: str | None,
               reason: CellReason | None) -> Guess:
    """One cell cut from a run: a dash, or its figure (a thousands comma dropped)."""
    if cell[0] in CELL_DASHES:  # positional arguments: keywords cost as much again
        return Guess("dash", None, raw, start, end, line, (), note, reason)
    return Guess("number", int(cell.replace(",", "")) if "," in cell else int(cell), raw, start, end, line, (), note, reason)


_A_DASH = re.compile(f"[{re.escape(CELL_DASHES)}]")
_SPACE = re.compile(r"\s")


def _blank_readings(items: list[Item], n: int) -> Iterator[Reading]:
    guesses = [guess_of(it) for it in items]
    for holes in itertools.combinations(range(n), n - len(items)):
        it_guess = iter(guesses)
        yield tuple(Guess("blank", note="版面中无此单元格的文字，按空白处理") if i in holes else next(it_guess)
                    for i in range(n))


def _excess_readings(items: list[Item], n: int) -> Iterator[Reading]:
    """A row with more tokens than cells: n tokens in a row from each end (a footnote number leaked
    before or after the row's figures), and the row without its marks (a footnote "*" after a figure,
    "72 64 178 * 37 351 …": tokens that hold no digit), where exactly those are too many."""
    drop = len(items) - n
    if drop > MAX_DROPPED:
        note = f"该行有{len(items)}个数字，多于{n}列"
        first = items[0]
        yield tuple(Guess("unreadable", None, first.raw, first.start, items[-1].end, first.line, note=note,
                          reason=CellReason.ambiguous)
                    for _ in range(n))
        return
    for lead in range(drop + 1):
        kept = items[lead:lead + n]
        yield tuple(guess_of(it) for it in kept)
    figures = [it for it in items if it.kind != "unreadable" or any(c.isdigit() for c in half_width(it.raw))]
    if len(figures) == n:
        yield tuple(guess_of(it) for it in figures)


def _fits_whole(check: RowCheck) -> RowCheck:
    """``check``, passed only by a reading with every cell read: of a row's tokens one too many, a choice
    that keeps a mark and drops a figure fits an identity only because the mark's cell is unknown."""
    return lambda reading: all(g.status != "unreadable" for g in reading) and check(reading)


def consensus(readings: Sequence[Reading], n: int, why: str) -> Reading:
    """Cells on which all readings agree are kept; the rest become unreadable with candidates."""
    out: list[Guess] = []
    for i in range(n):
        column = [r[i] for r in readings]
        keys = {g.key() for g in column}
        if len(keys) == 1:
            out.append(column[0])
            continue
        values = tuple(sorted({g.value for g in column if g.value is not None}))
        blank_possible = any(g.status == "blank" for g in column)
        dash_possible = any(g.status == "dash" for g in column)
        unread = any(g.status == "unreadable" and g.value is None and not g.candidates for g in column)
        raws = "、".join([*(str(v) for v in values), *["无法辨认的数字"] * unread, *["空白"] * blank_possible,
                         *["—"] * dash_possible])
        src = next((g for g in column if g.start is not None), column[0])
        out.append(Guess("unreadable", None, src.raw, src.start, src.end, src.line,
                         candidates=values + ((None,) if blank_possible or dash_possible else ()),
                         note=f"{why}；可能的取值：{raws}", reason=CellReason.ambiguous))
    return tuple(out)


def doubted(reading: Reading, note: str) -> Reading:
    """The reading with every cell unreadable, its printed figure kept as its one candidate: figures
    whose place in the table is in doubt are shown, never read into a row."""
    return tuple(Guess("unreadable", None, g.raw, g.start, g.end, g.line, candidates=(g.value,), note=note,
                       reason=CellReason.ambiguous) for g in reading)


def doubted_all(readings: Sequence[Reading], note: str, reason: CellReason = CellReason.ambiguous) -> Reading:
    """One reading in which every cell is unreadable, with the values the readings give it as candidates.
    Each cell quotes the row's figures as printed, not the piece one of the doubted cuts gave it."""
    first = readings[0]
    starts = [g.start for g in first if g.start is not None]
    ends = [g.end for g in first if g.end is not None]
    start, end = (min(starts), max(ends)) if starts and ends else (None, None)
    printed, last = "", None
    for g in first:  # pieces of one glued figure join up; figures printed apart stay apart ("103 0")
        if g.raw:
            printed += (" " if printed and last is not None and g.start is not None and g.start > last else "") + g.raw
            last = g.end
    return tuple(Guess("unreadable", None, printed, start, end, g.line,
                       candidates=tuple(sorted({v for r in readings if (v := r[i].value) is not None})),
                       note=note, reason=reason) for i, g in enumerate(first))


def _fit(readings: Iterator[Reading], check: RowCheck, n: int, why: str) -> list[Reading]:
    """Readings that fit the row's arithmetic; when none does, one honest reading in which every
    cell the candidates disagree on is unreadable (never a guess that happens to pass)."""
    pool = list(itertools.islice(readings, MAX_READINGS))
    fitting = [r for r in pool if check(r)]
    if fitting:
        return fitting
    return [consensus(pool, n, why)] if pool else []


SLOT_BLANK = "按各列的位置，此列无文字，按空白处理"
SHORT_ROW = "该行的单元格少于列数，且按顺序读出的数字不符合勾稽关系：缺少的单元格不一定在行末，各数字所在的列无法确定，未读取"


def slot_blank(at: Item) -> Guess:
    """A cell left blank in a row laid out in slots, pointing (zero-width) at ``at``, an item of its row's line."""
    return Guess("blank", start=at.start, end=at.start, line=at.line, note=SLOT_BLANK)


def read_row(items: list[Item], n: int, *, grid: bool, trailing_empty: bool, has_label: bool,
             check: RowCheck, groups: list[int] | None = None, padding: Sequence[Item] = (),
             under: list[int] | None = None, slotted: bool = False, ends: Sequence[Item] = ()) -> list[Reading]:
    """All readings of one row's value items as n cells (one reading when the layout is plain).

    Grid rows (pipes, tabs, one cell per line) are read as printed: leading empty cells beyond n are
    label padding, a short row ends in blank cells (when the line had trailing empty cells) or in
    missing ones. Space-separated rows show no blank cells, so a short one is read every way the
    blanks could fall, and glued digits every way they could split; the row's arithmetic chooses.

    ``padding``: the empty cells the grid line printed after ``items`` (taken off them). Where the row
    also starts with empty cells after its label and holds more than n cells with them, the first are
    the label's (a merged label cell a converter printed as a label and empty cells: "| （一）予以公开 |
    | 258 | 12 |  |  | 1 | 1 |  |" is 258, 12, blank, blank, 1, 1, blank), unless only the reading
    without them fits the row's arithmetic.

    ``under``: the column each value stands under, where a layout aligned the columns with spaces
    (see columns.py): of the blank placements that fit the arithmetic, the one it shows is taken;
    ``slotted``: each cell padded to its column's slot, so the columns are certain and the row is read
    as printed, blanks where no figure stands, as a grid row is.

    ``ends``: the empty cells a grid line printed after its figures, where the blank cells that end a
    short row point (a row of blank cells has no figure to point at).
    """
    if grid and has_label and padding and items and items[0].kind == "empty" and n < len(items) + len(padding):
        full = [*items, *padding]
        while full[0].kind == "empty" and len(full) > n:
            full.pop(0)
        shifted = tuple(guess_of(it) for it in full[:n])
        plain = read_row(items, n, grid=grid, trailing_empty=trailing_empty, has_label=has_label, check=check, groups=groups)
        if not (len(plain) == 1 and check(plain[0]) and not check(shifted)):
            return [shifted]
        return plain
    if slotted and under is not None and len(under) == len(items) and all(it.kind != "empty" for it in items):
        placed = dict(zip(under, items))
        blank = slot_blank(items[0]) if items else Guess("blank", note=SLOT_BLANK)
        return [tuple(guess_of(placed[i]) if i in placed else blank for i in range(n))]
    body = list(items)
    if has_label or not grid:
        while body and body[0].kind == "empty" and len(body) > n:
            body.pop(0)
    values = [it for it in body if it.kind != "empty"]
    if grid:
        if len(body) == n:
            return [tuple(guess_of(it) for it in body)]
        if len(body) > n:
            if all(it.kind == "empty" for it in body[n:]):
                return [tuple(guess_of(it) for it in body[:n])]
            if all(it.kind == "empty" for it in body[:len(body) - n]):
                return [tuple(guess_of(it) for it in body[len(body) - n:])]
            if len(values) > n:
                return _fit(_excess_readings(values, n), _fits_whole(check), n, EXCESS)
            # an empty cell too many among the figures (a merged cell printed as two): the arithmetic says which
            empties = [i for i, it in enumerate(body) if it.kind == "empty"]
            return _fit((tuple(guess_of(it) for i, it in enumerate(body) if i not in drop)
                         for drop in itertools.combinations(empties, len(body) - n)), check, n, EXTRA_EMPTY)
        if len(values) == 1 and len(values[0].raw) >= n and len(body) == 1 and values[0].raw.isdigit():
            return _split_glued(values[0], n, check, groups)
        guesses = [guess_of(it) for it in body]
        status, note, why = ("blank", "行末空白单元格", CellReason.trailing_blank) if trailing_empty else \
            ("missing", "该行缺少此列", CellReason.row_short)
        at = list(ends[:n - len(guesses)]) if trailing_empty else []
        short = tuple(guesses + [Guess(status, None, "", e.start, e.end, e.line, note=note, reason=why) for e in at]
                      + [Guess(status, note=note, reason=why)] * (n - len(guesses) - len(at)))
        if not trailing_empty and not check(short):  # cells left out, not only at the end: where is unknown
            return [doubted(tuple(guesses), SHORT_ROW) + short[len(guesses):]]
        if trailing_empty and body and body[0].kind == "empty" and not check(short):
            # or an empty cell too many before the figures: "\t5\t\t\t2\t…", or where a header line's last
            # pipe met the row's first when a line break was lost ("| 总计 | | 5 |  |  | 2 | 7 |")
            rest = read_row(body[1:], n, grid=grid, trailing_empty=True, has_label=False, check=check, ends=ends)
            return rest if len(rest) == 1 and check(rest[0]) else [short]
        return [short]
    if len(values) == n:
        return [tuple(guess_of(it) for it in values)]
    if len(values) > n:
        return _fit(_excess_readings(values, n), _fits_whole(check), n, EXCESS)
    if values and values[-1].cut:  # the file ends inside the row: its last cells are gone, and which cells
        return [doubted_all(list(itertools.islice(_blank_readings(values, n), MAX_READINGS)),  # its blanks were,
                            CUT_OFF, CellReason.cut_off)]  # or how its glued digits split, is unknown
    if len(values) == 1 and values[0].raw.isdigit() and len(values[0].raw) >= n:
        return _split_glued(values[0], n, check, groups)
    glued = list(itertools.islice(_glued_readings(values, n, groups), MAX_READINGS))
    blanks = [] if any(leading_zero(it) for it in values) else \
        list(itertools.islice(_blank_readings(values, n), MAX_READINGS))
    glued_fit, blank_fit = [r for r in glued if check(r)], [r for r in blanks if check(r)]
    if under is not None and len(blank_fit) > 1 and len(under) == len(values):
        shown = [r for r in blank_fit if printed_at(r) == under]
        if len(shown) == 1:
            return shown
    # a few long tokens where n cells belong: digits glued together by a crawler, which runs a row's
    # cells together on its line; tokens each on a line of their own (a page's text taken one cell a
    # line, its blank cells gone) or set apart by wide runs of spaces (columns aligned by spaces) are
    # cells, glued only where no blanks fit. Where both fit, a few tokens on one line are read both ways
    # (the table's column sums, or the cells all readings agree on, decide): "460 515 975" for seven
    # cells is 460, 515 and 975 with four blanks somewhere as well as 4, 6, 0, 51, 5, 9, 75, and taking
    # the cut alone read six wrong numbers where a text browser had dropped a row's blank cells
    apart = len(values) > 1 and (len({it.line for it in values}) == len(values)
                                 or any(b.start - a.end >= WIDE_GAP for a, b in zip(values, values[1:])))
    if glued_fit and not blank_fit:
        return glued_fit
    if glued_fit and len(values) <= n // 2 and not apart:
        return glued_fit + blank_fit
    if blank_fit or glued_fit:
        return blank_fit or glued_fit
    pool = glued + blanks
    return [consensus(pool, n, "该行数字个数少于列数，且无法由勾稽关系确定位置")] if pool else []


EXCESS = "该行数字个数多于列数，且无法由勾稽关系确定取舍"
EXTRA_EMPTY = "该行的单元格多于列数，多出的空白单元格的位置无法由勾稽关系确定"
CUT_OFF = "文件在这一行的数字中结束（被截断），数字可能不完整，未读取"
WIDE_GAP = 3  # spaces between two figures of a row that only a layout aligning columns prints
GLUED = "数字粘连在一起，有多种拆分方式"


def _split_glued(item: Item, n: int, check: RowCheck, groups: list[int] | None) -> list[Reading]:
    if groups and sum(groups) + len(groups) == n:
        found = list(itertools.islice(_grouped_readings(item, groups), MAX_READINGS))
        if found:
            return found
        return [tuple(Guess("unreadable", None, item.raw, item.start, item.end, item.line,
                            note=f"粘连数字“{item.raw}”无法按勾稽关系拆分", reason=CellReason.glued_split)
                      for _ in range(n))]
    return _fit(_glued_readings([item], n), check, n, GLUED)


def leading_zero(item: Item) -> bool:
    """'0300' cannot be one cell: a count is never printed with a leading zero."""
    raw = item.raw.replace(",", "")
    return item.kind == "number" and len(raw) > 1 and raw.startswith("0") and "." not in raw


def printed_at(reading: Reading) -> list[int]:
    """The cells of a reading that hold something printed (not a blank placed where nothing was)."""
    return [i for i, g in enumerate(reading) if g.status != "blank"]
