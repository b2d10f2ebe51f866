"""Findings carry data, and their messages are rendered from it (schemas/messages.py): a message never
says what the data does not hold, and the wording lives in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import seed

from agents.checks import run_rules
from agents.extract.report import extract_report
from agents.verdict import check_file
from schemas.findings import FindingStatus
from schemas.messages import MESSAGES, render_message

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".txt", ".md") and p.name != "README")


def _rare_findings():
    """Findings of rules no example raises: a section whose heading is gone (READ-SECTION), pages that
    are only pictures (READ-PAGES, and the absence rules they make inconclusive), an unknown format."""
    text = seed("000").read_text(encoding="utf-8")
    no_heading = re.sub(r"(?m)^\s*三、收到和处理政府信息公开申请情况.*$", "", text)
    out = run_rules(extract_report(no_heading, "x.txt"), no_heading)
    no_six = re.sub(r"(?ms)^\s*六、其他需要报告的事项.*", "", text)
    report = extract_report(no_six, "x.txt")
    out += run_rules(report, no_six, unread_pages=[3, 4])
    report.meta.format_version = None
    out += run_rules(report, no_six)
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_message_is_its_template_rendered_from_the_findings_data(path):
    v = check_file(path)
    assert v.findings
    for f in v.findings:
        assert f.message_key in MESSAGES, f.rule_id
        assert f.message_zh == f.rendered(), f.rule_id


def test_rules_no_example_raises_render_from_their_data_too():
    found = _rare_findings()
    by_rule = {f.rule_id: f for f in found}
    assert {"READ-SECTION", "READ-PAGES", "FMT-UNKNOWN", "SEC-REQUIRED"} <= set(by_rule)
    assert "表三已读取" in by_rule["READ-SECTION"].message_zh and by_rule["READ-SECTION"].data["table"] == "三"
    assert by_rule["READ-PAGES"].data["pages"] == [3, 4] and "第3页、第4页只有图片" in by_rule["READ-PAGES"].message_zh
    unread = [f for f in found if f.data.get("unread_pages")]
    assert unread and all(f.status is FindingStatus.not_read for f in unread)
    assert any(f.rule_id == "SEC-REQUIRED" and f.message_zh.endswith("此项未作结论）") for f in unread)
    for f in found:
        assert f.message_zh == f.rendered(), f.rule_id


def test_the_wording_is_the_templates_alone(monkeypatch):
    """Change a template and the message changes: the rule wrote facts, not words."""
    text = seed("000").read_text(encoding="utf-8")
    no_six = re.sub(r"(?ms)^\s*六、其他需要报告的事项.*", "", text)
    monkeypatch.setitem(MESSAGES, "SEC-REQUIRED", "MISSING {section:heading} ({section})")
    f = next(f for f in run_rules(extract_report(no_six, "x.txt"), no_six) if f.rule_id == "SEC-REQUIRED")
    assert f.message_zh == "MISSING 六、其他需要报告的事项 (6)" and f.data == {"section": 6}


def test_the_specs_write_values_as_the_messages_always_have():
    assert render_message("TBL-EXTRA-VALUES", {
        "table": "三", "line_numbers": [1, 2, 3, 4, 5, 6], "candidates": [
            {"lines": [82], "options": [["（七）总计"], ["四、结转下年度继续办理"]]}]}) == (
        "表三区域内第1行、第2行、第3行、第4行、第5行等6行的数字对应不到格式规定的任何一行，已忽略。"
        "第82行没有可识别的行标签，可能是：（七）总计；或：四、结转下年度继续办理（勾稽关系无法区分，未放入）。")
    assert render_message("CELL-BLANK", {"table": "四", "cells": 7, "cell_names": {"shown": ["a/b"] * 6, "count": 7},
                                         "as_zero": "fails", "as_zero_failing": ["“行政复议”", "“行政诉讼”"]}) == (
        "表四有7个空白单元格：a/b、a/b、a/b、a/b、a/b、a/b等7个。格式要求填写数字（没有的填0）；xxgk 未把它们当作0。"
        "按0计算时，勾稽关系不成立（“行政复议”；“行政诉讼”）。")
    assert render_message("arithmetic/fail", {"table": "三", "where": "“自然人”列", "lhs_desc": "甲", "lhs": 3.0,
                                              "rhs_desc": "乙", "rhs": 1.5, "difference": 1.5}) == (
        "表三“自然人”列：甲 = 3，乙 = 1.5，相差1.5。")
    assert render_message("LLM-FALLBACK", {"what": "表格提取", "engine": "m", "reasons": ["a", "b", "c", "d"]}) == (
        "表格提取：模型（m）调用失败，已改用内置规则。原因：a；b；c")


def test_cross_report_findings_render_from_their_data_too():
    from agents.digest.cross import cross_findings, year_pair
    from schemas.digest import ReportRow

    agency = "某某市司法局"
    prev = ReportRow(file="a.txt", sha256="1", agency=agency, year=2022, format_version="2021",
                     carry={"carried_forward": {"natural_person": 1, "total": None}, "regulations": {"in_force": 1}})
    cur = ReportRow(file="b.txt", sha256="2", agency=agency, year=2023, format_version="2021",
                    carry={"carried_over": {"natural_person": 2, "total": 3},
                           "regulations": {"in_force": 5, "issued": 1, "repealed": 0}})
    found = year_pair(prev, cur) + year_pair(prev, cur.model_copy(update={"carry": {}}))
    found += cross_findings([ReportRow(file="x.txt", sha256="9", agency=agency, year=2021),
                             ReportRow(file="y.txt", sha256="9", agency=agency, year=2021),
                             ReportRow(file="r1.txt", sha256="7", agency="乙局", year=2020),
                             ReportRow(file="r2.txt", sha256="8", agency="乙局", year=2020)])
    by_rule = {f.rule_id: f for f in found}
    assert {"XY-CARRYOVER", "XY-DOCS-IN-FORCE", "XY-NOT-CHECKED", "XY-DUPLICATE-FILE", "XY-RESUBMISSION"} <= set(by_rule)
    assert by_rule["XY-DOCS-IN-FORCE"].data["expected"] == 2 and "应为2" in by_rule["XY-DOCS-IN-FORCE"].message_zh
    assert by_rule["XY-CARRYOVER"].data["columns"] == [{"column": "自然人", "key": "natural_person", "prev_year": 2022,
                                                        "year": 2023, "carried_forward": 1, "carried_over": 2}]
    for f in found:
        assert f.message_key in MESSAGES and f.message_zh == f.rendered(), f.rule_id


def test_a_table_of_unreadable_cells_without_a_note_says_not_a_number_in_the_template():
    """The fallback wording is the template's; the data keeps the cell's note as it is (None)."""
    data = {"table": "三", "cells": 4, "cell_names": {"shown": ["a/b"], "count": 4}, "example": "a/b", "example_note": None}
    assert render_message("CELL-UNREADABLE/many_raw", data) == "表三有4个单元格无法识别，未当作0：a/b等4个。例如a/b：不是数字。"


def test_a_location_says_which_table_text_elsewhere_is_held_against():
    from schemas.cells import Span
    from schemas.findings import Location

    cell = Location(section=3, table="三", row="（一）予以公开", column="总计", span=Span(start=0, end=1, line=12))
    assert cell.text_zh() == "第三部分 / 表三 / （一）予以公开 / 总计 / 第12行"
    said = Location(section=1, table="四", quote="行政复议7件，诉讼9件，均获维持")  # a sentence of 一 against 表四
    assert said.text_zh() == "第一部分 / 对照表四：“行政复议7件，诉讼9件，均获维持”"
    assert Location(table="四").text_zh() == "表四"
