"""Reconcile the model's reading of a table with the deterministic one, cell by cell.

The deterministic reading wins wherever it read a number: agreement confirms it, disagreement
becomes a finding showing both values and the source text. Where the rules could not read a cell
(unreadable, missing) the model's number is used only when the source shows it at that place
(``grounding.ground``); it is marked as model-read and goes through the same arithmetic rules as any
other cell. A number the source does not show there is rejected with its reason (LLM-UNGROUNDED).
Blank and dash cells stay what they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.extract.grounding import ground
from schemas.cells import Cell, CellReason, CellStatus
from schemas.findings import Finding, Location, Severity
from schemas.formats import FormatVersion, TableSpec, table_spec
from schemas.llm import ModelTable, match_row
from schemas.tables import TableData, empty_table

NOT_PRINTED = (CellReason.column_not_printed, CellReason.row_short)  # the report has no such cell: nothing to read


def _rules_could_not_read(c: Cell) -> bool:
    """Unreadable text, or a row or table the rules did not find; never a cell the report lacks."""
    if c.status is CellStatus.unreadable:
        return True
    return c.status is CellStatus.missing and c.reason not in NOT_PRINTED


def prompt_rows(spec: TableSpec) -> list[dict[str, object]]:
    """Rows as the prompt lists them: official label and column labels."""
    return [{"label": r.full_label_zh, "columns": [c.label_zh for c in r.columns]} for r in spec.rows]


def model_table(table_id: str, version: FormatVersion, answer: ModelTable, engine: str) -> TableData:
    spec = table_spec(table_id, version)
    allowed = {r.full_label_zh: len(r.columns) for r in spec.rows}
    by_label = {r.full_label_zh: r for r in spec.rows}
    table = empty_table(table_id, version, found=bool(answer.rows))
    table.shape = "model"
    cells = {(c.row, c.column): c for c in table.cells}
    for row in answer.rows:
        label = match_row(row.row, allowed)
        if label is None:
            continue
        r = by_label[label]
        for col, v in zip(r.columns, row.values):
            status = CellStatus.number if v is not None else CellStatus.blank
            cells[(r.key, col.key)] = Cell(table=table_id, row=r.key, column=col.key, value=v,
                                           raw="" if v is None else str(v), status=status, source=engine)
    table.cells = list(cells.values())
    return table


@dataclass
class Reconciliation:
    table: TableData
    findings: list[Finding] = field(default_factory=list)
    agreed: int = 0
    disagreed: int = 0
    model_only: int = 0
    rejected: int = 0  # model numbers the source does not show at that place

    @property
    def compared(self) -> int:
        return self.agreed + self.disagreed


def _label(t: TableData, c: Cell) -> str:
    return f"{t.spec.row(c.row).full_label_zh}/{t.spec.column_label(c.row, c.column)}"


def _value(c: Cell) -> str:
    return str(c.value) if c.is_number else {"blank": "空白", "dash": c.raw or "—"}.get(c.status.value, c.status.value)


def reconcile(rules: TableData, model: TableData, engine: str, text: str | None = None,
              region: tuple[int, int] = (0, 0)) -> Reconciliation:
    """``text`` and ``region`` (the table's part of the report) ground every number the model reads
    where the rules could not (``grounding.ground``); without them nothing the model read is taken."""
    out = Reconciliation(table=rules.model_copy(deep=True))
    rejected: list[tuple[Cell, Cell, str]] = []
    by_key = {(c.row, c.column): c for c in model.cells}
    disagreements: list[tuple[Cell, Cell]] = []
    taken: list[Cell] = []
    merged: list[Cell] = []
    for r in out.table.cells:
        m = by_key.get((r.row, r.column))
        if m is None or m.status is CellStatus.missing:
            merged.append(r)
            continue
        if _rules_could_not_read(r) and m.is_number and m.value is not None:
            why = ground(float(m.value), r, rules, text, region) if text is not None else "没有原文可核对"
            if why is not None:
                rejected.append((r, m, why))
                merged.append(r)
                continue
            use = m.model_copy(update={"span": r.span, "note": f"规则未能读取（{r.note or r.status.value}），"
                                                              f"采用模型读数（原文该处印有此数）"})
            merged.append(use)
            taken.append(use)
            out.model_only += 1
            continue
        if r.is_number and m.is_number and r.value == m.value:
            out.agreed += 1
        elif r.is_number or (r.status in (CellStatus.blank, CellStatus.dash) and m.is_number and m.value != 0):
            out.disagreed += 1
            disagreements.append((r, m))
        merged.append(r)
    out.table.cells = merged
    t = out.table
    if disagreements:
        out.findings.append(Finding.of(
            "LLM-DISAGREE", Severity.warning, "LLM-DISAGREE",
            {"engine": engine, "cells": len(disagreements), "table": t.table_id,
             "pairs": [{"cell": _label(t, r), "rules": _value(r), "model": _value(m)} for r, m in disagreements[:6]]},
            locations=[Location(table=t.table_id, row=t.spec.row(r.row).full_label_zh,
                                column=t.spec.column_label(r.row, r.column), quote=r.raw or None, span=r.span)
                       for r, _ in disagreements[:8]]))
    if rejected:
        out.rejected = len(rejected)
        out.findings.append(Finding.of(
            "LLM-UNGROUNDED", Severity.info, "LLM-UNGROUNDED",
            {"engine": engine, "cells": len(rejected), "reasons": [why for _, _, why in rejected], "table": t.table_id,
             "rejected": [{"cell": _label(t, r), "model": m.value, "reason": why} for r, m, why in rejected[:6]]},
            locations=[Location(table=t.table_id, row=t.spec.row(r.row).full_label_zh,
                                column=t.spec.column_label(r.row, r.column), quote=r.raw or None, span=r.span)
                       for r, _, _ in rejected[:8]]))
    if taken:
        out.findings.append(Finding.of(
            "LLM-MODEL-READ", Severity.info, "LLM-MODEL-READ",
            {"engine": engine, "cells": len(taken), "table": t.table_id,
             "taken": [{"cell": _label(t, c), "value": c.value} for c in taken[:6]]},
            locations=[Location(table=t.table_id, row=t.spec.row(c.row).full_label_zh,
                                column=t.spec.column_label(c.row, c.column), span=c.span) for c in taken[:8]]))
    if not rules.found and model.found:
        out.table.found = True
        out.table.notes.append(f"规则未找到此表，表格数据来自模型（{engine}）")
    return out
