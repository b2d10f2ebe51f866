"""The graph's typed state.

The report, findings and summary travel between nodes as the pydantic objects themselves: a node
neither dumps the whole report nor validates it again (that was a fifth of a check's time). A
checkpointer stores them with LangGraph's serializer (``checkpoint_serde`` allows exactly these
types) and restores them validated; a state restored as plain dicts (an older checkpoint) is read
through the ``*_of`` helpers.
"""

from __future__ import annotations

from typing import Any, TypedDict

from schemas.findings import Finding
from schemas.issues import Section5Summary
from schemas.report import AnnualReport


class ReportState(TypedDict, total=False):
    path: str
    """The report file to read (as the user gave it)."""
    max_mb: float
    """Refuse inputs larger than this many megabytes."""
    year: int
    """The report's year as the user gives it (a digest's mapping, ``xxgk check --year``): it replaces
    the year read from the report (see ``agents.extract.meta.give_year``)."""
    year_source: str
    """Where ``year`` comes from: "mapping" or "user" (the default)."""
    text: str
    """The text xxgk read; every offset in the results refers to it."""
    document: dict[str, Any]
    """How the file was read: kind (text, html, pdf, docx), encoding, notes."""
    report: AnnualReport
    """Metadata, sections, tables with every cell."""
    findings: list[Finding]
    """Every finding of the rule catalogue."""
    summary: Section5Summary | None
    """Problems and measures of section 五."""
    engines: dict[str, str]
    """Which engine produced what: {"extraction": "rules" | "model:<name>", "summary": …}."""
    llm: dict[str, Any]
    """Model usage and fall-back reasons: calls, tokens, errors (empty with no model configured)."""
    error: dict[str, Any] | None
    """Set when the input could not be read: {"kind", "message", "hint", "exit_code"}; the graph stops."""


STATE_TYPES = (AnnualReport, Finding, Section5Summary)


def _stored_types() -> list[tuple[str, str]]:
    """The state's models and every enum of the schemas they hold (stored by name, restored by value)."""
    from enum import Enum

    import schemas.cells
    import schemas.findings
    import schemas.formats
    import schemas.issues
    import schemas.report
    import schemas.tables

    out = [(t.__module__, t.__name__) for t in STATE_TYPES]
    for mod in (schemas.cells, schemas.findings, schemas.formats, schemas.issues, schemas.report, schemas.tables):
        out += [(v.__module__, v.__name__) for v in vars(mod).values()
                if isinstance(v, type) and issubclass(v, Enum) and v.__module__ == mod.__name__]
    return out


def report_of(state: ReportState) -> AnnualReport:
    value: Any = state["report"]
    return value if isinstance(value, AnnualReport) else AnnualReport.model_validate(value)


def summary_of(state: ReportState) -> Section5Summary | None:
    value: Any = state.get("summary")
    if not value:
        return None
    return value if isinstance(value, Section5Summary) else Section5Summary.model_validate(value)


def findings_of(state: ReportState) -> list[Finding]:
    return [f if isinstance(f, Finding) else Finding.model_validate(f) for f in state.get("findings") or []]


def checkpoint_serde() -> Any:
    """LangGraph's serializer, allowed to restore the state's own types (and nothing else of ours)."""
    from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

    return JsonPlusSerializer(allowed_msgpack_modules=_stored_types())
