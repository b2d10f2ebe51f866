"""Findings the extraction stage produced when a model was configured (reconciliation, fall-back)."""

from __future__ import annotations

from agents.checks.catalogue import Context, implements
from schemas.findings import Finding


@implements("LLM-DISAGREE", "LLM-MODEL-READ", "LLM-FALLBACK")
def model_findings(ctx: Context) -> list[Finding]:
    return list(ctx.report.extraction_findings)
