"""read_report: the file read into text and segmented (sections, metadata), or an input error that
stops the graph.

Reading (``load_document``) and segmenting (``segment_report``) are one graph step: either can only
refuse the input (a file that cannot be read, a text that is not a report), and each LangGraph step
costs about a quarter of a millisecond, a fortieth of a whole check."""

from __future__ import annotations

from typing import Any

from agents.nodes.load import load_document
from agents.nodes.segment import segment_report
from agents.state import ReportState


def read_report(state: ReportState) -> dict[str, Any]:
    loaded = load_document(state)
    if loaded.get("error"):
        return loaded
    return {**loaded, **segment_report({**state, **loaded})}  # type: ignore[typeddict-item]
