"""summarise_issues: section 五 as standard problem and measure categories with verbatim quotes.

With a model configured, the model classifies and quotes; a quote not found in section 五 is
rejected and asked again (grounding) and never shown. If the model keeps failing, the built-in
lexicon classifier gives the same output shape and the verdict says why.
"""

from __future__ import annotations

import bisect
from typing import Any

from agents.deps import Deps, Extractor
from agents.errors import ExtractionError
from agents.extract.norm import NormText, squash
from agents.nodes.extract import fallback_finding
from agents.state import ReportState, report_of
from agents.summary.lexicon import classify_lost_section5, classify_section5
from schemas.cells import Span
from schemas.issues import TAXONOMY, IssueCategory, ItemKind, Section5Summary, SummaryItem
from schemas.report import Section


def _locate(text: str, section: Section, quote: str, page_starts: list[int] | None = None) -> Span | None:
    """Where a quote stands in section 五: exactly, or after the same normalising the grounding check
    does (whitespace, full-width forms), mapped back to the source offsets; with its page in a PDF."""
    i = text.find(quote, section.body.start, section.body.end)
    if i >= 0:
        start, end = i, i + len(quote)
    else:
        norm = NormText.build(text, section.body.start, section.body.end)
        j = norm.text.find(squash(quote))
        if j < 0 or not squash(quote):
            return None
        start, end = norm.source_offset(j), norm.source_offset(j + len(squash(quote)) - 1) + 1
    page = bisect.bisect_right(page_starts, start) if page_starts else None
    return Span(start=start, end=end, line=text.count("\n", 0, start) + 1, page=page)


def _by_model(section: Section, text: str, extractor: Extractor, llm: dict[str, Any],
              page_starts: list[int] | None = None) -> Section5Summary:
    from schemas.llm import ModelSummary  # the model path only

    body = text[section.body.start:section.body.end]
    categories = [{"key": c.value, "label": i.label_zh, "definition": i.definition_zh} for c, i in TAXONOMY.items()]
    answer, usage = extractor.extract(ModelSummary, "classify_section5", context={"section_text": body},
                                      categories=categories, text=body[:8000])
    for k, v in usage.items():
        llm[k] = llm.get(k, 0) + v
    summary = Section5Summary(engine=extractor.name)
    for it in answer.items:
        summary.items.append(SummaryItem(kind=ItemKind(it.kind), categories=it.categories, quote=it.quote,
                                         span=_locate(text, section, it.quote, page_starts), engine=extractor.name))
    measured = set(summary.categories(ItemKind.measure))
    summary.unmatched_problems = [c for c in summary.categories(ItemKind.problem)
                                  if c not in measured and c is not IssueCategory.other]
    return summary


def summarise_issues(state: ReportState, deps: Deps | None = None) -> dict[str, Any]:
    report = report_of(state)
    text = state["text"]
    section = report.section(5)
    engines = dict(state.get("engines") or {})
    llm = dict(state.get("llm") or {})
    extractor = deps.extractor if deps else None
    summary = None
    if extractor is not None and section is not None:
        try:
            summary = _by_model(section, text, extractor, llm, (state.get("document") or {}).get("page_starts"))
        except ExtractionError as exc:
            for k, v in exc.usage.items():
                llm[k] = llm.get(k, 0) + v
            # a quote the model invented is never shown, not even in the reason for falling back
            reason = (f"模型 {exc.attempts} 次回答引用的{len(exc.rejected)}句话在第五部分原文中找不到（已拒绝，不予显示）"
                      if exc.rejected else exc.message_zh)
            llm.setdefault("errors", []).append(f"第五部分：{reason}")
            summary = classify_section5(section, text)
            summary.rejected_quotes = exc.rejected
            summary.notes.append(f"模型（{extractor.name}）未能完成分类，已改用内置规则：{reason}")
            report.extraction_findings.append(fallback_finding("第五部分摘要", [reason], extractor.name))
    if summary is None:
        summary = (classify_lost_section5(report, text) if section is None else None) or classify_section5(section, text)
    engines["summary"] = summary.engine
    out: dict[str, Any] = {"summary": summary, "engines": engines, "llm": llm}
    if extractor is not None:
        out["report"] = report
    return out
