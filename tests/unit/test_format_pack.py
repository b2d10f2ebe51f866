"""The format pack is the one place that knows rows and identities: adding an official row there is
all it takes for the extractor to read it and the checker to count it in 勾稽关系."""

from __future__ import annotations

import pytest
from fixtures.synth import consistent_t4, report_text
from helpers import check_text, failing

from agents.extract.report import extract_report
from schemas import formats
from schemas.formats import FormatVersion

V = FormatVersion.v2021


def _rows(spec: formats.TableSpec, new: list[int]) -> dict[str, list[int]]:
    """A consistent 表三 in which only the new row and 予以公开 have figures."""
    zero = [0] * 6
    rows = {r.key: list(zero) for r in spec.rows}
    rows["granted"], rows["other_new"] = [3, 0, 0, 0, 0, 0], list(new)
    rows["new_received"] = [a + b for a, b in zip(rows["granted"], rows["other_new"])]
    rows["total_handled"] = list(rows["new_received"])
    return {k: v + [sum(v)] for k, v in rows.items()}


def test_a_new_official_row_is_one_change_in_the_pack(monkeypatch):
    extra = formats.RowSpec(key="other_new", label_zh="4.新增的其他情形", group_zh="（六）其他处理",
                            anchors=["新增的其他情形"], columns=formats.T3_COLUMNS)
    spec = formats._t3_spec(V, formats._T3_OTHER_2021 + [extra])  # the only change: one row in the pack
    monkeypatch.setitem(formats.TABLE3, V, spec)
    rows = _rows(spec, [2, 0, 0, 0, 0, 0])
    text = report_text(rows, consistent_t4([0] * 12))
    t3 = extract_report(text, "x.txt").tables["三"]
    assert [c.value for c in t3.row_cells("other_new")] == [2, 0, 0, 0, 0, 0, 2]  # the extractor reads it
    assert not failing(check_text(text)) & {"T3-OUTCOME-TOTAL", "T3-BALANCE"}  # and it is counted in the sums
    rows["other_new"][1] = 5  # a figure the totals do not include
    rows["other_new"][6] = 7
    assert "T3-OUTCOME-TOTAL" in failing(check_text(report_text(rows, consistent_t4([0] * 12))))


def test_every_identity_names_a_catalogue_rule_and_real_keys():
    from agents.checks import RULES_BY_ID

    for tables in formats.TABLES.values():
        for spec in tables.values():
            rows, cols = {r.key for r in spec.rows}, {c.key for r in spec.rows for c in r.columns}
            for ident in spec.identities:
                assert ident.rule_id in RULES_BY_ID
                assert set(ident.plus + ident.minus) <= (rows if ident.axis == "column" else cols)


def test_schema_of_a_table_prints_the_format_packs_rows_columns_and_identities():
    import json

    from typer.testing import CliRunner

    from agents.cli import app
    from schemas.formats import FormatVersion, table_spec

    out = CliRunner().invoke(app, ["schema", "table3"])
    assert out.exit_code == 0
    schema = json.loads(out.stdout)
    spec = table_spec("三", FormatVersion.v2021)
    assert {r.key for r in spec.rows} <= set(schema["$defs"]["Cell"]["properties"]["row"]["enum"])
    assert "total" in schema["$defs"]["Cell"]["properties"]["column"]["enum"]
    pack = schema["x-formats"]["2021"]
    assert [r["key"] for r in pack["rows"]] == [r.key for r in spec.rows]
    assert [i["rule_id"] for i in pack["identities"]] == [i.rule_id for i in spec.identities]
    assert json.loads(CliRunner().invoke(app, ["schema", "table4"]).stdout)["x-formats"]["2019"]["rows"]


@pytest.mark.parametrize("year,version", [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2030, "2021"),
                                          (2015, "2019"), (None, "2021")])
def test_the_format_a_year_calls_for_comes_from_the_packs_first_years(year, version):
    assert formats.format_for_year(year).value == version


def test_moving_a_formats_first_year_is_one_change_in_the_pack(monkeypatch):
    """The cut-off between formats is written once (``FIRST_YEAR``): the rule on format vs year and the
    version assumed for a report whose tables did not tell both read it."""
    text = report_text({k: [0] * 7 for k in (r.key for r in formats.TABLE3[V].rows)}, consistent_t4([0] * 12),
                       year=2024)
    assert "FMT-VERSION" not in failing(check_text(text))
    monkeypatch.setitem(formats.FIRST_YEAR, V, 2025)  # as if the 2021 format applied from 2025 on
    assert "FMT-VERSION" in failing(check_text(text))


def test_the_format_is_told_by_the_words_only_it_prints():
    from agents.extract.meta import detect_version

    assert detect_version("信息内容 本年制发件数 本年废止件数 现行有效件数")[0] is FormatVersion.v2021
    assert detect_version("信息内容 本年新制作数量 本年新公开数量 对外公开总数量")[0] is FormatVersion.v2019
    assert detect_version("本年制发件数 本年新制作数量") == (None, [])  # as many of each: not told
    assert detect_version("没有表格的文字") == (None, [])
    for version, words in formats.VERSION_EVIDENCE.items():  # no word of one format is part of another's
        others = [w for v, ws in formats.VERSION_EVIDENCE.items() if v is not version for w in ws]
        assert not [w for w in words if any(w in o or o in w for o in others)], version


def test_only_a_format_that_prints_documents_in_force_is_checked_across_years():
    assert formats.tracks_documents_in_force(FormatVersion.v2021)
    assert not formats.tracks_documents_in_force(FormatVersion.v2019)
