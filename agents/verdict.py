"""Run the graph on one file and turn its final state into a Verdict (or an error)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from agents.checks import run_rules
from agents.config import LLMConfig
from agents.deps import Deps
from agents.errors import InputError, ProviderConfigError, XxgkError
from agents.extract.meta import give_year
from agents.graph import build_graph
from agents.ingest import DEFAULT_MAX_MB
from agents.state import ReportState, findings_of, report_of, summary_of
from schemas.verdict import DocumentInfo, LLMUsage, Verdict


def build_extractor(cfg: LLMConfig, http_client: Any = None) -> Any:
    return llm_module().build_extractor(cfg, http_client)


def llm_module() -> Any:
    """``agents.llm``, imported only when a model is configured; without the [llm] extra, a clear error."""
    try:
        import agents.llm as llm
    except ModuleNotFoundError as exc:
        raise ProviderConfigError(f"使用大模型需要安装 llm 扩展（缺少 {exc.name}）",
                                  '请运行：pip install -e ".[llm]"；或用 --no-llm 只用内置规则') from exc
    return llm


@cache
def tool_version() -> str:
    """The installed package's version, read from its metadata once per process (a read of the
    metadata files costs more than half a millisecond, and every verdict and digest row carries it)."""
    try:
        return version("xxgk")
    except PackageNotFoundError:
        return "0.0.0+local"


def verdict_from_state(state: ReportState | dict[str, Any]) -> Verdict:
    err = state.get("error")
    if err:
        exc = InputError(err["message"], err.get("hint", ""))
        exc.exit_code = err.get("exit_code", 2)
        raise exc
    doc = state.get("document") or {}
    return Verdict(tool_version=tool_version(), source=doc.get("source") or Path(state["path"]).name,
                   document=DocumentInfo.model_validate(doc), engines=state.get("engines") or {}, llm=LLMUsage.model_validate(state.get("llm") or {}),
                   report=report_of(state), findings=findings_of(state), summary=summary_of(state),
                   text=state.get("text", ""))


def graph_for(cfg: LLMConfig | None = None, http_client: Any = None) -> Any:
    """The workflow with a model when ``cfg`` enables one, else the rules only."""
    extractor = build_extractor(cfg, http_client) if cfg is not None and cfg.enabled else None
    return build_graph(Deps(extractor=extractor))


def run_graph(graph: Any, inputs: dict[str, Any], thread_id: str | None = None) -> dict[str, Any]:
    """Invoke the graph; with a checkpointer and a thread id, resume a run that stopped half-way
    (e.g. after the model read the tables but before it classified section 五) instead of redoing it."""
    if thread_id is None or getattr(graph, "checkpointer", None) is None:
        return dict(graph.invoke(inputs))
    config = {"configurable": {"thread_id": thread_id}}
    snapshot = graph.get_state(config)
    if snapshot.next:
        return dict(graph.invoke(None, config))
    if snapshot.values and "findings" in snapshot.values:
        return dict(snapshot.values)
    return dict(graph.invoke(inputs, config))


@cache
def rules_graph() -> Any:
    """The workflow without a model or checkpointer, compiled once per process and shared: a compiled
    graph keeps no state between runs (each run's state lives in its own invocation), and compiling
    one costs about 2 ms, a sixth of a check."""
    return build_graph()


def check_file(path: str | Path, *, max_mb: float = DEFAULT_MAX_MB, graph: Any = None, thread_id: str | None = None,
               year: int | None = None, year_source: str = "user") -> Verdict:
    """Check one report; raises XxgkError (InputError …) when it cannot be read. Without ``graph``,
    the rules-only workflow (``rules_graph``). ``year``: the report's year as the user gives it
    (``year_source`` "user" for ``--year``, "mapping" for a digest's mapping), instead of the one read."""
    g = graph or rules_graph()
    inputs: dict[str, Any] = {"path": str(path), "max_mb": max_mb}
    if year is not None:
        inputs |= {"year": year, "year_source": year_source}
    return verdict_from_state(run_graph(g, inputs, thread_id))


def recheck(verdict_json: str, *, year: int | None = None) -> Verdict:
    """Re-run the rules on a saved verdict (``xxgk check --from-json``): no file, no model needed."""
    try:
        v = Verdict.model_validate_json(verdict_json)
    except ValueError as exc:
        raise InputError("不是 xxgk 的 JSON 结果文件", "请使用 xxgk check --format json 的输出") from exc
    if year is not None:
        give_year(v.report.meta, year, "user")
    v.findings = run_rules(v.report, v.text, v.summary)
    return v


__all__ = ["XxgkError", "check_file", "recheck", "rules_graph", "verdict_from_state"]
