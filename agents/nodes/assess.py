"""assess_report: what xxgk makes of what was read: section 五 summarised (``summarise_issues``),
then the rule catalogue over the whole report (``check_report``), so that every finding, the
model's fall-backs and reconciliation included, comes out of the one catalogue."""

from __future__ import annotations

from typing import Any

from agents.deps import Deps
from agents.nodes.check import check_report
from agents.nodes.summarise import summarise_issues
from agents.state import ReportState


def assess_report(state: ReportState, deps: Deps | None = None) -> dict[str, Any]:
    update = summarise_issues(state, deps)
    return {**update, **check_report({**state, **update})}  # type: ignore[typeddict-item]
