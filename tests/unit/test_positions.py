"""The word-position reader (OCR output and unruled PDF pages): columns, blanks, labels, uncertainty."""

from __future__ import annotations

import math

from agents.extract.norm import UNREADABLE_MARK
from agents.ingest.positions import Word, deskew, read_page, rotate

H = 10.0
COLS = (100.0, 150.0, 200.0)


def _row(y: float, label: str, cells: list[str | None], conf: float = 0.99) -> list[Word]:
    words = [Word(label, 0, y, 12 * len(label), y + H)]
    for x, text in zip(COLS, cells):
        if text is not None:
            words.append(Word(text, x - 3 * len(text), y, x + 3 * len(text), y + H, conf))
    return words


def _table(*rows: list[str | None]) -> list[Word]:
    words: list[Word] = []
    for i, cells in enumerate(rows):
        words += _row(100 + 30 * i, "甲乙丙丁戊"[i] + "行", cells)
    return words


def test_a_blank_cell_stays_in_its_column():
    page = read_page(_table(["1", "2", "3"], ["4", None, "6"], ["7", "8", "9"]))
    lines = page.text.split("\n")
    assert lines == ["甲行\t1\t2\t3", "乙行\t4\t\t6", "丙行\t7\t8\t9"]
    assert page.tables == 1 and page.uncertain == []


def test_wrapped_label_joins_its_row_but_headings_and_page_numbers_do_not():
    words = _table(["1", "2", "3"], ["4", "5", "6"])
    words.append(Word("（二）部分公开", 0, 118, 80, 128))  # the label's first line, just above row 乙
    words.append(Word("四、政府信息公开行政复议、行政诉讼情况", 0, 150, 80, 160))  # the next section's heading
    words.append(Word("-3-", 120, 400, 140, 410))
    lines = read_page(words).text.split("\n")
    assert lines[1] == "（二）部分公开 乙行\t4\t5\t6"
    assert lines[2] == "四、政府信息公开行政复议、行政诉讼情况"
    assert len(lines) == 3  # the page number is not the report's text


def test_figures_in_prose_are_not_a_table():
    words = [Word("全市在运维政务新媒体共计", 0, 10, 300, 20), Word("95", 304, 10, 316, 20), Word("个", 320, 10, 330, 20)]
    page = read_page(words)
    assert page.text == "全市在运维政务新媒体共计95个" and page.tables == 0


def test_glyph_that_is_no_figure_is_marked_and_low_confidence_listed():
    rows = [_row(100, "甲行", ["1", "2", "3"]), _row(130, "乙行", ["上", "5", "6"]), _row(160, "丙行", ["7", "8", "9"])]
    rows[2][2].conf = 0.6  # "8" read with low confidence
    page = read_page([w for r in rows for w in r])
    lines = page.text.split("\n")
    assert lines[1] == f"乙行\t{UNREADABLE_MARK}\t5\t6"  # a mark in its place: "5" does not move left
    seen = {(page.text[u.start:u.end], u.text, round(u.conf, 2)) for u in page.uncertain}
    assert seen == {(UNREADABLE_MARK, "上", 0.0), ("8", "8", 0.6)}


def test_second_look_fills_a_missed_figure_and_keeps_a_second_reading():
    words = _table(["1", "2", "3"], ["4", None, "6"], ["7", "8", "9"])
    asked: list[tuple[float, float, float, float]] = []

    def reread(boxes):
        asked.extend(boxes)
        out = []
        for x0, top, x1, bottom in boxes:
            cx, cy = (x0 + x1) / 2, (top + bottom) / 2
            if abs(cx - 150) < 5 and abs(cy - 135) < 6:
                out.append(("0", 0.97))  # the lone figure the detector missed
            elif abs(cx - 200) < 5 and abs(cy - 165) < 6:
                out.append(("3", 0.95))  # "9" read as "3" alone: two readings
            else:
                out.append(None)
        return out

    page = read_page(words, reread=reread)
    assert page.text.split("\n")[1] == "乙行\t4\t0\t6"
    assert len(asked) == 9 and page.reread == 1
    [u] = page.uncertain
    assert (page.text[u.start:u.end], u.alts) == ("9", ("3",))


def test_a_page_scanned_at_an_angle_is_turned_back():
    words = _table(["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"])
    words.append(Word("一段说明文字很长很长很长", 0, 40, 240, 50))
    centre = (150.0, 150.0)
    turned, quads = [], []
    for w in words:
        q = [rotate(x, y, -1.5, *centre) for x, y in ((w.x0, w.top), (w.x1, w.top), (w.x1, w.bottom), (w.x0, w.bottom))]
        wide = w.x1 - w.x0 > 40
        if not wide:  # short boxes come back square to the page, as the detector gives them
            xs, ys = [p[0] for p in q], [p[1] for p in q]
            q = [(min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys))]
        quads.append(q)
        xs, ys = [p[0] for p in q], [p[1] for p in q]
        turned.append(Word(w.text, min(xs), min(ys), max(xs), max(ys), w.conf))
    for i in range(5):  # enough wide boxes to tell the angle
        q = [rotate(x, y, -1.5, *centre) for x, y in ((0, 300 + 20 * i), (240, 300 + 20 * i), (240, 310 + 20 * i),
                                                       (0, 310 + 20 * i))]
        quads.append(q)
        turned.append(Word("说明文字" * 5, min(p[0] for p in q), min(p[1] for p in q), max(p[0] for p in q),
                           max(p[1] for p in q)))
    straight, angle = deskew(turned, quads, (300.0, 300.0))
    assert math.isclose(angle, -1.5, abs_tol=0.2)
    lines = read_page(straight).text.split("\n")
    assert "甲行\t1\t2\t3" in lines and "丙行\t7\t8\t9" in lines
