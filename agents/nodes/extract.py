"""extract_tables: the deterministic extractor always; then, with a model configured, the model's
reading of each table (sent only that table's section) reconciled cell by cell with the rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.checks.arithmetic import equations, evaluate
from agents.deps import Deps, Extractor
from agents.errors import ExtractionError
from agents.extract.ocr_cells import settle
from agents.extract.report import extract_tables as rules_tables
from agents.extract.report import table_regions
from agents.state import ReportState, report_of
from schemas.cells import Cell, CellReason, CellStatus
from schemas.findings import Finding, Severity
from schemas.report import AnnualReport
from schemas.tables import TableData

MAX_CHARS = 12000  # a table's section is far shorter; longer text is cut, never sent whole


def _model_pass(report: AnnualReport, text: str, extractor: Extractor, llm: dict[str, Any]) -> list[Finding]:
    from agents.extract.reconcile import model_table, prompt_rows, reconcile  # the model path only
    from schemas.llm import ModelTable

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


@dataclass
class Choices:
    """What the model chose among the rules' candidates, and what was not taken."""

    chosen: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # an identity fails under the choice
    suggested: list[str] = field(default_factory=list)  # no identity can check it: a note for a person


def _ask(extractor: Extractor, prompt: str, n: int, llm: dict[str, Any], what: str, **variables: Any) -> str | None:
    """The option key the model picks among ``n``, or None (the failure kept in ``llm``)."""
    from schemas.llm import ModelChoice

    keys = list(OPTION_KEYS[:n])
    try:
        answer, usage = extractor.extract(ModelChoice, prompt, context={"options": keys}, **variables)
    except ExtractionError as exc:
        _add(llm, exc.usage)
        llm.setdefault("errors", []).append(f"{what}：{exc.message_zh}")
        return None
    _add(llm, usage)
    return str(answer.choice)


def _tie_breaks(report: AnnualReport, text: str, extractor: Extractor, llm: dict[str, Any], done: Choices) -> None:
    """Rows the rules read several ways, every one fitting the arithmetic (glued digits): the model is
    shown the row's text and the readings and picks one. The choice is grounded by construction (it
    is one of the rules' readings of the printed digits) and checked again: a choice under which an
    identity through the row fails is not taken, and a row no identity runs through (表二) keeps its
    cells unreadable, the model's pick written in their note for a person."""
    from agents.extract.grounding import row_excerpt

    for tid in ("三", "四", "二"):
        t = report.tables[tid]
        for row_key, options in list(t.alternatives.items()):
            cells = t.row_cells(row_key)
            if not any(c.status is CellStatus.unreadable for c in cells) or len(options) > len(OPTION_KEYS):
                continue
            spec_row = t.spec.row(row_key)
            keys = list(OPTION_KEYS[:len(options)])
            choice = _ask(extractor, "choose_reading", len(options), llm, f"表{tid}{spec_row.full_label_zh}（选择读法）",
                          table_id=tid, row=spec_row.full_label_zh, columns=[c.label_zh for c in spec_row.columns],
                          text=row_excerpt(text, t, row_key), options=[(k, [str(v) for v in o]) for k, o in zip(keys, options)])
            if choice is None:
                continue
            pick = options[keys.index(choice)]
            picked = f"{choice}：{'、'.join(str(x) for x in pick)}"
            new = {(c.row, c.column): c.model_copy(update={
                "status": CellStatus.number, "value": v, "source": extractor.name, "reason": CellReason.model_choice,
                "candidates": [], "note": (f"数字粘连，规则找到{len(options)}种读法均符合勾稽关系；模型（{extractor.name}）"
                                           f"对照原文选择了{picked}")})
                for c, v in zip(cells, pick) if c.status is CellStatus.unreadable and v is not None}
            before, kinds = _trial(t, new, {row_key})
            if not kinds or "fail" in kinds:  # no identity can check it (表二), or one fails with it: not taken
                t.cells = before
                if kinds:
                    done.refused.append(f"表{tid}{spec_row.full_label_zh}")
                    continue
                for c in cells:
                    if c.status is CellStatus.unreadable:
                        c.note = f"{c.note or ''}；模型（{extractor.name}）对照原文认为是{picked}，表内没有勾稽关系可核对，未采用"
                done.suggested.append(f"表{tid}{spec_row.full_label_zh}（{picked}）")
                continue
            del t.alternatives[row_key]
            done.chosen.append(f"表{tid}{spec_row.full_label_zh}（{picked}）")


def _trial(t: TableData, new: dict[tuple[str, str], Cell], rows: set[str],
           rule_ids: set[str] | None = None) -> tuple[list[Cell], list[str]]:
    """Put a model's choice (``new`` cells by row and column) into the table and evaluate the
    identities through ``rows`` (only ``rule_ids`` where given): the cells it replaced, to put back
    when the choice is not taken, and each identity's outcome ("ok", "fail", "na")."""
    before = t.cells
    t.cells = [new.get((c.row, c.column), c) for c in before]
    kinds = [evaluate(eq).kind for eq in equations(t)
             if (rule_ids is None or eq.rule_id in rule_ids) and any(x.row in rows for x in eq.lhs + eq.rhs)]
    return before, kinds


def _around(text: str, start: int, end: int, lines: int = 3, limit: int = 1500) -> str:
    """``text[start:end]`` with a few whole lines before and after it."""
    a = start
    for _ in range(lines + 1):
        a = max(0, text.rfind("\n", 0, max(a - 1, 0)))
    b = end
    for _ in range(lines):
        nxt = text.find("\n", b + 1)
        b = len(text) if nxt < 0 else nxt
    return text[a:b].strip()[:limit]


def _placement_choices(report: AnnualReport, text: str, extractor: Extractor, llm: dict[str, Any],
                       done: Choices) -> None:
    """Rows printed without a recognisable label, fewer than the template rows free around them: the
    model is shown those rows with the lines around them and the placements the rules found (none
    ruled out by the arithmetic) and picks one. The pick is taken only where a column identity
    through the rows it fills can be evaluated and holds with it, and none fails; otherwise the rows
    stay unplaced and the pick is written in the free rows' notes for a person."""
    for tid in ("三", "四", "二"):
        t = report.tables[tid]
        label = {r.key: r.full_label_zh for r in t.spec.rows}
        for placement in list(t.placements):
            if not 2 <= len(placement.options) <= len(OPTION_KEYS):
                continue
            spans = [c.span for c in placement.cells[0] if c.span is not None]
            if not spans:
                continue
            keys = list(OPTION_KEYS[:len(placement.options)])
            shown = [(k, "；".join(f"第{n}行→{label[row]}" for n, row in zip(placement.lines, rows)))
                     for k, rows in zip(keys, placement.options)]
            choice = _ask(extractor, "choose_row", len(keys), llm, f"表{tid}第{placement.lines[0]}行（选择所属行）",
                          table_id=tid, rows=list(zip(placement.lines, placement.texts)),
                          text=_around(text, min(s.start for s in spans), max(s.end for s in spans)), options=shown)
            if choice is None:
                continue
            k = keys.index(choice)
            rows, picked = placement.options[k], f"{choice}：{shown[k][1]}"
            new = {(c.row, c.column): c.model_copy(update={
                "source": extractor.name, "reason": CellReason.model_choice,
                "note": f"该行在报告中没有可识别的行标签，规则找到{len(keys)}种放法；模型（{extractor.name}）对照原文选择了{picked}"})
                for c in placement.cells[k]}
            before, through = _trial(t, new, set(rows), {i.rule_id for i in t.spec.column_identities()})
            where = f"表{tid}第{'、'.join(str(n) for n in placement.lines)}行"
            if "fail" in through or "ok" not in through:
                t.cells = before
                if "fail" in through:
                    done.refused.append(where)
                    continue
                for c in t.cells:
                    if c.row in rows and c.status is CellStatus.missing:
                        c.note = f"{c.note or ''}；模型（{extractor.name}）认为{where}的数字属于此行，表内勾稽关系无法核对，未采用"
                done.suggested.append(f"{where}（{picked}）")
                continue
            t.placements.remove(placement)
            t.extra_lines = [n for n in t.extra_lines if n not in placement.lines]
            done.chosen.append(f"{where}（{picked}）")


def _choice_findings(done: Choices, llm: dict[str, Any], engine: str) -> list[Finding]:
    findings: list[Finding] = []
    if done.chosen:
        stats = llm.setdefault("agreement", {"agreed": 0, "disagreed": 0, "model_only": 0, "rejected": 0})
        stats["chosen"] = stats.get("chosen", 0) + len(done.chosen)
        findings.append(Finding.of("LLM-MODEL-READ", Severity.info, "LLM-MODEL-READ/choices",
                                   {"rows": len(done.chosen), "engine": engine, "chosen": done.chosen[:6]}))
    if done.refused or done.suggested:
        parts = [{"lead": lead, "rows": rows[:6]} for lead, rows in (("refused", done.refused),
                                                                      ("suggested", done.suggested)) if rows]
        findings.append(Finding.of("LLM-UNGROUNDED", Severity.info, "LLM-UNGROUNDED/choices",
                                   {"rows": len(done.refused) + len(done.suggested), "engine": engine, "parts": parts}))
    return findings


def _add(llm: dict[str, Any], usage: dict[str, int]) -> None:
    for k in ("calls", "prompt_tokens", "completion_tokens"):
        llm[k] = llm.get(k, 0) + usage.get(k, 0)


def fallback_finding(what: str, reasons: list[str], engine: str) -> Finding:
    return Finding.of("LLM-FALLBACK", Severity.info, "LLM-FALLBACK",
                      {"engine": engine, "reasons": reasons, "what": what})


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
        done = Choices()
        _tie_breaks(report, text, extractor, llm, done)
        _placement_choices(report, text, extractor, llm, done)
        report.extraction_findings = _choice_findings(done, llm, extractor.name)
        report.extraction_findings += _model_pass(report, text, extractor, llm)
        if llm.get("errors"):
            report.extraction_findings.append(fallback_finding("表格提取", llm["errors"], extractor.name))
            engines["extraction"] = f"rules（{extractor.name} 部分失败）" if "agreement" in llm else "rules"
        else:
            engines["extraction"] = f"rules+{extractor.name}"
    return {"report": report, "engines": engines, "llm": llm}
