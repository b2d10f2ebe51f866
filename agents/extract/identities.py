"""The format pack's identities (勾稽关系), as the extractor uses them to choose among readings and to doubt them.

The checker reads the same ``TableSpec.identities`` to report what does not hold (checks/arithmetic.py);
nothing here restates a sum. Here blank and dash cells count as 0 (``as_zero``): a reading is ruled
out only when what it reads cannot fit; cells that cannot be read rule nothing out.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from agents.extract.norm import label_key, parse_number, squash
from agents.extract.resolve import Guess, Reading, as_zero, doubted, doubted_all, printed_at
from agents.extract.runs import Run
from schemas.cells import CellReason
from schemas.formats import Identity, TableSpec

RowCheck = Callable[[Reading], bool]


def _holds(plus: Sequence[int | float | None], minus: Sequence[int | float | None]) -> bool:
    if any(v is None for v in (*plus, *minus)):
        return True  # cannot be checked, so it rules nothing out
    return abs(sum(v for v in plus if v is not None) - sum(v for v in minus if v is not None)) < 1e-6


def row_check(spec: TableSpec, columns: list[str]) -> RowCheck:
    """Whether a reading of one row (cells in ``columns`` order) fits the table's row identities. Most
    rows are read one way and never checked, so the identities are looked up at the first check."""
    terms: list[tuple[list[int], list[int]]] | None = None

    def check(r: Reading) -> bool:
        nonlocal terms
        if terms is None:
            at = {c: i for i, c in enumerate(columns)}
            terms = [([at[c] for c in i.plus], [at[c] for c in i.minus]) for i in spec.row_identities(columns)]
        return all(_holds([as_zero(r[k]) for k in plus], [as_zero(r[k]) for k in minus]) for plus, minus in terms)
    return check


def row_groups(spec: TableSpec, columns: list[str]) -> list[int] | None:
    """How a glued digit string of one row splits: [parts] before its total, when a row identity has
    exactly the row's columns with the total last (表三: [6]; 表四: [4]); else None."""
    for i in spec.row_identities(columns):
        if len(i.minus) == 1 and i.plus + i.minus == columns:
            return [len(i.plus)]
    return None


def flat_check(spec: TableSpec, columns: list[str]) -> RowCheck:
    """A check for all rows printed as one run (表四's fifteen cells): each row's slice by its own check."""
    one = row_check(spec, columns)
    n = len(columns)
    return lambda r: all(one(r[k * n:(k + 1) * n]) for k in range(len(r) // n))


def coefficients(spec: TableSpec) -> list[dict[str, int]]:
    """The column identities as {row key: +1 or -1} sums that must be 0."""
    return [{k: 1 for k in i.plus} | {k: -1 for k in i.minus} for i in spec.column_identities()]


def _column_fits(ident: Identity, value: Callable[[str, int], int | float | None], ncols: int, first: int = 0) -> bool:
    return all(_holds([value(k, c) for k in ident.plus], [value(k, c) for k in ident.minus]) for c in range(first, ncols))


def table_holds(spec: TableSpec, rows: dict[str, Reading], ncols: int) -> bool:
    """Whether one reading of every row fits the column identities (blank and dash read as 0; a row
    not read, or a cell that could not be read, rules nothing out)."""
    def value(key: str, c: int) -> int | float | None:
        r = rows.get(key)
        return as_zero(r[c]) if r is not None and c < len(r) else None
    return all(_column_fits(i, value, ncols) for i in spec.column_identities())


def printed_holds(spec: TableSpec, options: dict[str, list[Reading]], ncols: int) -> bool:
    """Whether the printed numbers fit the column identities (rows still read several ways, and blank
    cells, are left out): used to confirm rows placed by position."""
    return not failing_columns(spec, options, ncols)


def failing_columns(spec: TableSpec, options: dict[str, list[Reading]], ncols: int) -> set[int]:
    """The columns in which the printed numbers break a column identity (as ``printed_holds``)."""
    def value(key: str, c: int) -> int | float | None:
        r = options.get(key)
        g: Guess | None = r[0][c] if r is not None and len(r) == 1 and c < len(r[0]) else None
        return g.value if g is not None and g.status == "number" else None
    return {c for i in spec.column_identities() for c in range(ncols) if not _column_fits(i, value, c + 1, c)}


def implied(spec: TableSpec, columns: list[str], reading: Reading, i: int) -> int | float | None:
    """The figure cell ``i`` of a row must hold for the row's identities, when every other cell of one
    identity is a printed number; None when no identity settles it."""
    at = {c: k for k, c in enumerate(columns)}
    for ident in spec.row_identities(columns):
        keys = ident.plus + ident.minus
        if columns[i] not in keys:
            continue
        others = [reading[at[c]] for c in keys if at[c] != i]
        if any(g.status != "number" or g.value is None for g in others):
            continue
        plus = sum(reading[at[c]].value or 0 for c in ident.plus if at[c] != i)
        minus = sum(reading[at[c]].value or 0 for c in ident.minus if at[c] != i)
        return minus - plus if columns[i] in ident.plus else plus - minus
    return None


def rows_breaking_themselves(spec: TableSpec, options: dict[str, list[Reading]], ncols: dict[str, int]) -> int:
    """How many rows, read one way with every cell a number, break their own row identity."""
    count = 0
    for key, readings in options.items():
        if len(readings) == 1 and all(g.status == "number" for g in readings[0]):
            cols = [c.key for c in spec.row(key).columns][:ncols[key]]
            count += not row_check(spec, cols)(readings[0])
    return count


def distrust_scattered(spec: TableSpec, options: dict[str, list[Reading]], by_row: dict[str, list[Run]],
                        ncols: dict[str, int], notes: list[str]) -> None:
    """A row whose figures were gathered from several lines of text without cells (a PDF-to-text tool's
    order: each figure a line, a label printed before or after its row's figures) and break the row's
    own identity, while the row before or after it is short of figures, or it is the table's first or
    last row: a figure of that row (or of the text around the table) was taken in (pdftotext prints one
    row's 总计 after the next row's label). Its cells become unreadable, the figures their candidates,
    rather than a wrong sum blamed on the report. A row printed on one line, or whose neighbours have
    all their figures (a misprinted total), is read as printed."""
    keys = [r.key for r in spec.rows]
    short = {k for k in keys if sum(len(r.values) for r in by_row.get(k, [])) < ncols[k]}
    doubted_rows = 0
    for at, key in enumerate(keys):
        runs, readings = by_row.get(key, []), options.get(key)
        if not readings or len(readings) != 1 or any(g.status != "number" for g in readings[0]):
            continue
        edge = at in (0, len(keys) - 1)  # the text before or after the table is its neighbour
        if len({it.line for r in runs for it in r.values}) < 2 or not (edge or short & set(keys[max(0, at - 1):at + 2])):
            continue
        cols = [c.key for c in spec.row(key).columns][:ncols[key]]
        if row_check(spec, cols)(readings[0]):
            continue
        options[key] = [doubted(readings[0], "该行的数字分在多行，合起来不符合该行的勾稽关系，可能混入了相邻行的数字，未读取")]
        doubted_rows += 1
    if doubted_rows:
        notes.append(f"{doubted_rows}行的数字分在多行（PDF 转文字的版式），合起来不符合本行的勾稽关系，可能混入了相邻行的数字，"
                     "已标为无法识别（见各单元格的候选数字）")


MAX_COMBOS = 20000  # combinations of undecided rows' readings tried against the whole table


def propagate(options: dict[str, list[Reading]], identities: list[dict[str, int]], ncols: int) -> None:
    """Narrow rows with several readings using identities in which they are the only unknown."""
    changed = any(len(v) > 1 for v in options.values())  # with one reading a row, nothing to narrow
    while changed:
        changed = False
        for eq in identities:
            if any(k not in options for k in eq):
                continue
            for c in range(ncols):
                vals = {k: {as_zero(r[c]) for r in options[k]} for k in eq}
                unknown = [k for k, v in vals.items() if len(v) > 1]
                if len(unknown) != 1 or any(not v or None in v for v in vals.values()):  # (a row read no way: [])
                    continue
                u = unknown[0]
                rest = sum(eq[k] * next(iter(v)) for k, v in vals.items() if k != u)  # type: ignore[operator]
                need = -rest / eq[u]
                kept = [r for r in options[u] if as_zero(r[c]) is not None and abs(as_zero(r[c]) - need) < 1e-9]
                if kept and len(kept) < len(options[u]):
                    options[u] = kept
                    changed = True


def prune(options: dict[str, list[Reading]], holds: Callable[[dict[str, Reading]], bool]) -> dict[str, list[Reading]]:
    """Keep, for rows with several readings, only those that fit the whole table's arithmetic."""
    multi = [k for k, v in options.items() if len(v) > 1]
    size = 1
    for k in multi:
        size *= len(options[k])
    if not multi or size > MAX_COMBOS:
        return options
    fixed = {k: v[0] for k, v in options.items() if len(v) == 1}
    survivors: dict[str, set[Reading]] = {k: set() for k in multi}
    for combo in itertools.product(*[options[k] for k in multi]):
        trial = dict(fixed, **dict(zip(multi, combo)))
        if holds(trial):
            for k, r in zip(multi, combo):
                survivors[k].add(r)
    if not any(survivors.values()):
        return options
    return {k: ([r for r in v if r in survivors[k]] if k in survivors else v) for k, v in options.items()}


MAX_SUMS = 4096  # sums of a column's other rows looked at; past that, the column narrows nothing


def narrow_by_columns(options: dict[str, list[Reading]], identities: list[dict[str, int]],
                      ncols: int) -> dict[str, list[Reading]]:
    """Rows read several ways (a row of spaced figures with blank cells that left no trace: which
    columns its figures stand in), narrowed by the column identities where several rows of one identity
    are undecided: a reading stays only if the other rows' readings can make its column add up with it.
    This repeats until nothing changes. Where some column cannot add up with any reading (a misprint),
    nothing is narrowed: the narrowing would then choose by the misprint."""
    if all(len(v) == 1 for v in options.values()):
        return options  # most tables: every row read one way
    work = {k: list(v) for k, v in options.items()}
    changed = True
    while changed:
        changed = False
        for eq in identities:
            if any(k not in work for k in eq):
                continue
            keys = list(eq)
            for c in range(ncols):
                values = [{as_zero(r[c]) if c < len(r) else None for r in work[k]} for k in keys]
                if all(len(v) == 1 for v in values) or any(None in v for v in values):
                    continue
                for j, key in enumerate(keys):
                    if len(values[j]) == 1:
                        continue
                    others = _sums([(eq[k], values[i]) for i, k in enumerate(keys) if i != j])
                    if others is None:
                        continue
                    kept = {v for v in values[j] if v is not None and round(-eq[key] * v, 6) in others}
                    if not kept:
                        return options
                    if len(kept) < len(values[j]):
                        work[key] = [r for r in work[key] if as_zero(r[c]) in kept]
                        values[j] = kept
                        changed = True
    return work


def _sums(terms: list[tuple[int, set[int | float | None]]]) -> set[float] | None:
    """Every value of sum(coefficient * value) choosing one value per term; None past MAX_SUMS."""
    sums: set[float] = {0.0}
    for coef, vals in terms:
        sums = {round(s + coef * v, 6) for s in sums for v in vals if v is not None}
        if len(sums) > MAX_SUMS:
            return None
    return sums


def prints_column(spec: TableSpec, text: str, column: str) -> bool:
    """Whether ``text`` (a table's region) prints the label of ``column`` more often than the spec's row
    labels hold it ("总计" is also the row "（七）总计"): its header has that column."""
    label = label_key(next(c.label_zh for c in spec.rows[0].columns if c.key == column))
    return squash(text).count(label) > sum(label_key(r.label_zh).count(label) for r in spec.rows)


def place_strays(spec: TableSpec, options: dict[str, list[Reading]], stray: list[Run], ncols: dict[str, int],
                  notes: list[str]) -> list[Run]:
    """A lone figure a converter moved away from its row (a line holding one number that no row took)
    goes back to the one empty cell whose row's arithmetic requires exactly that figure; otherwise it
    stays over (TBL-EXTRA-VALUES). The cell keeps the printed figure, never a computed one. Where the
    figure is printed twice, or two cells require it, those cells are unreadable with it as their
    candidate: it may be theirs, so they are no blanks the report left."""
    lone = [r for r in stray if len(r.values) == 1 and r.values[0].kind == "number"]
    holes: list[tuple[str, int, int | float]] = []
    for key, readings in options.items():
        if len(readings) != 1:
            continue
        cols = [c.key for c in spec.row(key).columns][:ncols[key]]
        for i, g in enumerate(readings[0]):
            if g.status in ("blank", "missing") and (want := implied(spec, cols, readings[0], i)) is not None:
                holes.append((key, i, want))
    placed: list[Run] = []
    for run in lone:
        item = run.values[0]
        value = parse_number(item.raw)
        fits = [h for h in holes if abs(h[2] - value) < 1e-9]
        if len(fits) != 1 or sum(1 for r in lone if parse_number(r.values[0].raw) == value) != 1:
            for key, i, _ in fits:  # the figure may be this cell's, printed elsewhere: not a blank the report left
                reading = list(options[key][0])
                reading[i] = Guess("unreadable", None, "", candidates=(value,), reason=CellReason.ambiguous,
                                   note=f"本行的勾稽关系要求此格为{item.raw}，表格别处（第{item.line}行等）印有该数字，"
                                        "无法确定是否属于此格，未读取")
                options[key] = [tuple(reading)]
            continue
        key, i, _ = fits[0]
        reading = list(options[key][0])
        reading[i] = Guess("number", value, item.raw, item.start, item.end, item.line,
                           note=f"该数字印在表格别处（第{item.line}行，不在本行），本行的勾稽关系要求此格为{item.raw}，据此放回",
                           reason=CellReason.moved_figure)
        options[key] = [tuple(reading)]
        holes.remove(fits[0])
        placed.append(run)
    if placed:
        notes.append(f"{len(placed)}个数字印在表格别处，按所在行的勾稽关系放回原单元格")
    return [r for r in stray if r not in placed]


MOVED = "该行数字少于列数，而本表另有数字不在其所在行（转换工具挪动了数字）：缺少的不一定是空白格，也可能被挪到了别处，各数字所在的列无法确定，未读取"


def doubt_blank_placements(spec: TableSpec, options: dict[str, list[Reading]], under: dict[str, list[int]],
                            notes: list[str]) -> None:
    """In a table whose blank cells leave no trace, a row with fewer figures than cells is read by where
    blanks could fall. Where a row of the table is also followed by more figures than it has cells, a
    tool moved figures about (poppler's pdftotext in reading order): a short row's missing figures may
    be those, not blanks, and a placement its arithmetic allows proves nothing (1 and 1 fit as a cell
    and its total), nor does a cut of its figures into more. Such rows are unread, their figures as
    candidates; a row read where the layout shows its figures (``under``, see columns.py) is kept."""
    doubted_rows = []
    for key, readings in options.items():
        if key in under and len(readings) == 1 and printed_at(readings[0]) == under[key]:
            continue  # placed where the layout shows its figures
        if not any((g.status == "blank" and g.start is None) or g.reason is CellReason.glued_split for r in readings for g in r):
            continue
        options[key] = [doubted_all(readings, MOVED)]
        doubted_rows.append(spec.row(key).full_label_zh)
    if doubted_rows:
        notes.append(f"{MOVED}：{'、'.join(doubted_rows)}")
