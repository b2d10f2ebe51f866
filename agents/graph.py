"""The LangGraph workflow: load_document → segment_report → extract_tables → check_report → summarise_issues.

``build_graph`` is a factory (no module-level graph): tests and the digest build their own, with or
without a checkpointer. An input error ends the run early with ``state["error"]`` set.
"""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.nodes.check import check_report
from agents.nodes.extract import extract_tables
from agents.nodes.load import load_document
from agents.nodes.segment import segment_report
from agents.nodes.summarise import summarise_issues
from agents.state import ReportState


def _stop_on_error(next_node: str) -> Any:
    def route(state: ReportState) -> str:
        return END if state.get("error") else next_node
    return route


def build_graph(checkpointer: Any = None) -> Any:
    g = StateGraph(ReportState)
    g.add_node("load_document", load_document)
    g.add_node("segment_report", segment_report)
    g.add_node("extract_tables", extract_tables)
    g.add_node("check_report", check_report)
    g.add_node("summarise_issues", summarise_issues)
    g.add_edge(START, "load_document")
    g.add_conditional_edges("load_document", _stop_on_error("segment_report"), ["segment_report", END])
    g.add_conditional_edges("segment_report", _stop_on_error("extract_tables"), ["extract_tables", END])
    g.add_edge("extract_tables", "check_report")
    g.add_edge("check_report", "summarise_issues")
    g.add_edge("summarise_issues", END)
    return g.compile(checkpointer=checkpointer)
