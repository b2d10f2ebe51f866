"""extract_tables: the deterministic extractor always; then, with a model configured, the model's
reading of each table (sent only that table's section) reconciled cell by cell with the rules."""

from __future__ import annotations

from typing import Any

from agents.checks.arithmetic import equations, evaluate
from agents.deps import Deps, Extractor
from agents.errors import ExtractionError
from agents.extract.grounding import row_excerpt
from agents.extract.ocr_cells import settle
from agents.extract.reconcile import model_table, prompt_rows, reconcile
from agents.extract.report import extract_tables as rules_tables
from agents.extract.report import table_regions
from agents.state import ReportState, report_of
from schemas.cells import CellReason, CellStatus
from schemas.findings import Finding, Severity
from schemas.llm import ModelChoice, ModelTable
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
        rec = reconcile(rules, model_table(tid, spec.version, answer, extractor.name), extractor.name, text, (start, end))
        report.tables[tid] = rec.table
        findings += rec.findings
        stats = llm.setdefault("agreement", {"agreed": 0, "disagreed": 0, "model_only": 0, "rejected": 0})
        stats["rejected"] = stats.get("rejected", 0) + rec.rejected
        stats["agreed"] += rec.agreed
        stats["disagreed"] += rec.disagreed
        stats["model_only"] += rec.model_only
    return findings


OPTION_KEYS = "ABCDEF"


def _tie_breaks(report: AnnualReport, text: str, extractor: Extractor, llm: dict[str, Any]) -> list[Finding]:
    """Rows the rules read several ways, every one fitting the arithmetic (glued digits): the model is
    shown the row's text and the readings and picks one. The choice is grounded by construction (it
    is one of the rules' readings of the printed digits) and checked again: a choice under which an
    identity through the row fails is not taken, and a row no identity runs through (表二) keeps its
    cells unreadable, the model's pick written in their note for a person."""
    chosen: list[str] = []
    refused: list[str] = []
    suggested: list[str] = []
    for tid in ("三", "四", "二"):
        t = report.tables[tid]
        for row_key, options in list(t.alternatives.items()):
            cells = t.row_cells(row_key)
            if not any(c.status is CellStatus.unreadable for c in cells) or len(options) > len(OPTION_KEYS):
                continue
            spec_row = t.spec.row(row_key)
            keys = list(OPTION_KEYS[:len(options)])
            try:
                answer, usage = extractor.extract(
                    ModelChoice, "choose_reading", context={"options": keys}, table_id=tid, row=spec_row.full_label_zh,
                    columns=[c.label_zh for c in spec_row.columns], text=row_excerpt(text, t, row_key),
                    options=[(k, [str(v) for v in o]) for k, o in zip(keys, options)])
            except ExtractionError as exc:
                _add(llm, exc.usage)
                llm.setdefault("errors", []).append(f"表{tid}{spec_row.full_label_zh}（选择读法）：{exc.message_zh}")
                continue
            _add(llm, usage)
            pick = options[keys.index(answer.choice)]
            through = [eq for eq in equations(t) if any(x.row == row_key for x in eq.lhs + eq.rhs)]
            picked = f"{answer.choice}：{'、'.join(str(x) for x in pick)}"
            if not through:  # no identity can check the choice (表二): a suggestion for a person, not a reading
                for c in cells:
                    if c.status is CellStatus.unreadable:
                        c.note = f"{c.note or ''}；模型（{extractor.name}）对照原文认为是{picked}，表内没有勾稽关系可核对，未采用"
                suggested.append(f"表{tid}{spec_row.full_label_zh}（{picked}）")
                continue
            before = [c.model_copy() for c in cells]
            for c, v in zip(cells, pick):
                if c.status is CellStatus.unreadable and v is not None:
                    c.status, c.value, c.source = CellStatus.number, v, extractor.name
                    c.reason = CellReason.model_choice
                    c.note = (f"数字粘连，规则找到{len(options)}种读法均符合勾稽关系；模型（{extractor.name}）对照原文选择了"
                              f"{picked}")
                    c.candidates = []
            if any(evaluate(eq).kind == "fail" for eq in through):  # the equations hold the cells just set
                for c, old in zip(cells, before):  # the check disagrees with the choice: not taken
                    c.status, c.value, c.source, c.reason, c.note, c.candidates = (old.status, old.value, old.source,
                                                                                  old.reason, old.note, old.candidates)
                refused.append(f"表{tid}{spec_row.full_label_zh}")
                continue
            del t.alternatives[row_key]
            chosen.append(f"表{tid}{spec_row.full_label_zh}（{picked}）")
    if chosen:
        stats = llm.setdefault("agreement", {"agreed": 0, "disagreed": 0, "model_only": 0, "rejected": 0})
        stats["chosen"] = stats.get("chosen", 0) + len(chosen)
    findings: list[Finding] = []
    if chosen:
        findings.append(Finding(rule_id="LLM-MODEL-READ", severity=Severity.info,
                                message_zh=f"{len(chosen)}行数字粘连、规则有几种读法均符合勾稽关系，由模型对照原文选择，请人工核对："
                                           + "；".join(chosen[:6]), data={"rows": len(chosen), "engine": extractor.name}))
    if refused or suggested:
        parts = (["模型选择的读法与表内勾稽关系不符，未采用：" + "；".join(refused[:6])] if refused else []) + (
            ["模型对以下行给出了读法，但表内没有勾稽关系可核对，未采用（写在单元格说明中供人工核对）："
             + "；".join(suggested[:6])] if suggested else [])
        findings.append(Finding(rule_id="LLM-UNGROUNDED", severity=Severity.info, message_zh="。".join(parts),
                                data={"rows": len(refused) + len(suggested), "engine": extractor.name}))
    return findings


def _add(llm: dict[str, Any], usage: dict[str, int]) -> None:
    for k in ("calls", "prompt_tokens", "completion_tokens"):
        llm[k] = llm.get(k, 0) + usage.get(k, 0)


def fallback_finding(what: str, reasons: list[str], engine: str) -> Finding:
    return Finding(rule_id="LLM-FALLBACK", severity=Severity.info,
                   message_zh=f"{what}：模型（{engine}）调用失败，已改用内置规则。原因：" + "；".join(reasons[:3]),
                   data={"engine": engine, "reasons": reasons})


def extract_tables(state: ReportState, deps: Deps | None = None) -> dict[str, Any]:
    report = report_of(state)
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
        report.extraction_findings = _tie_breaks(report, text, extractor, llm)
        report.extraction_findings += _model_pass(report, text, extractor, llm)
        if llm.get("errors"):
            report.extraction_findings.append(fallback_finding("表格提取", llm["errors"], extractor.name))
            engines["extraction"] = f"rules（{extractor.name} 部分失败）" if "agreement" in llm else "rules"
        else:
            engines["extraction"] = f"rules+{extractor.name}"
    return {"report": report, "engines": engines, "llm": llm}
