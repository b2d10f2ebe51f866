"""The deterministic checker: the source of truth for arithmetic and format compliance."""

from __future__ import annotations

from agents.checks import meta_rules, model_rules, narrative, section_rules, table_rules  # noqa: F401
from agents.checks.catalogue import REGISTRY, RULES, RULES_BY_ID, Context
from schemas.findings import SEVERITY_ORDER, Finding, FindingStatus
from schemas.formats import TABLE_SECTION
from schemas.issues import Section5Summary
from schemas.report import AnnualReport


def run_rules(report: AnnualReport, text: str, summary: Section5Summary | None = None,
              unread_pages: list[int] | None = None, truncated: bool = False,
              missing_pages: list[int] | None = None) -> list[Finding]:
    """Every rule of the catalogue over one report, findings ordered by severity then rule id.
    ``summary`` is the section-五 summary the workflow produced (by a model or the rules), so the rule
    on 五's content judges the same summary the user sees; without one, the built-in classifier runs.
    ``truncated``: the file ends inside a character (it was cut off); ``missing_pages``: printed page
    numbers a PDF skips (pages lost)."""
    ctx = Context(report=report, text=text, summary=summary, unread_pages=list(unread_pages or []),
                  truncated=truncated, missing_pages=list(missing_pages or []))
    version = report.version.value
    findings: list[Finding] = []
    for rule_ids, fn in REGISTRY:
        if not any(version in RULES_BY_ID[r].formats for r in rule_ids):
            continue
        findings.extend(f for f in fn(ctx) if version in RULES_BY_ID[f.rule_id].formats)
    _place_in_sections(report, findings)
    if unread_pages:
        findings = _pages_not_read(findings, unread_pages)
    if missing_pages:
        findings = _pages_not_read(findings, missing_pages, key="missing_pages")
    cut = next((f for f in findings if f.rule_id == "READ-TRUNCATED"), None)
    if cut is not None:
        _after_the_cut(findings, cut.data.get("section"))
    order = {r.id: i for i, r in enumerate(RULES)}
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], order[f.rule_id]))
    return findings


def _pages_not_read(findings: list[Finding], pages: list[int], key: str = "unread_pages") -> list[Finding]:
    """Pages that are only a picture went unread (READ-PAGES, ``unread_pages``), or printed page numbers
    are not in the file (READ-PAGES-MISSING, ``missing_pages``): what the report lacks cannot be concluded."""
    for f in findings:
        if RULES_BY_ID[f.rule_id].absence and f.status is FindingStatus.fail:
            f.status = FindingStatus.not_read
            f.data[key] = list(pages)
            f.message_zh = f.rendered()  # the message says it too
    return findings


def _after_the_cut(findings: list[Finding], section: object) -> None:
    """The file stops in section ``section`` (READ-TRUNCATED): that something is missing from this
    section on (a later section, table or row) cannot be concluded; what is missing before it can."""
    for f in findings:
        if not (RULES_BY_ID[f.rule_id].absence and f.status is FindingStatus.fail):
            continue
        where = [n for loc in f.locations if (n := loc.section or TABLE_SECTION.get(loc.table or "")) is not None]
        if not where or len(where) < len(f.locations):
            continue  # a finding not placed in a section (the period statement, say) is before any cut
        if not isinstance(section, int) or min(where) >= section:
            f.status = FindingStatus.not_read
            f.data["cut_off"] = True
            f.message_zh = f.rendered()


def _place_in_sections(report: AnnualReport, findings: list[Finding]) -> None:
    """A location known only by its offset (a narrative sentence) also names the section it is in."""
    for f in findings:
        for loc in f.locations:
            if loc.section is None and loc.span is not None:
                at = report.section_at(loc.span.start)
                loc.section = at.number if at is not None else None


__all__ = ["RULES", "RULES_BY_ID", "run_rules"]
