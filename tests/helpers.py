"""Small helpers for tests: run extraction + rules on text, collect rule ids."""

from __future__ import annotations

from agents.checks import run_rules
from agents.extract.report import extract_report
from schemas.findings import Finding, FindingStatus


def check_text(text: str, source: str = "synthetic.txt") -> list[Finding]:
    return run_rules(extract_report(text, source), text)


def failing(findings: list[Finding]) -> set[str]:
    return {f.rule_id for f in findings if f.status is FindingStatus.fail}


def ids(findings: list[Finding]) -> set[str]:
    return {f.rule_id for f in findings}
