"""The LLM path against recordings of a real OpenAI-compatible server (llama.cpp serving
SmolLM2-135M-Instruct). That model reads Chinese tables badly, which is the point: the recordings
show the reconciliation catching a model's wrong numbers, validation errors fed back and answered
again, and the grounding check rejecting invented quotes."""

from __future__ import annotations

import pytest
from conftest import seed

from agents.verdict import check_file, graph_for

pytestmark = [pytest.mark.vcr, pytest.mark.recorded]


def _ids(v):
    return {f.rule_id for f in v.findings}


def test_seed_tables_extracted_by_model_and_reconciled(llm_config):
    rules_only = check_file(seed("003"))
    v = check_file(seed("003"), graph=graph_for(llm_config))
    assert v.llm.model == "model:smollm2-135m-instruct" and v.llm.calls >= 3
    assert v.llm.prompt_tokens > 0 and v.llm.completion_tokens > 0
    assert "rules" in v.engines["extraction"] and "smollm2" in str(v.llm)
    # the model's wrong numbers are caught and shown beside the rules' reading, never used
    assert "LLM-DISAGREE" in _ids(v)
    disagree = next(f for f in v.findings if f.rule_id == "LLM-DISAGREE")
    assert "规则读作" in disagree.message_zh and "模型读作" in disagree.message_zh
    assert v.report.tables["三"].values() == rules_only.report.tables["三"].values()
    # the model never changes what the arithmetic checker says
    non_llm = lambda ver: sorted((f.rule_id, f.message_zh) for f in ver.findings if not f.rule_id.startswith("LLM-"))  # noqa: E731
    assert non_llm(v) == non_llm(rules_only)


def test_validation_error_is_fed_back_and_answered_again(llm_config):
    v = check_file(seed("001"), graph=graph_for(llm_config))
    # four prompts were sent (three tables and section 五); every extra call is a re-ask that carried
    # the validation error back to the model
    assert v.llm.calls > 4
    assert any("未通过校验" in e for e in v.llm.errors)


def test_section5_quote_not_in_text_is_rejected(llm_config):
    v = check_file(seed("000"), graph=graph_for(llm_config))
    s = v.summary
    assert s is not None
    body = v.report.section(5).text
    # whatever engine produced the summary, every quote shown is in section 五
    squash = lambda t: "".join(t.split())  # noqa: E731
    assert all(squash(it.quote) in squash(body) for it in s.items)
    if s.engine == "rules":  # the model kept inventing quotes: rejected, never shown, reason given
        assert s.rejected_quotes and all(squash(q) not in squash(body) for q in s.rejected_quotes)
        assert "LLM-FALLBACK" in _ids(v)
