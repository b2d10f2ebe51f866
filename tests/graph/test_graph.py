"""The LangGraph workflow: node order, typed state, early stop on bad input, checkpointing."""

from __future__ import annotations

import sqlite3
import warnings

from conftest import seed
from fixtures.fake_llm import FakeExtractor
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite import SqliteSaver

from agents.deps import Deps
from agents.graph import build_graph
from agents.nodes.assess import assess_report
from agents.nodes.read import read_report
from agents.state import checkpoint_serde
from agents.verdict import check_file, verdict_from_state
from schemas.findings import Finding
from schemas.report import AnnualReport


def test_graph_runs_every_node_in_order_and_state_is_typed():
    """With a model, two steps: the checkpoint between them holds every table cell and no summary, so
    a resumed run does not ask the model for the tables again."""
    g = build_graph(Deps(extractor=FakeExtractor()))  # no answers: each call fails, the rules' reading stands
    steps = list(g.stream({"path": str(seed("000"))}, stream_mode="updates"))
    assert [list(step)[0] for step in steps] == ["read_report", "assess_report"]
    read = steps[0]["read_report"]
    assert read["report"].tables["三"].cells and "summary" not in read and "findings" not in read
    assert set(steps[1]["assess_report"]) >= {"summary", "findings"}
    state = g.invoke({"path": str(seed("000"))})
    assert isinstance(state["report"], AnnualReport) and all(isinstance(f, Finding) for f in state["findings"])
    assert state["report"].meta.agency == "抚顺市司法局"


def test_without_a_model_the_workflow_is_one_step_and_checks_the_same():
    """No model call to spare on resuming, so no checkpoint between reading and assessing: one step,
    running the same functions, with the same state as the two steps give."""
    g = build_graph()
    steps = list(g.stream({"path": str(seed("000"))}, stream_mode="updates"))
    assert [list(step)[0] for step in steps] == ["read_and_assess"]
    state = g.invoke({"path": str(seed("000"))})
    assert state["engines"] == {"extraction": "rules", "summary": "rules"}
    assert isinstance(state["report"], AnnualReport) and all(isinstance(f, Finding) for f in state["findings"])
    deps = Deps()
    read = read_report({"path": str(seed("000"))}, deps)
    two = {"path": str(seed("000")), **read.update}
    two.update(assess_report(two, deps))
    assert set(state) == set(two)
    for key, value in state.items():  # models compared by their data (a table's lookup cache is no data)
        assert _data(value) == _data(two[key]), key


def _data(v):
    if hasattr(v, "model_dump"):
        return v.model_dump()
    return [x.model_dump() for x in v] if isinstance(v, list) and v and hasattr(v[0], "model_dump") else v


def test_sqlite_checkpoint_restores_the_typed_state_without_warnings(tmp_path, caplog):
    """The digest's checkpointer stores the pydantic state and gives it back validated and equal,
    with no 'unregistered type' warning (its serializer allows exactly the state's types)."""
    conn = sqlite3.connect(tmp_path / "cp.sqlite", check_same_thread=False)
    g = build_graph(checkpointer=SqliteSaver(conn, serde=checkpoint_serde()))
    cfg = {"configurable": {"thread_id": "r"}}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g.invoke({"path": str(seed("001"))}, cfg)
        fresh = build_graph(checkpointer=SqliteSaver(sqlite3.connect(tmp_path / "cp.sqlite"), serde=checkpoint_serde()))
        restored = fresh.get_state(cfg).values
    assert isinstance(restored["report"], AnnualReport)
    assert not [r for r in caplog.records if "allowed_msgpack_modules" in r.getMessage()]
    direct = check_file(seed("001"))
    again = verdict_from_state(restored)
    assert again.model_dump(exclude={"tool_version"}) == direct.model_dump(exclude={"tool_version"})


def test_graph_stops_after_reading_on_bad_input(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    g = build_graph(Deps(extractor=FakeExtractor()))
    seen = [list(step)[0] for step in g.stream({"path": str(p)}, stream_mode="updates")]
    assert seen == ["read_report"]
    assert g.invoke({"path": str(p)})["error"]["exit_code"] == 2
    state = build_graph().invoke({"path": str(p)})  # one step: it stops before assessing too
    assert state["error"]["exit_code"] == 2 and "findings" not in state and "summary" not in state


def test_graph_stops_after_reading_a_text_that_is_no_report(tmp_path):
    """The file reads, but segmenting finds no section or table of the format: the run ends there too."""
    p = tmp_path / "notes.txt"
    p.write_text("会议纪要\n今天讨论了食堂的菜单。\n", encoding="utf-8")
    g = build_graph(Deps(extractor=FakeExtractor()))
    seen = [list(step)[0] for step in g.stream({"path": str(p)}, stream_mode="updates")]
    assert seen == ["read_report"]
    assert g.invoke({"path": str(p)})["error"]["exit_code"] == 2


def test_graph_with_checkpointer_keeps_state_per_thread():
    g = build_graph(checkpointer=InMemorySaver())
    cfg = {"configurable": {"thread_id": "report-1"}}
    g.invoke({"path": str(seed("003"))}, cfg)
    snap = g.get_state(cfg)
    assert snap.values["report"].meta.year == 2023
    assert not snap.next


def test_check_file_shares_one_compiled_graph_and_runs_keep_nothing_of_each_other(tmp_path):
    """check_file without a graph compiles the rules-only workflow once per process; a run leaves
    nothing in it for the next: a report checked after a different one, or after an unreadable file,
    gives the same verdict as on a freshly compiled graph."""
    from agents.errors import InputError
    from agents.verdict import rules_graph

    assert rules_graph() is rules_graph()
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    first = check_file(seed("000"))
    try:
        check_file(bad)
    except InputError:
        pass
    else:
        raise AssertionError("an empty file must be refused")
    later = check_file(seed("002"))
    again = check_file(seed("000"))
    fresh = {s: check_file(seed(s), graph=build_graph()) for s in ("000", "002")}
    for got, want in ((first, fresh["000"]), (again, fresh["000"]), (later, fresh["002"])):
        assert got.model_dump() == want.model_dump()
    assert first.report.sha256 != later.report.sha256 and first.findings != later.findings


def test_a_check_makes_no_system_call_it_can_do_without(monkeypatch):
    """On a virtual machine a system call costs tens of microseconds: a check asks the system for the
    file once (its status, then open, read, close), and never for the CPU count (LangGraph sizes each
    run's thread pool by it unless told; Python reads it from /sys each time)."""
    import os

    path = str(seed("000"))
    calls: list[str] = []
    real_stat, real_open = os.stat, os.open
    monkeypatch.setattr(os, "cpu_count", lambda: calls.append("cpu_count") or 2)
    monkeypatch.setattr(os, "stat", lambda *a, **k: calls.append("stat") or real_stat(*a, **k))
    monkeypatch.setattr(os, "open", lambda *a, **k: calls.append("open") or real_open(*a, **k))
    g = build_graph()
    assert g.invoke({"path": path})["findings"] is not None
    assert calls == ["stat", "open"]
