"""The arithmetic of tables 三 and 四 (勾稽关系) as a list of equations over cells.

An equation holds, fails, or cannot be assessed. Blank and dash cells are never turned into 0 in
the data; here they are *read as 0* only to say whether the arithmetic would hold that way, and
every such result says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.cells import Cell, CellStatus
from schemas.formats import TableSpec
from schemas.tables import TableData

SOFT = (CellStatus.blank, CellStatus.dash)
HARD = (CellStatus.missing, CellStatus.unreadable)


@dataclass
class Equation:
    rule_id: str
    table: str
    where: str  # e.g. "“自然人”列", "“行政复议”"
    lhs: list[Cell]
    rhs: list[Cell]
    lhs_desc: str
    rhs_desc: str


@dataclass
class Outcome:
    kind: str  # "ok", "fail", "na"
    as_zero: bool  # blank or dash cells were read as 0 to get this result
    lhs: float = 0
    rhs: float = 0
    blockers: tuple[Cell, ...] = ()


_NUMBER = CellStatus.number


def evaluate(eq: Equation) -> Outcome:
    """Whether the equation holds. The cells that hold a number are summed on each side (in order, from
    int 0, made a float at the end); blank and dash cells add nothing (read as 0, and ``soft`` says
    so); a missing or unreadable cell blocks it (``na``)."""
    lhs: float = 0
    rhs: float = 0
    plain = True  # every cell a number (most equations)
    for c in eq.lhs:
        if c.status is not _NUMBER:
            plain = False
        elif c.value is not None:
            lhs += c.value
    for c in eq.rhs:
        if c.status is not _NUMBER:
            plain = False
        elif c.value is not None:
            rhs += c.value
    soft = False
    if not plain:
        cells = eq.lhs + eq.rhs
        blockers = tuple(c for c in cells if c.status in HARD)
        if blockers:
            return Outcome("na", False, blockers=blockers)
        soft = any(c.status in SOFT for c in cells)
    lhs, rhs = float(lhs), float(rhs)
    return Outcome("ok" if abs(lhs - rhs) < 1e-9 else "fail", soft, lhs, rhs)


Term = tuple[str, str]  # (row key, column key)
Template = tuple[str, str, list[Term], list[Term], str, str]  # an Equation before its cells are looked up
_TEMPLATES: dict[tuple[int, tuple[str, ...]], tuple[TableSpec, list[Template]]] = {}


def _templates(spec: TableSpec, present: tuple[str, ...]) -> list[Template]:
    """The spec's identities over the printed columns, as (row, column) terms with their wording: the
    same for every report printing the same columns, so made once (per spec object: a test may swap
    in a modified pack)."""
    key = (id(spec), present)
    hit = _TEMPLATES.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    labels = {c.key: c.label_zh for c in spec.rows[0].columns}
    out: list[Template] = []
    for ident in spec.identities:
        if ident.axis == "column":
            out += [(ident.rule_id, f"“{labels[col]}”列", [(r, col) for r in ident.plus], [(r, col) for r in ident.minus],
                     ident.plus_zh, ident.minus_zh) for col in present]
        elif set(ident.plus + ident.minus) <= set(present):
            out += [(ident.rule_id, f"“{row.full_label_zh}”行", [(row.key, c) for c in ident.plus],
                     [(row.key, c) for c in ident.minus], ident.plus_zh, ident.minus_zh) for row in spec.rows]
    _TEMPLATES[key] = (spec, out)
    return out


def equations(t: TableData) -> list[Equation]:
    """The table's identities (from the format pack) as equations over its cells: a column identity in
    every column the table prints, a row identity in every row that has all of its columns."""
    if not t.found:
        return []
    spec = t.spec
    printed = t.printed_columns()
    present = tuple(c.key for c in spec.rows[0].columns if c.key in printed)
    at = t.cells_at
    return [Equation(rule_id, t.table_id, where, at(plus), at(minus), plus_zh, minus_zh)
            for rule_id, where, plus, minus, plus_zh, minus_zh in _templates(spec, present)]

