"""Tables printed label column first: a layout tool's text (pdfminer and what is built on it) prints
a table's labels and then its figures, each column top to bottom or each row's figures on a line of
their own (see ``LabelFirst``); ``label_first`` matches such blocks of figures to the rows they fill.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from agents.extract.lines import Item
from agents.extract.runs import Run
from schemas.formats import RowSpec

RowFits = Callable[[str, list[Item]], bool | None]
"""Whether items read as one row's cells (row key, items in column order) fit that row's identities
(True), break one (False: the report's arithmetic may be wrong), or cannot be its cells at all (None:
a bound of the format pack fails, e.g. fewer documents in force than issued this year)."""


@dataclass
class LabelFirst:
    """A layout tool's text (pdfminer and what is built on it) prints a table's label column first
    and then its figures: each column top to bottom, one figure per line, or each row's figures on
    a line of their own. ``placed``: row key -> the run of its cells; ``by_column``: rows read
    column by column; ``unplaced``: runs of such a block whose count fits no run of the rows before
    it (never handed to the last label, whose figures they are not)."""

    placed: dict[str, Run] = field(default_factory=dict)
    by_column: list[str] = field(default_factory=list)
    by_position: list[str] = field(default_factory=list)  # rows whose labels the text moved elsewhere
    run_on: list[str] = field(default_factory=list)  # labelled rows whose figures ran on into those rows
    unplaced: list[Run] = field(default_factory=list)
    refused: list[Run] = field(default_factory=list)  # of unplaced: their count fits, their reading does not


def _blocks(runs: list[Run]) -> list[list[Run]]:
    """The runs with figures, grouped where no label text stands between them."""
    out: list[list[Run]] = []
    for run in runs:
        if not run.values:
            continue
        if out and out[-1][0].pos == run.pos:
            out[-1].append(run)
        else:
            out.append([run])
    return out


def _row_groups(pending: list[str], width: dict[str, int], n: int, rows_of_runs: list[int] | None,
                template: list[str], anchored: set[str], *, ends: bool = True) -> list[list[str]]:
    """The stretches of rows (two or more, of one width) whose cells number ``n``: the whole of
    ``pending``, a beginning of it or (``ends``) an end of it, in the template's order, with the
    template rows between and up to two just outside that have no label anywhere (a misprinted label
    is found by no anchor). With ``rows_of_runs`` (figures per run), only stretches whose rows take
    one run each."""
    at = {key: i for i, key in enumerate(template)}
    spans = {(0, len(pending))} | {(0, j) for j in range(2, len(pending))}
    if ends:
        spans |= {(i, len(pending)) for i in range(1, len(pending) - 1)}
    out: list[list[str]] = []
    for i, j in sorted(spans):
        lo, hi = at[pending[i]], at[pending[j - 1]]
        inner = template[lo:hi + 1]
        if any(key in anchored and key not in pending[i:j] for key in inner):
            continue
        for before in range(3):
            for after in range(3):
                if lo - before < 0 or hi + after >= len(template):
                    continue
                keys = template[lo - before:hi + after + 1]
                if any(key in anchored for key in keys[:before] + keys[len(keys) - after:]):
                    continue
                widths = {width[k] for k in keys}
                if len(keys) < 2 or len(widths) != 1 or len(keys) * widths.pop() != n:
                    continue
                if rows_of_runs is not None and (len(rows_of_runs) != len(keys)
                                                 or any(c != width[k] for c, k in zip(rows_of_runs, keys))):
                    continue
                if keys not in out:
                    out.append(keys)
    return out


def label_first(runs: list[Run], rows: list[RowSpec], anchors: dict[str, tuple[int, int]],
                width: dict[str, int], fits: RowFits | None = None) -> LabelFirst:
    """Rows printed label column first (see LabelFirst), or figures first and their labels after.

    A block of figures next to two or more labels without figures of their own (before it; or after
    it, up to the next block) and holding more figures than a row has cells is matched to the stretch
    of those rows whose cells it fills exactly (one stretch only). One figure per line is read column
    by column, unless the rows' identities fit reading it row by row better; a reading that breaks the
    identities of more than one of its rows is no reading (the tool may have listed the columns out of
    order: rows with one applicant kind fit any order), and the block is left unplaced. A block after
    one label that fills exactly that row and the rows without a label after it is theirs in order
    (see _overflow)."""
    order = sorted((a[0], key) for key, a in anchors.items())
    template = [r.key for r in rows]
    blocks = _blocks(runs)
    out = LabelFirst()
    done: set[str] = set()
    pending: list[str] = []
    k = 0
    for b, block in enumerate(blocks):
        while k < len(order) and order[k][0] < block[0].pos:
            if order[k][1] not in done:
                pending.append(order[k][1])
            k += 1
        if len(block) == 1 and not pending and k + 1 >= len(order):
            continue  # one run after every label: the ordinary layout
        values = [it for r in block for it in r.items if it.kind != "empty"]
        if values and values[-1].cut:
            continue  # the file ends inside the block (cut off): how many figures it held is unknown
        if len(pending) >= 2 and len(values) > width[pending[-1]]:
            near = pending  # the labels came first
        elif len(pending) == 1 and len(values) > width[pending[0]]:
            rows_after = _overflow(block, values, pending[0], template, width, set(anchors) | done)
            if rows_after is not None:
                out.placed.update(rows_after)
                out.run_on.append(pending[0])
                out.by_position += list(rows_after)[1:]
                done.update(rows_after)
            pending = []
            continue
        elif not pending and len(values) > 2 and k + 1 < len(order) and len(values) >= 2 * width[order[k][1]]:
            near = [key for pos, key in order[k:] if b + 1 == len(blocks) or pos < blocks[b + 1][0].pos]
            # the figures came first: no label waits before them, two or more follow
        else:
            pending = []  # the ordinary layout: the figures belong to the label just before them
            continue
        single = len({it.line for it in values}) == len(values)  # one figure per line
        if near is not pending and (len(near) < 2 or not single):
            continue
        placed = _place_block(block, values, single, near, width, fits, template, set(anchors) | done,
                              near is pending)
        if not isinstance(placed, tuple):
            if single and len(values) >= 2 * width[near[-1]]:
                out.unplaced.extend(block)
                out.refused.extend(block if placed == "refused" else [])
            pending = []
            continue
        keys, cells_of, by_column = placed
        for key, run in zip(keys, cells_of):
            out.placed[key] = run
        out.by_column += keys if by_column else []
        done.update(keys)
        last = template.index(keys[-1])
        pending = [key for key in pending if template.index(key) > last] if near is pending else []
    return out


def _overflow(block: list[Run], values: list[Item], key: str, template: list[str], width: dict[str, int],
              blocked: set[str]) -> dict[str, Run] | None:
    """A labelled row followed by the figures of the template rows after it whose labels the text
    moved elsewhere (pdftotext prints some rows' labels below the table): row key -> the run of its
    cells, the labelled row first, when the figures fill exactly that row and every following row
    without a label up to the next labelled one (one figure per line, or a row's figures per line).
    The rows after it are placed by position: the table's arithmetic must confirm them."""
    at = template.index(key)
    free: list[str] = []
    for later in template[at + 1:]:
        if later in blocked:
            break
        free.append(later)
    keys = [key, *free]
    w = width[key]
    if not free or any(width[k] != w for k in keys) or len(values) != w * len(keys):
        return None
    if len({it.line for it in values}) == len(values):  # one figure per line
        chunks = [values[i * w:(i + 1) * w] for i in range(len(keys))]
    elif len(block) == len(keys) and all(len(r.values) == w for r in block):
        chunks = [r.values for r in block]
    else:
        return None
    return {k: Run(cells, block[0].pos, True, False, False, cells[0].line, by_position=k != key)
            for k, cells in zip(keys, chunks)}


def _place_block(block: list[Run], values: list[Item], single: bool, near: list[str], width: dict[str, int],
                 fits: RowFits | None, template: list[str], anchored: set[str], labels_first: bool
                 ) -> tuple[list[str], list[Run], bool] | str | None:
    """(row keys, the run of each one's cells, read column by column) for a block matched to one
    stretch of the rows ``near`` it (before it with ``labels_first``; else after it, where only the
    rows next to the figures can be theirs); None when no stretch or several fit; "refused" when
    the reading breaks the identities or the bounds."""
    groups = _row_groups(near, width, len(values), None if single else [len(r.values) for r in block],
                         template, anchored, ends=labels_first)
    if len(groups) != 1:
        return None
    keys = groups[0]
    if not single:
        return keys, block, False
    c = width[keys[0]]
    by_column = [[values[col * len(keys) + r] for col in range(c)] for r in range(len(keys))]
    by_row = [values[r * c:(r + 1) * c] for r in range(len(keys))]
    chosen, column_wise = by_column, c > 1
    if fits is not None and c > 1:
        col = [fits(key, cells) for key, cells in zip(keys, by_column)]
        row = [fits(key, cells) for key, cells in zip(keys, by_row)]
        col_ok = sum(1 for f in col if f) if None not in col else -1  # a bound broken: not this way
        row_ok = sum(1 for f in row if f) if None not in row else -1
        if row_ok > col_ok:
            chosen, column_wise = by_row, False
        if max(col_ok, row_ok) < 0 or len(keys) - max(col_ok, row_ok) > 1:
            return "refused"
    return keys, [Run(cells, block[0].pos, True, False, False, cells[0].line) for cells in chosen], column_wise
