"""read_report: the file read into text and segmented (sections, metadata), or an input error that
stops the graph.

Reading (``load_document``) and segmenting (``segment_report``) are one graph step: either can only
refuse the input (a file that cannot be read, a text that is not a report), and each LangGraph step
costs about a quarter of a millisecond, a fortieth of a whole check. The node routes itself
(``Command``): on to ``extract_tables``, or to the end on an input error, which spares the graph a
routing step of its own."""

from __future__ import annotations

from langgraph.graph import END
from langgraph.types import Command

from agents.nodes.load import load_document
from agents.nodes.segment import segment_report
from agents.state import ReportState


def read_report(state: ReportState) -> Command[str]:
    update = load_document(state)
    if not update.get("error"):
        update = {**update, **segment_report({**state, **update})}  # type: ignore[typeddict-item]
    return Command(update=update, goto=END if update.get("error") else "extract_tables")
