"""Rules over the tables: shape, cell statuses and the 勾稽关系."""

from __future__ import annotations

from collections import defaultdict

from agents.checks.arithmetic import SOFT, Equation, Outcome
from agents.checks.catalogue import Context, finding, implements
from agents.extract.norm import label_key, squash
from schemas.cells import Cell, CellStatus
from schemas.findings import Finding, FindingStatus, Location
from schemas.formats import TABLE_SECTION, TABLES
from schemas.tables import RowPlacement, TableData

# the rules of the format pack's identities (each names its catalogue rule), in the pack's order
ARITH_RULES = tuple(dict.fromkeys(i.rule_id for by_version in TABLES.values() for spec in by_version.values()
                                  for i in spec.identities))


def cell_location(ctx: Context, t: TableData, c: Cell) -> Location:
    row = t.spec.row(c.row)
    return Location(section=TABLE_SECTION[t.table_id], table=t.table_id, row=row.full_label_zh,
                    column=t.spec.column_label(c.row, c.column),
                    quote=(c.raw or None) if c.status is not CellStatus.blank else ctx.quote_line(
                        c.span.start if c.span else None),
                    span=c.span)


def _name(t: TableData, c: Cell) -> str:
    return f"{t.spec.row(c.row).full_label_zh}/{t.spec.column_label(c.row, c.column)}"


def _names(t: TableData, cells: list[Cell], limit: int = 6) -> dict[str, object]:
    """The cells by name ("row/column"), as the ``names`` spec of a message writes them: ``limit`` shown."""
    return {"shown": [_name(t, c) for c in cells[:limit]], "count": len(cells)}


def _found_tables(ctx: Context) -> list[TableData]:
    return [t for t in ctx.report.tables.values() if t.found]


@implements("TBL-EXTRA-VALUES")
def extra_values(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for t in _found_tables(ctx):
        if not t.extra_lines:
            continue
        lines = t.extra_lines
        first = ctx.text.split("\n")[lines[0] - 1] if lines[0] - 1 < ctx.text.count("\n") + 1 else ""
        out.append(finding("TBL-EXTRA-VALUES",
                           {"table": t.table_id, "lines": len(lines), "line_numbers": lines,
                            "placements": [p.options for p in t.placements],
                            "candidates": [_candidates(t, p) for p in t.placements]},
                           locations=[Location(section=TABLE_SECTION[t.table_id], table=t.table_id,
                                               quote=" ".join(first.split())[:80] or None)]))
    return out


def _candidates(t: TableData, p: RowPlacement) -> dict[str, object]:
    """A label-less row's lines and the rows it may be, by label ('第82行没有行标签，可能是：（七）总计；或：
    四、结转下年度继续办理')."""
    label = {r.key: r.full_label_zh for r in t.spec.rows}
    return {"lines": p.lines, "options": [[label[k] for k in keys] for keys in p.options]}


@implements("TBL-MISSING", "READ-TABLE", "TBL-ROW-MISSING", "TBL-COL-MISSING", "TBL-CELL-MISSING")
def table_shape(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for t in ctx.report.tables.values():
        sec = TABLE_SECTION[t.table_id]
        if not t.found:
            seen = table_words(ctx, t)
            if seen:
                out.append(finding("READ-TABLE", {"table": t.table_id, "title": t.spec.title_zh, "words": seen[:4]},
                                   key="READ-TABLE/table", locations=[Location(section=sec, table=t.table_id)]))
            else:
                out.append(finding("TBL-MISSING", {"table": t.table_id, "title": t.spec.title_zh},
                                   locations=[Location(section=sec, table=t.table_id)]))
            continue
        missing = CellStatus.missing  # looked up once, not per cell (an enum member's lookup is slow in 3.11)
        printed = {c.row for c in t.cells if c.status is not missing}
        missing_rows = [r for r in t.spec.rows if r.key not in printed]  # every cell of the row missing
        unread = [r for r in missing_rows if t.extra_lines or _label_in_region(ctx, t, r.anchors)]
        if unread:
            out.append(finding("READ-TABLE", {"table": t.table_id, "rows": [r.full_label_zh for r in unread]},
                               key="READ-TABLE/rows",
                               locations=[Location(section=sec, table=t.table_id, row=r.full_label_zh) for r in unread]))
        missing_rows = [r for r in missing_rows if r not in unread]
        if missing_rows and len(missing_rows) + len(unread) < len(t.spec.rows):
            out.append(finding("TBL-ROW-MISSING", {"table": t.table_id, "rows": [r.full_label_zh for r in missing_rows]},
                               locations=[Location(section=sec, table=t.table_id, row=r.full_label_zh)
                                          for r in missing_rows]))
        gone = {r.key for r in missing_rows + unread}  # READ-TABLE or TBL-ROW-MISSING says it: not again per cell
        by_col: dict[str, list[Cell]] = defaultdict(list)
        for c in t.cells:
            if c.status is missing and c.row not in gone:
                by_col[c.column].append(c)
        for col, cells in by_col.items():
            label = t.spec.column_label(cells[0].row, col)
            rows_with_col = [r for r in t.spec.rows if r.key not in gone and col in [x.key for x in r.columns]]
            if len(cells) == len(rows_with_col) and len(rows_with_col) > 1:
                out.append(finding("TBL-COL-MISSING", {"table": t.table_id, "column": col, "column_label": label},
                                   key="TBL-COL-MISSING/total" if col == "total" else None,
                                   locations=[Location(section=sec, table=t.table_id, column=label)]))
            else:
                out.append(finding("TBL-CELL-MISSING", {"table": t.table_id, "column": col, "column_label": label,
                                                        "cells": len(cells), "cell_names": _names(t, cells)},
                                   locations=[cell_location(ctx, t, c) for c in cells]))
    return out


def table_words(ctx: Context, t: TableData) -> list[str]:
    """Row and column labels of a table that the text holds: enough of them say the table is there."""
    flat = ctx.flat
    rows = [a for r in t.spec.rows for a in r.anchors[:1] if label_key(a) in flat]
    cols = {c.label_zh for r in t.spec.rows for c in r.columns if label_key(c.label_zh) in flat}
    return rows + sorted(cols) if len(rows) >= 3 and cols else []


def _label_in_region(ctx: Context, t: TableData, anchors: list[str]) -> bool:
    if t.span is None:
        return False
    region = squash(ctx.text[t.span.start:t.span.end])
    return any(label_key(a) in region for a in anchors)


def _as_zero_summary(ctx: Context, t: TableData, statuses: tuple[CellStatus, ...]) -> dict[str, object]:
    """What the equations touching these cells say when the cells are read as 0: ``as_zero`` is none
    (no equation touches them), blocked (another cell is not read), holds or fails (``as_zero_failing``:
    where, four at most)."""
    touched = [(eq, r) for eq, r in ctx.outcomes(t) if any(c.status in statuses for c in eq.lhs + eq.rhs)]
    if not touched:
        return {"as_zero": "none"}
    if any(r.kind == "na" for _, r in touched):
        return {"as_zero": "blocked"}
    bad = [eq for eq, r in touched if r.kind == "fail"]
    if not bad:
        return {"as_zero": "holds"}
    return {"as_zero": "fails", "as_zero_failing": [eq.where for eq in bad[:4]]}


@implements("CELL-BLANK", "CELL-DASH", "CELL-UNREADABLE", "CELL-NOT-COUNT")
def cell_status(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for t in _found_tables(ctx):
        by_status: dict[CellStatus, list[Cell]] = defaultdict(list)
        for c in t.cells:
            by_status[c.status].append(c)
        for status, rule in ((CellStatus.blank, "CELL-BLANK"), (CellStatus.dash, "CELL-DASH")):
            cells = by_status[status]
            if not cells:
                continue
            out.append(finding(rule, {"table": t.table_id, "cells": len(cells), "cell_names": _names(t, cells),
                                      **_as_zero_summary(ctx, t, (status,))},
                               variant=f"table:{t.table_id}", locations=[cell_location(ctx, t, c) for c in cells]))
        unreadable = by_status[CellStatus.unreadable]
        if len(unreadable) > 3:  # one finding per table; the locations list every cell
            out.append(finding("CELL-UNREADABLE", {"table": t.table_id, "cells": len(unreadable),
                                                   "cell_names": _names(t, unreadable), "example": _name(t, unreadable[0]),
                                                   "example_note": unreadable[0].note},
                               key="CELL-UNREADABLE/many" if unreadable[0].note else "CELL-UNREADABLE/many_raw",
                               locations=[cell_location(ctx, t, c) for c in unreadable]))
            unreadable = []
        for c in unreadable:  # three or fewer: one finding each
            out.append(finding("CELL-UNREADABLE", {"table": t.table_id, "cell_names": _names(t, [c]),
                                                   "candidates": list(c.candidates), "note": c.note, "raw": c.raw},
                               key="CELL-UNREADABLE/one" if c.note else "CELL-UNREADABLE/raw",
                               locations=[cell_location(ctx, t, c)]))
        if t.table_id == "二":  # amounts, not counts
            continue
        for c in by_status[CellStatus.number]:
            v = c.value
            if v is not None and (v < 0 or (type(v) is not int and not float(v).is_integer())):
                out.append(finding("CELL-NOT-COUNT", {"table": t.table_id, "cell_names": _names(t, [c]), "raw": c.raw,
                                                      "value": v},
                                   locations=[cell_location(ctx, t, c)]))
    return out


def _blanks_could_fill(eq: Equation, r: Outcome) -> bool:
    """Whether some non-negative figures in the blank or dash cells would make the equation hold."""
    soft_l = any(c.status in SOFT for c in eq.lhs)
    soft_r = any(c.status in SOFT for c in eq.rhs)
    return (r.lhs < r.rhs and soft_l) or (r.lhs > r.rhs and soft_r)


def _eq_locations(ctx: Context, t: TableData, eq: Equation) -> list[Location]:
    cells = eq.rhs + [c for c in eq.lhs if c.is_number and c.value]
    return [cell_location(ctx, t, c) for c in cells[:8]]


@implements(*ARITH_RULES)
def arithmetic(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for t in _found_tables(ctx):
        blocked: dict[str, list[tuple[Equation, tuple[Cell, ...]]]] = defaultdict(list)
        for eq, r in ctx.outcomes(t):
            if r.kind == "fail" and r.as_zero and _blanks_could_fill(eq, r):
                continue  # not a contradiction of printed numbers: CELL-BLANK / CELL-DASH reports it, once
            if r.kind == "fail":
                out.append(finding(eq.rule_id, {"lhs": r.lhs, "rhs": r.rhs, "where": eq.where, "as_zero": r.as_zero,
                                                "table": eq.table, "lhs_desc": eq.lhs_desc, "rhs_desc": eq.rhs_desc,
                                                "difference": abs(r.lhs - r.rhs)},
                                   key="arithmetic/fail_as_zero" if r.as_zero else "arithmetic/fail",
                                   locations=_eq_locations(ctx, t, eq)))
            elif r.kind == "na":
                blocked[eq.rule_id].append((eq, r.blockers))
        for rule_id, items in blocked.items():
            cells = {(c.row, c.column): c for _, bl in items for c in bl}
            out.append(finding(rule_id, {"equations": len(items), "cells": len(cells), "table": t.table_id,
                                         "wheres": [eq.where for eq, _ in items], "lhs_desc": items[0][0].lhs_desc,
                                         "rhs_desc": items[0][0].rhs_desc},
                               key="arithmetic/blocked", variant="not_assessable", status=FindingStatus.not_assessable,
                               locations=[cell_location(ctx, t, c) for c in list(cells.values())[:8]]))
    return out
