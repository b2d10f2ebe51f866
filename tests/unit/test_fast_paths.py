"""Helpers written for speed (the text toolkit, the equations), against their plain definitions."""

from __future__ import annotations

import random

from agents.checks.arithmetic import HARD, SOFT, Equation, Outcome, evaluate
from agents.extract.norm import blank_out
from schemas.cells import Cell, CellStatus


def _blanked_char_by_char(text: str, spans: list[tuple[int, int]]) -> str:
    """The definition: every character inside a span becomes a space, except a line break."""
    inside = [any(a <= i < b for a, b in spans) for i in range(len(text))]
    return "".join(" " if hit and ch != "\n" else ch for ch, hit in zip(text, inside))


def test_blank_out_spaces_the_spans_and_keeps_offsets_and_line_breaks():
    text = "一、总体情况\r\n| 本年新收 | 12 | 0 |\n\n| 上年结转 | 3 | — |\n五、存在的主要问题"
    a, b = text.index("|"), text.index("五")
    got = blank_out(text, [(a, b)])
    assert len(got) == len(text)
    assert got[:a] == text[:a] and got[b:] == text[b:]
    assert got[a:b].split("\n") == [" " * len(line) for line in text[a:b].split("\n")]
    assert got == _blanked_char_by_char(text, [(a, b)])


def test_blank_out_matches_its_definition_for_overlapping_and_out_of_range_spans():
    rng = random.Random(7)
    alphabet = "表三四0123 |\t\n\r，。"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        spans = [(a, a + rng.randrange(0, 30)) for a in (rng.randrange(0, 70) for _ in range(rng.randrange(0, 4)))]
        assert blank_out(text, spans) == _blanked_char_by_char(text, spans), (text, spans)


def _evaluate_by_definition(eq: Equation) -> Outcome:
    """The definition: a missing or unreadable cell blocks it; else the printed numbers summed per side."""
    cells = eq.lhs + eq.rhs
    blockers = tuple(c for c in cells if c.status in HARD)
    if blockers:
        return Outcome("na", False, blockers=blockers)

    def total(side: list[Cell]) -> float:
        return float(sum(c.value for c in side if c.status is CellStatus.number and c.value is not None))

    lhs, rhs = total(eq.lhs), total(eq.rhs)
    return Outcome("ok" if abs(lhs - rhs) < 1e-9 else "fail", any(c.status in SOFT for c in cells), lhs, rhs)


def test_evaluate_matches_its_definition_for_every_mix_of_cell_statuses():
    rng = random.Random(11)
    statuses = list(CellStatus)
    for _ in range(2000):
        def cell(k: int) -> Cell:
            status = rng.choice(statuses) if rng.random() < 0.3 else CellStatus.number
            value = rng.choice([0, 1, 2, 5, 7, 2.5, 10**17 + 1]) if status is CellStatus.number else None
            return Cell(table="三", row=f"r{k}", column="total", value=value, status=status)

        lhs = [cell(k) for k in range(rng.randrange(0, 5))]
        rhs = [cell(k) for k in range(rng.randrange(0, 5))]
        eq = Equation("T3-X", "三", "", lhs, rhs, "", "")
        assert evaluate(eq) == _evaluate_by_definition(eq)
