"""OCR figures the recogniser was not sure of: never taken silently.

The OCR reader lists every figure read with low confidence, or read two ways (the page and the cell
cut out alone), with its readings (``Document.uncertain``). Each such cell starts unreadable. A reading
is taken only when it is one of the recogniser's own readings and every identity of the format that
runs through the cell — whose other cells are printed figures — holds with it, and no other reading
does; the cell then says so. Otherwise the cell stays unreadable with the readings as candidates and,
where an identity settles it, the figure the arithmetic requires, for a person to confirm.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from agents.checks.arithmetic import Equation, equations
from agents.extract.norm import UNREADABLE_MARK, half_width, parse_number
from schemas.cells import Cell, CellReason, CellStatus
from schemas.messages import fmt
from schemas.tables import TableData

# what a recogniser prints for a figure's glyph in a table cell: "D" for 0, "l" for 1 …
_CONFUSIONS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "〇": "0", "l": "1", "I": "1", "|": "1",
                             "i": "1", "S": "5", "B": "8", "Z": "2", "z": "2", "。": "0"})

MAX_COMBOS = 4096
Entry = tuple[int, int, str, float, Sequence[str]]


def readings(text: str, alts: Sequence[str]) -> list[int | float]:
    """The figures a cell's OCR readings can be, in order, each once."""
    out: list[int | float] = []
    for t in (text, *alts):
        s = half_width(t).strip()
        for form in (s, s.translate(_CONFUSIONS)):
            try:
                v = parse_number(form)
            except ValueError:
                continue
            if v not in out:
                out.append(v)
            break
    return out


def _holds(eq: Equation, cell: Cell, value: float) -> bool | None:
    """Whether ``eq`` holds with ``value`` in ``cell``; None when another of its cells is not a figure."""
    def num(c: Cell) -> float | None:
        if c is cell:
            return value
        return float(c.value) if c.is_number and c.value is not None else None

    lhs = [num(c) for c in eq.lhs]
    rhs = [num(c) for c in eq.rhs]
    if any(v is None for v in lhs + rhs):
        return None
    return abs(sum(v for v in lhs if v is not None) - sum(v for v in rhs if v is not None)) < 1e-9


def _components(cells: list[Cell], eqs: list[Equation]) -> list[list[Cell]]:
    """Uncertain cells joined when an identity runs through both."""
    parent = {id(c): id(c) for c in cells}

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for eq in eqs:
        ids = [id(x) for x in eq.lhs + eq.rhs if id(x) in parent]
        for a, b in zip(ids, ids[1:]):
            parent[find(a)] = find(b)
    groups: dict[int, list[Cell]] = {}
    for c in cells:
        groups.setdefault(find(id(c)), []).append(c)
    return list(groups.values())


def _joint(pending: dict[int, tuple[Cell, Entry, list[int | float]]],
           eqs: list[Equation]) -> list[tuple[Cell, Entry, int | float, int]]:
    """Readings of the uncertain cells that the identities confirm together: every identity through
    them whose other cells are printed figures holds, and no other combination of their readings
    does the same. A cell no such identity reaches stays uncertain."""
    through = [eq for eq in eqs if any(id(x) in pending for x in eq.lhs + eq.rhs)
               and all(x.is_number or (id(x) in pending and pending[id(x)][2]) for x in eq.lhs + eq.rhs)]
    reached = {id(x) for eq in through for x in eq.lhs + eq.rhs if id(x) in pending}
    out: list[tuple[Cell, Entry, int | float, int]] = []
    for group in _components([pending[k][0] for k in pending if k in reached], through):
        mine = [eq for eq in through if any(id(x) in {id(c) for c in group} for x in eq.lhs + eq.rhs)]
        fit = _only_fit(group, mine, pending)
        if fit is None:
            continue
        for c in group:
            n = sum(1 for eq in mine if any(x is c for x in eq.lhs + eq.rhs))
            out.append((c, pending[id(c)][1], fit[id(c)], n))
    return out


def _only_fit(group: list[Cell], eqs: list[Equation],
              pending: dict[int, tuple[Cell, Entry, list[int | float]]]) -> dict[int, int | float] | None:
    size = 1
    for c in group:
        size *= len(pending[id(c)][2])
    if size > MAX_COMBOS:
        return None
    fitting: list[dict[int, int | float]] = []
    for combo in itertools.product(*(pending[id(c)][2] for c in group)):
        trial = {id(c): v for c, v in zip(group, combo)}

        def num(x: Cell, trial: dict[int, int | float] = trial) -> float:
            return float(trial[id(x)]) if id(x) in trial else float(x.value or 0)

        if all(abs(sum(num(x) for x in eq.lhs) - sum(num(x) for x in eq.rhs)) < 1e-9 for eq in eqs):
            fitting.append(trial)
            if len(fitting) > 1:
                return None
    return fitting[0] if fitting else None


def _one_by_one(pending: dict[int, tuple[Cell, Entry, list[int | float]]], eqs: list[Equation]) -> int:
    """Cells left over (their group holds a real arithmetic error, or too many readings): each taken
    alone where the identities through it, with every other cell a printed figure, confirm exactly one
    of its readings and none contradicts it."""
    taken = 0
    progress = True
    while progress and pending:
        progress = False
        for key, (c, entry, values) in list(pending.items()):
            through = [eq for eq in eqs if any(x is c for x in eq.lhs + eq.rhs)]
            checks = {v: [_holds(eq, c, float(v)) for eq in through] for v in values}
            fits = [v for v, res in checks.items() if any(res) and all(r is not False for r in res)]
            if len(fits) != 1:
                continue
            v = fits[0]
            c.status, c.value, c.candidates = CellStatus.number, v, []
            c.reason = CellReason.ocr_confirmed
            c.note = f"{_why(entry)}；取{fmt(v)}，所在行、列的{sum(1 for r in checks[v] if r)}处勾稽关系均相符"
            del pending[key]
            taken += 1
            progress = True
    return taken


def _required(eq: Equation, cell: Cell) -> float | None:
    others = [c for c in eq.lhs + eq.rhs if c is not cell]
    if any(not c.is_number or c.value is None for c in others):
        return None
    lhs = sum(float(c.value or 0) for c in eq.lhs if c is not cell)
    rhs = sum(float(c.value or 0) for c in eq.rhs if c is not cell)
    return rhs - lhs if any(c is cell for c in eq.lhs) else lhs - rhs


def _why(entry: Entry) -> str:
    _, _, text, conf, alts = entry
    if alts and any(a != text for a in alts):
        return f"OCR 两次识别结果不同（“{text}”与“{'”“'.join(alts)}”）"
    return f"OCR 识别为“{text}”，置信度 {conf:.2f}"


def settle(tables: dict[str, TableData], uncertain: Sequence[Entry]) -> int:
    """Mark each uncertain OCR cell unreadable, then take the readings the arithmetic confirms.
    Returns how many cells were taken that way."""
    by_span = {(u[0], u[1]): u for u in uncertain}
    taken = 0
    for t in tables.values():
        pending: dict[int, tuple[Cell, Entry, list[int | float]]] = {}
        for c in t.cells:
            if c.span is None or c.span.end <= c.span.start or (c.span.start, c.span.end) not in by_span:
                continue
            if c.status not in (CellStatus.number, CellStatus.unreadable):
                continue
            entry = by_span[(c.span.start, c.span.end)]
            values = readings(entry[2], entry[4])
            if UNREADABLE_MARK in c.raw:
                c.raw = entry[2]  # what the recogniser saw, for quotes (the text holds the reader's mark)
            c.status, c.value, c.candidates = CellStatus.unreadable, None, list(values)
            c.reason = CellReason.ocr_uncertain
            c.note = f"{_why(entry)}，未采信"
            pending[id(c)] = (c, entry, values)
        if not pending:
            continue
        eqs = equations(t)
        before = taken
        for c, entry, v, n in _joint(pending, eqs):
            c.status, c.value, c.candidates = CellStatus.number, v, []
            c.reason = CellReason.ocr_confirmed
            c.note = f"{_why(entry)}；取{fmt(v)}，所在行、列的{n}处勾稽关系均相符"
            del pending[id(c)]
            taken += 1
        taken += _one_by_one(pending, eqs)
        for c, entry, _values in pending.values():
            through = [eq for eq in eqs if any(x is c for x in eq.lhs + eq.rhs)]
            need = {r for eq in through if (r := _required(eq, c)) is not None and r >= 0}
            if len(need) == 1:
                required = next(iter(need))
                figure = int(required) if float(required).is_integer() else required
                if figure not in c.candidates:
                    c.candidates.append(figure)
                c.note = f"{_why(entry)}，未采信；按勾稽关系此格应为{fmt(required)}，请核对原件"
        if taken > before:
            t.notes.append("部分数字的 OCR 识别置信度低或两次识别不同，已按表内勾稽关系确认；其余标为无法识别")
    return taken
