"""The LangGraph workflow: read_report → extract_tables → summarise_issues → check_report.

``build_graph`` is a factory (no module-level graph): tests and the digest build their own, with or
without a checkpointer and a model (``Deps.extractor``). An input error (a file that cannot be read,
a text that is not a report) ends the run after ``read_report`` with ``state["error"]`` set: that node
routes itself (a ``Command`` to ``extract_tables`` or to the end), so the graph needs no routing step. The
checker runs last, so every finding (model reconciliation included) comes out of the one rule catalogue.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.deps import Deps
from agents.nodes.check import check_report
from agents.nodes.extract import extract_tables
from agents.nodes.read import read_report
from agents.nodes.summarise import summarise_issues
from agents.state import ReportState


def build_graph(deps: Deps | None = None, checkpointer: Any = None) -> Any:
    deps = deps or Deps()
    g = StateGraph(ReportState)
    g.add_node("read_report", read_report, destinations=("extract_tables", END))  # it routes itself
    g.add_node("extract_tables", partial(extract_tables, deps=deps))
    g.add_node("summarise_issues", partial(summarise_issues, deps=deps))
    g.add_node("check_report", check_report)
    g.add_edge(START, "read_report")
    g.add_edge("extract_tables", "summarise_issues")
    g.add_edge("summarise_issues", "check_report")
    g.add_edge("check_report", END)
    return g.compile(checkpointer=checkpointer)
