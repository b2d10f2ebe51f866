"""Word documents as people really save them: figures typed with track changes on (w:ins), the whole
report inside a one-cell layout table, content controls (w:sdt). Every figure is read."""

from __future__ import annotations

import io

import docx
import pytest
from conftest import seed
from docx.oxml.ns import qn
from helpers import check_text

from agents.extract.report import extract_report
from agents.ingest import read_bytes


def _document() -> docx.document.Document:
    """Seed 003 (tab-separated tables) as a Word document: lines as paragraphs, tab rows as tables."""
    d = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=width)
            for i, r in enumerate(rows):
                for j, v in enumerate(r):
                    t.cell(i, j).text = v
            rows.clear()

    for line in seed("003").read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
        else:
            flush()
            if line.strip():
                d.add_paragraph(line)
    flush()
    return d


def _bytes(d: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _tables(data: bytes) -> dict:
    doc = read_bytes(data, "x.docx")
    return {k: t.values() for k, t in extract_report(doc.text, "x.docx").tables.items()}


BASE = None


def _base() -> dict:
    global BASE
    if BASE is None:
        BASE = _tables(_bytes(_document()))
    return BASE


def test_tracked_insertion_is_read():
    d = _document()
    cell_p = d.tables[-1].rows[-1].cells[0].paragraphs[0]  # 表四's figures row, first cell
    run = cell_p.runs[0]._r
    ins = run.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "x", qn("w:date"): "2024-01-01T00:00:00Z"})
    run.addprevious(ins)
    ins.append(run)  # the figure now stands inside a tracked insertion
    assert _tables(_bytes(d)) == _base()


@pytest.mark.parametrize("wrapper", ["layout-table", "content-control"])
def test_report_inside_a_layout_table_or_content_control(wrapper):
    d = _document()
    body = d.element.body
    blocks = [el for el in body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))]
    if wrapper == "layout-table":
        outer = d.add_table(rows=1, cols=1)._tbl
        tc = outer.find(qn("w:tr")).find(qn("w:tc"))
        for p in tc.findall(qn("w:p")):
            tc.remove(p)
        holder = tc
    else:
        outer = body.makeelement(qn("w:sdt"), {})
        holder = outer.makeelement(qn("w:sdtContent"), {})
        outer.append(holder)
    for el in blocks:
        holder.append(el)
    if wrapper == "layout-table":
        holder.append(holder.makeelement(qn("w:p"), {}))  # a cell ends with a paragraph
    body.insert(0, outer)
    data = _bytes(d)
    assert _tables(data) == _base()
    text = read_bytes(data, "x.docx").text
    assert not {f.rule_id for f in check_text(text, "x.docx")} & {"SEC-REQUIRED", "TBL-MISSING", "READ-TABLE"}

