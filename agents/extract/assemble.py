"""Find each row's label in a table region and hand it the value run that belongs to it.

The labels of a region, with numbers taken out, form one normalised *label stream*; value runs are
placed in that stream where they occurred. Each spec row is anchored (in the format's fixed order)
at a distinctive fragment of its label, moved back to the item marker ("1.", "（三）") before it,
so labels wrapped over lines, merged labels broken one character per line and numbers printed in
the middle of a wrapped label still land on the right row.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from agents.extract.labelfirst import LabelFirst, RowFits, label_first
from agents.extract.lines import Item
from agents.extract.norm import label_key
from agents.extract.runs import Run, Stream, among_headings, names_columns
from schemas.formats import RowSpec

_MARKER = re.compile(r"[(]?(?:[一二三四五六七八九十]{1,2}|\d{1,2})[)、.]")


LOOKAHEAD = 6  # rows after a label checked for being passed over by it


def _first(stream: str, keys: list[str], cursor: int) -> tuple[int, int] | None:
    """The earliest of a row's label fragments (normalised) at or after ``cursor``: (start, end)."""
    best: tuple[int, int] | None = None
    for f in keys:
        i = stream.find(f, cursor)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, i + len(f))
    return best


def _passed_over(gap: str, stream: str, later: list[list[str]], end: int) -> int:
    """How many of the ``later`` rows have a label fragment in ``gap`` (the stream between the search
    point and a label) and none after ``end`` (that label's end)."""
    lost = 0
    for keys in later:
        for f in keys:
            if f in gap:
                if _first(stream, keys, end) is None:
                    lost += 1
                break
    return lost


_KEYS: dict[int, tuple[RowSpec, list[str]]] = {}


def _row_keys(row: RowSpec) -> list[str]:
    """A row's normalised label fragments, kept per row of the format pack (a fixed set of objects)."""
    got = _KEYS.get(id(row))
    if got is None or got[0] is not row:
        got = _KEYS[id(row)] = (row, [label_key(frag) for frag in row.anchors])
    return got[1]


def find_anchors(stream: str, rows: list[RowSpec], start: int = 0) -> dict[str, tuple[int, int]]:
    """Row key -> (start, end) in the label stream, searched in the format's row order.

    A label printed out of its place (a converter moved a few rows' labels below the table) would
    carry the search past the rows printed before it: a label after which two or more of the next
    rows' labels can no longer be found, though they stand between the search point and it, is
    passed over (its row left without an anchor) rather than losing them."""
    anchors: dict[str, tuple[int, int]] = {}
    keys = [_row_keys(row) for row in rows]
    columns = _column_labels(rows)
    cursor = start
    for k, row in enumerate(rows):
        best = _first(stream, keys[k], cursor)
        while best is not None and among_headings(stream, best, columns):
            best = _first(stream, keys[k], best[1])
        if best is None:
            continue
        if best[0] - cursor > 1 and _passed_over(stream[cursor:best[0]], stream, keys[k + 1:k + 1 + LOOKAHEAD],
                                                 best[1]) >= 2:
            continue
        lo = max(cursor, best[0] - 14)
        begin = best[0]
        own = _numeral(row.label_zh)
        for m in _MARKER.finditer(stream, lo, best[0]):
            if own is None or _numeral(m.group()) == own:  # the row's own item marker, not that of another
                begin = m.start()  # label before it (a group's "(三)不", a merged label printed again)
        anchors[row.key] = (begin, best[1])
        cursor = best[1]
    return anchors


@lru_cache(maxsize=256)
def _numeral(label: str) -> str | None:
    """The numeral of the item marker ``label`` starts with ("5." → "5", "（三）不予公开" → "三"), or None."""
    m = _MARKER.match(label_key(label))
    return m.group().strip("()、.") if m else None


def _attach(runs: list[Run], rows: list[RowSpec], anchors: dict[str, tuple[int, int]], *, after_label: bool
            ) -> tuple[dict[str, list[Run]], list[Run]]:
    """Each run goes to the row whose label precedes it (or, ``after_label=False``, follows it)."""
    found = sorted((a[0] if after_label else a[1], key) for key, a in anchors.items())
    by_row: dict[str, list[Run]] = {r.key: [] for r in rows}
    stray: list[Run] = []
    for run in runs:
        if after_label:
            owners = [key for begin, key in found if begin < run.pos]
            owner = owners[-1] if owners else None
        else:
            owner = next((key for end, key in found if end > run.pos), None)
        (by_row[owner] if owner else stray).append(run)
    return by_row, stray


def _part_by_headings(by_row: dict[str, list[Run]], stray: list[Run], anchors: dict[str, tuple[int, int]],
                      text: str, rows: list[RowSpec], *, after_label: bool) -> None:
    """Lines of figures parted by the column headings from the label they went to (``text`` between
    names two or more columns) are not that row's where there are several, and stay over: a PDF's text,
    label column first, prints the header after the labels, then the figures a column at a time ("…1.本
    机关不掌握相关政府信息 … 自然人 商业企业 … 总计 其他 3001 34 1288 …"). One line after a sub-table's
    header, words before it, is still its row's (表二's "行政许可 信息内容 本年处理决定数量 447228")."""
    columns = _column_labels(rows)
    for row in rows:
        runs = by_row.get(row.key, [])
        if row.key not in anchors or len(runs) < 2:
            continue
        (begin, end), own = anchors[row.key], set(_row_keys(row))
        block = after_label and _after_labels(by_row, anchors, begin)  # once a row, not once a line
        apart = [r for r in runs if r.values and (block or names_columns(
            text[end:r.pos] if after_label else text[r.pos:begin], columns, own))]
        apart = [r for r in apart if sum(1 for a in apart if a.pos == r.pos) >= 2]  # lines with no words between
        if apart:
            by_row[row.key] = [r for r in runs if not any(r is a for a in apart)]
            stray += apart


def _after_labels(by_row: dict[str, list[Run]], anchors: dict[str, tuple[int, int]], begin: int) -> bool:
    """Whether the two labels before the one at ``begin`` took no figures: a block of labels (a PDF's
    text, label column first), whose figures after its last label are the block's columns."""
    before = sorted((a[0], k) for k, a in anchors.items() if a[0] < begin)[-2:]
    return len(before) == 2 and not any(r.values for _, k in before for r in by_row.get(k, []))


def _fit_score(assigned: tuple[dict[str, list[Run]], list[Run]], anchors: dict[str, tuple[int, int]],
               rows: list[RowSpec]) -> int:
    """Rows with one run of figures, less the runs of figures no row took, less two for each run given
    to a row other than the one its own line names, and not its own (a grid row "| 一、本年新收… | 705 |
    … |" given to the next row). Runs of dashes alone (a stub table's "| - | - |") count for neither."""
    by_row, stray = assigned
    keys = [(row.key, _row_keys(row)) for row in rows if row.key in anchors]
    single = sum(1 for k in anchors if len([r for r in by_row[k] if r.has_figures]) == 1)
    misnamed = sum(1 for key, runs in by_row.items() for r in runs if r.values and r.label
                   and (named := _rows_named(r.label, keys)) and key not in named)
    return single - sum(1 for r in stray if r.has_figures) - 2 * misnamed


def _to_named_rows(by_row: dict[str, list[Run]], rows: list[RowSpec]) -> None:
    """A grid line's figures given to a row other than the one its own label cell names, and not its
    own, go to the row it names: the label before a table's figures on their line is their row's. (A
    file cut off inside 表三 leaves a few rows, and a sub-table header's "总计" can anchor the total row
    before them: "| 本年新收… | 705 | 3 |" was given to （七）总计.)"""
    keys = [(row.key, _row_keys(row)) for row in rows]
    for key in list(by_row):
        for run in list(by_row[key]):
            if not (run.grid and run.has_label and run.label and run.values):
                continue
            named = _rows_named(run.label, keys)
            if len(named) == 1 and named[0] != key:
                by_row[key].remove(run)
                by_row[named[0]] = sorted([*by_row[named[0]], run], key=lambda r: r.pos)


_WORDS = re.compile(r"[\u4e00-\u9fff]{2}")


def _under_misprinted_labels(by_row: dict[str, list[Run]], rows: list[RowSpec], anchors: dict[str, tuple[int, int]],
                             text: str, width: dict[str, int]) -> None:
    """Rows whose label was not found (misprinted: "部分公" for 部分公开) whose figures stand on lines of
    their own after it (a text of a cell a line, a figure a line): they went to the row found before
    them, after words (the misprinted label) that part them from that row's own figures. Where the
    template rows free between two found rows are exactly as many as such groups of figures, and each
    group fills its row, each takes its place in order, as a row printed without its label does
    (``by_position``: the table's arithmetic must confirm it, or its cells are unreadable, see
    tables._confirm_placed)."""
    found = [i for i, r in enumerate(rows) if r.key in anchors]
    for a, b in zip(found, found[1:] + [len(rows)]):
        free = list(range(a + 1, b))
        runs = [r for r in by_row[rows[a].key] if r.values]
        if not free or len(runs) <= len(free):
            continue
        groups: list[list[Run]] = []
        for r in runs:
            if groups and not _WORDS.search(text, groups[-1][-1].pos, r.pos):
                groups[-1].append(r)
            else:
                groups.append([r])
        if len(groups) != 1 + len(free) or any(
                sum(len(r.values) for r in g) != width[rows[i].key] and not (len(g) == 1 and _fills(g[0], width[rows[i].key]))
                for g, i in zip(groups[1:], free)):
            continue
        for g, i in zip(groups[1:], free):
            for r in g:
                by_row[rows[a].key].remove(r)
                r.by_position = True
            by_row[rows[i].key] = g


def _rows_named(label: str, keys: list[tuple[str, list[str]]]) -> list[str]:
    """The rows (of ``keys``: row key, its normalised anchors) whose anchors a line's label holds."""
    return [key for key, frags in keys if any(f in label for f in frags)]


def _own_row(label: str, anchor_keys: list[tuple[str, int]], after: int) -> int | None:
    """Index of the row whose anchor is in a grid line's own label: the first such after ``after``.
    ``anchor_keys``: every row's normalised anchors with the row's index, in row order."""
    hits = sorted({i for a, i in anchor_keys if a in label})
    later = [i for i in hits if i > after]
    return later[0] if later else (hits[0] if hits else None)


_COLUMNS: dict[int, tuple[list[RowSpec], set[str]]] = {}


def _column_labels(rows: list[RowSpec]) -> set[str]:
    """A table's normalised column labels, kept per table of the format pack (a fixed set of objects)."""
    got = _COLUMNS.get(id(rows))
    if got is None or got[0] is not rows:
        got = _COLUMNS[id(rows)] = (rows, {label_key(c.label_zh) for r in rows for c in r.columns})
    return got[1]


def _blank_row(run: Run, own: set[str], columns: set[str]) -> bool:
    """A grid line of a row's label and empty cells only ("| 7.属于行政执法案卷 | | | … |": its cells
    are printed blank), not a header line, which names two or more columns besides the row's own words."""
    return not run.items and run.trailing_empty and run.has_label and not names_columns(run.label, columns, own)


def _fills(run: Run, width: int) -> bool:
    """Whether a run placed by its position (printed without its label, or under one no row's) prints a
    whole row of ``width`` cells: all of them, or (a grid line that ended in empty cells, which read_row
    reads as blank) its first ones."""
    items = _own_cells(run)
    return len(items) == width or (run.grid and run.trailing_empty and len(items) < width)


def _own_cells(run: Run) -> list[Item]:
    """A run's items less the empty cells a merged label cell printed after its label (the label's)."""
    return _from_first_filled(run.items) if run.has_label else run.items


def _from_first_filled(items: list[Item]) -> list[Item]:
    """``items`` from the first that is not an empty cell on."""
    return items[next((k for k, it in enumerate(items) if it.kind != "empty"), len(items)):]


Gap = tuple[list[Run], list[str]]
"""Label-less runs between two labelled rows, fewer than the template rows free there: (runs, free row keys)."""


class Assignment(NamedTuple):
    by_row: dict[str, list[Run]]
    stray: list[Run]  # runs no row took
    by_order: bool  # rows were matched by the format's order only
    gaps: list[Gap]  # left over runs that may belong to one of several free rows (never placed by guess)
    label_first: LabelFirst | None = None  # rows whose labels were printed before all their figures
    cut: tuple[str, ...] = ()  # rows that took the first figures of more than they have cells


def _goes_on(labelled: Run, run: Run, taken: list[Run], width: int) -> bool:
    """Whether ``run``, figures on a line of their own, is the rest of the row ``labelled`` opened on the
    line before: nothing stands between them (no label), and the row, short of its cells on its own
    line, comes to exactly its width with them (a text browser or a converter wrapped the row:
    "一、本年新收… 911 755 578" and then "1177 2942 2639 9002"). Left over, the short row's few
    figures were cut as glued digits that happened to add up. Where spaces part the figures, blank
    cells leave no trace, so the two lines need only not come to more than the width (lynx at 40
    columns: "5.要求…信息 2       2" and then "4", its total): read alone, the row's last figure was
    taken for its total (2 for 4)."""
    have = sum(_printed_cells(r) for r in taken)
    together = have + _printed_cells(run, rest=True)
    return (bool(taken) and taken[-1] is labelled and _next_line_of(labelled, run) and have < width
            and (together == width or (not labelled.grid and not run.grid and together <= width)))


def _next_line_of(last: Run, run: Run) -> bool:
    """Whether ``run`` stands on the line after ``last``'s with no label and no label text between them:
    what may be the rest of the row ``last`` holds."""
    return not run.label and run.pos == last.pos and run.line == last.line + 1


def _finished_by(taken: list[Run], run: Run, key: str, n: int, fits: RowFits | None) -> bool:
    """Whether ``run``, figures on the next line, ends the grid row whose runs are ``taken`` (its figures
    on its label's line, on a line of words no row's after it: "| 办 | 4.保护… |  |" then "| （三）不 |  |
    6 0 | 0 0 | 0 0 |", or under a label printed outside the table, after its label columns' empty cells)
    that looked whole only by the empty cells before its figures: read as printed, the first of them
    is the row's first cell and the row breaks its identities; they are the label's, and with the next
    line's figures the row comes to exactly its ``n`` cells and holds ("一、本年新收…\t\t1\t0\t0\t0\t0\t0\t"
    and then "1\t": the line broke before its total; "|  |  |  | 56 | 6 0 | 0 | 0" and then " 0 | 62 |").
    Left apart, every figure of the row moved right."""
    last = taken[-1] if taken else None
    if fits is None or last is None or not (last.grid and not any(r.values for r in taken[:-1])
                                            and _next_line_of(last, run)):
        return False
    items = last.items
    alone = items[len(items) - n:] if len(items) >= n else []  # its cells as read alone (read_row)
    whole = _from_first_filled(items) + _from_first_filled(run.items)
    return bool(alone) and alone[0].kind == "empty" and all(it.kind == "empty" for it in items[:len(items) - n]) \
        and len(whole) == n and all(it.kind != "empty" for it in whole) \
        and fits(key, whole) is True and fits(key, alone) is False


def _pipe_rest(taken: list[Run], run: Run, width: int) -> int | None:
    """Where ``run``, on the next line, is the rest of the pipe row ``taken`` opened, its line broken
    inside a cell: the cells the break left no trace of (1 where it broke inside a blank cell, one line
    ending with a pipe and the next starting with one: "| 三、… | （一）予以公开 |  | 258 | 12 |  |" and then
    "  | 1 | 1 |  |"; 0 where the cell holds words on one side: "… |  | 1 " and then "| 1 |  |"), where
    counted with them and with the rest's empty cells (between pipes they are cells) the row comes to
    exactly its width; None otherwise. Read apart, the figures after the break moved left, and those
    before it right (258 in 商业企业)."""
    last = taken[-1] if taken else None
    if last is None or not (last.grid and (last.closes or last.opens) and last.items and _next_line_of(last, run)
                            and (last.closes or run.opens)):
        return None
    lost = 1 if last.closes and run.opens else 0
    have = sum(_printed_cells(r) for r in taken)
    return lost if have < width and have + lost + len(run.items) + len(run.trailing) == width else None


def _printed_cells(run: Run, *, rest: bool = False) -> int:
    """The cells a run prints: its figures where spaces part them (a blank cell leaves no trace), every
    cell of a grid line, its empty ones too, but the empty cells a merged label printed after the label;
    of the rest of a row broken over two lines (``rest``), not the empty cells it starts with (the tab or
    pipe before its first figure parted it from the figures before the break) or ends with (the line's
    padding). A grid row of its full width with blank cells among its figures ("| （一）予以公开 | 0 |  |
    0 |  | 0 |  | 0 |") is whole: counted by its figures only, it took the next line's label-less row as
    its rest."""
    if not run.grid:
        return len(run.values)
    if rest:
        return len(_from_first_filled(run.items))
    return len(_own_cells(run)) + len(run.trailing)


def _by_own_labels(runs: list[Run], rows: list[RowSpec], width: dict[str, int], fits: RowFits | None = None
                   ) -> tuple[dict[str, list[Run]], list[Run], list[Gap]] | None:
    """Grid rows identified by the label on their own line. A row printed without its label takes
    the one free template row between its labelled neighbours only when the counts match exactly;
    otherwise it is left over (and reported), never placed by guess: where fewer such rows than free
    template rows are printed, the gap is returned for the table's arithmetic, a person or a model to
    choose among its placements. None: not a row-labelled table."""
    placed: list[tuple[Run, int | None]] = []
    blank: list[tuple[Run, int]] = []  # rows printed with their label and only empty cells
    last = -1
    anchor_keys = [(label_key(a), i) for i, r in enumerate(rows) for a in r.anchors]
    columns: set[str] = set()  # the table's column labels, made at the first labelled blank row
    for run in runs:
        if not run.values:
            idx = _own_row(run.label, anchor_keys, last) if run.label and run.trailing_empty and not run.items else None
            if idx is not None:
                columns = columns or _column_labels(rows)
                if _blank_row(run, {a for a, i in anchor_keys if i == idx}, columns):
                    blank.append((run, idx))
            continue
        idx = _own_row(run.label, anchor_keys, last) if run.label else None
        if idx is not None:
            last = idx
        placed.append((run, idx))
    taken = {i for _, i in placed if i is not None} | {i for _, i in blank}
    if len(taken) < max(3, len(rows) // 2):  # only part of the table is printed (a file cut off, a page
        # lost): row-labelled still where most runs as wide as a row carry their own row's label (all of
        # them, if fewer than three rows are printed)
        widths = set(width.values())
        full = [idx for run, idx in placed if len(run.values) in widths]
        labelled = sum(1 for idx in full if idx is not None)
        if not taken or 2 * labelled <= len(full) or (len(taken) < 3 and labelled < len(full)):
            return None
    by_row: dict[str, list[Run]] = {r.key: [] for r in rows}
    stray: list[Run] = []
    gap: list[Run] = []
    gaps: list[Gap] = []
    prev = -1

    def close_gap(upto: int) -> None:
        free = [i for i in range(prev + 1, upto) if i not in taken]
        full = [r for r in gap if any(_fills(r, width[rows[i].key]) for i in free)]
        if free and len(full) == len(free) and all(_fills(r, width[rows[i].key]) for r, i in zip(full, free)):
            for r, i in zip(full, free):
                r.by_position = True
                by_row[rows[i].key].append(r)
            stray.extend(r for r in gap if r not in full)
        else:
            if full and len(full) < len(free) and all(_fills(r, width[rows[i].key]) for r in full for i in free):
                gaps.append((list(full), [rows[i].key for i in free]))
            stray.extend(gap)
        gap.clear()

    held: tuple[Run, int] | None = None  # the last run a row's own label placed
    for run, idx in placed:
        if idx is None and held is not None:  # a line without a row's label: the rest of the row held?
            key = rows[held[1]].key
            if _goes_on(held[0], run, by_row[key], width[key]) or _finished_by(by_row[key], run, key, width[key], fits):
                by_row[key].append(run)
                continue
            lost = _pipe_rest(by_row[key], run, width[key])
            if lost is not None:  # the row's cells before the break, its empty ones too, and the one it lost
                last = by_row[key][-1]
                end = (last.trailing or last.items)[-1].end
                last.items, last.trailing = last.items + last.trailing + [Item("empty", "", end, end, last.line)] * lost, []
                by_row[key].append(run)
                continue
        if idx is None:
            gap.append(run)
            continue
        held = (run, idx)
        close_gap(idx)
        prev = max(prev, idx)
        (by_row[rows[idx].key] if not by_row[rows[idx].key] else stray).append(run)
    close_gap(len(rows))
    for run, idx in blank:
        if not by_row[rows[idx].key]:  # a row printed again with figures keeps those
            by_row[rows[idx].key].append(run)
    return by_row, stray, gaps


def assign_runs(stream: Stream, rows: list[RowSpec], anchors: dict[str, tuple[int, int]],
                width: dict[str, int], fits: RowFits | None = None, *, label_first_rows: bool = True,
                headings_part: bool = True) -> Assignment:
    """Row key -> its runs; also the runs no row took, and whether rows were matched by order only.
    ``label_first_rows``: look for rows printed label column first (see LabelFirst); ``headings_part``:
    column headings between a label and figures part them (not 表四, whose row labels head its columns)."""
    own = _by_own_labels(stream.runs, rows, width, fits) if any(r.label for r in stream.runs) else None
    if own is not None:
        return Assignment(own[0], own[1], False, own[2])
    first = label_first(stream.runs, rows, anchors, width, fits) if label_first_rows else LabelFirst()
    rest = stream.runs
    if first.placed or first.unplaced:
        taken = {id(r) for r in first.unplaced} | {id(it) for r in first.placed.values() for it in r.items}
        rest = [r for r in rest if id(r) not in taken and not any(id(it) in taken for it in r.items)]
    by_row, stray = _attach(rest, rows, anchors, after_label=True)
    before = _attach(rest, rows, anchors, after_label=False)
    after_label = _fit_score(before, anchors, rows) <= _fit_score((by_row, stray), anchors, rows)
    if not after_label:
        by_row, stray = before  # this layout prints each row's numbers before its label
    if headings_part:
        _part_by_headings(by_row, stray, anchors, stream.text, rows, after_label=after_label)
    _to_named_rows(by_row, rows)
    if after_label:
        _under_misprinted_labels(by_row, rows, anchors, stream.text, width)
    with_values = [r for r in rest if r.values]
    empty_rows = [k for k in anchors if not any(r.values for r in by_row[k])]
    if (not first.placed and not first.unplaced and len(with_values) == len(rows)
            and (len(anchors) < len(rows) / 2 or len(empty_rows) >= 2)):
        return Assignment({row.key: [run] for row, run in zip(rows, with_values)}, [], True, [])
    for key, run in first.placed.items():
        stray += by_row[key]
        by_row[key] = [run]
    stray += first.unplaced
    cut: list[str] = []
    for key, runs in by_row.items():
        kept = [r for r in runs if r.values] or runs[:1]
        merged: list[Run] = []
        total = 0
        for r in kept:
            if merged and total >= width[key] and not _finished_by(merged, r, key, width[key], fits):
                stray.append(r)
                if r.values and (not cut or cut[-1] != key):
                    cut.append(key)
                continue
            merged.append(r)
            total += len(r.items)
        by_row[key] = merged
    return Assignment(by_row, stray, False, [], first if first.placed or first.unplaced else None, tuple(cut))
