"""The LLM path against recordings of a real OpenAI-compatible server (llama.cpp serving
SmolLM2-135M-Instruct, re-recorded with ``scripts/record_cassettes.sh``).

What the recordings show, plainly: this 135M model cannot read a Chinese table or classify section
五. Asked for a table, its first answer is the prompt's format example copied back (the row
“（示例行，不属于本表）” with 7, 0, 3); the validator rejects it as a copy and says so, instructor feeds that
back, and the re-asks are malformed or invented. Asked for section 五, it returns the example sentence
as its quote, which is rejected the same way. Every model step therefore falls back to the rules, and
the tests below assert exactly that: the copy rejected by name, the reason fed back to the model, the
fall-back said in the verdict, and the checker's results unchanged. The recordings say nothing about
the quality of a capable model (none was available here); ``scripts/benchmark.py --llm-only`` measures
one against the real reports' gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import seed

from agents.verdict import check_file, graph_for

pytestmark = [pytest.mark.vcr, pytest.mark.recorded]
CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "test_llm_recorded"


def _ids(v):
    return {f.rule_id for f in v.findings}


def _non_llm(v):
    return sorted((f.rule_id, f.message_zh) for f in v.findings if not f.rule_id.startswith("LLM-"))


def _requests(name: str) -> list[dict]:
    data = yaml.safe_load((CASSETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    return [json.loads(i["request"]["body"]) for i in data["interactions"]]


def test_tables_answered_with_the_copied_example_are_rejected_and_the_rules_stand(llm_config):
    rules_only = check_file(seed("003"))
    v = check_file(seed("003"), graph=graph_for(llm_config))
    assert v.llm.model == "model:smollm2-135m-instruct"
    assert v.llm.calls == 12  # three tables and section 五, each asked once and re-asked twice
    assert v.llm.prompt_tokens > 0 and v.llm.completion_tokens > 0
    # no table answer passed validation: nothing the model said reached a cell
    assert v.llm.agreement is None and v.engines["extraction"] == "rules"
    assert len([e for e in v.llm.errors if e.startswith("表")]) == 3
    assert "LLM-FALLBACK" in _ids(v) and not {"LLM-MODEL-READ", "LLM-DISAGREE"} & _ids(v)
    for tid in ("二", "三", "四"):
        assert v.report.tables[tid].values() == rules_only.report.tables[tid].values()
    assert _non_llm(v) == _non_llm(rules_only)  # the model never changes what the checker says


def test_the_rejection_is_fed_back_to_the_model_by_name(llm_config):
    v = check_file(seed("001"), graph=graph_for(llm_config))
    assert v.llm.calls == 12 and any("未通过校验" in e for e in v.llm.errors)
    asked = _requests("test_the_rejection_is_fed_back_to_the_model_by_name")
    first_table = asked[0]["messages"]
    assert len(first_table) == 2 and "（示例行，不属于本表）" in first_table[1]["content"]
    reask = asked[1]["messages"]
    assert len(reask) == 4  # the question, the model's answer, and the validation error sent back
    assert "照抄了提示中的示例" in json.dumps(reask, ensure_ascii=False)


def test_section5_example_quote_is_rejected_and_never_shown(llm_config):
    v = check_file(seed("000"), graph=graph_for(llm_config))
    s = v.summary
    assert s is not None and s.engine == "rules"  # the model kept failing: the built-in classifier answered
    assert any(e.startswith("第五部分") for e in v.llm.errors) and "LLM-FALLBACK" in _ids(v)
    body = v.report.section(5).text
    squash = lambda t: "".join(t.split())  # noqa: E731
    assert s.items and all(squash(it.quote) in squash(body) for it in s.items)
    shown = json.dumps(v.model_dump(mode="json"), ensure_ascii=False)
    assert "此处应为逐字摘自第五部分原文的一句话" not in shown  # the copied example appears nowhere in the verdict
