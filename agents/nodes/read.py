"""read_report: everything read from the file: its text, sections and metadata, and every table cell
(the rules' reading, and the model's where one is configured); or an input error that stops the graph.

Reading (``load_document``), segmenting (``segment_report``) and the tables (``extract_tables``) are
one graph step, as summarising and checking are the next (``assess_report``): a step costs
LangGraph 0.5 to 1.5 ms on a 2-core machine, and a checkpoint is only worth its step where a
resumed run would otherwise ask a model again: between the model's reading of the tables and its
classification of section 五, which is where the two steps meet (with no model the graph runs both
as one step, ``assess.read_and_assess``). The node routes itself (``Command``): on
to ``assess_report``, or to the end on an input error, which spares the graph a routing step."""

from __future__ import annotations

from langgraph.graph import END
from langgraph.types import Command

from agents.deps import Deps
from agents.nodes.extract import extract_tables
from agents.nodes.load import load_document
from agents.nodes.segment import segment_report
from agents.state import ReportState


def read_report(state: ReportState, deps: Deps | None = None) -> Command[str]:
    update = load_document(state)
    if not update.get("error"):
        update = {**update, **segment_report({**state, **update})}  # type: ignore[typeddict-item]
    if update.get("error"):
        return Command(update=update, goto=END)
    update = {**update, **extract_tables({**state, **update}, deps)}  # type: ignore[typeddict-item]
    return Command(update=update, goto="assess_report")
