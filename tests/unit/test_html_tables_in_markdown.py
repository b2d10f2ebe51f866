"""Markdown whose tables are HTML (PDF-to-Markdown converters such as MinerU write each table as one
``<table>`` line, merged cells as rowspan/colspan): the tables are read cell by cell, the text around
them as Markdown. Built from the real huaian-2024 PDF: its tables as pdfplumber's table finder reads
them, written as HTML where the text has them."""

from __future__ import annotations

import html
import json

import pdfplumber
import pytest
from conftest import CORPUS

from agents.evaluation import score
from agents.extract.report import extract_report
from agents.ingest import read_bytes

GOLD = json.loads((CORPUS / "huaian-2024.gold.json").read_text(encoding="utf-8"))


def _html(rows: list[list[str | None]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{html.escape((c or '').replace(chr(10), ''))}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f"<html><body><table>{body}</table></body></html>"


@pytest.fixture(scope="module")
def markdown() -> str:
    with pdfplumber.open(CORPUS / "huaian-2024.pdf") as pdf:
        tables = [t for page in pdf.pages for t in page.extract_tables()]
    text = (CORPUS / "huaian-2024.pdf.txt").read_text(encoding="utf-8")
    cut = [text.index(h) for h in ("三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议", "五、存在的主要问题")]
    t3 = [t for t in tables if any("本年新收" in (c or "") or "结转下年度" in (c or "") for r in t for c in r)]
    t4 = [t for t in tables if any("复议后起诉" in (c or "") for r in t for c in r) and t not in t3]
    assert len(t3) == 2 and len(t4) == 1  # 三 over a page break, 四 on one page
    return (text[:cut[0]] + "## 三、收到和处理政府信息公开申请情况\n\n" + "\n\n".join(map(_html, t3))
            + "\n\n## 四、政府信息公开行政复议、行政诉讼情况\n\n" + _html(t4[0]) + "\n\n" + text[cut[2]:])


def test_html_tables_in_markdown_read_to_gold(markdown):
    doc = read_bytes(markdown.encode("utf-8"), "huaian-2024.md")
    assert doc.kind == "markdown" and "<table" not in doc.text
    assert any("HTML 格式的表格" in n for n in doc.notes)
    s = score(extract_report(doc.text, doc.source), GOLD)
    assert s.wrong_numbers == 0 and s.right == s.total, s.misses[:5]


def test_markdown_without_html_tables_is_left_as_it_is():
    text = (CORPUS / "kewei-2024.md").read_text(encoding="utf-8")
    doc = read_bytes(text.encode("utf-8"), "kewei-2024.md")
    assert doc.text == text and not doc.notes


def test_a_table_near_the_top_keeps_the_file_markdown(markdown):
    """An HTML table in the first 2 KB (where a file is sniffed as a web page) leaves Markdown Markdown:
    its lines stay lines."""
    top = markdown[markdown.index("## 三、"):]
    doc = read_bytes(top.encode("utf-8"), "tables-first.md")
    assert doc.kind == "markdown" and "<table" not in doc.text
    assert "五、存在的主要问题及改进情况\n" in doc.text


def test_tags_in_any_case_and_an_unclosed_table_stays_text():
    from agents.ingest.html import inline_tables

    text, count = inline_tables("<TABLE><tr><td>规章</td><td>1</td></tr></TABLE>\n正文 <table 未闭合")
    assert count == 1 and text == "\n规章\t1\n\n正文 <table 未闭合"
    assert inline_tables("<table>" * 1000 + "正文") == ("<table>" * 1000 + "正文", 0)
