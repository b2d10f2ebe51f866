"""The LangGraph workflow: read_report → assess_report, or one step, read_and_assess, with no model.

``read_report`` reads the file into text, finds its sections and metadata and reads every table
cell (load → segment → extract_tables); ``assess_report`` summarises section 五 and runs the rule
catalogue (summarise_issues → check_report). A step is worth its cost (LangGraph's own work, 0.5 to
1.5 ms a check on a 2-core machine) only where a checkpoint after it spares a model call on resuming:
between the model's reading of the tables and its classification of section 五, which is where the
two steps meet (a digest interrupted there resumes without asking for the tables again).
With no model (``Deps.extractor`` None) there is no call to spare, and the two are one step,
``read_and_assess``, which runs the same functions.

``build_graph`` is a factory (no module-level graph): tests and the digest build their own, with or
without a checkpointer and a model. An input error (a file that cannot be read, a text that is not a
report) ends the run after reading with ``state["error"]`` set: ``read_report`` routes itself (a
``Command`` to ``assess_report`` or to the end), so the graph needs no routing step. The checker runs
last, so every finding (model reconciliation included) comes out of the one rule catalogue.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.deps import Deps
from agents.nodes.assess import assess_report, read_and_assess
from agents.nodes.read import read_report
from agents.state import ReportState

MAX_CONCURRENCY = 4


def build_graph(deps: Deps | None = None, checkpointer: Any = None) -> Any:
    deps = deps or Deps()
    g = StateGraph(ReportState)
    if deps.extractor is None:
        g.add_node("read_and_assess", partial(read_and_assess, deps=deps))
        g.add_edge(START, "read_and_assess")
        g.add_edge("read_and_assess", END)
    else:
        g.add_node("read_report", partial(read_report, deps=deps), destinations=("assess_report", END))  # it routes itself
        g.add_node("assess_report", partial(assess_report, deps=deps))
        g.add_edge(START, "read_report")
        g.add_edge("assess_report", END)
    # LangGraph sizes each run's thread pool by the CPU count, which Python reads from /sys on every
    # run (a system call, slow on a virtual machine); the workflow runs one node at a time and only the
    # checkpointer's writes go to the pool, so a fixed size costs nothing
    return g.compile(checkpointer=checkpointer).with_config(max_concurrency=MAX_CONCURRENCY)
