"""A table region's lines as one *label stream* and the *value runs* placed in it.

The labels of a region, with numbers taken out, are squashed and run together; each run of values
(a row's cells, or part of them) is kept with its position in that stream, the label before it on
its line, and how its line was printed (a grid, trailing empty cells). ``assemble`` then hands each
run to the row whose label it follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.extract.lines import VALUE_KINDS, Item, Region
from agents.extract.norm import squash


@dataclass(slots=True)
class Run:
    items: list[Item]
    pos: int  # position in the label stream where the run occurs
    grid: bool
    trailing_empty: bool
    has_label: bool  # a label stands before the run on its line
    line: int
    label: str = ""  # the squashed text before the run on its line
    by_position: bool = False  # set when the run had no label and took its row from its neighbours
    trailing: list[Item] = field(default_factory=list)  # the empty cells printed after it (see read_row)
    opens: bool = False  # on a pipe row that starts with a pipe
    closes: bool = False  # last on a pipe row that ends with a pipe

    @property
    def values(self) -> list[Item]:
        return [it for it in self.items if it.kind != "empty"]

    @property
    def has_figures(self) -> bool:
        """Whether it holds more than empty cells and dashes (a stub table's "| - | - |")."""
        return any(it.kind not in ("empty", "dash") for it in self.items)


@dataclass
class Stream:
    text: str = ""  # the region's labels, squashed and run together
    runs: list[Run] = field(default_factory=list)


def _segments(items: list[Item]) -> list[tuple[bool, list[Item]]]:
    """The line's items in runs of values and runs of text: (is_value, items)."""
    segs: list[tuple[bool, list[Item]]] = []
    last: list[Item] = []
    last_value = None
    for it in items:
        value = it.kind in VALUE_KINDS
        if value is last_value:
            last.append(it)
        else:
            last, last_value = [it], value
            segs.append((value, last))
    return segs


def _opens_row(doc: str, text: list[Item], row_starts: tuple[str, ...]) -> bool:
    """Whether the text items ``text`` open a row of the table (their words start as a row's label)."""
    return squash(doc[text[0].start:text[-1].end]).startswith(row_starts)


def build_stream(doc: str, region: Region, row_starts: tuple[str, ...] = ()) -> Stream:
    """The region's label text and its runs of values. A lone figure between two pieces of text is part
    of a label or a sentence ("第二十条 第 5 项"), unless it stands in a grid cell of its own or the text
    after it opens a row (``row_starts``: the table's row labels, squashed): two rows run onto one line
    ("行政处罚 3985758 行政强制 88283", a line break lost) keep the first row's figure, which was taken into the
    label and the second row's figure read as the first's."""
    stream = Stream()
    parts: list[str] = []
    length = 0  # of the label text so far: where the next run sits in it
    grid = region.shape != "spaced"
    per_line = region.shape == "cell-per-line"
    open_run: Run | None = None
    for line in region.lines:
        segs = _segments(line.items)
        has_text = len(segs) > 1 or (len(segs) == 1 and not segs[0][0])  # segments alternate value and text
        label = ""
        if has_text and line.had_trailing_empty and segs and not segs[-1][0] and grid and not per_line:
            segs.append((True, []))  # a labelled row whose cells are all empty
        for k, (is_value, items) in enumerate(segs):
            if not is_value:
                for it in items:
                    sq = squash(doc[it.start:it.end])
                    parts.append(sq)
                    length += len(sq)
                    label += sq
                open_run = None
                continue
            trailing = k == len(segs) - 1
            numeric = [it for it in items if it.kind != "empty"]
            if not per_line and not trailing and len(numeric) < 2 and not (numeric and (line.grid or _opens_row(
                    doc, segs[k + 1][1], row_starts))):
                for it in numeric:  # a lone number inside a label or a sentence
                    sq = squash(doc[it.start:it.end])
                    parts.append(sq)
                    length += len(sq)
                continue
            if per_line and open_run is not None:
                open_run.items.extend(items)
                continue
            run = Run(items, length, grid or line.grid, line.had_trailing_empty and trailing,
                      has_text and k > 0, line.number, label=label, trailing=line.trailing if trailing else [],
                      opens=line.opens, closes=line.closes and trailing)
            stream.runs.append(run)
            open_run = run if per_line else None
    stream.text = "".join(parts)
    return stream


def figures_right_aligned(by_row: dict[str, list[Run]], ncols: dict[str, int]) -> bool:
    """Whether the table's grid rows put their figures in their last cells: some row printed with more
    cells than the row has, its extra cells empty before its first figure and none after its last (a
    converter printed a merged label cell as the label and empty cells: "| 一、本年新收… | | | 821 | … |
    859 |"), and no row the other way round (figures from the first cell, empty cells after them: a
    table wider than its rows). Only then are a row's leading empty cells the label's (see read_row)."""
    right = left = 0
    for key, runs in by_row.items():
        if len(runs) != 1 or not runs[0].grid or not runs[0].has_label:
            continue
        cells = runs[0].items + runs[0].trailing
        if len(cells) <= ncols[key]:
            continue
        first, last = cells[0].kind != "empty", cells[-1].kind != "empty"
        right += not first and last
        left += first and not last
    return right > 0 and left == 0


HEADING_REACH = 30  # characters of the label stream either side of a word looked at for column headings


def among_headings(stream: str, at: tuple[int, int], columns: set[str]) -> bool:
    """Whether a row's label found at ``at`` is a column's heading: a word that also names a column
    (row "（七）总计", column "总计") among two or more other headings ("…自然人…机构总计其他"), as where
    a PDF's text prints the header after the rows' labels (label column first)."""
    word = stream[at[0]:at[1]]  # most rows' words name no column: the text around them is not looked at
    return word in columns and names_columns(
        stream[max(0, at[0] - HEADING_REACH):at[0]] + "\n" + stream[at[1]:at[1] + HEADING_REACH], columns, {word})


def names_columns(text: str, columns: set[str], own: set[str]) -> bool:
    """Whether ``text`` names two or more of the table's columns besides the row's own words: a header."""
    return sum(1 for c in columns if c in text and c not in own) >= 2
