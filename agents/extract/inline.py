"""Tables whose rows run together on one line, as a website crawler leaves them.

Each row's cells follow its label as one digit string, sometimes with spaces that are not cell
boundaries, and the next row's item marker may be glued to the digits
(``1.属于国家秘密00000002.其他法律…`` is 0,0,0,0,0,0,0 then row "2."). Rows are found by their label
text wherever they stand; a row's digits are the first run of digits after its label and before the
next row's label. A run with as many tokens as cells is read as printed; otherwise its digits are
split every way the row's arithmetic allows, and the table's column identities choose (see
``resolve.py``); what still splits more than one way is unreadable with its candidates.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from agents.extract.identities import failing_columns
from agents.extract.lines import Item
from agents.extract.norm import CELL_DASHES, FIGURE_MARK, NormText, classify, content_end, half_width, label_key
from agents.extract.resolve import CUT_OFF, Guess, Reading, cut_reading, doubted_all, guess_of
from agents.extract.splits import digit_splits, grouped_splits, piece_splits
from agents.extract.webblanks import (
    MAX_SPLITS,
    blank_label_rows,
    may_be_separated,
    separated_blanks,
    separated_rows,
    space_blank_rows,
    space_blanks,
    spaced_table,
    spaces_only,
)
from schemas.cells import CellReason
from schemas.formats import RowSpec, TableSpec

_D = re.escape(CELL_DASHES)
# "1,234" kept whole; pipes between cells (a Markdown table run onto one line) inside the run
_RUN = re.compile(rf"[0-9０-９{_D}](?:[0-9０-９ \t\n\u3000|{_D}]|,(?=[0-9０-９]))*(?:[.．][0-9０-９]+)?")
# a page number run onto the end of a row's figures ("… 1 769 - 4 -", "769- 4 -"): no cells of the row;
# a space inside it tells it from cells run together ("5—4—")
_PAGE_MARK_END = re.compile(rf"[{_D}](?:\s+[0-9０-９]{{1,3}}\s*|\s*[0-9０-９]{{1,3}}\s+)[{_D}]$")
_DASH_OR_COMMA = re.compile(rf"[{_D},]")
_PIECES = re.compile(rf"[{_D}]+|[0-9０-９](?:[0-9０-９ \t\n\u3000]|,(?=[0-9０-９]))*")
_GLUED = re.compile(r"(?<![0-9])(?:0[0-9]|[0-9]{7,})")  # a leading zero or seven digits: several cells run together
_MARKER = re.compile(r"^(\d{1,2})[.、．]")
_MARKER_AFTER = re.compile(r"[ \t\u3000]*[.、．]\D")
SAME_LINE_SHARE = 0.6  # rows sharing their line with the next row's label, for the region to be inline
MAX_DASHED = 50000  # readings of a run with dashes looked at (they are filtered by the row's arithmetic)


def _fragments(nt: NormText, rows: list[RowSpec]) -> dict[str, tuple[int, int]]:
    """Row key -> (start, end) of its label fragment in the normalised text, in the format's order."""
    found: dict[str, tuple[int, int]] = {}
    cursor = 0
    for row in rows:
        hits = [(i, i + len(f), f) for frag in row.anchors if (i := nt.text.find(f := label_key(frag), cursor)) >= 0]
        if hits:
            at, end, anchor = min(hits)
            found[row.key] = _split_label(nt.text, row, at, anchor, cursor) or (at, end)
            cursor = found[row.key][1]
    return found


@lru_cache(maxsize=256)
def _unmarked(label_zh: str) -> str:
    """A format label normalised, without its item marker ("5." of "5.要求行政机关…")."""
    return label_key(_MARKER.sub("", label_zh))


_DIGITS_BEFORE = re.compile(r"[0-9]+$")
MIN_LABEL_PART = 3  # characters of a label on each side of the figures that cut it


def _split_label(text: str, row: RowSpec, at: int, anchor: str, cursor: int) -> tuple[int, int] | None:
    """A label its own figures cut in two, as a PDF cell's wrapped label comes out of a tool that
    joins each printed line ("5.要求行政机关确认或重新出 1 0 0 0 0 0 1 具已获取信息"): where the anchor
    stands in the label's second part, the part before the figures, so that the figures follow
    the label. None when the label is not cut so."""
    label = _unmarked(row.label_zh)
    a = label.find(anchor)
    if a < MIN_LABEL_PART:  # most anchors open their label: nothing before them to cut
        return None
    for q in range(min(a, len(label) - MIN_LABEL_PART), MIN_LABEL_PART - 1, -1):
        tail_at = at - (a - q)
        if tail_at <= cursor or text[tail_at:at] != label[q:a]:
            continue
        digits = _DIGITS_BEFORE.search(text, cursor, tail_at)
        if digits is not None and digits.start() - q >= cursor and text[digits.start() - q:digits.start()] == label[:q]:
            return digits.start() - q, digits.start()
    return None


Layout = tuple[NormText, dict[str, tuple[int, int]]]  # the region normalised, and each found row's label in it


def inline_layout(doc: str, start: int, end: int, spec: TableSpec) -> Layout | None:
    """The region's labels, when it is a run-together table: most rows' labels share their line with
    the next row's label, or most rows' figures are glued digit strings (then spaces inside a row are
    not cell boundaries either). None for a table laid out otherwise."""
    nt = NormText.build(doc, start, end)
    frags = _fragments(nt, spec.rows)
    if len(frags) < max(3, len(spec.rows) // 2):
        return None
    lines = sorted(nt.line_of(a) for a, _ in frags.values())
    if sum(1 for a, b in zip(lines, lines[1:]) if a == b) >= SAME_LINE_SHARE * (len(lines) - 1):
        return nt, frags
    # a digit run holds at most one glued match, so too few in the whole region settle it at once
    if len(_GLUED.findall(half_width(doc[start:end]))) < SAME_LINE_SHARE * len(frags):
        return None
    offsets = sorted(nt.source_offset(a) for a, _ in frags.values())
    glued = sum(1 for a, b in zip(offsets, offsets[1:] + [end]) if _GLUED.search(half_width(doc[a:b])))
    return (nt, frags) if glued >= SAME_LINE_SHARE * len(offsets) else None


def _marker(row: RowSpec | None) -> str | None:
    m = _MARKER.match(row.label_zh) if row is not None else None
    return m.group(1) if m else None




def _value_runs(doc: str, lo: int, hi: int, markers: list[str | None]) -> list[tuple[str, int, int]]:
    """The runs of digits in doc[lo:hi], with the spaces after each (before the next label); the k-th
    without ``markers[k]`` (the item marker of the row that follows it) where that is glued to its end.
    A lone item marker ("1." before a label) is no run."""
    out: list[tuple[str, int, int]] = []
    pos = lo
    while (m := _RUN.search(doc, pos, hi)) is not None:
        pos = m.end()
        raw = m.group().rstrip(" \t\u3000|")
        spaces = spaces_only(m.group()[len(raw):])
        if (page := _PAGE_MARK_END.search(raw)) is not None:
            raw, spaces = raw[:page.start()].rstrip(), 0
        if not raw.strip(CELL_DASHES + " \t\u3000"):
            continue  # dashes alone between two labels: punctuation ("——"), not a row's cells
        body = raw.rstrip("\n")  # a line break may part the next label's marker from its dot ("…372\n.没有…")
        flat = half_width(body).replace(" ", "").replace("\u3000", "")
        before_label = "." not in flat and _MARKER_AFTER.match(doc, m.start() + len(raw)) is not None
        marker = markers[len(out)] if len(out) < len(markers) else None
        if before_label and marker and flat.endswith(marker) and len(flat) > len(marker):
            kept = body[: len(body) - len(marker)]
            raw = kept.rstrip()
            spaces = spaces_only(kept[len(raw):])  # blanks before the marker
        elif before_label and flat in {x for x in markers if x}:
            continue  # the marker of a row's label, printed apart from the figures before it
        if raw:
            out.append(_with_tab_blanks(doc, raw, m.start()) if "\t" in m.group() else (raw, m.start(), spaces))
    return out


_WS_BEFORE = re.compile(r"[ \t\u3000]*$")
_GAP = re.compile(r"[ \t]+")
_WS_AFTER = re.compile(r"[ \t\u3000]*")


def _with_tab_blanks(doc: str, raw: str, at: int) -> tuple[str, int, int]:
    """A run whose cells a tab parts (a web page's text joined with a tab between its nodes,
    get_text("\t")), widened to the blank cells printed before and after its figures: an empty cell
    ("&nbsp;") stands between two tabs as a space, so "\t \t6\t2\t \t" before the next label holds a
    blank, 6, 2 and a blank."""
    lead = _WS_BEFORE.search(doc, max(0, at - 200), at)
    lead_text = lead.group() if lead else ""
    first_tab = lead_text.find("\t")
    start = at - len(lead_text) + first_tab + 1 if first_tab >= 0 else at
    end = at + len(raw)
    tail = _WS_AFTER.match(doc, end)
    tail_text = tail.group() if tail else ""
    last_tab = tail_text.rfind("\t")
    if last_tab > 0:
        end += last_tab
    return doc[start:end], start, 0


def _token_guesses(raw: str, start: int, line: int) -> list[Guess]:
    out = []
    for m in re.finditer(r"\S+", raw):
        kind = classify(m.group())
        item_kind = kind if kind in ("number", "dash") else "unreadable"
        out.append(guess_of(Item(item_kind, m.group(), start + m.start(), start + m.end(), line)))
    return out


def _piped(raw: str, start: int, line: int, n: int, sep: str = "|") -> Reading:
    """A row's cells between pipes (or tabs), as printed: an empty one is blank; a cell holding several
    tokens, or a row of other than n cells (its first cell empty, say), is not read."""
    cells: list[tuple[str, int]] = []
    at = 0
    for part in raw.split(sep):
        cells.append((part, start + at))
        at += len(part) + 1
    if len(cells) != n:
        return _unreadable(raw, start, line, n, f"“{raw}”有{len(cells)}个单元格，不是{n}个")
    out: list[Guess] = []
    for part, at in cells:
        tokens = _token_guesses(part, at, line)
        if not tokens:
            out.append(Guess("blank", None, "", at, at + len(part), line))
        elif len(tokens) == 1:
            out.append(tokens[0])
        else:
            out.append(Guess("unreadable", None, part.strip(), at, at + len(part), line, note=f"单元格“{part.strip()}”中有几个数字",
                             reason=CellReason.ambiguous))
    return tuple(out)


def _unreadable(raw: str, start: int, line: int, n: int, why: str,
                reason: CellReason = CellReason.ambiguous) -> Reading:
    return tuple(Guess("unreadable", None, raw, start, start + len(raw), line, note=why, reason=reason) for _ in range(n))


def row_readings(raw: str, start: int, line: int, n: int, groups: list[int] | None,
                 check: Callable[[Reading], bool], spaces_after: int = 0, spaces_before: int = 0,
                 lead: int = 0) -> list[Reading]:
    """Every reading of one row's run of digits as n cells (``spaces_before``: the spaces between the
    row's label and the run, which may be its first cells printed blank; ``spaces_after``: the spaces between the
    run and the next label, which may be the row's last cells printed blank; ``lead``: all the spaces
    between the label and the run, as separated_blanks reads them)."""
    if "|" in raw or "\t" in raw:
        return [_piped(raw, start, line, n, "|" if "|" in raw else "\t")]
    # for the readings that take a space for a blank cell: the run with the spaces before it (blank first cells)
    spaced_raw, spaced_at = " " * spaces_before + raw, start - spaces_before
    if may_be_separated(raw, spaces_after, lead):
        separated = separated_blanks(raw, start, line, n, spaces_after, check, lead)
        if separated:
            return separated
    tokens = _token_guesses(raw, start, line)
    if len(tokens) == n and (check(tuple(tokens)) or any(g.status != "number" for g in tokens)) \
            and not any(g.status == "unreadable" for g in tokens):
        return [tuple(tokens)]
    if _DASH_OR_COMMA.search(raw):  # dash cells, or a thousands comma, in the run
        pieces = [(m.group().rstrip(), start + m.start()) for m in _PIECES.finditer(raw)]
        flat = [half_width("".join(p.split())) for p, _ in pieces]
        valid = groups if groups and sum(groups) + len(groups) == n else None
        cuts = itertools.islice(piece_splits(flat, n, valid), MAX_DASHED)
        readings = [r for r in (cut_reading(pieces, cells, line) for cells in cuts) if check(r)]
        return readings or [_unreadable(raw, start, line, n, f"“{raw}”无法按勾稽关系对应到{n}个单元格")]
    if len(tokens) == n:
        return [tuple(tokens)]
    digits = half_width("".join(raw.split()))
    if not digits.isdigit() or len(digits) < n:
        return space_blanks(spaced_raw, spaced_at, line, n, spaces_after, check) or \
            [_unreadable(raw, start, line, n, f"“{raw}”无法对应到{n}个单元格")]
    if groups and sum(groups) + len(groups) == n:
        splits = list(itertools.islice(grouped_splits(digits, groups), MAX_SPLITS))
    else:
        splits = list(itertools.islice(digit_splits(digits, n), MAX_SPLITS))
    if not splits and (spaced := space_blanks(spaced_raw, spaced_at, line, n, spaces_after, check)):
        return spaced
    if not splits:
        if len(tokens) == n:
            return [tuple(tokens)]
        if groups:  # the row's own total is misprinted: the table's column identities may still cut it
            note = f"粘连数字“{raw}”的各种拆法都不符合本行的勾稽关系，按表内各列的勾稽关系拆分"
            return [tuple(replace(g, note=note, reason=CellReason.cut_by_columns)
                          for g in cut_reading([(raw, start)], pieces, line))
                    for pieces in itertools.islice(digit_splits(digits, n), MAX_SPLITS)] or \
                [_unreadable(raw, start, line, n, f"粘连数字“{raw}”无法按勾稽关系拆分")]
        return [_unreadable(raw, start, line, n, f"粘连数字“{raw}”无法按勾稽关系拆分")]
    glued = [cut_reading([(raw, start)], pieces, line) for pieces in splits]
    if " " in raw or spaces_after or spaces_before:  # a space may also be a blank cell's trace: both readings stand
        glued += [r for r in space_blanks(spaced_raw, spaced_at, line, n, spaces_after, check)
                  if r not in glued]
    return glued


def inline_options(doc: str, layout: Layout, end: int, spec: TableSpec, ncols: dict[str, int],
                   line_of: Callable[[int], int], groups: Callable[[str], list[int] | None],
                   check: Callable[[str], Callable[[Reading], bool]]) -> tuple[dict[str, list[Reading]], list[str]]:
    """Row key -> its readings, for a run-together table region; also the rows whose own label was
    not found (misprinted) and that took their figures from their place between found rows."""
    nt, frags = layout
    found = [i for i, r in enumerate(spec.rows) if r.key in frags]
    options: dict[str, list[Reading]] = {}
    placed: list[str] = []
    short = False
    doc_end = content_end(doc)
    separated: dict[str, tuple[str, int, int]] = {}
    leads: dict[str, int] = {}
    befores: dict[str, int] = {}
    rows: list[tuple[RowSpec, tuple[str, int, int], int]] = []  # (row, its run, spaces between label and run)
    gaps: dict[str, tuple[int, int]] = {}  # rows with nothing but whitespace before the next row's label
    for k, i in enumerate(found):
        j = found[k + 1] if k + 1 < len(found) else len(spec.rows)
        lo = nt.source_offset(frags[spec.rows[i].key][1] - 1) + 1
        hi = nt.source_offset(frags[spec.rows[j].key][0]) if j < len(spec.rows) else end
        between = spec.rows[i:j]  # after the last row found, the rows after it (a misprinted last label)
        runs = _value_runs(doc, lo, hi, [_marker(r) for r in spec.rows[i + 1:j + 1]] + [None])
        if not runs and j == i + 1 and (ws := _GAP.search(doc, lo, hi)) is not None:
            gaps[spec.rows[i].key] = ws.span()  # the first whitespace after its label: its blank cells' trace?
        if len(runs) == len(between) and len(between) > 1:
            targets = list(zip(between, runs))  # misprinted labels in between: their place says which row
            placed += [r.key for r in between[1:]]
        else:
            targets = [(spec.rows[i], runs[0])] if runs else []
        for row, run in targets:
            before = doc[max(lo, run[1] - MAX_LEAD):run[1]]
            lead = len(before) - len(before.rstrip(" "))
            # only right after the label's words: after a misread figure ("O O 0 0 0") the spaces part cells
            rows.append((row, run, lead if lead and _LABEL_END.match(doc, run[1] - lead - 1) else 0))
    # as many spaces before most rows' figures are the page's way of setting figures after a label
    # (pingtan-2022's "数量 713000074"); more, or before a few rows only, the trace of blank first cells
    # ("数量 396302888981585"; a web page's "予以公开    7 7" is four blank cells, 7, a blank cell, 7)
    leads = Counter(lead for _, _, lead in rows if lead)
    usual = next((n for n, k in leads.most_common(1) if 2 * k >= len(rows)), 0)
    for row, (raw, at, spaces), lead in rows:
        if (marked := _marked_run(doc, at, at + len(raw))) is not None:
            options[row.key] = [_unreadable(raw, at, line_of(at), ncols[row.key],
                                            f"数字“{marked}”中夹有无法识别的字符，各单元格的数字无法确定", CellReason.not_a_number)]
            continue
        if at + len(raw) >= doc_end and "\n" not in doc[at + len(raw):]:  # the file ends in this row's figures:
            # cut off, maybe inside them (a line break after them would say the line was whole)
            options[row.key] = [_unreadable(raw, at, line_of(at), ncols[row.key], CUT_OFF, CellReason.cut_off)]
            continue
        before = max(0, lead - usual)
        options[row.key] = row_readings(raw, at, line_of(at), ncols[row.key], groups(row.key), check(row.key),
                                        spaces, before, lead)
        short = short or _too_few(" " * before + raw + " " * spaces, ncols[row.key])
        separated[row.key], leads[row.key], befores[row.key] = (raw, at, spaces), lead, before
    spaced_out = separated_rows(options, separated, ncols, line_of, check, leads)
    run_together = space_blank_rows(options, separated, ncols, line_of, check, befores)
    options.update(blank_label_rows(doc, gaps, ncols, line_of, run_together=run_together, separated=spaced_out))
    spaced_table(options, separated, ncols, check)
    if short:  # cells left blank in the page vanished when the crawler ran the row together
        for key, readings in options.items():
            if any(g.reason in (CellReason.glued_split, CellReason.cut_by_columns) for r in readings for g in r):
                options[key] = [doubted_all(readings, VANISHED, CellReason.blanks_vanished)]
    return options, placed


# a crawler's run of a row's digits stops at a mark between digits ("37000003\ufffd7", "230 00002*3"), and
# what follows may be the rest of its last figure (37 read 3) or the start of its first
_MARK_IN_RUN = re.compile(FIGURE_MARK)


def _marked_run(doc: str, start: int, end: int) -> str | None:
    """The run doc[start:end] with the mark and figure that touch it ("37000003\ufffd7"), where a mark
    stands between its digits and another digit; None otherwise."""
    lo, hi = start, end
    if end + 1 < len(doc) and doc[end + 1].isdecimal() and _MARK_IN_RUN.match(doc, end):
        hi = end + 2
    if start >= 2 and doc[start - 2].isdecimal() and _MARK_IN_RUN.match(doc, start - 1):
        lo = start - 2
    return doc[lo:hi] if (lo, hi) != (start, end) else None


MAX_LEAD = 13  # spaces before a row's figures looked at as its first cells printed blank (six, one space apart)
_LABEL_END = re.compile(r"[\u4e00-\u9fff）)”]")
VANISHED = "该表有的行数字个数少于列数，网页表格中的空白单元格连写后已消失，粘连数字的拆分不可靠，未读取"


def _too_few(raw: str, n: int) -> bool:
    """A run with fewer figures, dashes and spaces than the row has cells: some of its cells were printed
    empty and left no trace (a space may be the trace of one: see space_blanks)."""
    return sum(1 for ch in half_width(raw) if ch.isdigit() or ch in CELL_DASHES or ch == " ") < n


def _pinned(spec: TableSpec, options: dict[str, list[Reading]], key: str, columns: int) -> bool:
    """Whether each of the first ``columns`` columns has a column identity holding row ``key`` whose every
    row is read one way, as numbers: a column whose other rows are unread confirms no cut (it cannot fail)."""
    def number(k: str, c: int) -> bool:
        r = options.get(k)
        return r is not None and len(r) == 1 and c < len(r[0]) and r[0][c].status == "number"
    idents = [i for i in spec.column_identities() if key in i.plus + i.minus]
    return bool(idents) and all(any(all(number(k, c) for k in i.plus + i.minus) for i in idents) for c in range(columns))


def confirm_cut_by_columns(spec: TableSpec, options: dict[str, list[Reading]], ncols: dict[str, int]) -> None:
    """A glued row no cut of which adds up in its own row was cut every way; the column identities must
    have left one cut that they confirm in every column but the row's total (the misprinted cell), or
    the row is unreadable: its digits may hold fewer cells than printed (empty cells vanished), and a
    cut the columns did not pin is a guess."""
    last = min(ncols.values()) - 1
    for key, readings in options.items():
        if not any(g.reason is CellReason.cut_by_columns for g in readings[0]):
            continue
        if len(readings) == 1 and failing_columns(spec, options, last + 1) <= {last} and _pinned(spec, options, key, last):
            continue
        options[key] = [doubted_all(readings, "粘连数字的各种拆法都不符合本行的勾稽关系，各列的勾稽关系也不能确定拆法，未读取")]
