"""Blank cells in a table's text taken one cell a line, where nothing is printed for them but empty
lines: a web page's text one node a line (a blank cell a line of one space), and a table's text one
cell a paragraph (Word's converters; lynx). Which of the region's empty lines stand for cells."""

from __future__ import annotations

import bisect
from collections import Counter

from agents.extract.norm import classify


def blank_cell_lines(raw_lines: list[str], body: list[int]) -> list[int]:
    """A web page's text taken one table cell a line (a scraper joining the page's text nodes with line
    breaks): its blank cells, printed "&nbsp;" so the cell keeps its height, are lines of one space (the
    reader reads a no-break space as a space) where a figure would stand. Those lines, where the
    region's lines hold one token each (cells, not rows of figures) and one such line stands between two
    figures; [] otherwise, and every other layout keeps dropping such lines. Not where the page's own
    spacing between tags made them (an indented page: lines of several spaces; a space between every two
    tags: no two lines of text next to each other, and such a line between every two). Lines of text
    apart with empty lines between them are a source that breaks lines between tags ("821", "", "",
    "35", "", "", " ", …): the lines of one space among them are its blank cells still."""
    blanks = [i for i, raw in enumerate(raw_lines) if raw in (" ", " \r")]
    if len(blanks) < 2 or not a_cell_a_line(raw_lines, body):
        return []
    spaced = set(blanks)
    if 3 * sum(1 for a, b in zip(body, body[1:]) if b == a + 1) < len(body) and \
            2 * sum(1 for a, b in zip(body, body[1:]) if spaced.intersection(range(a + 1, b))) > len(body):
        return []  # the lines of text stand apart, a space between nearly every two: the page's spacing, not cells
    if not any(0 < (k := bisect.bisect_left(body, i)) < len(body)  # body: the lines with something on them
               and classify(raw_lines[body[k - 1]]) == classify(raw_lines[body[k]]) == "number" for i in blanks):
        return []
    return _completing_rows(raw_lines, body, blanks)


def a_cell_a_line(raw_lines: list[str], body: list[int]) -> bool:
    """Whether the region's lines with something on them hold one token each, nearly all (cells, not rows)."""
    return sum(1 for i in body if len(raw_lines[i].split()) == 1) >= 0.8 * len(body)


PARAGRAPH_SHARE = 0.5  # of the gaps between a region's lines of text that are counts of empty lines that part cells


def blank_paragraphs(raw_lines: list[str], body: list[int]) -> list[int]:
    """A table's text taken one cell a paragraph, paragraphs parted by an empty line, an empty cell an
    empty paragraph: the empty lines that stand for blank cells, or [] where the region is not so printed.

    Word's (docx2txt, mammoth's raw text, docx2python) writes an empty cell as an empty paragraph and its
    parting line, so 2k + 1 empty lines stand for k empty cells ("53", "", "", "", "", "", "61" is 53,
    two blanks, 61). Lynx's dump of a web page (``lynx -dump``), where it cannot lay a table out, writes
    an empty cell as one empty line: k + 1 empty lines stand for k; a row printed only as its label is
    followed by as many empty lines as the row has cells, and the table's last blank cells are not
    printed at all (they stay unread). Word's is tried first: its gaps are all odd."""
    if len(body) < 4 or not a_cell_a_line(raw_lines, body):
        return []
    gaps = [b - a - 1 for a, b in zip(body, body[1:])]  # 0 within a cell of several lines ("结果", "纠正")
    figure = [classify(raw_lines[i].strip()) in ("number", "dash") for i in body]
    if any(g == 0 and (figure[k] or figure[k + 1]) for k, g in enumerate(gaps)):
        return []  # a figure on the line next to another: not a cell a paragraph
    return _paragraph_cells(raw_lines, body, gaps, figure, 2) or _paragraph_cells(raw_lines, body, gaps, figure, 1)


def _paragraph_cells(raw_lines: list[str], body: list[int], gaps: list[int], figure: list[bool], step: int) -> list[int]:
    """``blank_paragraphs`` where ``step`` empty lines stand for each empty cell (2: Word's, 1: lynx's).
    Between a row's label and its first figure and between its figures they are its blank cells; after
    its last figure, as many as complete the row to the width of the table's rows (the rest are the
    empty cells a Word table repeats for a label merged down the rows, which stand before the next row's
    label). The width is the one most rows have (Word's), or the widest row's, which every row but the
    last must come to exactly, its blank cells after its last figure included (lynx's: nothing else
    stands there). Only where the region's lines hold one token each and the gaps between them are such
    counts of empty lines (but for a few none, inside a cell of several lines). ``gaps``: the empty lines
    after each of the region's lines of text; ``figure``: whether each is a figure (or a dash)."""
    if step == 2 and (sum(1 for g in gaps if g % 2) < PARAGRAPH_SHARE * len(gaps) or any(g and not g % 2 for g in gaps)):
        return []
    if step == 1 and (sum(1 for g in gaps if g) < PARAGRAPH_SHARE * len(gaps)
                      or any(raw_lines[i] not in ("", "\r") for i in range(body[0], body[-1]) if not raw_lines[i].strip())):
        return []  # lynx's empty lines are empty: lines of spaces are a page's own spacing ("&nbsp;", indentation)

    def at(line: int, j: int) -> int:  # the j-th empty line after ``line`` that stands for a cell
        return line + step * j + 2 - step

    def cells_after(k: int) -> list[int]:  # the empty lines after body[k] that stand for cells
        return [at(body[k], j) for j in range(1, (gaps[k] - 1) // step + 1)]

    rows: list[tuple[list[int], int, int, int]] = []  # (its blank lines, its cells, its last figure's line, empties after)
    k = 0
    while k < len(body):
        if not figure[k]:
            k += 1
            continue
        blanks = cells_after(k - 1) if k > 0 else []  # between its label and its first figure
        figures = 1
        while k + 1 < len(body) and figure[k + 1]:
            blanks += cells_after(k)
            figures += 1
            k += 1
        # after its last figure; after the table's last row, the empty lines before the region's end
        after = gaps[k] if k < len(gaps) else len(raw_lines) - 1 - body[k] - (raw_lines[-1] == "")
        rows.append((blanks, figures + len(blanks), body[k], after // 2 if step == 2 else max(0, after - 1)))
        k += 1
    if not any(blanks or empties for blanks, _, _, empties in rows):
        return []
    out: list[int] = []
    if step == 2:
        widths = Counter(cells for _, cells, _, _ in rows if cells > 1).most_common(1)
        if not widths:
            return []
        common = widths[0][0]
    else:
        common = max(cells for _, cells, _, _ in rows)
        if common < 2 or any(cells + empties != common for _, cells, _, empties in rows[:-1]):
            return []
        out += [at(body[k], j) for k in range(len(body) - 1)  # a label, as many empty lines as cells, a label
                if not figure[k] and not figure[k + 1] and gaps[k] - 1 == common for j in range(1, common + 1)]
    for n, (blanks, cells, last, empties) in enumerate(rows):
        if not cells <= common <= cells + empties:
            return []
        # the table's last row takes every empty cell after it (表四 is one row, wider than none to compare
        # with); one too many (an empty paragraph after the table) is a trailing blank the row reader drops
        fill = empties if n == len(rows) - 1 else common - cells
        out += blanks + [at(last, j) for j in range(1, fill + 1)]
    return out


def _completing_rows(raw_lines: list[str], body: list[int], blanks: list[int]) -> list[int]:
    """``blanks`` where they complete the rows: each run of cells (figures, dashes, blank lines) between
    two labels is a row, and a row with a blank line is as wide as the rows are most often; [] otherwise."""
    runs: list[tuple[int, bool]] = []  # (cells, has a blank line)
    width, blank = 0, False
    marks = set(blanks)
    for i in sorted(set(body) | marks):
        if i in marks or classify(raw_lines[i]) in ("number", "dash"):
            width, blank = width + 1, blank or i in marks
        elif width:
            runs.append((width, blank))
            width, blank = 0, False
    if width:
        runs.append((width, blank))
    widths = Counter(w for w, _ in runs if w > 1)
    if not widths:
        return []
    common = widths.most_common(1)[0][0]
    return blanks if all(w == common for w, has_blank in runs if has_blank) else []
