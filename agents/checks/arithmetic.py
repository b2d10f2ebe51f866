"""The arithmetic of tables 三 and 四 (勾稽关系) as a list of equations over cells.

An equation holds, fails, or cannot be assessed. Blank and dash cells are never turned into 0 in
the data; here they are *read as 0* only to say whether the arithmetic would hold that way, and
every such result says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.cells import Cell, CellStatus
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


def _num(c: Cell) -> float:
    return float(c.value) if c.is_number and c.value is not None else 0.0


def evaluate(eq: Equation) -> Outcome:
    cells = eq.lhs + eq.rhs
    blockers = tuple(c for c in cells if c.status in HARD)
    if blockers:
        return Outcome("na", False, blockers=blockers)
    soft = any(c.status in SOFT for c in cells)
    lhs, rhs = sum(_num(c) for c in eq.lhs), sum(_num(c) for c in eq.rhs)
    return Outcome("ok" if abs(lhs - rhs) < 1e-9 else "fail", soft, lhs, rhs)


def _col_label(table: TableData, col: str) -> str:
    return table.spec.rows[0].columns[[c.key for c in table.spec.rows[0].columns].index(col)].label_zh


def equations(t: TableData) -> list[Equation]:
    """The table's identities (from the format pack) as equations over its cells: a column identity in
    every column the table prints, a row identity in every row that has all of its columns."""
    if not t.found:
        return []
    eqs: list[Equation] = []
    present = [c.key for c in t.spec.rows[0].columns if t.column_present(c.key)]
    for ident in t.spec.identities:
        if ident.axis == "column":
            for col in present:
                eqs.append(Equation(ident.rule_id, t.table_id, f"“{_col_label(t, col)}”列",
                                    [t.get(r, col) for r in ident.plus], [t.get(r, col) for r in ident.minus],
                                    ident.plus_zh, ident.minus_zh))
        elif set(ident.plus + ident.minus) <= set(present):
            for row in t.spec.rows:
                eqs.append(Equation(ident.rule_id, t.table_id, f"“{row.full_label_zh}”行",
                                    [t.get(row.key, c) for c in ident.plus], [t.get(row.key, c) for c in ident.minus],
                                    ident.plus_zh, ident.minus_zh))
    return eqs


def fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
