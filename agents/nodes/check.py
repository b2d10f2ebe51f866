"""check_report: the rule catalogue over the extracted report."""

from __future__ import annotations

import bisect
from typing import Any

from agents.checks import run_rules
from agents.state import ReportState, report_of, summary_of
from schemas.findings import Finding


def check_report(state: ReportState) -> dict[str, Any]:
    doc = state.get("document") or {}
    findings = run_rules(report_of(state), state["text"], summary_of(state), unread_pages=doc.get("unread_pages"),
                         truncated=bool(doc.get("truncated")), missing_pages=doc.get("missing_pages"))
    place_for_reader(findings, doc.get("kind"), doc.get("page_starts") or [])
    return {"findings": findings}


def place_for_reader(findings: list[Finding], kind: str | None, page_starts: list[int]) -> None:
    """Locations a person can find in the file they have: the page of a PDF; no line numbers for
    HTML or Word, whose extracted text has lines the file does not (the quote is kept)."""
    for f in findings:
        for loc in f.locations:
            if loc.span is None:
                continue
            if page_starts:
                loc.span.page = bisect.bisect_right(page_starts, loc.span.start) or 1
            if kind in ("pdf", "html", "docx"):
                loc.span.line = None
