"""piece_splits prunes its cuts by the row's totals as it goes: it must yield exactly the cuts a plain
enumeration keeps (every cut of each piece, then the totals checked)."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from agents.extract.splits import MAX_FIGURE, piece_splits


def plain(pieces: list[str], n: int, groups: list[int] | None) -> list[list[str]]:
    def cuts(piece: str) -> list[list[str]]:
        out = []
        for k in range(1, len(piece) + 1):
            for bounds in itertools.combinations(range(1, len(piece)), k - 1):
                edges = (0, *bounds, len(piece))
                out.append([piece[a:b] for a, b in itertools.pairwise(edges)])
        return out

    def ok(cell: str) -> bool:
        if cell[0] in "—/":
            return True
        if "," in cell:  # a thousands comma: "1,234", "12,345,678"
            return re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+", cell) is not None and len(cell.replace(",", "")) <= MAX_FIGURE
        return (cell == "0" or not cell.startswith("0")) and len(cell) <= MAX_FIGURE

    found = []
    for combo in itertools.product(*(cuts(p) for p in pieces)):
        cells = [c for part in combo for c in part]
        if len(cells) != n or not all(ok(c) for c in cells):
            continue
        if groups and sum(groups) + len(groups) == n:
            values = [0 if c[0] in "—/" else int(c.replace(",", "")) for c in cells]
            at, holds = 0, True
            for g in groups:
                holds &= sum(values[at:at + g]) == values[at + g]
                at += g + 1
            if not holds:
                continue
        found.append(cells)
    return sorted(found)


digits = st.text("0123456789,", min_size=1, max_size=7).filter(lambda p: p[0] != "," and p[-1] != "," and ",," not in p)
piece = st.one_of(digits, st.text("—/", min_size=1, max_size=2))


# at most 16 characters in all: the plain enumeration tries 2^(characters - pieces) cuts, and four
# 7-digit pieces (2^24) made this test take from seconds to minutes, as the examples fell
@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(piece, min_size=1, max_size=4).filter(lambda ps: sum(map(len, ps)) <= 16),
       st.sampled_from([([6], 7), ([4, 4, 4], 15), ([2], 3), (None, 4)]))
def test_piece_splits_keeps_exactly_the_cuts_whose_totals_hold(pieces, shape):
    groups, n = shape
    assert sorted(piece_splits(pieces, n, groups)) == plain(pieces, n, groups)
