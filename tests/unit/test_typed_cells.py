"""Cells as people type them: a unit ("5件"), Chinese numerals ("五", "二十", "〇"), "约5".

Read where the figure is certain, otherwise unreadable; in no case does a later value shift into
the wrong column."""

from __future__ import annotations

import pytest
from fixtures.synth import T3_OUTCOMES, consistent_t3, consistent_t4, report_text

from agents.extract.norm import typed_number
from agents.extract.report import extract_report

OUTCOMES = {k: [0] * 6 for k in T3_OUTCOMES} | {"granted": [5, 2, 0, 0, 0, 0]}
T3 = consistent_t3(OUTCOMES, [0] * 6, [0] * 6)
T4 = consistent_t4([0] * 12)


@pytest.mark.parametrize("raw,value", [("5件", 5), ("12条", 12), ("二十", 20), ("〇", 0), ("一百零五", 105),
                                       ("约5", None), ("二三", None), ("三安全", None), ("abc", None)])
def test_typed_number(raw, value):
    assert typed_number(raw) == value


def _granted(typed: str, shape: str):
    rows = {k: [str(x) for x in v] for k, v in T3.items()}
    rows["granted"][0] = typed
    r = extract_report(report_text(rows, T4, shape=shape), "x.txt")
    return r.tables["三"].row_cells("granted")


@pytest.mark.parametrize("shape", ["pipe", "tab", "spaced"])
@pytest.mark.parametrize("typed,want", [("5件", 5), ("约5", None)])
def test_unit_or_approximation_never_shifts_the_row(shape, typed, want):
    cells = _granted(typed, shape)
    assert cells[0].value == want and (want is not None or cells[0].status.value == "unreadable")
    assert [c.value for c in cells[1:]] == [2, 0, 0, 0, 0, 7]
    if want is not None:
        assert typed in (cells[0].note or "")  # the reading says what was printed


@pytest.mark.parametrize("shape", ["pipe", "tab"])
def test_chinese_numeral_cell_is_read_in_grids(shape):
    assert [c.value for c in _granted("五", shape)] == [5, 2, 0, 0, 0, 0, 7]


def test_chinese_numeral_in_spaced_text_is_never_a_wrong_number():
    # in PDF text a lone character may be a piece of a merged label: the row stays unread, not shifted
    cells = _granted("五", "spaced")
    assert all(c.value in (None, v) for c, v in zip(cells, [5, 2, 0, 0, 0, 0, 7]))


def test_a_trusted_cell_is_the_cell_validation_would_build():
    """The extractor builds cells without validation (speed); each must equal the validated cell,
    dump and copy the same, and validate again unchanged."""
    from schemas.cells import Cell, CellReason, CellStatus, Span, trusted_cell, trusted_span

    span = trusted_span(3, 5, 2)
    assert span == Span(start=3, end=5, line=2) and span.model_fields_set == Span(start=3, end=5, line=2, page=None).model_fields_set
    fast = trusted_cell("三", "granted", "total", None, "1 2", CellStatus.unreadable, span, [12, 3], "粘连",
                        CellReason.ambiguous)
    slow = Cell(table="三", row="granted", column="total", value=None, raw="1 2", status=CellStatus.unreadable,
                span=Span(start=3, end=5, line=2), source="rules", candidates=[12, 3], note="粘连",
                reason=CellReason.ambiguous)
    assert fast == slow and fast.model_dump() == slow.model_dump()
    assert fast.model_dump_json() == slow.model_dump_json()
    assert Cell.model_validate(fast.model_dump()) == slow and fast.model_copy(update={"value": 1}).value == 1
    assert not fast.is_number and fast.model_fields_set == slow.model_fields_set
    # trusted cells share one fields-set: assigning a field, copying or dumping one changes no other cell
    other = trusted_cell("三", "granted", "legal", 2, "2", CellStatus.number, None, [], None, None)
    fast.note = "改"
    copied = fast.model_copy(update={"value": 7})
    assert other.model_fields_set == set(Cell.model_fields) == fast.model_fields_set
    assert copied.model_fields_set is not fast.model_fields_set and other.note is None
    assert other.model_dump(exclude_unset=True) == other.model_dump()


def test_cells_at_is_get_for_each_key_and_follows_a_replaced_cell_list():
    import pytest
    from conftest import seed

    from agents.extract.report import extract_report

    t3 = extract_report(seed("000").read_text(encoding="utf-8"), "000").tables["三"]
    keys = [("new_received", "natural_person"), ("total_handled", "total"), ("carried_forward", "other_org")]
    assert t3.cells_at(keys) == [t3.get(*k) for k in keys]
    t3.cells = [c.model_copy(update={"value": 99}) if (c.row, c.column) == keys[0] else c for c in t3.cells]
    assert t3.cells_at(keys[:1])[0].value == 99
    with pytest.raises(KeyError):
        t3.cells_at([("new_received", "no_such_column")])


def test_a_replaced_cell_list_is_read_even_where_it_took_the_old_lists_id():
    """The cell index is keyed on the list's id; a list freed and replaced by a new one of the same
    length can take the same id, so assigning ``cells`` itself makes the index again."""
    from schemas.cells import Cell, CellStatus
    from schemas.formats import FormatVersion
    from schemas.tables import empty_table

    t4 = empty_table("四", FormatVersion.v2021, found=True)
    key = (t4.cells[0].row, t4.cells[0].column)
    assert t4.get(*key).status is CellStatus.missing  # the index is made
    new = [Cell(table="四", row=c.row, column=c.column, value=3, raw="3", status=CellStatus.number) for c in t4.cells]
    t4.__pydantic_private__["_index_of"] = id(new)  # as if the old list had had this id
    t4.cells = new
    assert t4.get(*key).value == 3
    assert t4.cells_at([key])[0].value == 3
