"""OCR figures the recogniser was unsure of: taken only where the arithmetic confirms one reading."""

from __future__ import annotations

from fixtures.synth import consistent_t3, consistent_t4, report_text

from agents.extract.ocr_cells import readings, settle
from agents.extract.report import extract_report
from schemas.cells import CellReason, CellStatus

T3 = consistent_t3({"granted": [12, 3, 0, 1, 0, 0], "unavailable_not_held": [5, 0, 0, 0, 2, 0]},
                   carried_over=[2, 0, 0, 0, 0, 0], carried_forward=[1, 0, 0, 0, 0, 0])
T4 = consistent_t4([2, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0])


def _report():
    r = extract_report(report_text(T3, T4, shape="tab"), "scan.pdf")
    assert r.tables["三"].get("granted", "natural_person").value == 12
    return r


def _entry(cell, text, conf=0.6, alts=()):
    return (cell.span.start, cell.span.end, text, conf, tuple(alts))


def test_confusions_become_readings_in_order():
    assert readings("D", ("0",)) == [0]
    assert readings("7", ("1",)) == [7, 1]
    assert readings("上", ()) == []


def test_low_confidence_figure_the_arithmetic_confirms_is_taken_with_a_note():
    r = _report()
    cell = r.tables["三"].get("granted", "commercial")
    assert settle(r.tables, [_entry(cell, "3", 0.62)]) == 1
    assert (cell.status, cell.value, cell.reason) == (CellStatus.number, 3, CellReason.ocr_confirmed)
    assert "0.62" in cell.note and "勾稽关系均相符" in cell.note


def test_two_readings_the_arithmetic_chooses_the_one_that_fits():
    r = _report()
    cell = r.tables["三"].get("granted", "natural_person")  # printed 12; the page read "17", the cell alone "12"
    settle(r.tables, [_entry(cell, "17", 0.95, ["12"])])
    assert (cell.status, cell.value) == (CellStatus.number, 12)
    assert "“17”与“12”" in cell.note


def test_a_reading_no_identity_confirms_stays_unreadable_with_the_required_figure():
    r = _report()
    cell = r.tables["三"].get("granted", "natural_person")
    settle(r.tables, [_entry(cell, "17", 0.7)])
    assert cell.status is CellStatus.unreadable and cell.value is None
    assert cell.candidates == [17, 12]  # the recogniser's reading, and what the arithmetic requires
    assert "应为12" in cell.note


def test_two_uncertain_cells_confirmed_together():
    r = _report()
    t = r.tables["三"]
    a, b = t.get("granted", "research"), t.get("granted", "public_interest")
    assert settle(r.tables, [_entry(a, "D", 0.45, ["0"]), _entry(b, "1", 0.7)]) == 2
    assert (a.value, b.value) == (0, 1)


def test_table_two_has_no_arithmetic_so_an_uncertain_figure_is_not_taken():
    r = _report()
    cell = next(c for c in r.tables["二"].cells if c.span and c.span.end > c.span.start)
    settle(r.tables, [_entry(cell, cell.raw, 0.5)])
    assert cell.status is CellStatus.unreadable and cell.reason is CellReason.ocr_uncertain
