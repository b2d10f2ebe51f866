"""check_report: the rule catalogue over the extracted report."""

from __future__ import annotations

import bisect
from typing import Any

from agents.checks import run_rules
from agents.state import ReportState
from schemas.findings import Finding
from schemas.issues import Section5Summary
from schemas.report import AnnualReport


def check_report(state: ReportState) -> dict[str, Any]:
    report = AnnualReport.model_validate(state["report"])
    summary = Section5Summary.model_validate(state["summary"]) if state.get("summary") else None
    doc = state.get("document") or {}
    findings = run_rules(report, state["text"], summary, unread_pages=doc.get("unread_pages"))
    place_for_reader(findings, doc.get("kind"), doc.get("page_starts") or [])
    return {"findings": [f.model_dump(mode="json") for f in findings]}


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
