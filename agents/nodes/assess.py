"""assess_report: what xxgk makes of what was read: section 五 summarised (``summarise_issues``),
then the rule catalogue over the whole report (``check_report``), so that every finding, the
model's fall-backs and reconciliation included, comes out of the one catalogue.

read_and_assess: ``read_report`` then ``assess_report`` as one graph step, for a run with no model,
where a checkpoint between them would spare no model call (see agents/graph.py)."""

from __future__ import annotations

from typing import Any

from langgraph.graph import END

from agents.deps import Deps
from agents.nodes.check import check_report
from agents.nodes.read import read_report
from agents.nodes.summarise import summarise_issues
from agents.state import ReportState


def assess_report(state: ReportState, deps: Deps | None = None) -> dict[str, Any]:
    update = summarise_issues(state, deps)
    return {**update, **check_report({**state, **update})}  # type: ignore[typeddict-item]


def read_and_assess(state: ReportState, deps: Deps | None = None) -> dict[str, Any]:
    read = read_report(state, deps)
    update: dict[str, Any] = dict(read.update or {})  # type: ignore[call-overload]
    if read.goto == END:  # an input error: nothing to assess
        return update
    return {**update, **assess_report({**state, **update}, deps)}  # type: ignore[typeddict-item]
