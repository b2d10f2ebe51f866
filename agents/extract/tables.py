"""Deterministic extraction of tables 二, 三 and 四 from a region of report text."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace

from agents.extract.assemble import Gap, assign_runs, find_anchors
from agents.extract.columns import aligned_columns, header_columns, label_only_rows
from agents.extract.hints import Hints, break_ties, no_hints
from agents.extract.identities import (
    coefficients,
    distrust_scattered,
    doubt_blank_placements,
    failing_columns,
    flat_check,
    narrow_by_columns,
    place_strays,
    printed_holds,
    prints_column,
    propagate,
    prune,
    row_check,
    row_groups,
    rows_breaking_themselves,
    table_holds,
)
from agents.extract.inline import (
    VANISHED,
    Layout,
    confirm_cut_by_columns,
    inline_layout,
    inline_options,
)
from agents.extract.labelfirst import LabelFirst, RowFits
from agents.extract.lines import Item, Region, blank_grid_row, doubt_last_figure, tokenize
from agents.extract.norm import label_key, squash
from agents.extract.resolve import (
    Guess,
    Reading,
    consensus,
    doubted,
    doubted_all,
    guess_of,
    leading_zero,
    read_row,
    slot_blank,
)
from agents.extract.runs import Run, Stream, build_stream, figures_right_aligned
from agents.extract.webblanks import separated_lines, spaced_blank_cells
from schemas.cells import Cell, CellReason, CellStatus, Span, trusted_cell, trusted_span
from schemas.formats import (
    FormatVersion,
    TableSpec,
    table_spec,
)
from schemas.tables import TABLE_MODELS, RowPlacement, TableData, empty_table

MAX_ALTERNATIVES = 6  # readings of one row offered for a choice; more is no choice a person or model can make


_STATUS = {s.value: s for s in CellStatus}


def _cell(table: str, row: str, col: str, g: Guess, line_of: Callable[[int], int], anchor: Guess | None) -> Cell:
    """A Cell from a reading; a cell with no text of its own points (zero-width) at its row."""
    if g.start is not None and g.end is not None:
        span: Span | None = trusted_span(g.start, g.end, g.line or line_of(g.start))
    elif anchor is not None and anchor.start is not None:
        span = trusted_span(anchor.start, anchor.start, anchor.line or line_of(anchor.start))
    else:
        span = None
    candidates = [c for c in g.candidates if c is not None] if g.candidates else []
    return trusted_cell(table, row, col, g.value, g.raw, _STATUS[g.status], span, candidates, g.note, g.reason)


def _items(runs: list[Run]) -> list[Item]:
    return [it for r in runs for it in r.items]


def _trailing(runs: list[Run]) -> bool:
    return bool(runs) and runs[-1].trailing_empty


def _has_label(runs: list[Run]) -> bool:
    return bool(runs) and runs[0].has_label


def _duplicate_start(stream: Stream, spec: TableSpec, anchors: dict[str, tuple[int, int]]) -> int | None:
    """Stream position where the table's first rows appear again after its last row, if they do."""
    if len(anchors) < len(spec.rows) // 2 or len(spec.rows) < 3 or any(r.key not in anchors for r in spec.rows[:2]):
        return None  # (first rows found only after the last are printed out of place, not again)
    end = max(a[1] for a in anchors.values())
    again = find_anchors(stream.text, spec.rows[:2], start=end)
    return min(a[0] for a in again.values()) if len(again) == 2 else None


def _row_starts(spec: TableSpec) -> tuple[str, ...]:
    """How the table's row labels start, squashed (the anchor each row's label is found by first)."""
    return tuple({label_key(row.anchors[0]) for row in spec.rows if row.anchors})


def _region_table(doc: str, table_id: str, version: FormatVersion, region: Region,
                  line_of: Callable[[int], int], hints: Hints, vanished: bool = False) -> TableData:
    spec = table_spec(table_id, version)
    stream = build_stream(doc, region, _row_starts(spec))
    anchors = find_anchors(stream.text, spec.rows)
    dup = _duplicate_start(stream, spec, anchors) if table_id != "四" else None
    dup_line = None
    if dup is not None:
        later = [r for r in stream.runs if r.pos > dup]
        dup_line = later[0].line if later else None
        stream.runs = [r for r in stream.runs if r.pos <= dup]
    if table_id == "四":
        return _table4(doc, spec, region, stream, anchors, line_of, vanished)
    ncols = {r.key: len(r.columns) for r in spec.rows}
    notes: list[str] = []
    has_total = True
    assigned = assign_runs(stream, spec.rows, anchors, ncols, _fits(spec))
    if table_id == "三":
        rows = assigned[0].values()
        longest = max((_printed_width(runs) for runs in rows), default=0)
        # six tokens prove six columns only where no token hides several cells, and no header prints the
        # total's column (a row of each with a blank cell that left no trace shows six too)
        if longest == 6 and not any(leading_zero(it) or len(it.raw) >= 7 for runs in rows for it in _items(runs)
                                    if it.kind == "number") and not prints_column(spec, doc[region.start:region.end], "total"):
            has_total = False
            ncols = {k: 6 for k in ncols}
            notes.append("表三没有“总计”列：各行只有六个申请人类别的数字")
            assigned = assign_runs(stream, spec.rows, anchors, ncols, _fits(spec))
    by_row, stray, by_order = assigned.by_row, assigned.stray, assigned.by_order
    if by_order:
        notes.append("行标签无法逐行对应，按格式规定的行顺序读取数值")
    if assigned.label_first is not None:
        notes += _label_first_notes(assigned.label_first)
    options: dict[str, list[Reading]] = {}
    right_aligned = figures_right_aligned(by_row, ncols)
    under, slotted = aligned_columns(doc, {k: [it for it in _items(runs) if it.kind != "empty"] for k, runs in by_row.items()},
                                     ncols, region.start) if region.shape == "spaced" else ({}, set())
    slot_lines = [by_row[k][0].line for k in slotted]
    blank_rows = label_only_rows(doc, region.lines, {r.key: r.anchors for r in spec.rows if not by_row.get(r.key)},
                                 min(slot_lines), max(slot_lines)) if slot_lines else {}
    for row in spec.rows:
        runs = by_row.get(row.key, [])
        cols = [c.key for c in row.columns][:ncols[row.key]]
        if not runs:
            if row.key in blank_rows:  # its label alone on its line, among rows laid out in slots: blank cells
                options[row.key] = [(slot_blank(blank_rows[row.key]),) * len(cols)]
            continue
        options[row.key] = read_row(_items(runs), ncols[row.key], grid=runs[0].grid,
                                    trailing_empty=_trailing(runs), has_label=_has_label(runs),
                                    padding=runs[-1].trailing if right_aligned else (),
                                    check=row_check(spec, cols), groups=row_groups(spec, cols), under=under.get(row.key),
                                    slotted=row.key in slotted, ends=runs[-1].trailing)
    options = _fit_table(spec, options, max(ncols.values()))
    break_ties(options, hints)
    _distrust_cut(spec, options, assigned.cut, ncols, notes)
    if region.shape == "spaced":
        separated_lines(doc, options, {k: [it for it in _items(runs) if it.kind != "empty"] for k, runs in by_row.items()},
                        ncols, line_of, lambda key: row_check(spec, [c.key for c in spec.row(key).columns][:ncols[key]]))
        distrust_scattered(spec, options, by_row, ncols, notes)
    placed = [k for k, runs in by_row.items() if runs and runs[0].by_position and k in options]
    if placed:
        _confirm_placed(options, placed, spec, ncols, notes)
    placements = _placements(spec, options, assigned.gaps, ncols, doc, line_of)
    stray = place_strays(spec, options, stray, ncols, notes)
    if region.shape in ("spaced", "cell-per-line") and assigned.cut:
        doubt_blank_placements(spec, options, under, notes)
    table = _build(spec, options, ncols, region, line_of, notes, found=bool(options), has_total=has_total)
    table.placements = placements
    if placements:
        table.notes.append(f"{sum(len(p.lines) for p in placements)}行数字没有可识别的行标签，少于其间空缺的格式行，"
                     "勾稽关系无法区分属于哪一行，未放入（可能的行见 placements）")
    table.extra_lines = sorted({r.line for r in stray if any(it.kind != "dash" for it in r.values)})
    table.duplicated_at = dup_line
    return table


def _distrust_cut(spec: TableSpec, options: dict[str, list[Reading]], cut: Sequence[str], ncols: dict[str, int],
                  notes: list[str]) -> None:
    """A row whose label is followed by more figures than it has cells took the first of them; where
    those break the row's own identity or a bound of the table, the figures after the label were not
    the row's (a layout tool moved a block of another table's or another column's figures there): its
    cells become unreadable, with the figures as candidates, rather than a wrong sum blamed on the
    report."""
    for key in cut:
        readings = options.get(key)
        if not readings or len(readings) != 1 or any(g.status != "number" for g in readings[0]):
            continue
        cols = [c.key for c in spec.row(key).columns][:ncols[key]]
        if row_check(spec, cols)(readings[0]) and not _breaks_bound(spec, cols, readings[0]):
            continue
        label = spec.row(key).full_label_zh
        note = f"“{label}”之后的数字多于该行的列数，按顺序取前{len(readings[0])}个不符合该行的勾稽关系或常理，未读取"
        options[key] = [doubted(readings[0], note)]
        notes.append(f"{note}（见各单元格的候选数字）")


def _fits(spec: TableSpec) -> RowFits:
    """Whether items read as a row's cells fit the row's identities, and None where they break one of
    the table's bounds (see assemble.RowFits)."""
    def fits(key: str, items: list[Item]) -> bool | None:
        cols = [c.key for c in spec.row(key).columns][:len(items)]
        reading = tuple(guess_of(it) for it in items)
        return None if _breaks_bound(spec, cols, reading) else row_check(spec, cols)(reading)
    return fits


def _breaks_bound(spec: TableSpec, cols: list[str], reading: Reading) -> bool:
    """Whether a reading of one row breaks one of the table's bounds (both figures printed)."""
    for b in spec.bounds:
        if b.larger in cols and b.smaller in cols:
            larger, smaller = reading[cols.index(b.larger)], reading[cols.index(b.smaller)]
            if larger.status == smaller.status == "number" and (larger.value or 0) < (smaller.value or 0):
                return True
    return False


def _label_first_notes(first: LabelFirst) -> list[str]:
    notes = []
    by_row = len(first.placed) - len(first.by_column) - len(first.by_position) - len(first.run_on)
    for how, count in (("逐列", len(first.by_column)), ("逐行", by_row)):
        if count:
            notes.append(f"本表先列出行标签，再{how}列出数字（PDF 转文字的常见版式）：{count}行按格式的行列顺序对应")
    if len(first.unplaced) > len(first.refused):
        notes.append(f"{len(first.unplaced) - len(first.refused)}个数字排在一组行标签之后，个数与这些行的单元格数不符，"
                     "无法逐格对应，未读取")
    if first.refused:
        notes.append(f"{len(first.refused)}个数字排在一组行标签之后，无论逐列还是逐行放入，都有行不符合勾稽关系或常理"
                     "（转换工具可能打乱了列序），未读取")
    return notes


def _placements(spec: TableSpec, options: dict[str, list[Reading]], gaps: list[Gap], ncols: dict[str, int],
                doc: str, line_of: Callable[[int], int]) -> list[RowPlacement]:
    """For label-less rows fewer than the free template rows around them: every order-keeping
    placement under which the printed figures still fit the column identities (at most
    MAX_ALTERNATIVES; a row read several ways is no candidate). Nothing is placed here."""
    out: list[RowPlacement] = []
    for runs, free in gaps:
        readings: list[Reading] = []
        for run in runs:
            cols = [c.key for c in spec.row(free[0]).columns][:ncols[free[0]]]
            got = read_row(_items([run]), ncols[free[0]], grid=run.grid, trailing_empty=run.trailing_empty,
                           has_label=run.has_label, check=row_check(spec, cols), groups=row_groups(spec, cols))
            if len(got) != 1:
                break
            readings.append(got[0])
        combos = list(itertools.combinations(free, len(runs)))
        if len(readings) != len(runs) or len(combos) > MAX_ALTERNATIVES:
            continue
        fitting = [keys for keys in combos
                   if printed_holds(spec, {**options, **{k: [r] for k, r in zip(keys, readings)}}, min(ncols.values()))]
        if not fitting:
            continue
        cells = []
        for keys in fitting:
            cells.append([_cell(spec.table_id, key, col.key, g, line_of, None)
                          for key, reading in zip(keys, readings) for col, g in zip(spec.row(key).columns, reading)])
        texts = [" ".join(_printed_line(doc, r).split())[:120] for r in runs]
        out.append(RowPlacement(lines=[r.line for r in runs], texts=texts, options=[list(k) for k in fitting],
                                cells=cells))
    return out


def _printed_line(doc: str, run: Run) -> str:
    """The line ``run`` is printed on."""
    first = next((it.start for it in run.items if it.start is not None), 0)
    end = doc.find("\n", first)
    return doc[doc.rfind("\n", 0, first) + 1:end if end >= 0 else len(doc)]


def _fit_table(spec: TableSpec, options: dict[str, list[Reading]], width: int) -> dict[str, list[Reading]]:
    """Narrow rows read several ways by the table's column identities (the format pack's)."""
    propagate(options, coefficients(spec), width)
    options = narrow_by_columns(options, coefficients(spec), width)
    return prune(options, lambda rows: table_holds(spec, rows, width))


_NO_LABEL = "在报告中没有可识别的行标签（没有印出或印错）"  # a row printed without its label, or under a misprinted one


def _confirm_placed(options: dict[str, list[Reading]], placed: list[str], spec: TableSpec,
                    ncols: dict[str, int], notes: list[str]) -> None:
    """Rows printed without a label were put where the template has a free row; the table's arithmetic
    must confirm it, or those rows become unreadable (never numbers in a row they may not belong to).
    One misprinted cell breaks one column and its own row, wherever the rows stand: the placement
    stands then, and the checker reports the misprint."""
    bad = failing_columns(spec, options, min(ncols.values()))
    if bad and not (len(bad) == 1 and rows_breaking_themselves(spec, options, ncols) == 1):
        for k in placed:
            first = options[k][0][0]
            options[k] = [doubted(options[k][0], f"该行{_NO_LABEL}，按位置推定的行与勾稽关系不符，无法确定属于哪一行")] \
                if first is not None else options[k]
        notes.append(f"{len(placed)}行数字{_NO_LABEL}，按位置推定后勾稽关系不成立，已标为无法识别")
        return
    for k in placed:
        options[k] = [tuple(replace(g, note=g.note or f"该行{_NO_LABEL}，按格式行序和上下行位置确定",
                                    reason=g.reason or CellReason.placed_by_position)
                            for g in r) for r in options[k]]
    fits = "勾稽关系相符" if not bad else "勾稽关系除一个单元格（其所在行与列的合计都不符，见勾稽关系检查）外相符"
    notes.append(f"{len(placed)}行数字{_NO_LABEL}，按格式规定的行序和上下行位置确定，{fits}")


def _row_values(runs: list[Run]) -> list[Item]:
    items = _items(runs)
    while items and items[0].kind == "empty":
        items.pop(0)
    while items and items[-1].kind == "empty":
        items.pop()
    return items


def _printed_width(runs: list[Run]) -> int:
    """How many cells a row prints, up to its last figure or dash: what a row's line holds after them
    (an empty cell, then "(4)保": the next row's label run onto its line) proves no column."""
    items = _row_values(runs)
    while items and items[-1].kind not in ("number", "dash"):
        items.pop()
    return len(items)


def _table4(doc: str, spec: TableSpec, region: Region, stream: Stream, anchors: dict[str, tuple[int, int]],
            line_of: Callable[[int], int], vanished: bool) -> TableData:
    """Table 四 is one row of 15 cells in the format; some reports print it as three rows of five.
    ``vanished``: 表三 of the same page lost blank cells where its rows ran together, so 四's glued digits
    may hold fewer cells than fifteen: a cut of them is not taken."""
    runs = [r for r in stream.runs if r.items]
    cols = [c.key for c in spec.rows[0].columns]
    # 表四's three "rows" are the column groups of one printed row: its figures are never a label column's
    per_row = assign_runs(stream, spec.rows, anchors, {r.key: 5 for r in spec.rows}, label_first_rows=False,
                           headings_part=False)[0]
    notes: list[str] = []
    # each group printed under its own label, five figures each ("### 行政诉讼（复议后起诉）"); a group whose
    # label and figures are not there (a table of the three lost) is missing, never filled from another's
    present = {k: v for k, v in per_row.items() if _row_values(v)}
    by_group = len(present) >= 2 and all(len(_row_values(v)) == 5 for v in present.values()) \
        and len({id(x) for v in present.values() for x in v}) >= len(present)
    if by_group:
        options = {k: read_row(_items(v), 5, grid=v[0].grid, trailing_empty=_trailing(v), has_label=True,
                               check=row_check(spec, cols), groups=row_groups(spec, cols)) for k, v in present.items()}
        if len(present) < len(per_row):
            return _build(spec, options, {r.key: 5 for r in spec.rows}, region, line_of, notes, found=True, has_total=True)
        flat_opts = [tuple(itertools.chain(*(options[k][0] for k in ("review", "litigation_direct",
                                                                       "litigation_after_review"))))]
        if any(len(o) > 1 for o in options.values()):
            flat_opts = [tuple(itertools.chain(*combo)) for combo in itertools.product(*options.values())]
    else:
        items = _items(runs) or blank_grid_row(doc, region.start, region.end, 15, line_of)  # a row of blank cells
        grid = not runs or runs[0].grid
        groups = (row_groups(spec, cols) or []) * len(spec.rows)
        under = None if grid else header_columns(doc, items, region.start, [label_key(c.label_zh) for r in spec.rows
                                                                            for c in r.columns])
        flat_opts = read_row(items, 15, grid=grid, trailing_empty=_trailing(runs), has_label=_has_label(runs),
                             check=flat_check(spec, cols), groups=groups or None, under=under,
                             slotted=under is not None, ends=runs[-1].trailing if runs else ()) if items else []
        if not grid and flat_opts and (len(flat_opts) > 1 or any(g.status == "unreadable" for g in flat_opts[0])):
            flat_opts = spaced_blank_cells(doc, items, 15, flat_check(spec, cols)) or flat_opts  # a web page's blanks
        if vanished and any(g.reason is CellReason.glued_split for o in flat_opts for g in o):
            flat_opts = [doubted_all(flat_opts, VANISHED, CellReason.blanks_vanished)]
        why = _scrambled(spec, cols, flat_opts, stream, doc[region.start:flat_opts[0][0].start or region.start]
                         if flat_opts else "")
        if why:
            flat_opts = [doubted(flat_opts[0], f"{why}，按文字顺序读出的各组不全符合勾稽关系，转换工具可能打乱了顺序，未读取")]
            notes.append(f"{why}，按文字顺序读出的各组不全符合勾稽关系，未读取（见各单元格的候选数字）")
    options2: dict[str, list[Reading]] = {}
    alternatives: dict[str, list[list[int | float | None]]] = {}
    if flat_opts:
        flat = flat_opts[0] if len(flat_opts) == 1 else consensus(flat_opts, 15, "数字无法唯一对应到单元格")
        for i, row in enumerate(spec.rows):
            options2[row.key] = [tuple(flat[i * 5:(i + 1) * 5])]
            own = {tuple(g.value for g in o[i * 5:(i + 1) * 5]) for o in flat_opts
                   if all(g.status == "number" for g in o[i * 5:(i + 1) * 5])}
            if 1 < len(own) <= MAX_ALTERNATIVES and len(flat_opts) > 1:
                alternatives[row.key] = [list(v) for v in sorted(own, key=lambda v: [x or 0 for x in v], reverse=True)]
    table = _build(spec, options2, {r.key: 5 for r in spec.rows}, region, line_of, notes,
                   found=bool(options2), has_total=True)
    table.alternatives.update(alternatives)
    return table


def _scrambled(spec: TableSpec, cols: list[str], flat_opts: list[Reading], stream: Stream, head: str) -> str:
    """Why 表四's fifteen figures, read in text order, are not to be trusted ("" when they are): a
    group of five breaks its row identity, and the text shows a layout tool's order rather than the
    table's: label text splits the figures into more than three stretches, or the header above them
    no longer spells the column labels in order (their characters are interleaved: "结 果|其 他 结|
    尚 未|维持|纠正|果|审结") and the figures stand on lines of their own, so they may be interleaved as
    well. A table printed with its header in order, or with its fifteen figures on one line, keeps its
    reading, and a wrong sum in it is reported. In a layout tool's order a group that fits may fit by
    chance (zeros), so the whole table is left unread, not only the groups that break."""
    if len(flat_opts) != 1 or len(flat_opts[0]) != 15 or any(g.status != "number" for g in flat_opts[0]):
        return ""
    check = row_check(spec, cols)
    if all(check(flat_opts[0][i * 5:(i + 1) * 5]) for i in range(3)):
        return ""
    if len({r.pos for r in stream.runs if r.values}) > 3:
        return "表四的数字被标签文字隔成多段"
    if len({g.line for g in flat_opts[0]}) == 1:  # fifteen figures on one line keep the table's order
        return ""
    return "" if _header_in_order(spec, head) else "表四表头的文字顺序已被打乱"


def _header_in_order(spec: TableSpec, head: str) -> bool:
    """The first column group's labels (结果维持 … 总计) appear in the header text in their order."""
    flat, pos = squash(head), 0
    for col in spec.rows[0].columns:
        at = flat.find(label_key(col.label_zh), pos)
        if at < 0:
            return False
        pos = at + len(label_key(col.label_zh))
    return True


def _build(spec: TableSpec, options: dict[str, list[Reading]], ncols: dict[str, int], region: Region,
           line_of: Callable[[int], int], notes: list[str], *, found: bool, has_total: bool) -> TableData:
    table = TABLE_MODELS[spec.table_id](version=spec.version, found=found, shape=region.shape, notes=notes,
                                        span=Span(start=region.start, end=region.end, line=line_of(region.start)))
    cells: list[Cell] = []
    tid = spec.table_id
    for row in spec.rows:
        opts = options.get(row.key)
        reading: Sequence[Guess] = ()
        if opts:
            reading = opts[0] if len(opts) == 1 else consensus(opts, ncols[row.key], "数字无法唯一对应到单元格")
            if 1 < len(opts) <= MAX_ALTERNATIVES and all(g.status == "number" for o in opts for g in o):
                table.alternatives[row.key] = [[g.value for g in o] for o in opts]
        anchor = next((g for g in reading if g.start is not None), None)
        read = len(reading)
        for i, col in enumerate(row.columns):
            if i < read:
                g = reading[i]
                if (start := g.start) is not None and g.end is not None and g.line and not g.candidates:  # _cell, inlined
                    cells.append(trusted_cell(tid, row.key, col.key, g.value, g.raw, _STATUS[g.status],
                                              trusted_span(start, g.end, g.line), [], g.note, g.reason))
                else:
                    cells.append(_cell(tid, row.key, col.key, g, line_of, anchor))
            else:
                no_column = col.key == "total" and not has_total
                cells.append(trusted_cell(tid, row.key, col.key, None, "", CellStatus.missing, None, [],
                                          "表格无此列" if no_column else "未找到该行",
                                          CellReason.column_not_printed if no_column else CellReason.row_not_found))
    table.cells = cells
    glued = CellReason.glued_split  # an enum member looked up once, not per cell (a slow lookup in 3.11)
    if any(c.reason is glued for c in cells):
        table.notes.append("部分单元格的数字粘连在一起，已按表内勾稽关系拆分")
    return table


def _inline_table(doc: str, spec: TableSpec, layout: Layout, start: int, end: int, line_of: Callable[[int], int],
                  hints: Hints) -> TableData:
    """A table whose rows run together on one line (a crawler's text): see ``inline.py``."""
    ncols = {r.key: len(r.columns) for r in spec.rows}
    columns = {r.key: [c.key for c in r.columns] for r in spec.rows}
    options, placed = inline_options(doc, layout, end, spec, ncols, line_of,
                                     groups=lambda key: row_groups(spec, columns[key]),
                                     check=lambda key: row_check(spec, columns[key]))
    options = _fit_table(spec, options, max(ncols.values()))
    confirm_cut_by_columns(spec, options, ncols)
    break_ties(options, hints)
    notes: list[str] = []
    if placed:
        _confirm_placed(options, placed, spec, ncols, notes)
    return _build(spec, options, ncols, Region("inline", [], start, end), line_of, notes, found=bool(options),
                  has_total=True)


def extract_table(doc: str, table_id: str, version: FormatVersion, start: int, end: int,
                  line_of: Callable[[int], int], hints: Hints | None = None, vanished: bool = False) -> TableData:
    """One table from doc[start:end]; ``hints`` (rows without arithmetic only) are narrative figures
    used as a last tie-breaker between readings of glued digits; ``vanished``: another table of the page
    lost blank cells where its rows ran together (see ``_table4``)."""
    spec = table_spec(table_id, version)
    layout = inline_layout(doc, start, end, spec) if table_id != "四" else None
    if layout is not None:
        return _inline_table(doc, spec, layout, start, end, line_of, hints or no_hints)
    region = tokenize(doc, start, end, line_of(start))
    doubt_last_figure(region, doc)
    if not region.lines:
        return empty_table(table_id, version, note="表格区域为空")
    return _region_table(doc, table_id, version, region, line_of, hints or no_hints, vanished)

