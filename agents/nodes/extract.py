"""extract_tables: the deterministic extractor always; then, with a model configured, the model's
reading of each table (sent only that table's section) reconciled cell by cell with the rules."""

from __future__ import annotations

from typing import Any

from agents.deps import Deps, Extractor
from agents.errors import ExtractionError
from agents.extract.ocr_cells import settle
from agents.extract.reconcile import model_table, prompt_rows, reconcile
from agents.extract.report import extract_tables as rules_tables
from agents.extract.report import table_regions
from agents.state import ReportState
from schemas.findings import Finding, Severity
from schemas.llm import ModelTable
from schemas.report import AnnualReport

MAX_CHARS = 12000  # a table's section is far shorter; longer text is cut, never sent whole


def _model_pass(report: AnnualReport, text: str, extractor: Extractor, llm: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    regions = table_regions(text, report.sections)
    for tid in ("三", "四", "二"):
        rules = report.tables[tid]
        spec = rules.spec
        start, end = regions.get(tid, (0, 0))
        if end <= start:
            continue
        rows = prompt_rows(spec)
        try:
            answer, usage = extractor.extract(
                ModelTable, "extract_table", context={"rows": {r["label"]: len(r["columns"]) for r in rows}},
                table_id=tid, title=spec.title_zh, rows=rows, text=text[start:end][:MAX_CHARS])
        except ExtractionError as exc:
            _add(llm, exc.usage)
            llm.setdefault("errors", []).append(f"表{tid}：{exc.message_zh}")
            continue
        _add(llm, usage)
        rec = reconcile(rules, model_table(tid, spec.version, answer, extractor.name), extractor.name)
        report.tables[tid] = rec.table
        findings += rec.findings
        stats = llm.setdefault("agreement", {"agreed": 0, "disagreed": 0, "model_only": 0})
        stats["agreed"] += rec.agreed
        stats["disagreed"] += rec.disagreed
        stats["model_only"] += rec.model_only
    return findings


def _add(llm: dict[str, Any], usage: dict[str, int]) -> None:
    for k in ("calls", "prompt_tokens", "completion_tokens"):
        llm[k] = llm.get(k, 0) + usage.get(k, 0)


def fallback_finding(what: str, reasons: list[str], engine: str) -> Finding:
    return Finding(rule_id="LLM-FALLBACK", severity=Severity.info,
                   message_zh=f"{what}：模型（{engine}）调用失败，已改用内置规则。原因：" + "；".join(reasons[:3]),
                   data={"engine": engine, "reasons": reasons})


def extract_tables(state: ReportState, deps: Deps | None = None) -> dict[str, Any]:
    report = AnnualReport.model_validate(state["report"])
    text = state["text"]
    report.tables = rules_tables(report, text)
    uncertain = (state.get("document") or {}).get("uncertain")
    if uncertain:
        settle(report.tables, [tuple(u) for u in uncertain])
    engines = dict(state.get("engines") or {})
    engines["extraction"] = "rules"
    llm = dict(state.get("llm") or {})
    extractor = deps.extractor if deps else None
    if extractor is not None:
        llm["model"] = extractor.name
        report.extraction_findings = _model_pass(report, text, extractor, llm)
        if llm.get("errors"):
            report.extraction_findings.append(fallback_finding("表格提取", llm["errors"], extractor.name))
            engines["extraction"] = f"rules（{extractor.name} 部分失败）" if "agreement" in llm else "rules"
        else:
            engines["extraction"] = f"rules+{extractor.name}"
    return {"report": report.model_dump(mode="json"), "engines": engines, "llm": llm}
