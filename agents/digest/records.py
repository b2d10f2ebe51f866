"""A Verdict boiled down to the digest's ReportRow: key figures, findings, section-五 categories."""

from __future__ import annotations

import re

from agents.checks.narrative import t3_group_total, t3_total, t4_total
from agents.extract.norm import squash
from schemas.digest import CompactFinding, ReportRow, RowUsage
from schemas.formats import T3_APPLICANT_COLUMNS, t3_outcome_groups, tracks_documents_in_force
from schemas.issues import TAXONOMY, ItemKind
from schemas.verdict import Verdict

PROACTIVE = re.compile(r"主动公开(?:各类)?(?:政府)?信息(?:共计|共|合计)?为?(\d+)条")
LEVELS = [("省级", re.compile(r"^(?:北京|天津|上海|重庆)市(?!.{1,6}[区县])|省(?:人民政府|政府|.{0,8}厅|.{0,8}委员会)"
                             r"|自治区(?:人民政府|.{0,8}厅)")),  # a 直辖市 and its departments are 省级
          ("乡镇级", re.compile(r"(?:乡|镇|街道)(?:人民政府|办事处)?$")),
          ("区县级", re.compile(r"(?:区|县|旗|县级市)(?:人民政府|.{0,10}局|.{0,10}委员会|.{0,10}办公室)?$|区.{0,8}局$|县.{0,8}局$")),
          ("市级", re.compile(r"市|州|盟"))]
def level_of(agency: str | None) -> str | None:
    if not agency:
        return None
    for level, pat in LEVELS:
        if pat.search(agency):
            return level
    return None


def _figures(v: Verdict) -> dict[str, float | int | None]:
    t3, t4 = v.report.tables.get("三"), v.report.tables.get("四")
    fig: dict[str, float | int | None] = {}
    if t3 is not None:
        fig["new_received"] = t3_total(t3, "new_received")
        fig["carried_over"] = t3_total(t3, "carried_over")
        for key, rows in t3_outcome_groups(t3.version).items():
            fig[key] = t3_group_total(t3, rows)
        fig["total_handled"] = t3_total(t3, "total_handled")
        fig["carried_forward"] = t3_total(t3, "carried_forward")
    if t4 is not None:
        fig["review_total"] = t4_total(t4, ["review"], "total")
        fig["litigation_total"] = t4_total(t4, ["litigation_direct", "litigation_after_review"], "total")
    m = PROACTIVE.search(squash(v.report.section(1).text if v.report.section(1) else ""))
    fig["proactive_items"] = int(m.group(1)) if m else None
    return fig


def _carry(v: Verdict) -> dict[str, dict[str, float | int | None]]:
    out: dict[str, dict[str, float | int | None]] = {}
    t3, t2 = v.report.tables.get("三"), v.report.tables.get("二")
    if t3 is not None and t3.found:
        for row in ("carried_over", "carried_forward"):
            out[row] = {c: (t3.get(row, c).value if t3.get(row, c).is_number else None)
                        for c in T3_APPLICANT_COLUMNS + ["total"]}
    if t2 is not None and t2.found and tracks_documents_in_force(t2.version):
        for row in ("regulations", "normative_documents"):
            out[row] = {c.key: (t2.get(row, c.key).value if t2.get(row, c.key).is_number else None)
                        for c in t2.spec.row(row).columns}
    return out


def row_from_verdict(v: Verdict, file: str, seconds: float) -> ReportRow:
    counts = v.counts
    s = v.summary
    five = v.report.section(5)
    return ReportRow(
        file=file, sha256=v.report.sha256, agency=v.report.meta.agency, agency_source=v.report.meta.agency_source,
        level=level_of(v.report.meta.agency), year=v.report.meta.year, format_version=v.report.version.value,
        conclusion=v.conclusion.value, unread=len(v.unread),
        errors=counts["error"], warnings=counts["warning"], infos=counts["info"], figures=_figures(v), carry=_carry(v),
        findings=[CompactFinding(rule_id=f.rule_id, severity=f.severity, message_zh=f.message_zh, undecided=f.undecided,
                                 where=f.locations[0].text_zh() if f.locations else "") for f in v.findings],
        problems=[TAXONOMY[c].label_zh for c in s.categories(ItemKind.problem)] if s else [],
        measures=[TAXONOMY[c].label_zh for c in s.categories(ItemKind.measure)] if s else [],
        unmatched=[TAXONOMY[c].label_zh for c in s.unmatched_problems] if s else [],
        section5=five.text if five else "", engines=v.engines,
        llm=RowUsage(calls=v.llm.calls, prompt_tokens=v.llm.prompt_tokens,
                     completion_tokens=v.llm.completion_tokens, errors=v.llm.errors),
        seconds=round(seconds, 4),
        cells={f"{tid}|{c.row}|{c.column}": c.printed_zh() for tid, t in v.report.tables.items() if t.found for c in t.cells})
