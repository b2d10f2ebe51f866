"""What `xxgk check` returns: the report as read, the findings, the summary and who produced what."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from schemas.findings import Finding, Severity
from schemas.issues import Section5Summary
from schemas.report import AnnualReport


class Verdict(BaseModel):
    tool: str = "xxgk"
    tool_version: str = ""
    source: str
    document: dict[str, Any] = Field(default_factory=dict)  # kind, encoding, pages, notes
    engines: dict[str, str] = Field(default_factory=dict)  # extraction / summary: "rules" or "model:<name>"
    llm: dict[str, Any] = Field(default_factory=dict)  # calls, tokens, fall-back reasons
    report: AnnualReport
    findings: list[Finding] = Field(default_factory=list)
    summary: Section5Summary | None = None
    text: str = ""  # the text read; every offset refers to it

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        return 1 if self.count(Severity.error) else 0

    @property
    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in Severity}
