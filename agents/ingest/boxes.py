"""Tables drawn with box-drawing characters, as text browsers save a web page (``w3m -dump``,
``elinks -dump``): each row of such a table as one pipe row, the way a Markdown table prints it.

A drawn table parts its rows by rule lines ("├──┼──┤") and its cells by verticals ("│"); a column
too narrow for its text wraps a cell over several lines ("│ （二）部分公开（区 │ 3 │" then "│ 分处理的，只计这一 │   │"),
and a label merged down several rows prints a piece of itself on each row's lines. Read as plain
text, the verticals were no cell boundaries (blank cells vanished) and a wrapped row's lines were
rows of their own: on the real 上海市人民政府办公厅 page saved by w3m at its default width, 3 wrong
numbers, and 40 cells unread at any width. Here the lines between two rules are one row: each
cell's pieces are joined in order, the row is printed on its first line, and its other lines and
the rules are left empty, so a line number still names the same line of the file."""

from __future__ import annotations

import re

VERTICALS = frozenset("│┃║╎╏┆┇┊┋")
HORIZONTALS = "─━═╌╍┄┅┈┉╴╶╸╺╼╾"
_BOX = re.compile("[\u2500-\u257f]")  # Unicode's box-drawing block
# a cell boundary: a vertical, corner or junction (a horizontal is a rule's body, or a dash a cell prints: "──")
_SEPARATOR = re.compile(f"(?![{HORIZONTALS}])[\u2500-\u257f]")
_HORIZONTAL_LINE = re.compile(rf"^\s*[{HORIZONTALS}]{{2,}}\s*$")  # a rule drawn without junctions
_FIGURE = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")  # not an item marker ("1.")


def _separators(line: str) -> list[int]:
    return [m.start() for m in _SEPARATOR.finditer(line)]


def _pieces(line: str, seps: list[int]) -> list[str]:
    return [line[a + 1:b] for a, b in zip(seps, seps[1:])]


def _is_rule(line: str, seps: list[int]) -> bool:
    """A rule line ("├──┼──┤", "┌──┬──┐", "──────"), or one that is a rule for some columns and goes on
    with cells merged down across it for others ("│       │      ├────┼──"): a boundary between rows
    either way. Its corners and junctions tell it; a line of cells has verticals only (and "│──│" is
    a dash a cell prints)."""
    return not seps or any(line[i] not in VERTICALS for i in seps)


def _row(lines: list[str], seps: list[list[int]]) -> str | None:
    """The lines of one row (between two rules) as one pipe row; None where they are no one row: they
    do not share one set of cells (a table the text browser drew otherwise), or two of them print
    figures (rows with no rule between them, as some tools draw a table's body)."""
    widths = {len(s) for s in seps}
    if len(widths) != 1 or widths == {1}:
        return None
    cells = [_pieces(line, s) for line, s in zip(lines, seps)]
    if sum(1 for c in cells if any(_FIGURE.match(p.strip()) for p in c)) > 1:
        return None
    merged = ["".join(c[k].strip() for c in cells) for k in range(len(cells[0]))]
    first, s0 = lines[0], seps[0]
    return first[:s0[0]] + "|" + "|".join(f" {m} " for m in merged) + "|" + first[s0[-1] + 1:]


def _pipes(line: str) -> str:
    return "".join("|" if ch in VERTICALS else ch for ch in line)


def box_tables(text: str) -> tuple[str, int]:
    """``text`` with each drawn table's rows as pipe rows on their first line (the rows' other lines
    and the rules empty: line numbers keep), and how many tables were so read; (text, 0) when it
    draws none. A run of lines with verticals but no rule (no row boundaries to join lines by) has
    its verticals read as pipes, line by line."""
    if not _BOX.search(text):
        return text, 0
    lines = text.split("\n")
    tables = 0
    i = 0
    while i < len(lines):
        j = i
        run: list[list[int]] = []
        while j < len(lines) and ((s := _separators(lines[j])) or _HORIZONTAL_LINE.match(lines[j])):
            run.append(s)
            j += 1
        if run and _read_run(lines, i, run):
            tables += 1
        i = max(j, i + 1)
    return "\n".join(lines), tables


def _read_run(lines: list[str], start: int, seps: list[list[int]]) -> bool:
    """Rewrite lines[start:start + len(seps)], one drawn table, in place; False where it is none
    (lines with a stray box character, a rule with no cells)."""
    if sum(1 for s in seps if len(s) >= 2) < 2:
        return False
    rules = [_is_rule(lines[start + k], s) for k, s in enumerate(seps)]
    if not any(rules):
        for k in range(len(seps)):
            lines[start + k] = _pipes(lines[start + k])
        return True
    block: list[int] = []
    for k in [*range(len(seps)), len(seps)]:
        if k < len(seps) and not rules[k]:
            block.append(k)
            continue
        if block:
            row = _row([lines[start + b] for b in block], [seps[b] for b in block])
            for n, b in enumerate(block):
                lines[start + b] = _pipes(lines[start + b]) if row is None else row if n == 0 else ""
            block = []
        if k < len(seps):
            lines[start + k] = ""
    return True
