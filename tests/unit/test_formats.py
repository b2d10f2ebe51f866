"""Reports as agencies publish them: PDF (ruled tables, page breaks, merged headers) and Word."""

from __future__ import annotations

import io

import pytest
from conftest import SHARED
from fixtures.documents import filled_template, report_pdf
from fixtures.synth import T3_KEYS, consistent_t3, consistent_t4

from agents.errors import InputError
from agents.extract.report import extract_report
from agents.ingest import read_bytes
from schemas.cells import CellStatus

T3 = consistent_t3({"granted": [12, 3, 0, 1, 0, 0], "unavailable_not_held": [5, 0, 0, 0, 2, 0],
                    "rejected_repeat": [2, 0, 0, 0, 0, 0], "other_misc": [1, 1, 0, 0, 0, 0]},
                   carried_over=[2, 0, 0, 0, 0, 0], carried_forward=[1, 0, 0, 0, 0, 0])
T4 = consistent_t4([2, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0])


def _values(report, table="三"):
    return {k: [(c.status.value, c.value) for c in report.tables[table].row_cells(k)] for k in T3_KEYS}


def test_pdf_with_ruled_tables_page_break_and_blank_cell():
    rows = {k: list(v) for k, v in T3.items()}
    rows["withheld_internal"][3] = ""  # a blank cell: the text layer cannot show it, the ruling can
    doc = read_bytes(report_pdf(rows, T4, break_after=14), "drawn.pdf")
    assert doc.kind == "pdf" and "带框线的表格" in doc.notes[0]
    r = extract_report(doc.text, doc.source)
    got = _values(r)
    for key in T3_KEYS:
        expected = [("blank", None) if v == "" else ("number", v) for v in rows[key]]
        assert got[key] == expected, key
    assert [c.value for c in r.tables["四"].cells] == T4
    assert "- 1 -" not in doc.text  # page footers are dropped at reading


def test_filled_official_template_reads_back_cell_for_cell():
    template = SHARED / "reference" / "format-2021-template.docx"
    rows = {k: list(v) for k, v in T3.items()}
    rows["partly_granted"][6] = ""
    t4 = list(T4)
    t4[0:5] = ["", "", "", "", ""]
    doc = read_bytes(filled_template(template, rows, t4), "filled.docx")
    assert doc.kind == "docx"
    r = extract_report(doc.text, doc.source)
    for key in T3_KEYS:
        expected = [("blank", None) if v == "" else ("number", v) for v in rows[key]]
        assert _values(r)[key] == expected, key
    four = [(c.status.value, c.value) for c in r.tables["四"].cells]
    assert four == [("blank", None) if v == "" else ("number", v) for v in t4]
    assert r.meta.format_version is not None and r.meta.format_version.value == "2021"
    assert all(c.status is CellStatus.number for c in r.tables["二"].cells)


def test_scanned_and_encrypted_pdf_get_clear_errors():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 200, 200, fill=1)  # a "scan": drawing only, no text layer
    c.save()
    with pytest.raises(InputError, match="没有文字层"):
        read_bytes(buf.getvalue(), "scan.pdf")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(100, 100, "hello")
    c.save()
    with pytest.raises(InputError, match="加密"):
        read_bytes(buf.getvalue(), "locked.pdf")
    with pytest.raises(InputError, match="PDF"):
        read_bytes(b"%PDF-1.4\n garbage", "broken.pdf")
