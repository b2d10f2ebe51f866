"""The shared text toolkit's offset-keeping helpers, against their plain definitions."""

from __future__ import annotations

import random

from agents.extract.norm import blank_out


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
