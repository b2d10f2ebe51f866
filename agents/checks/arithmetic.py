"""The arithmetic of tables 三 and 四 (勾稽关系) as a list of equations over cells.

An equation holds, fails, or cannot be assessed. Blank and dash cells are never turned into 0 in
the data; here they are *read as 0* only to say whether the arithmetic would hold that way, and
every such result says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.cells import Cell, CellStatus
from schemas.formats import T3_APPLICANT_COLUMNS, T4_PART_COLUMNS, t3_outcome_rows
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


def table3_equations(t: TableData) -> list[Equation]:
    eqs: list[Equation] = []
    spec = t.spec
    outcomes = t3_outcome_rows(t.version)
    has_total = t.column_present("total")
    columns = [c.key for c in spec.rows[0].columns if c.key != "total" or has_total]
    for col in columns:
        where = f"“{_col_label(t, col)}”列"
        eqs.append(Equation("T3-BALANCE", "三", where,
                            [t.get("new_received", col), t.get("carried_over", col)],
                            [t.get("total_handled", col), t.get("carried_forward", col)],
                            "一、本年新收 + 二、上年结转", "（七）总计 + 四、结转下年度继续办理"))
        eqs.append(Equation("T3-OUTCOME-TOTAL", "三", where, [t.get(r, col) for r in outcomes],
                            [t.get("total_handled", col)], "（一）至（六）各项办理结果之和", "（七）总计"))
    if has_total:
        for row in spec.rows:
            eqs.append(Equation("T3-ROW-TOTAL", "三", f"“{row.full_label_zh}”行",
                                [t.get(row.key, c) for c in T3_APPLICANT_COLUMNS], [t.get(row.key, "total")],
                                "六类申请人之和", "总计"))
    return eqs


def table4_equations(t: TableData) -> list[Equation]:
    eqs: list[Equation] = []
    for row in t.spec.rows:
        name = f"{row.group_zh}“{row.label_zh}”" if row.group_zh else f"“{row.label_zh}”"
        eqs.append(Equation("T4-ROW-SUM", "四", name, [t.get(row.key, c) for c in T4_PART_COLUMNS],
                            [t.get(row.key, "total")], "结果维持、结果纠正、其他结果、尚未审结之和", "总计"))
    return eqs


def equations(t: TableData) -> list[Equation]:
    if not t.found:
        return []
    if t.table_id == "三":
        return table3_equations(t)
    if t.table_id == "四":
        return table4_equations(t)
    return []


def fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
