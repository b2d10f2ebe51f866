"""Narrative rules on phrasings real reports use, checked on a real report (shuyang-2025: 予以公开 294,
部分公开 101; 表四 直接起诉 3 维持, 复议后起诉 8 维持/1 其他/1 未审结/10)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, ROOT, seed
from helpers import check_text

BASE = (CORPUS / "shuyang-2025.txt").read_text(encoding="utf-8")
ANCHOR = "确保权力在阳光下运行。"


def _with(sentence: str) -> set[str]:
    assert ANCHOR in BASE
    findings = check_text(BASE.replace(ANCHOR, ANCHOR + sentence), "shuyang-2025.txt")
    return {f.rule_id for f in findings if f.severity.value in ("error", "warning")}


@pytest.mark.parametrize("sentence,raised", [
    ("全年对申请予以公开及部分公开395件。", False),  # 294 + 101: both rows together, not 部分公开 = 395
    ("全年对申请予以公开及部分公开400件。", True),
    ("全年对申请部分公开101件。", False),
    ("全年对申请部分公开99件。", True),
])
def test_granted_and_partly_granted_together(sentence, raised):
    assert ("NARR-OUTCOME" in _with(sentence)) is raised


def test_litigation_without_the_word_administrative():
    assert "NARR-ALL-UPHELD" in _with("涉及政府信息公开的诉讼13件，均获维持。")  # 复议后起诉 has 其他结果 and 尚未审结
    assert "NARR-REVIEW" in _with("涉及政府信息公开的诉讼12件。")
    assert not {"NARR-REVIEW", "NARR-ALL-UPHELD"} & _with("涉及政府信息公开的诉讼13件。")


def test_parts_after_two_marks_before_qizhong():
    assert "NARR-PARTS-SUM" in _with("共公开信息100条，(其中政策文件40条，规划信息30条，其他信息20条)。")
    assert "NARR-PARTS-SUM" not in _with("共公开信息90条，(其中政策文件40条，规划信息30条，其他信息20条)。")


def test_period_naming_the_year_before_the_body_is_caught():
    text = (CORPUS / "pingtan-2022.txt").read_text(encoding="utf-8")
    text = text.replace("平潭综合实验区2022年度政府信息公开工作年度报告", "平潭综合实验区政府信息公开工作年度报告")
    text = text.replace("统计时限为2022年1月1日至2022年12月31日", "统计时限为2021年1月1日至2021年12月31日")
    found = {f.rule_id: f for f in check_text(text, "pingtan.txt")}
    assert "META-BODY-YEAR" in found and found["META-BODY-YEAR"].data["body_year"] == 2022


def test_no_stated_period_is_said():
    text = (CORPUS / "pingtan-2022.txt").read_text(encoding="utf-8").replace(
        "本报告中所列数据统计时限为2022年1月1日至2022年12月31日。", "")
    assert "META-PERIOD-MISSING" in {f.rule_id for f in check_text(text, "pingtan.txt")}


def test_a_stated_period_whose_dates_a_converter_took_apart_is_not_said_to_be_missing():
    """markitdown made a table of huaian-2024's first sentences ("统计期限自 | | 年 | 月 日至 | 年 | 月 | 日。",
    the figures on the next row): the report states its period, xxgk cannot read the dates. It says so,
    unchecked, and never that the report states none."""
    text = (ROOT / "tests/fixtures/pdf_text/huaian-2024.markitdown.md").read_text(encoding="utf-8")
    f = next(x for x in check_text(text, "huaian.md") if x.rule_id == "META-PERIOD-MISSING")
    assert f.status.value == "not_assessable" and "日期未能读出" in f.message_zh and "没有写明" not in f.message_zh
    assert f.locations[0].span is not None and f.locations[0].span.line == 6
    text = (CORPUS / "pingtan-2022.txt").read_text(encoding="utf-8").replace(
        "本报告中所列数据统计时限为2022年1月1日至2022年12月31日。", "本报告中所列数据统计时限为年度。")
    f = next(x for x in check_text(text, "pingtan.txt") if x.rule_id == "META-PERIOD-MISSING")
    assert f.status.value == "fail" and "没有写明" in f.message_zh  # no dates worded at all: missing


def test_agency_name_spelt_two_ways():
    text = seed("001").read_text(encoding="utf-8")
    f = next(x for x in check_text(text, "001.txt") if x.rule_id == "META-AGENCY-NAME")
    assert "瀘河区司法局" in f.message_zh and f.severity.value == "info"


@pytest.mark.parametrize("sentence,rule,raised", [
    # another body's or a part's count is not the report's own total: left alone
    ("市政府办公室收到申请120件，市发改委收到申请56件。", "NARR-APPLICATIONS", False),
    ("其中，县本级收到申请120件，各乡镇收到申请56件。", "NARR-APPLICATIONS", False),
    ("其中，县本级予以公开20件。", "NARR-OUTCOME", False),
    ("全年收到申请1013件，其中，予以公开20件。", "NARR-OUTCOME", True),  # "其中" before an outcome: the report's own
    # the agency itself, or no subject: compared
    ("全年收到申请9999件。", "NARR-APPLICATIONS", True),
    ("本机关收到申请9999件。", "NARR-APPLICATIONS", True),
    ("沭阳县人民政府收到申请9999件。", "NARR-APPLICATIONS", True),
    ("县政府共收到申请9999件。", "NARR-APPLICATIONS", True),
    ("县政府办公室收到申请9999件。", "NARR-APPLICATIONS", False),
    # reviews and suits the agency handled as the authority (a 司法局, a court), not ones against it
    ("全年共办理行政复议案件500件，其中涉及政府信息公开的12件。", "NARR-REVIEW", False),
    ("作为行政复议机关，全年受理行政复议申请480件。", "NARR-REVIEW", False),
    ("全县法院审结行政诉讼案件900件。", "NARR-REVIEW", False),
    ("其中，县本级行政复议100件。", "NARR-REVIEW", False),
    ("因政府信息公开被申请行政复议300件。", "NARR-REVIEW", True),
    ("作为被申请人，行政复议300件。", "NARR-REVIEW", True),
])
def test_whose_count_a_clause_states(sentence, rule, raised):
    """A count is compared with the table only where it is the report's own: a clause that names a part
    ("其中", "本级") or another body ("市发改委", "法院"), or the agency acting as the authority that decides
    reviews ("办理行政复议案件500件"), states something else. The agency itself, or no subject, is compared."""
    assert (rule in _with(sentence)) is raised


def _upheld_kinds(sentence: str) -> list[str]:
    findings = check_text(BASE.replace(ANCHOR, ANCHOR + sentence), "shuyang-2025.txt")
    return sorted(str(f.data["said_kind"]) for f in findings if f.rule_id == "NARR-ALL-UPHELD")


def test_all_upheld_shared_by_kinds_listed_with_their_counts_only():
    # 表四: 行政复议 27 维持, 10 纠正, 9 其他, 15 未审结; 诉讼 has 其他结果 and 尚未审结 (复议后起诉)
    assert _upheld_kinds("行政复议61件，诉讼13件，均获维持。") == ["行政复议", "诉讼"]
    assert _upheld_kinds("行政复议61件，结果纠正10件；诉讼13件，均获维持。") == ["诉讼"]  # a clause of its own
    assert _upheld_kinds("行政复议61件，诉讼13件。") == []


def test_outcomes_in_the_sentences_that_go_on_from_one_about_applications():
    # 表三: 予以公开 294, 部分公开 101. "…申请…。予以公开290件；部分公开101件。" states the outcomes of those applications
    assert "NARR-OUTCOME" in _with("全年共答复政府信息公开申请。予以公开290件；部分公开101件。")
    assert "NARR-OUTCOME" in _with("全年共答复政府信息公开申请。部分公开101件；予以公开290件。")  # after "；" too
    assert "NARR-OUTCOME" not in _with("全年共答复政府信息公开申请。予以公开294件；部分公开101件。")
    assert "NARR-OUTCOME" not in _with("全年开展培训3次。予以公开290件。")  # not about applications
