"""The LangGraph workflow: node order, typed JSON-able state, early stop on bad input, checkpointing."""

from __future__ import annotations

import json

from conftest import seed
from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph


def test_graph_runs_every_node_in_order_and_state_is_json():
    g = build_graph()
    seen = [list(step)[0] for step in g.stream({"path": str(seed("000"))}, stream_mode="updates")]
    assert seen == ["load_document", "segment_report", "extract_tables", "summarise_issues", "check_report"]
    state = g.invoke({"path": str(seed("000"))})
    json.dumps(state, ensure_ascii=False)
    assert state["engines"] == {"extraction": "rules", "summary": "rules"}
    assert state["report"]["meta"]["agency"] == "抚顺市司法局"


def test_graph_stops_after_load_on_bad_input(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    g = build_graph()
    seen = [list(step)[0] for step in g.stream({"path": str(p)}, stream_mode="updates")]
    assert seen == ["load_document"]
    assert g.invoke({"path": str(p)})["error"]["exit_code"] == 2


def test_graph_with_checkpointer_keeps_state_per_thread():
    g = build_graph(checkpointer=InMemorySaver())
    cfg = {"configurable": {"thread_id": "report-1"}}
    g.invoke({"path": str(seed("003"))}, cfg)
    snap = g.get_state(cfg)
    assert snap.values["report"]["meta"]["year"] == 2023
    assert not snap.next
