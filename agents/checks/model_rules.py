"""Findings the extraction stage produced when a model was configured (reconciliation, fall-back)."""

from __future__ import annotations

from agents.checks.catalogue import RULES_BY_ID, Context, implements
from schemas.findings import Finding


@implements("LLM-DISAGREE", "LLM-MODEL-READ", "LLM-UNGROUNDED", "LLM-FALLBACK")
def model_findings(ctx: Context) -> list[Finding]:
    """Raised during extraction; the severity is the catalogue's, whatever the extractor wrote."""
    return [f.model_copy(update={"severity": RULES_BY_ID[f.rule_id].severity}) for f in ctx.report.extraction_findings]
