"""The official template's layout as DOCX-to-Markdown converters print it (tests/fixtures/docx_md, see
its README): every cell reads to the gold. Markdown's backslash escapes, which converters put before
a dot after digits ("3\\.其他", "96171\\.6"), are read as the characters they show."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, ROOT

from agents.evaluation import score
from agents.extract.report import extract_report
from agents.ingest import read_bytes, read_path

FIXTURES = ROOT / "tests" / "fixtures" / "docx_md"
GOLD = json.loads((CORPUS / "huaian-2024.gold.json").read_text(encoding="utf-8"))


BLANKS_GOLD = json.loads((FIXTURES / "huaian-2024-blanks.gold.json").read_text(encoding="utf-8"))
TEXTS = ["docx2txt.txt", "mammoth-raw.txt", "docx2python.txt"]


@pytest.mark.parametrize("name", ["huaian-2024.mammoth.md", "huaian-2024.markitdown.md",
                                  *(f"huaian-2024.{t}" for t in TEXTS), *(f"huaian-2024-blanks.{t}" for t in TEXTS),
                                  "huaian-2024-blanks.pandoc.md", "huaian-2024-blanks.pandoc-plain.txt"])
def test_converter_markdown_of_the_official_template_reads_to_gold(name):
    """Blank cells too: a converter that prints one cell a paragraph, paragraphs parted by an empty line
    (docx2txt, mammoth's raw text, docx2python), prints an empty cell as an empty paragraph, so three
    empty lines between two figures are one blank cell between them, five two (these read 116/190 when
    empty lines were passed over)."""
    doc = read_path(FIXTURES / name)
    report = extract_report(doc.text, name)
    gold = BLANKS_GOLD if "-blanks." in name else GOLD
    for tables in (("二",), ("三",), ("四",)):
        s = score(report, gold, tables)
        assert s.wrong_numbers == 0 and s.right == s.total, (tables, s.misses[:5])


def test_empty_paragraphs_before_a_label_are_a_merged_label_not_blank_figures():
    """Word repeats a label merged down the rows as an empty cell at the start of each row under it:
    docx2txt prints it as an empty paragraph before the row's label, after the last figure of the row
    above ("1362", "", "", "", "（二）部分公开…"), which is no blank cell of that row; a row's own trailing
    blank cells are the empty paragraphs that complete it to the table's width."""
    text = (FIXTURES / "huaian-2024-blanks.docx2txt.txt").read_text(encoding="utf-8")
    assert "1362\n\n\n\n（二）部分公开" in text
    assert "4.无正当理由大量反复申请\n\n\n\n0\n\n0\n\n\n\n0\n\n\n\n\n\n\n\n\n\n5." in text
    t3 = extract_report(text, "x.txt").tables["三"]
    assert [c.value for c in t3.row_cells("granted")] == [1288, 21, 0, None, 50, 3, 1362]
    assert [c.status.value for c in t3.row_cells("rejected_excessive")] == \
        ["blank", "number", "number", "blank", "number", "blank", "blank"]


def test_markdown_escapes_are_read_as_shown_and_said():
    raw = (FIXTURES / "huaian-2024.mammoth.md").read_text(encoding="utf-8")
    assert "3\\.其他" in raw and "96171\\.6" in raw
    doc = read_path(FIXTURES / "huaian-2024.mammoth.md")
    assert "3.其他" in doc.text and "96171.6" in doc.text and "\\." not in doc.text
    assert any("反斜杠转义" in n for n in doc.notes)
    t2 = extract_report(doc.text, "x.md").tables["二"]
    assert t2.get("fees", "amount").value == 96171.6


def test_an_escaped_pipe_stays_and_text_files_are_left_as_they_are():
    md = "| 规章 | 1\\|2 | 3\\. |\n"
    assert read_bytes(md.encode(), "r.md").text == "| 规章 | 1\\|2 | 3. |\n"
    assert read_bytes(md.encode(), "r.txt").text == md


def test_escapes_are_read_in_markdown_that_also_holds_html_tables():
    md = "五、存在的主要问题\n3\\.其他\n<table><tr><td>规章</td><td>1</td></tr></table>\n"
    doc = read_bytes(md.encode(), "r.md")
    assert "3.其他" in doc.text and "\\." not in doc.text and "<table" not in doc.text


def test_a_merged_label_printed_twice_lends_no_item_marker_to_the_row_after_it():
    """docx2python prints a merged label cell once for each row it spans ("（一）予以公开" twice). Where
    the next row's label is printed without its item marker ("部分公开（区分处理的…）"), the search for
    that marker went back into the second "(一)予以公开", so the row's label began before 予以公开's
    figures and took them (1288 for 447)."""
    path = FIXTURES / "huaian-2024.docx2python.txt"
    text = path.read_text(encoding="utf-8")
    label = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert text.count(label) == 2
    s = score(extract_report(text.replace(label, label[len("（二）"):], 1), path.name), GOLD)
    assert s.wrong_numbers == 0 and s.right == s.total, s.misses[:5]


def test_lines_of_one_space_among_words_empty_paragraphs_are_empty_paragraphs():
    """A table's text a cell a paragraph, its blank cells empty paragraphs (docx2python), with two of its
    empty lines made lines of one space (an editor's, a converter's): the region was taken for a web
    page's text a node a line, where a line of one space is a blank cell, and rows far from those lines
    read shifted (本年新收's 法律服务机构 3119 for 61)."""
    path = FIXTURES / "huaian-2024-blanks.docx2python.txt"
    text = path.read_text(encoding="utf-8")
    spaced = text.replace("公开出版物\n\n\n\n0\n\n0\n\n\n\n", "公开出版物\n\n\n\n0\n\n0\n\n \n\n", 1) \
        .replace("\n\n108\n\n2\n\n\n\n\n\n\n\n", "\n\n108\n\n2\n\n\n\n\n\n\n \n", 1)
    assert spaced.count("\n \n") == 2
    before, after = extract_report(text, path.name), extract_report(spaced, path.name)
    assert [c.value for c in after.tables["三"].cells] == [c.value for c in before.tables["三"].cells]
    assert [c.status for c in after.tables["三"].cells] == [c.status for c in before.tables["三"].cells]
