"""The graph's typed state: JSON-able values only, so a checkpointer can store it."""

from __future__ import annotations

from typing import Any, TypedDict


class ReportState(TypedDict, total=False):
    path: str
    """The report file to read (as the user gave it)."""
    max_mb: float
    """Refuse inputs larger than this many megabytes."""
    text: str
    """The text xxgk read; every offset in the results refers to it."""
    document: dict[str, Any]
    """How the file was read: kind (text, html, pdf, docx), encoding, notes."""
    report: dict[str, Any]
    """``AnnualReport.model_dump(mode="json")``: metadata, sections, tables with every cell."""
    findings: list[dict[str, Any]]
    """``Finding.model_dump(mode="json")`` for every finding of the rule catalogue."""
    summary: dict[str, Any]
    """``Section5Summary.model_dump(mode="json")``: problems and measures of section 五."""
    engines: dict[str, str]
    """Which engine produced what: {"extraction": "rules" | "model:<name>", "summary": …}."""
    llm: dict[str, Any]
    """Model usage and fall-back reasons: calls, tokens, errors (empty with no model configured)."""
    error: dict[str, Any] | None
    """Set when the input could not be read: {"kind", "message", "hint", "exit_code"}; the graph stops."""
