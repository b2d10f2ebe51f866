"""Rules over the tables: shape, cell statuses and the 勾稽关系."""

from __future__ import annotations

from collections import defaultdict

from agents.checks.arithmetic import SOFT, Equation, Outcome, fmt
from agents.checks.catalogue import Context, finding, implements
from agents.extract.norm import label_key, squash
from schemas.cells import STATUS_ZH, Cell, CellStatus
from schemas.findings import Finding, FindingStatus, Location
from schemas.formats import TABLE_SECTION
from schemas.tables import RowPlacement, TableData

ARITH_RULES = ("T3-BALANCE", "T3-OUTCOME-TOTAL", "T3-ROW-TOTAL", "T4-ROW-SUM")


def cell_location(ctx: Context, t: TableData, c: Cell) -> Location:
    row = t.spec.row(c.row)
    return Location(section=TABLE_SECTION[t.table_id], table=t.table_id, row=row.full_label_zh,
                    column=t.spec.column_label(c.row, c.column),
                    quote=(c.raw or None) if c.status is not CellStatus.blank else ctx.quote_line(
                        c.span.start if c.span else None),
                    span=c.span)


def _names(t: TableData, cells: list[Cell], limit: int = 6) -> str:
    parts = [f"{t.spec.row(c.row).full_label_zh}/{t.spec.column_label(c.row, c.column)}" for c in cells[:limit]]
    more = f"等{len(cells)}个" if len(cells) > limit else ""
    return "、".join(parts) + more


def _found_tables(ctx: Context) -> list[TableData]:
    return [t for t in ctx.report.tables.values() if t.found]


@implements("TBL-EXTRA-VALUES")
def extra_values(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for t in _found_tables(ctx):
        if not t.extra_lines:
            continue
        lines = t.extra_lines
        where = "、".join(f"第{n}行" for n in lines[:5]) + (f"等{len(lines)}行" if len(lines) > 5 else "")
        first = ctx.text.split("\n")[lines[0] - 1] if lines[0] - 1 < ctx.text.count("\n") + 1 else ""
        maybe = [_candidates_zh(t, p) for p in t.placements]
        out.append(finding("TBL-EXTRA-VALUES", f"表{t.table_id}区域内{where}的数字对应不到格式规定的任何一行，已忽略。"
                           + "".join(maybe),
                           locations=[Location(section=TABLE_SECTION[t.table_id], table=t.table_id,
                                               quote=" ".join(first.split())[:80] or None)],
                           data={"lines": len(lines), "placements": [p.options for p in t.placements]}))
    return out


def _candidates_zh(t: TableData, p: RowPlacement) -> str:
    """'第82行没有行标签，可能是：（七）总计；或：四、结转下年度继续办理（勾稽关系无法区分）。'"""
    label = {r.key: r.full_label_zh for r in t.spec.rows}
    lines = "、".join(f"第{n}行" for n in p.lines)
    options = "；或：".join("、".join(label[k] for k in keys) for keys in p.options)
    return f"{lines}没有可识别的行标签，可能是：{options}（勾稽关系无法区分，未放入）。"


@implements("TBL-MISSING", "READ-TABLE", "TBL-ROW-MISSING", "TBL-COL-MISSING", "TBL-CELL-MISSING")
def table_shape(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for t in ctx.report.tables.values():
        sec = TABLE_SECTION[t.table_id]
        if not t.found:
            seen = _table_words(ctx, t)
            if seen:
                out.append(finding("READ-TABLE", f"表{t.table_id}（{t.spec.title_zh}）未能读取：报告中有该表的文字"
                                   f"（{'、'.join(seen[:4])}），但没有读出数字。与该表有关的检查未进行，请人工核对。",
                                   locations=[Location(section=sec, table=t.table_id)]))
            else:
                out.append(finding("TBL-MISSING", f"未找到表{t.table_id}（{t.spec.title_zh}）的数据。",
                                   locations=[Location(section=sec, table=t.table_id)]))
            continue
        missing_rows = [r for r in t.spec.rows if all(c.status is CellStatus.missing for c in t.row_cells(r.key))]
        unread = [r for r in missing_rows if t.extra_lines or _label_in_region(ctx, t, r.anchors)]
        if unread:
            out.append(finding("READ-TABLE", f"表{t.table_id}有{len(unread)}行未能读出数字："
                               + "、".join(r.full_label_zh for r in unread) + "（报告中有该行的文字或有未对应的数字行）。"
                               "这些行的检查未进行，请人工核对。",
                               locations=[Location(section=sec, table=t.table_id, row=r.full_label_zh) for r in unread]))
        missing_rows = [r for r in missing_rows if r not in unread]
        if missing_rows and len(missing_rows) + len(unread) < len(t.spec.rows):
            out.append(finding("TBL-ROW-MISSING", f"表{t.table_id}缺少{len(missing_rows)}行："
                               + "、".join(r.full_label_zh for r in missing_rows) + "。",
                               locations=[Location(section=sec, table=t.table_id, row=r.full_label_zh)
                                          for r in missing_rows]))
        gone = {r.key for r in missing_rows + unread}  # READ-TABLE or TBL-ROW-MISSING says it: not again per cell
        by_col: dict[str, list[Cell]] = defaultdict(list)
        for c in t.cells:
            if c.status is CellStatus.missing and c.row not in gone:
                by_col[c.column].append(c)
        for col, cells in by_col.items():
            label = t.spec.column_label(cells[0].row, col)
            rows_with_col = [r for r in t.spec.rows if r.key not in gone and col in [x.key for x in r.columns]]
            if len(cells) == len(rows_with_col) and len(rows_with_col) > 1:
                extra = "，无法核对各行的总计" if col == "total" else ""
                out.append(finding("TBL-COL-MISSING", f"表{t.table_id}没有“{label}”列{extra}。",
                                   locations=[Location(section=sec, table=t.table_id, column=label)]))
            else:
                out.append(finding("TBL-CELL-MISSING",
                                   f"表{t.table_id}有{len(cells)}行缺少“{label}”列的数字（该行的数字个数少于规定列数）："
                                   f"{_names(t, cells)}。这些单元格按缺失处理，不按0计。",
                                   locations=[cell_location(ctx, t, c) for c in cells]))
    return out


def _table_words(ctx: Context, t: TableData) -> list[str]:
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


def _as_zero_summary(ctx: Context, t: TableData, statuses: tuple[CellStatus, ...]) -> str:
    touched = [(eq, r) for eq, r in ctx.outcomes(t) if any(c.status in statuses for c in eq.lhs + eq.rhs)]
    if not touched:
        return ""
    if any(r.kind == "na" for _, r in touched):
        return "因另有缺失或无法识别的单元格，按0计算也无法完全核对勾稽关系。"
    bad = [eq for eq, r in touched if r.kind == "fail"]
    if not bad:
        return "按0计算时，相关勾稽关系成立。"
    return "按0计算时，勾稽关系不成立（" + "；".join(f"{eq.where}" for eq in bad[:4]) + "）。"


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
            note = _as_zero_summary(ctx, t, (status,))
            out.append(finding(rule, f"表{t.table_id}有{len(cells)}个{STATUS_ZH[status]}单元格：{_names(t, cells)}。"
                               f"格式要求填写数字（没有的填0）；xxgk 未把它们当作0。{note}", variant=f"table:{t.table_id}",
                               locations=[cell_location(ctx, t, c) for c in cells],
                               data={"cells": len(cells)}))
        unreadable = by_status[CellStatus.unreadable]
        if len(unreadable) > 3:  # one finding per table; the locations list every cell
            out.append(finding("CELL-UNREADABLE", f"表{t.table_id}有{len(unreadable)}个单元格无法识别，未当作0：{_names(t, unreadable)}"
                               f"。例如{_names(t, unreadable[:1])}：{unreadable[0].note or '不是数字'}。",
                               locations=[cell_location(ctx, t, c) for c in unreadable],
                               data={"cells": len(unreadable)}))
            unreadable = []
        for c in t.cells:
            if c.status is CellStatus.unreadable and unreadable:  # three or fewer: one finding each
                why = c.note or f"“{c.raw}”不是数字"
                out.append(finding("CELL-UNREADABLE", f"表{t.table_id}{_names(t, [c])}无法识别：{why}。",
                                   locations=[cell_location(ctx, t, c)],
                                   data={"candidates": list(c.candidates)}))
            elif t.table_id != "二" and c.is_number and c.value is not None and (
                    c.value < 0 or not float(c.value).is_integer()):
                out.append(finding("CELL-NOT-COUNT", f"表{t.table_id}{_names(t, [c])}为“{c.raw}”，件数应为非负整数。",
                                   locations=[cell_location(ctx, t, c)]))
    return out


def _blanks_could_fill(eq: Equation, r: Outcome) -> bool:
    """Whether some non-negative figures in the blank or dash cells would make the equation hold."""
    soft_l = any(c.status in SOFT for c in eq.lhs)
    soft_r = any(c.status in SOFT for c in eq.rhs)
    return (r.lhs < r.rhs and soft_l) or (r.lhs > r.rhs and soft_r)


def _fail_message(eq: Equation, lhs: float, rhs: float, as_zero: bool) -> str:
    zero = "（表中的空白或“—”单元格填入任何非负数都不能使其成立）" if as_zero else ""
    return (f"表{eq.table}{eq.where}：{eq.lhs_desc} = {fmt(lhs)}，{eq.rhs_desc} = {fmt(rhs)}，"
            f"相差{fmt(abs(lhs - rhs))}{zero}。")


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
                out.append(finding(eq.rule_id, _fail_message(eq, r.lhs, r.rhs, r.as_zero),
                                   locations=_eq_locations(ctx, t, eq),
                                   data={"lhs": r.lhs, "rhs": r.rhs, "where": eq.where, "as_zero": r.as_zero}))
            elif r.kind == "na":
                blocked[eq.rule_id].append((eq, r.blockers))
        for rule_id, items in blocked.items():
            wheres = "、".join(eq.where for eq, _ in items[:5]) + (f"等{len(items)}处" if len(items) > 5 else "")
            cells = {(c.row, c.column): c for _, bl in items for c in bl}
            out.append(finding(rule_id, f"表{t.table_id}{wheres}含缺失或无法识别的单元格，无法核对"
                               f"“{items[0][0].rhs_desc} = {items[0][0].lhs_desc}”。",
                               variant="not_assessable", status=FindingStatus.not_assessable,
                               locations=[cell_location(ctx, t, c) for c in list(cells.values())[:8]],
                               data={"equations": len(items), "cells": len(cells)}))
    return out
