"""The linear choice of section headings equals the plain O(n²) scan it replaced, on any candidates."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agents.extract.sections import Candidate, _best_sequence, heading_candidates


def _reference(cands: list[Candidate]) -> list[Candidate]:
    best: list[tuple[float, list[Candidate]]] = []
    for i, c in enumerate(cands):
        score, seq = c.score, [c]
        for j in range(i):
            prev = cands[j]
            if prev.number < c.number and prev.line_start < c.line_start and best[j][0] + c.score > score:
                score, seq = best[j][0] + c.score, best[j][1] + [c]
        best.append((score, seq))
    return max(best, key=lambda t: t[0])[1] if best else []


candidates = st.lists(st.tuples(st.integers(1, 6), st.sampled_from([0.5, 0.75, 0.9, 1.0]), st.integers(0, 40)),
                      max_size=40).map(lambda xs: [Candidate(n, s, pos, pos + 5, 4) for n, s, pos in
                                                   sorted(xs, key=lambda x: x[2])])


@settings(max_examples=400, deadline=None)
@given(candidates)
def test_linear_sequence_equals_the_quadratic_scan(cands):
    assert [id(c) for c in _best_sequence(cands)] == [id(c) for c in _reference(cands)]


def test_candidates_come_in_text_order():
    from conftest import CORPUS, EXAMPLES

    for p in [*sorted(EXAMPLES.glob("*.txt")), *sorted(CORPUS.glob("*.txt")), *sorted(CORPUS.glob("*.md"))]:
        cands = heading_candidates(p.read_text(encoding="utf-8"))
        starts = [c.line_start for c in cands]
        assert starts == sorted(starts), p.name
