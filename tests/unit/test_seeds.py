"""Every cell of the four seed reports and of the Huaian corpus report comes out exactly as printed."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, seed
from fixtures.relaid import cell_readings, changed_numbers

from agents.extract.report import extract_report
from agents.ingest import read_path
from schemas.cells import CellStatus
from schemas.formats import TABLE3, FormatVersion


def _report(name: str):
    doc = read_path(seed(name))
    return extract_report(doc.text, doc.source), doc.text


def _statuses(table):
    return {(c.row, c.column): (c.status.value, c.value) for c in table.cells}


def _expect_all(table, default=("number", 0), **overrides):
    """Every cell is ``default`` except the (row, column) -> (status, value) given."""
    got = _statuses(table)
    special = {tuple(k.split(":")): v for k, v in overrides.items()}
    for key, value in got.items():
        assert value == special.get(key, default), f"{table.table_id} {key}: {value}"


def test_seed_000_pipe_rows_with_dashes():
    r, _ = _report("000")
    assert (r.meta.agency, r.meta.year, r.meta.format_version) == ("抚顺市司法局", 2025, FormatVersion.v2021)
    t2 = r.tables["二"]
    dash = ("dash", None)
    assert _statuses(t2) == {
        ("regulations", "issued"): dash, ("regulations", "repealed"): dash, ("regulations", "in_force"): dash,
        ("normative_documents", "issued"): dash, ("normative_documents", "repealed"): dash,
        ("normative_documents", "in_force"): ("number", 1), ("licensing", "decisions"): ("number", 324),
        ("punishment", "decisions"): ("number", 1), ("enforcement", "decisions"): dash, ("fees", "amount"): dash}
    _expect_all(r.tables["三"])
    _expect_all(r.tables["四"])


def test_seed_001_tabs_no_total_column_and_short_rows():
    r, _ = _report("001")
    assert (r.meta.agency, r.meta.year, r.meta.format_version) == ("灋河回族区司法局", 2025, FormatVersion.v2021)
    t3 = r.tables["三"]
    missing = ("missing", None)
    overrides = {f"{row}:total": missing for row in [x.key for x in TABLE3[FormatVersion.v2021].rows]}
    short_rows = [x.key for x in TABLE3[FormatVersion.v2021].rows if x.group_zh]  # three-level rows: 5 numbers
    overrides.update({f"{row}:other_org": missing for row in short_rows})
    overrides.update({"new_received:natural_person": ("number", 6), "granted:natural_person": ("number", 4),
                      "withheld_prohibited:natural_person": ("number", 1),
                      "withheld_internal:natural_person": ("number", 1),
                      "total_handled:natural_person": ("number", 6)})
    _expect_all(t3, **overrides)
    assert len(short_rows) == 19
    _expect_all(r.tables["四"])
    _expect_all(r.tables["二"])


def test_seed_002_2019_format_cell_per_line_with_blank_total():
    r, _ = _report("002")
    assert (r.meta.year, r.meta.format_version) == (2020, FormatVersion.v2019)
    assert r.meta.agency == "抚顺市司法局"
    t2 = r.tables["二"]
    assert t2.version is FormatVersion.v2019
    _expect_all(t2, **{"licensing:change": ("number", 188), "licensing:decisions": ("number", 188)})
    assert {c.row for c in t2.cells} >= {"other_services", "procurement"}
    t3 = r.tables["三"]
    assert "other_handling" in {c.row for c in t3.cells}  # the 2019 single （六）其他处理 row
    _expect_all(t3, **{"unavailable_unclear:total": ("blank", None)})
    _expect_all(r.tables["四"])


def test_seed_003_pdf_like_tabs_with_blank_review_cells():
    r, _ = _report("003")
    assert (r.meta.agency, r.meta.year) == ("阜新市司法局", 2023)
    _expect_all(r.tables["二"], **{"normative_documents:issued": ("number", 2),
                                   "normative_documents:in_force": ("number", 10)})
    _expect_all(r.tables["三"], **{f"{row}:{col}": ("number", 1) for row in
                                   ("new_received", "unavailable_needs_creation", "total_handled")
                                   for col in ("natural_person", "total")})
    _expect_all(r.tables["四"], **{f"review:{c}": ("blank", None) for c in
                                   ("upheld", "corrected", "other_result", "pending", "total")})


@pytest.mark.parametrize("fragment", ["\t\t4.保\n护第三方合法权益", " \t\t（\n4.保护第三方合法权益"])
def test_the_next_rows_label_run_onto_a_row_proves_no_total_column(fragment):
    """001's 表三 has no 总计 column: every row prints six cells at most. Where the line breaks of one row
    moved, the next row's label starting on its line after an empty cell ("…\t0\t0\t\t4.保" and then
    "护第三方合法权益…"), that row looked seven cells wide: the table was read with a 总计 column, and
    each row printing an empty cell after its label (a merged label's) moved one column right (6 in
    商业企业)."""
    _, text = _report("001")
    joined = text.replace("\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\n\t\t4.保护第三方合法权益",
                          "\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0" + fragment)
    assert joined != text
    before, after = extract_report(text, "001.txt"), extract_report(joined, "001.txt")
    assert not changed_numbers(cell_readings(before), cell_readings(after))
    assert after.tables["三"].row_cells("new_received")[0].value == 6
    assert "表三没有“总计”列：各行只有六个申请人类别的数字" in after.tables["三"].notes


def test_a_tab_row_broken_before_its_total_takes_it_from_the_next_line():
    """003's rows print an empty cell after the label (a merged label's) and a tab after the last cell.
    Broken before its total ("…\t0\t0\t" and then "1\t"), row 一 still printed seven cells with that
    empty one: it was read as blank, 1, 0 … 0 (every figure one column right, a total of 0 and a false
    row-sum error). The next line's figure completes it, the arithmetic confirming."""
    _, text = _report("003")
    broken = text.replace("一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t\n",
                          "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t\n1\t\n")
    assert broken != text
    before, after = extract_report(text, "003.txt"), extract_report(broken, "003.txt")
    assert cell_readings(after) == cell_readings(before)
    assert [c.value for c in after.tables["三"].row_cells("new_received")] == [1, 0, 0, 0, 0, 0, 1]


@pytest.mark.parametrize("source", ["text", "pdf"])
def test_huaian_every_cell_matches_gold(source):
    gold = json.loads((CORPUS / "huaian-2024.gold.json").read_text(encoding="utf-8"))
    path = CORPUS / "huaian-2024.pdf.txt" if source == "text" else seed("huaian-2024.pdf")
    doc = read_path(path)
    r = extract_report(doc.text, doc.source)
    keys = [row.key for row in TABLE3[FormatVersion.v2021].rows]
    assert len(gold["rows"]) == len(keys)
    for (label, values), key in zip(gold["rows"].items(), keys):
        got = [c.value for c in r.tables["三"].row_cells(key)]
        assert got == values, (label, got, values)
    assert [c.value for c in r.tables["四"].cells] == gold["section4_list"]
    t2 = r.tables["二"]
    assert [c.value for c in t2.row_cells("regulations")] == gold["section2"]["规章"]
    assert [c.value for c in t2.row_cells("normative_documents")] == gold["section2"]["行政规范性文件"]
    assert t2.get("punishment", "decisions").value == gold["section2"]["行政处罚"]
    assert t2.get("fees", "amount").value == gold["section2"]["行政事业性收费(万元)"]
    assert all(c.status is CellStatus.number for t in r.tables.values() for c in t.cells)
