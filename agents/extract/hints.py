"""The narrative's own figures as a last tie-breaker for cells the table alone cannot settle.

Only for rows with no arithmetic of their own (table 二): when a glued digit string splits several
ways, a reading is chosen when it is the only one that agrees with at least two figures the
narrative states next to the row's label ("现行有效行政规范性文件698件……制发的规范性文件88件").
A cell so settled says so in its note and its source, so no check compares the narrative with it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace

from agents.extract.norm import blank_out, label_key, squash
from agents.extract.resolve import Reading
from schemas.cells import CellReason
from schemas.formats import TableSpec

_CLAUSE = re.compile(r"[^。；;！!？?\n]+")
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(?:件|条|项|个|万元)")
MIN_AGREEING = 2
NARRATIVE_SOURCE = "rules:narrative"


def narrative_figures(text: str, tables: list[tuple[int, int]], spec: TableSpec) -> dict[str, set[float]]:
    """Row key -> figures stated in narrative clauses (outside the table regions) that name the row."""
    flat = squash(blank_out(text, tables))
    out: dict[str, set[float]] = {}
    for m in _CLAUSE.finditer(flat):
        clause = m.group()
        for row in spec.rows:
            if any(label_key(a) in clause for a in row.anchors):
                out.setdefault(row.key, set()).update(float(x) for x in _FIGURE.findall(clause))
    return out


Hints = Callable[[], dict[str, set[float]]]
"""The narrative's figures by row, computed only when a row is read several ways (rarely)."""


def no_hints() -> dict[str, set[float]]:
    return {}


def lazy_hints(text: str, tables: list[tuple[int, int]], spec: TableSpec) -> Hints:
    return functools.cache(lambda: narrative_figures(text, tables, spec))


def break_ties(options: dict[str, list[Reading]], hints: Hints) -> None:
    if all(len(readings) < 2 for readings in options.values()):
        return
    figures_of = hints()
    for key, readings in options.items():
        figures = figures_of.get(key)
        if len(readings) < 2 or not figures:
            continue
        agree = [sum(1 for g in r if g.value is not None and float(g.value) in figures) for r in readings]
        best = max(agree)
        if best < MIN_AGREEING or agree.count(best) != 1:
            continue
        chosen = readings[agree.index(best)]
        said = "、".join(str(int(f) if f.is_integer() else f) for f in sorted(figures))
        options[key] = [tuple(replace(g, note=f"{g.note or '粘连数字'}；有多种拆分，按正文所述数字（{said}）确定",
                                      reason=CellReason.narrative_tiebreak)
                              for g in chosen)]
