"""Transport faults injected at the HTTP layer into the real LLMExtractor (httpx.MockTransport):
each ends in a clean fall-back to the rules, with the reason in the verdict."""

from __future__ import annotations

import json

import httpx
import pytest
from conftest import seed

from agents.config import load_config
from agents.errors import ExtractionError, ProviderConfigError
from agents.llm import LLMExtractor, strip_think
from agents.verdict import check_file, graph_for
from schemas.llm import ModelTable

SECRET = "sk-test-SECRET-do-not-leak"


def cfg(**kw):
    base = {"enabled": True, "model": "m", "base_url": "http://llm.invalid/v1", "api_key": SECRET,
            "transport_retries": 3, "retry_wait_s": 0, "validation_retries": 1}
    return load_config(base | kw, env={})


def completion(content: str | None = None, tool_args: dict | None = None) -> dict:
    msg: dict = {"role": "assistant", "content": content}
    if tool_args is not None:
        msg["tool_calls"] = [{"id": "c1", "type": "function",
                              "function": {"name": "ModelTable", "arguments": json.dumps(tool_args, ensure_ascii=False)}}]
    return {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "message": msg, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}}


class Server:
    """Answers from a script: an httpx.Response, an exception to raise, or a callable."""

    def __init__(self, *script):
        self.script = list(script)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(step, Exception):
            raise step
        return step

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


ROWS = [{"label": "行政复议", "columns": ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]}]
CTX = {"rows": {"行政复议": 5}}


def ask(server: Server, **kw):
    ex = LLMExtractor(cfg(**kw), http_client=server.client())
    return ex.extract(ModelTable, "extract_table", context=CTX, table_id="四", title="t", rows=ROWS, text="1 0 0 0 1")


@pytest.mark.parametrize("fault,reason", [
    (httpx.Response(429, json={"error": {"message": "slow down"}}), "限流"),
    (httpx.Response(503, json={"error": {"message": "busy"}}), "HTTP 503"),
    (httpx.ReadTimeout("timed out"), "超时"),
    (httpx.ConnectError("connection refused"), "无法连接"),
])
def test_transport_faults_are_retried_then_give_up_cleanly(fault, reason):
    server = Server(fault)
    with pytest.raises(ExtractionError) as exc:
        ask(server)
    assert reason in exc.value.message_zh
    assert len(server.requests) == 3  # tenacity's attempts; the openai client itself never retries


def test_a_429_then_an_answer_succeeds():
    good = httpx.Response(200, json=completion(tool_args={"rows": [{"row": "行政复议", "values": [1, 0, 0, 0, 1]}]}))
    server = Server(httpx.Response(429, json={}), good)
    obj, usage = ask(server)
    assert obj.rows[0].values == [1, 0, 0, 0, 1] and len(server.requests) == 2
    assert usage["prompt_tokens"] == 11


def test_a_body_that_is_not_json():
    server = Server(httpx.Response(200, content=b"<html>502 Bad Gateway</html>",
                                   headers={"content-type": "text/html"}))
    with pytest.raises(ExtractionError) as exc:
        ask(server)
    assert "JSON" in exc.value.message_zh or "校验" in exc.value.message_zh


def test_validation_error_goes_back_to_the_model():
    bad = httpx.Response(200, json=completion(tool_args={"rows": [{"row": "乱写的行", "values": [1]}]}))
    good = httpx.Response(200, json=completion(tool_args={"rows": [{"row": "行政复议", "values": [1, 0, 0, 0, 1]}]}))
    server = Server(bad, good)
    obj, usage = ask(server)
    assert len(server.requests) == 2 and usage["calls"] == 2
    second = json.loads(server.requests[1].content)
    assert "不是官方行名称" in json.dumps(second["messages"], ensure_ascii=False)


def test_ungrounded_quotes_travel_as_data_through_instructor_and_are_never_shown():
    """The real extractor over HTTP: a quote section 五 does not hold is sent back to the model, and
    when the model keeps it, the quote reaches the error as data (``rejected``), not in wording."""
    from schemas.llm import ModelSummary

    invented = "本机关政府信息公开工作存在重大缺陷。"
    answer = {"items": [{"kind": "problem", "categories": ["other"], "quote": invented}]}
    msg = completion(tool_args=answer)
    msg["choices"][0]["message"]["tool_calls"][0]["function"]["name"] = "ModelSummary"
    server = Server(httpx.Response(200, json=msg))
    ex = LLMExtractor(cfg(), http_client=server.client())
    with pytest.raises(ExtractionError) as exc:
        ex.extract(ModelSummary, "classify_section5", context={"section_text": "一是政策解读不够。"},
                   text="一是政策解读不够。", categories=[{"key": "other", "label": "其他", "definition": "其他"}])
    assert exc.value.rejected == [invented] and len(server.requests) == 2
    again = json.dumps(json.loads(server.requests[1].content)["messages"], ensure_ascii=False)
    assert "找不到" in again  # the reason went back to the model on the re-ask


def test_think_blocks_of_reasoning_models_are_stripped():
    answer = "<think>先想一想……行政复议有1件</think>\n" + json.dumps({"rows": [{"row": "行政复议", "values": [1, 0, 0, 0, 1]}]})
    server = Server(httpx.Response(200, json=completion(content=answer)))
    obj, _ = ask(server, mode="json")
    assert obj.rows[0].values == [1, 0, 0, 0, 1]
    assert strip_think("<think>x</think> {}") == "{}"


@pytest.mark.parametrize("fault", [httpx.Response(500, json={}), httpx.ConnectError("refused"),
                                   httpx.Response(200, content=b"not json")])
def test_whole_check_falls_back_to_rules_with_reason_and_never_leaks_the_key(fault, caplog):
    server = Server(fault)
    v = check_file(seed("003"), graph=graph_for(cfg(), http_client=server.client()))
    base = check_file(seed("003"))
    assert v.engines == {"extraction": "rules", "summary": "rules"}
    assert [f.rule_id for f in v.findings if f.rule_id != "LLM-FALLBACK"] == [f.rule_id for f in base.findings]
    fb = [f for f in v.findings if f.rule_id == "LLM-FALLBACK"]
    assert len(fb) == 2 and all("原因" in f.message_zh for f in fb)
    dumped = v.model_dump_json()
    assert SECRET not in dumped and SECRET not in caplog.text
    assert all(SECRET in r.headers.get("authorization", "") for r in server.requests)  # sent, but only there


def test_configuration_precedence_and_errors(tmp_path):
    conf = tmp_path / "xxgk.toml"
    conf.write_text('[llm]\nmodel = "from-file"\nbase_url = "http://file/v1"\nmode = "json"\n', encoding="utf-8")
    c = load_config({}, env={"XXGK_MODEL": "from-env"}, path=str(conf))
    assert (c.model, c.base_url, c.mode, c.enabled) == ("from-env", "http://file/v1", "json", True)
    c = load_config({"model": "from-cli", "enabled": False}, env={"XXGK_MODEL": "from-env"}, path=str(conf))
    assert (c.model, c.enabled) == ("from-cli", False)
    assert load_config({}, env={}).enabled is False
    with pytest.raises(ProviderConfigError):
        load_config({"enabled": True}, env={})
    with pytest.raises(ProviderConfigError):
        load_config({"mode": "telepathy", "model": "m"}, env={})
    assert "api_key" not in cfg().public() and cfg().public()["api_key_set"] is True


@pytest.mark.parametrize("status", [401, 403, 404])
def test_a_wrong_key_model_or_url_is_a_configuration_error_exit_3(status, monkeypatch):
    """Not a silent fall-back to the rules with exit 0: the user must fix the configuration."""
    from typer.testing import CliRunner

    import agents.verdict as verdict_module
    from agents.cli import app

    server = Server(httpx.Response(status, json={"error": {"message": "no"}}))
    with pytest.raises(ProviderConfigError):
        ask(server)
    assert len(server.requests) == 1  # never retried
    real = verdict_module.graph_for
    monkeypatch.setattr(verdict_module, "graph_for", lambda c, http_client=None: real(cfg(), http_client=server.client()))
    r = CliRunner().invoke(app, ["check", str(seed("003")), "--llm", "--model", "m"])
    assert r.exit_code == 3, r.output


def test_a_dead_endpoint_is_given_up_once_not_per_table():
    """The circuit breaker: after the retries of the first call fail to connect, no more calls."""
    server = Server(httpx.ConnectError("refused"))
    v = check_file(seed("003"), graph=graph_for(cfg(), http_client=server.client()))
    assert len(server.requests) == 3  # the first table's three tries, then nothing for 四, 二 and 五
    assert v.engines == {"extraction": "rules", "summary": "rules"}
    assert any("不再调用" in e for e in v.llm.errors)


def test_no_new_attempt_starts_after_the_deadline():
    server = Server(httpx.ReadTimeout("stalled"))
    with pytest.raises(ExtractionError):
        ask(server, deadline_s=0, transport_retries=5)
    assert len(server.requests) == 1  # the deadline had passed when the first attempt ended


def test_one_way_to_build_the_model_and_check_gets_the_rate_limit_too():
    """`xxgk check` (graph_for) and the digest build the model the same way: with requests_per_minute
    set, calls are spaced by the limiter in both."""
    import time

    from agents.llm import RateLimited
    from agents.verdict import build_extractor

    limited = build_extractor(cfg(requests_per_minute=600))
    assert isinstance(limited, RateLimited) and limited.name == limited.inner.name
    assert not isinstance(build_extractor(cfg()), RateLimited)

    class Inner:
        name = "model:x"

        def extract(self, *a, **k):
            return time.monotonic()

    spaced = RateLimited(Inner(), 600)  # one call every 0.1 s
    times = [spaced.extract() for _ in range(3)]
    assert times[2] - times[0] >= 0.19
