"""Property: a consistent table passes every rule; changing any single number is caught, by the
rules the arithmetic says (an independent oracle below), whatever the layout."""

from __future__ import annotations

from fixtures.synth import T3_KEYS, T3_OUTCOMES, consistent_t3, consistent_t4, report_text
from helpers import check_text, failing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

counts = st.integers(min_value=0, max_value=400)
six = st.lists(counts, min_size=6, max_size=6)


@st.composite
def tables(draw):
    outcomes = {k: draw(six) if draw(st.booleans()) else [0] * 6 for k in T3_OUTCOMES}
    t3 = consistent_t3(outcomes, draw(six), draw(six))
    if any(v < 0 for row in t3.values() for v in row):  # new_received must not go negative
        t3 = consistent_t3(outcomes, [0] * 6, [0] * 6)
    t4 = consistent_t4(draw(st.lists(st.integers(0, 60), min_size=12, max_size=12)))
    return t3, t4


def oracle_t3(t3: dict[str, list[int]]) -> set[str]:
    bad = set()
    for c in range(7):
        if t3["new_received"][c] + t3["carried_over"][c] != t3["total_handled"][c] + t3["carried_forward"][c]:
            bad.add("T3-BALANCE")
        if sum(t3[k][c] for k in T3_OUTCOMES) != t3["total_handled"][c]:
            bad.add("T3-OUTCOME-TOTAL")
    if any(sum(t3[k][:6]) != t3[k][6] for k in T3_KEYS):
        bad.add("T3-ROW-TOTAL")
    return bad


def oracle_t4(t4: list[int]) -> set[str]:
    return {"T4-ROW-SUM"} if any(sum(t4[i:i + 4]) != t4[i + 4] for i in (0, 5, 10)) else set()


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(tables(), st.sampled_from(["pipe", "tab", "spaced"]))
def test_consistent_tables_pass_every_rule(t, shape):
    t3, t4 = t
    assert check_text(report_text(t3, t4, shape=shape)) == []


@SETTINGS
@given(tables(), st.sampled_from(T3_KEYS), st.integers(0, 6), st.integers(1, 50),
       st.sampled_from(["pipe", "tab", "spaced"]))
def test_any_single_change_in_table3_is_caught(t, row, col, delta, shape):
    t3, t4 = t
    mutated = {k: list(v) for k, v in t3.items()}
    mutated[row][col] += delta
    expected = oracle_t3(mutated)
    assert expected, "every cell of table 三 is in at least one identity"
    assert failing(check_text(report_text(mutated, t4, shape=shape))) == expected


@SETTINGS
@given(tables(), st.integers(0, 14), st.integers(1, 50), st.sampled_from(["pipe", "tab", "spaced"]))
def test_any_single_change_in_table4_is_caught(t, idx, delta, shape):
    t3, t4 = t
    mutated = list(t4)
    mutated[idx] += delta
    assert failing(check_text(report_text(t3, mutated, shape=shape))) == oracle_t4(mutated) == {"T4-ROW-SUM"}


@SETTINGS
@given(tables(), st.lists(st.integers(0, 4), min_size=3, max_size=3), st.integers(1, 50),
       st.sampled_from(["pipe", "tab", "spaced", "lines"]))
def test_table4_wrong_in_every_group_is_still_caught_when_its_header_is_in_order(t, idx, delta, shape):
    """A 表四 whose three groups all break their sums is read and reported, not left unread as a layout
    tool's scramble: its header spells the column labels in order (the scramble guard needs it not to)."""
    t3, t4 = t
    mutated = list(t4)
    for group, i in enumerate(idx):
        mutated[group * 5 + i] += delta
    assert failing(check_text(report_text(t3, mutated, shape=shape))) == {"T4-ROW-SUM"}
