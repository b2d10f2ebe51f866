"""Cutting a row's digit strings into cells: every way a glued string ("713000074") or a row's pieces
with dashes among them can be cut, in order, each cell a figure with no leading zero (or a dash); with
the row's groups (parts each followed by their total), only the cuts whose totals hold."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from agents.extract.norm import CELL_DASHES


def digit_splits(token: str, parts: int) -> Iterator[list[str]]:
    """All ways to cut a digit string into ``parts`` numbers without leading zeros."""
    n = len(token)
    for cuts in itertools.combinations(range(1, n), parts - 1):
        bounds = (0, *cuts, n)
        pieces = [token[a:b] for a, b in itertools.pairwise(bounds)]
        if all(p == "0" or not p.startswith("0") for p in pieces):
            yield pieces


def _parts_summing(digits: str, parts: int, target: int) -> Iterator[list[str]]:
    """Cut ``digits`` into ``parts`` numbers (no leading zeros) that add up to ``target``."""
    if parts == 1:
        if (digits == "0" or not digits.startswith("0")) and digits and int(digits) == target:
            yield [digits]
        return
    for cut in range(len(digits) - 1, parts - 2, -1):
        last = digits[cut:]
        if last != "0" and last.startswith("0"):
            continue
        value = int(last)
        if value > target:
            break
        for head in _parts_summing(digits[:cut], parts - 1, target - value):
            yield head + [last]


def grouped_splits(digits: str, groups: list[int]) -> Iterator[list[str]]:
    """Splits of one glued digit string into groups of parts, each followed by its total."""
    if not groups:
        if not digits:
            yield []
        return
    parts = groups[-1]
    for k in range(1, len(digits) - parts + 1):
        total = digits[-k:]
        if total != "0" and total.startswith("0"):
            continue
        rest = digits[:-k]
        target = int(total)
        for cut in range(len(rest) - parts, -1, -1):
            for block in _parts_summing(rest[cut:], parts, target):
                for head in grouped_splits(rest[:cut], groups[:-1]):
                    yield head + block + [total]


MAX_FIGURE = 7  # digits of one count cell at most (9,999,999): a cut is never tried longer
_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$")


def piece_splits(pieces: list[str], n: int, groups: list[int] | None) -> Iterator[list[str]]:
    """Every cut of a row's pieces, in order, into n cells: a piece of digits into one or more figures
    (no leading zeros), a run of k dashes into one to k dash cells ("——" may be one mark or two cells).
    With ``groups`` (counts of parts each followed by their total, as 表三's [6] or 表四's [4, 4, 4]),
    every total equals its parts' sum, dashes counting 0, and cuts that cannot are not followed."""
    totals: set[int] = set()
    if groups and sum(groups) + len(groups) == n:
        at = 0
        for g in groups:
            at += g
            totals.add(at)
            at += 1
    # characters from each piece on: every cell still to place needs one
    left = list(itertools.accumulate((len(p) for p in reversed(pieces)), initial=0))[::-1]

    def cut(p: int, o: int, c: int, running: int) -> Iterator[list[str]]:
        if p == len(pieces):
            if c == n:
                yield []
            return
        piece, rest = pieces[p], len(pieces[p]) - o
        if c >= n or rest + left[p + 1] < n - c:
            return
        total_here = c in totals
        dash = piece[0] in CELL_DASHES
        for size in range(1, (rest if dash else min(rest, MAX_FIGURE + 2)) + 1):
            text = piece[o:o + size]
            if not dash and ((size > 1 and text[0] == "0") or text[0] == ","):
                break
            if not dash and "," in text and not _GROUPED.match(text):
                continue  # a thousands comma stands inside a figure, three digits before the next
            if not dash and len(text) - text.count(",") > MAX_FIGURE:
                break
            value = 0 if dash else int(text.replace(",", ""))
            if total_here and value != running:
                continue
            nxt_p, nxt_o = (p + 1, 0) if size == rest else (p, o + size)
            for tail in cut(nxt_p, nxt_o, c + 1, 0 if total_here else running + value):
                yield [text, *tail]

    yield from cut(0, 0, 0, 0)


def dash_cells(raw: str, k: int) -> list[str]:
    """A run of dashes as k cells: one character each, the last taking the rest."""
    return [raw[i] for i in range(k - 1)] + [raw[k - 1:]]
