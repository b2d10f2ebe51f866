"""check_report: the rule catalogue over the extracted report."""

from __future__ import annotations

from typing import Any

from agents.checks import run_rules
from agents.state import ReportState
from schemas.report import AnnualReport


def check_report(state: ReportState) -> dict[str, Any]:
    report = AnnualReport.model_validate(state["report"])
    findings = run_rules(report, state["text"])
    return {"findings": [f.model_dump(mode="json") for f in findings]}
