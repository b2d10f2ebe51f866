"""extract_tables: the deterministic extractor, then (when a model is configured) the model and the
reconciliation of the two. The deterministic reading is always made and always kept."""

from __future__ import annotations

from typing import Any

from agents.extract.report import extract_tables as rules_tables
from agents.state import ReportState
from schemas.report import AnnualReport


def extract_tables(state: ReportState) -> dict[str, Any]:
    report = AnnualReport.model_validate(state["report"])
    report.tables = rules_tables(report, state["text"])
    engines = dict(state.get("engines") or {})
    engines["extraction"] = "rules"
    return {"report": report.model_dump(mode="json"), "engines": engines}
