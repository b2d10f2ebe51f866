"""summarise_issues: section 五 as standard problem and measure categories with verbatim quotes."""

from __future__ import annotations

from typing import Any

from agents.state import ReportState
from agents.summary.lexicon import classify_section5
from schemas.report import AnnualReport


def summarise_issues(state: ReportState) -> dict[str, Any]:
    report = AnnualReport.model_validate(state["report"])
    summary = classify_section5(report.section(5), state["text"])
    engines = dict(state.get("engines") or {})
    engines["summary"] = summary.engine
    return {"summary": summary.model_dump(mode="json"), "engines": engines}
