"""A web page's blank cells in a table whose rows a crawler ran together (see ``inline.py``).

A page's empty cells (&nbsp;) leave a space each where the crawler joined the cells with nothing
between them ("82135  21859" is 821, 35, two blank cells, 2, 1, 859: ``space_blanks``), three spaces
where it put one space between the nodes (``separated_blanks``), and nothing where it dropped the empty
nodes (``spaced_table``). A space is not always a cell (pingtan-2019's "230 000023"), so a row is read
so where its arithmetic confirms it, or where rows of the same table confirm that the page is of that
shape and the row's spaces and figures allow one reading only (``separated_rows``, ``space_blank_rows``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator

from agents.extract.lines import Item
from agents.extract.norm import half_width
from agents.extract.resolve import Guess, Reading, cut_reading, doubted_all, guess_of
from agents.extract.splits import digit_splits
from schemas.cells import CellReason

MAX_SPLITS = 5000


def spaces_only(after: str) -> int:
    """How many blank cells the text after a row's figures may stand for: its length when it is spaces
    only (the trace a web page's &nbsp; cells leave), else 0."""
    return len(after) if not after.strip(" ") else 0


Row = tuple[str, int, int]  # a row's figures as printed, where they start, the spaces after them
RowReader = Callable[[str, Callable[[Reading], bool]], list[Reading]]  # (row key, its check) -> readings


def _page_shape_rows(options: dict[str, list[Reading]], runs: dict[str, Row], read: RowReader,
                     confirms: Callable[[str], bool], need: int, settled: Callable[[list[Reading]], bool]) -> bool:
    """Where ``need`` rows or more of the table read by ``read`` with their own arithmetic confirming it
    (``confirms``), the page is of that shape: its other rows (not ``settled``) that ``read`` gives one
    reading only, with nothing to confirm it (a 总计 the page left blank), are read so. Whether the page
    was found so."""
    if len(list(itertools.islice((key for key in runs if confirms(key)), need))) < need:
        return False
    for key in runs:
        if settled(options.get(key, [])):
            continue
        got = read(key, lambda r: True)
        if len(got) == 1:
            options[key] = got
    return True


_GLUED = (CellReason.glued_split, CellReason.cut_by_columns)  # whole cells split: not a blank's trace


def separated_rows(options: dict[str, list[Reading]], runs: dict[str, Row], ncols: dict[str, int],
                   line_of: Callable[[int], int], check: Callable[[str], Callable[[Reading], bool]],
                   leads: dict[str, int], need: int = 1) -> bool:
    """Where ``need`` rows of the table read by separated_blanks with their arithmetic confirming it, the
    page is of that shape: its other rows whose spaces give exactly their cells are read so too
    (``_page_shape_rows``). ``leads``: each row's spaces after its label. Whether the page was found so."""
    def read(key: str, fits: Callable[[Reading], bool]) -> list[Reading]:
        raw, at, spaces = runs[key]
        return separated_blanks(raw, at, line_of(at), ncols[key], spaces, fits, leads.get(key, 0))

    def confirms(key: str) -> bool:
        raw, _, spaces = runs[key]
        return may_be_separated(raw, spaces, leads.get(key, 0)) and bool(read(key, check(key)))

    return _page_shape_rows(options, runs, read, confirms, need, lambda readings: len(readings) == 1 and all(
        g.status in ("number", "blank") and g.reason not in _GLUED for g in readings[0]))


SPACED_ROWS_MIN = 2  # rows printed as their cells one space apart, and adding up, that show a table so spaced
SPACED = "该表各行的数字以空格分隔（每个数字是一个单元格），本行数字少于列数：空白单元格连写后已消失，无法确定各数字所在的列，未读取"


def spaced_table(options: dict[str, list[Reading]], runs: dict[str, tuple[str, int, int]], ncols: dict[str, int],
                  check: Callable[[str], Callable[[Reading], bool]]) -> None:
    """A page joined with one space between its text nodes and its empty ones dropped (BeautifulSoup's
    get_text(" ", strip=True)): each figure is a cell, and a blank cell leaves no trace. Where two rows
    or more print exactly their cells one space apart and add up, and no figure starts with a 0 that
    glues cells ("000023"), the table is so printed: a row whose reading cuts its figures into several
    cells ("0 14 4 33 8 59" read 0, 1, 4, …) lost blank cells instead, and which columns its figures
    stand in is unknown. Such a row is unreadable, its readings kept as candidates. A crawler's rows run
    together ("713000074", pingtan-2019's partly spaced "230 000023") never print a row so."""
    figures = {key: half_width(raw).split() for key, (raw, _, _) in runs.items()}
    if any(len(f) > 1 and f[0] == "0" for fs in figures.values() for f in fs) \
            or 2 * sum(1 for fs in figures.values() if len(fs) > 1) < len(figures):
        return  # glued cells, or most rows one run of digits: a crawler's rows run together, a few spaced
    spaced = 0
    for key, (raw, _, _) in runs.items():
        readings = options.get(key, [])
        if len(figures[key]) == ncols[key] and half_width(raw).count(" ") == ncols[key] - 1 and len(readings) == 1 \
                and all(g.status == "number" and g.reason is None for g in readings[0]) and check(key)(readings[0]):
            spaced += 1
    if spaced < SPACED_ROWS_MIN:
        return
    for key, readings in options.items():
        if key in runs and any(g.reason in _GLUED for r in readings for g in r):
            options[key] = [doubted_all(readings, SPACED, CellReason.blanks_vanished)]


def may_be_separated(raw: str, spaces_after: int, lead: int = 0) -> bool:
    """Whether a run shows a blank cell as separated_blanks reads one (three spaces or more in a row);
    a run without one reads the same either way."""
    return "   " in raw or spaces_after >= 3 or lead >= 3


def _space_blank(at: int, line: int) -> Guess:
    """A blank cell a web page's &nbsp; left as a space at ``at``."""
    return Guess("blank", None, "", at, at + 1, line, note=SPACE_BLANK, reason=CellReason.space_blank)


def separated_blanks(raw: str, start: int, line: int, n: int, spaces_after: int,
                      check: Callable[[Reading], bool], lead: int = 0) -> list[Reading]:
    """A web page's text joined with a space between its nodes (get_text(" ")): each cell is followed by
    one space, and a blank cell (&nbsp;, read as a space) adds two, so "821 35     2 1 859 " is 821, 35,
    two blank cells, 2, 1, 859; ``lead``, the spaces between the row's label and its first figure, is
    the label's one and two for each blank first cell. Read so only where every run of spaces is one
    longer than an even count, the cells come to n and the row's own arithmetic confirms them; []
    otherwise."""
    text = half_width(raw) + " " * spaces_after
    tokens = list(_DIGIT_RUN.finditer(text))
    if not tokens or tokens[0].start() != 0 or set(text) - set("0123456789 ") or (lead and lead % 2 != 1):
        return []
    gaps = [b.start() - a.end() for a, b in zip(tokens, tokens[1:])] + [len(text) - tokens[-1].end()]
    if any(g % 2 != 1 for g in gaps[:-1]) or (gaps[-1] and gaps[-1] % 2 != 1):
        return []
    reading: list[Guess] = [_space_blank(start - lead + 1 + 2 * k, line) for k in range(max(lead - 1, 0) // 2)]
    for m, gap in zip(tokens, gaps):
        reading.append(guess_of(Item("number", raw[m.start():m.end()], start + m.start(), start + m.end(), line)))
        for k in range(max(gap - 1, 0) // 2):
            reading.append(_space_blank(start + m.end() + 1 + 2 * k, line))
    return [tuple(reading)] if len(reading) == n and check(tuple(reading)) else []


_DIGIT_RUN = re.compile(r"[0-9]+")
_DIGITS_OR_SPACE = re.compile(r"[0-9]+| ")
SPACE_BLANK = "网页中的空白单元格（&nbsp;）连写后留下的空格，按空白单元格读取"


def space_blanks(raw: str, start: int, line: int, n: int, spaces_after: int,
                  check: Callable[[Reading], bool]) -> list[Reading]:
    """A web page's blank cells (&nbsp;, read as a space) run together with the figures around them:
    "82135  21859" is 821, 35, two blank cells, 2, 1, 859. Each space is one blank cell and each digit
    string one or more cells; only readings that the row's own arithmetic confirms are kept ([] when
    none is). Tried only where the spaces, taken as nothing (pingtan-2019's "230 000023"), give no
    reading that fits: a space is not always a cell."""
    text = half_width(raw) + " " * spaces_after  # one character for one: offsets keep
    if set(text) - set("0123456789 "):
        return []  # dashes, commas, tabs: not this shape
    parts = [(m.group(), m.start()) for m in _DIGITS_OR_SPACE.finditer(text)]
    figures = [p for p, _ in parts if p != " "]
    need = n - (len(parts) - len(figures))  # cells the digit strings hold
    if " " not in text or not figures or not len(figures) <= need <= sum(map(len, figures)):
        return []
    out: list[Reading] = []
    tried = 0
    for sizes in _compositions(need, [len(f) for f in figures]):
        for cuts in itertools.product(*(list(itertools.islice(digit_splits(f, k), MAX_SPLITS)) for f, k in zip(figures, sizes))):
            tried += 1
            if tried > MAX_SPLITS:
                return []  # too many ways to look at: unreadable, as a run too long to split is
            reading: list[Guess] = []
            k = 0
            for p, at in parts:
                if p == " ":
                    reading.append(_space_blank(start + at, line))
                else:
                    reading += cut_reading([(raw[at:at + len(p)], start + at)], cuts[k], line)
                    k += 1
            if check(tuple(reading)):
                out.append(tuple(reading))
            if len(out) > MAX_SPLITS:
                return []
    return out


def spaced_blank_cells(doc: str, items: list[Item], n: int, check: Callable[[Reading], bool]) -> list[Reading]:
    """A row read from its line's tokens (表四 of a crawler's text, after its header words) whose blank
    cells are the spaces between and after its figures, a space each where the text ran together
    ("5  278  19     " is 5, blank, blank, 2, 7, 8, …: space_blanks), two more where one space parted
    the nodes ("5     2 7 8     1 9 …": separated_blanks); [] when they are not on one line."""
    values = [it for it in items if it.kind != "text"]
    if not values or any(it.kind != "number" for it in values) or len({it.line for it in values}) != 1:
        return []
    a, b = values[0].start, values[-1].end
    end = doc.find("\n", b)
    raw, after, line = doc[a:b], spaces_only(doc[b:len(doc) if end < 0 else end]), values[0].line or 0
    return separated_blanks(raw, a, line, n, after, check) or space_blanks(raw, a, line, n, after, check)


def _compositions(total: int, caps: list[int]) -> Iterator[tuple[int, ...]]:
    """The ways to write ``total`` as len(caps) parts, the i-th from 1 to caps[i]."""
    if len(caps) == 1:
        if 1 <= total <= caps[0]:
            yield (total,)
        return
    for first in range(1, min(caps[0], total - len(caps) + 1) + 1):
        for rest in _compositions(total - first, caps[1:]):
            yield (first, *rest)


SPACE_ROWS_MIN = 2  # rows whose arithmetic confirms their spaces as blank cells, that show a page so printed


def space_blank_rows(options: dict[str, list[Reading]], runs: dict[str, Row], ncols: dict[str, int],
                     line_of: Callable[[int], int], check: Callable[[str], Callable[[Reading], bool]],
                     befores: dict[str, int]) -> bool:
    """Where two rows or more of a run-together table read only by taking each space for a blank cell
    (``space_blanks``: "82135  21859", "18     18"), their arithmetic confirming it and their digits
    taken whole fitting no cut, the page's blank cells are its spaces (a web page's &nbsp; cells): its
    rows still unread whose figures and spaces allow one reading only are read so (``_page_shape_rows``:
    "3      " is 3 and six blank cells). A row its spaces allow several readings of stays as it is.
    ``befores``: the spaces before each row's figures taken for its blank first cells (as row_readings
    takes them). Whether the page was found so."""
    def read(key: str, fits: Callable[[Reading], bool]) -> list[Reading]:
        raw, at, spaces = runs[key]
        before = befores.get(key, 0)
        return space_blanks(" " * before + raw, at - before, line_of(at - before), ncols[key], spaces, fits)

    def confirms(key: str) -> bool:
        got = read(key, check(key))
        return len(got) == 1 and options.get(key) == got and any(g.reason is CellReason.space_blank for g in got[0])

    return _page_shape_rows(options, runs, read, confirms, SPACE_ROWS_MIN, lambda readings: len(readings) == 1 and all(
        g.status in ("number", "blank", "dash") for g in readings[0]))


def blank_label_rows(doc: str, gaps: dict[str, tuple[int, int]], ncols: dict[str, int], line_of: Callable[[int], int],
                     *, run_together: bool, separated: bool) -> dict[str, list[Reading]]:
    """Rows printed as their label and then only their blank cells up to the next row's label, read as
    blank cells where that whitespace is exactly the trace of the row's cells: a tab on each side of
    a space for each cell ("\t \t \t … \t", get_text("\t"); tabs part cells as a grid line's do), a
    space for each (get_text(""): only where ``run_together``, rows of the page confirmed so by their
    arithmetic, see space_blank_rows) or the label's space and two for each (get_text(" "): only where
    ``separated``, see separated_rows). ``gaps``: such rows' (end of label, start of the next label)."""
    out: dict[str, list[Reading]] = {}
    for key, (lo, hi) in gaps.items():
        gap, n, line = doc[lo:hi], ncols[key], line_of(lo)
        cells = gap.split("\t")
        if len(cells) == n + 2 and cells[0] == cells[-1] == "" and all(c == " " for c in cells[1:-1]):
            at = [lo + 1 + 2 * k for k in range(n)]
        elif run_together and gap == " " * n:
            at = [lo + k for k in range(n)]
        elif separated and gap == " " * (2 * n + 1):
            at = [lo + 1 + 2 * k for k in range(n)]
        else:
            continue
        out[key] = [tuple(_space_blank(a, line) for a in at)]
    return out


SEPARATED_LINES_MIN = 2  # rows whose spaces show their blank cells as separated_blanks reads them, that show a table so laid out
_SPACES = re.compile(" +")


def separated_lines(doc: str, options: dict[str, list[Reading]], rows: dict[str, list[Item]], ncols: dict[str, int],
                    line_of: Callable[[int], int], check: Callable[[str], Callable[[Reading], bool]]) -> None:
    """A table a row a line, each cell followed by one space and a blank cell two more, as separated_blanks
    reads a crawler's run-together page: the same page taken with get_text(" ") where its source breaks
    lines after each row, and lynx laying a simple table out ("二、上年结转… 0       0   0" is 0, three
    blank cells, 0, a blank, 0). Space-separated text so far read such a row's figures with their blanks
    placed every way the arithmetic allowed (most unread). Read so as separated_rows reads a crawler's
    rows, where two rows or more confirm it and no row has an even run of spaces among or before its
    figures (columns aligned by spaces, as pdftotext -layout prints them, are not this layout).
    ``rows``: each row's figures."""
    lines: dict[str, Row] = {}  # (figures as printed, where, spaces after)
    leads: dict[str, int] = {}  # the spaces before them
    for key, items in rows.items():
        if key not in ncols or not items or any(it.kind != "number" for it in items) or len({it.line for it in items}) != 1:
            continue
        a, b = items[0].start, items[-1].end
        head = doc[doc.rfind("\n", 0, a) + 1:a]
        end = doc.find("\n", b)
        lead = len(head) - len(head.rstrip(" "))
        if not head.strip():
            continue  # no label on its line: what the spaces before its figures stand for is unknown
        if lead % 2 == 0 or any(len(m) % 2 == 0 for m in _SPACES.findall(half_width(doc[a:b]))):
            return
        lines[key], leads[key] = (doc[a:b], a, spaces_only(doc[b:len(doc) if end < 0 else end])), lead
    separated_rows(options, lines, ncols, line_of, check, leads, need=SEPARATED_LINES_MIN)
