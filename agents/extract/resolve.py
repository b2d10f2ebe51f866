"""Turn a row's value items into exactly N cells, using arithmetic only where the layout is ambiguous.

Readable layouts are read positionally and never "repaired": a wrong sum is the checker's business.
Arithmetic is used only to choose among readings of ambiguous text: glued digits ("713000074"),
space-separated PDF rows where blank cells left no token, or rows with extra tokens. Cells on which
every fitting reading agrees are read; the others become ``unreadable`` with their candidates.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from agents.extract.lines import Item
from agents.extract.norm import parse_number


@dataclass(frozen=True)
class Guess:
    status: str  # number, dash, blank, missing, unreadable
    value: int | float | None = None
    raw: str = ""
    start: int | None = None
    end: int | None = None
    line: int | None = None
    candidates: tuple[int | float | None, ...] = ()
    note: str | None = None

    def key(self) -> tuple[str, int | float | None]:
        return (self.status, self.value)


Reading = tuple[Guess, ...]
RowCheck = Callable[[Reading], bool]
MAX_READINGS = 5000


def guess_of(item: Item) -> Guess:
    if item.kind == "number":
        return Guess("number", parse_number(item.raw), item.raw, item.start, item.end, item.line)
    if item.kind == "dash":
        return Guess("dash", None, item.raw, item.start, item.end, item.line)
    if item.kind == "unreadable":
        return Guess("unreadable", None, item.raw, item.start, item.end, item.line, note=f"“{item.raw}”不是数字")
    return Guess("blank", None, "", item.start, item.end, item.line)


def as_zero(g: Guess) -> int | float | None:
    """The value used when checking whether a reading fits: blank and dash read as 0."""
    if g.status == "number":
        return g.value
    if g.status in ("blank", "dash"):
        return 0
    return None


def sums_hold(parts: Sequence[Guess], total: Guess) -> bool:
    t = as_zero(total)
    vals = [as_zero(p) for p in parts]
    if t is None or any(v is None for v in vals):
        return True  # cannot be checked, so it does not rule the reading out
    return abs(sum(v for v in vals if v is not None) - t) < 1e-6


def _digit_splits(token: str, parts: int) -> Iterator[list[str]]:
    """All ways to cut a digit string into ``parts`` numbers without leading zeros."""
    n = len(token)
    for cuts in itertools.combinations(range(1, n), parts - 1):
        bounds = (0, *cuts, n)
        pieces = [token[a:b] for a, b in itertools.pairwise(bounds)]
        if all(p == "0" or not p.startswith("0") for p in pieces):
            yield pieces


def _glued_readings(items: list[Item], n: int) -> Iterator[Reading]:
    digits = [it for it in items if it.kind == "number" and it.raw.isdigit()]
    if len(digits) != len(items):
        return
    extra = n - len(items)
    # distribute the extra cells over the tokens that are long enough to be split
    for alloc in itertools.product(*[range(0, len(it.raw)) for it in items]):
        if sum(alloc) != extra:
            continue
        per_item: list[list[list[str]]] = [list(_digit_splits(it.raw, k + 1)) for it, k in zip(items, alloc)]
        for combo in itertools.product(*per_item):
            reading: list[Guess] = []
            for it, pieces in zip(items, combo):
                pos = it.start
                for p in pieces:
                    reading.append(Guess("number", int(p), p, pos, pos + len(p), it.line,
                                         note=f"由粘连数字“{it.raw}”拆分" if len(pieces) > 1 else None))
                    pos += len(p)
            yield tuple(reading)


def _blank_readings(items: list[Item], n: int) -> Iterator[Reading]:
    guesses = [guess_of(it) for it in items]
    for holes in itertools.combinations(range(n), n - len(items)):
        it_guess = iter(guesses)
        yield tuple(Guess("blank", note="版面中无此单元格的文字，按空白处理") if i in holes else next(it_guess)
                    for i in range(n))


def _excess_readings(items: list[Item], n: int) -> Iterator[Reading]:
    drop = len(items) - n
    for lead in range(drop + 1):
        kept = items[lead:lead + n]
        yield tuple(guess_of(it) for it in kept)


def consensus(readings: Sequence[Reading], n: int, why: str) -> Reading:
    """Cells on which all readings agree are kept; the rest become unreadable with candidates."""
    out: list[Guess] = []
    for i in range(n):
        column = [r[i] for r in readings]
        keys = {g.key() for g in column}
        if len(keys) == 1:
            out.append(column[0])
            continue
        values = tuple(sorted({g.value for g in column if g.value is not None}))
        blank_possible = any(g.status == "blank" for g in column)
        raws = "、".join(str(v) for v in values) + ("、空白" if blank_possible else "")
        src = next((g for g in column if g.start is not None), column[0])
        out.append(Guess("unreadable", None, src.raw, src.start, src.end, src.line,
                         candidates=values + ((None,) if blank_possible else ()),
                         note=f"{why}；可能的取值：{raws}"))
    return tuple(out)


def _fit(readings: Iterator[Reading], check: RowCheck) -> list[Reading]:
    pool = list(itertools.islice(readings, MAX_READINGS))
    fitting = [r for r in pool if check(r)]
    return fitting or pool


def read_row(items: list[Item], n: int, *, grid: bool, trailing_empty: bool, has_label: bool,
             check: RowCheck) -> list[Reading]:
    """All readings of one row's value items as n cells (one reading when the layout is plain).

    Grid rows (pipes, tabs, one cell per line) are read as printed: leading empty cells beyond n are
    label padding, a short row ends in blank cells (when the line had trailing empty cells) or in
    missing ones. Space-separated rows show no blank cells, so a short one is read every way the
    blanks could fall, and glued digits every way they could split; the row's arithmetic chooses.
    """
    body = list(items)
    if has_label or not grid:
        while body and body[0].kind == "empty" and len(body) > n:
            body.pop(0)
    values = [it for it in body if it.kind != "empty"]
    if grid:
        if len(body) == n:
            return [tuple(guess_of(it) for it in body)]
        if len(body) > n:
            if all(it.kind == "empty" for it in body[n:]):
                return [tuple(guess_of(it) for it in body[:n])]
            if all(it.kind == "empty" for it in body[:len(body) - n]):
                return [tuple(guess_of(it) for it in body[len(body) - n:])]
            if len(values) > n:
                return _fit(_excess_readings(values, n), check)
            return [tuple(guess_of(it) for it in body[:n])]
        if len(values) == 1 and len(values[0].raw) >= n and len(body) == 1:
            glued = _fit(_glued_readings(values, n), check)
            if glued:
                return glued
        guesses = [guess_of(it) for it in body]
        status, note = ("blank", "行末空白单元格") if trailing_empty else ("missing", "该行缺少此列")
        return [tuple(guesses + [Guess(status, note=note)] * (n - len(guesses)))]
    if len(values) == n:
        return [tuple(guess_of(it) for it in values)]
    if len(values) > n:
        return _fit(_excess_readings(values, n), check)
    return _fit(itertools.chain(_glued_readings(values, n), _blank_readings(values, n)), check)
