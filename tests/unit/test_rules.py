"""Each rule on its own, on synthetic reports; and exactly the seeds' real defects, nothing else."""

from __future__ import annotations

import pytest
from conftest import CORPUS, ROOT, seed
from fixtures.synth import consistent_t3, consistent_t4, report_text
from helpers import check_text, failing, ids

from agents.checks import RULES
from agents.checks.catalogue import REGISTRY
from agents.extract.report import extract_report
from agents.ingest import read_path
from schemas.findings import FindingStatus, Severity

T3 = consistent_t3({"granted": [3, 1, 0, 0, 0, 1], "partly_granted": [1, 0, 0, 0, 0, 0],
                    "unavailable_not_held": [2, 0, 0, 0, 1, 0], "other_unpaid_fee": [0, 0, 0, 0, 0, 0]},
                   carried_over=[1, 0, 0, 0, 0, 0], carried_forward=[0, 1, 0, 0, 0, 0])
T4 = consistent_t4([1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0])


def clean(**kw) -> str:
    return report_text(T3, T4, **kw)


def mutate_t3(row: str, col: int, value: object) -> dict:
    rows = {k: list(v) for k, v in T3.items()}
    rows[row][col] = value
    return rows


@pytest.mark.parametrize("shape", ["pipe", "tab", "spaced"])
def test_clean_synthetic_report_has_no_findings(shape):
    findings = check_text(report_text(T3, T4, shape=shape))
    assert findings == [], [f.message_zh for f in findings]


SEED_FINDINGS = {
    "000": {"SEC-GENERAL-SUBITEMS", "SEC-FIVE-LASTYEAR", "CELL-DASH"},
    "001": {"SEC-FIVE-LASTYEAR", "TBL-COL-MISSING", "TBL-CELL-MISSING", "T3-OUTCOME-TOTAL", "META-AGENCY-NAME",
            "META-PERIOD-MISSING"},  # title 灋河回族区司法局, body 瀘河区司法局; no 统计期限 stated
    "002": {"CELL-BLANK", "SEC-TITLE"},
    "003": {"SEC-FIVE-LASTYEAR", "CELL-BLANK"},
}


@pytest.mark.parametrize("name", sorted(SEED_FINDINGS))
def test_seed_real_defects_and_nothing_else(name):
    doc = read_path(seed(name))
    findings = check_text(doc.text, doc.source)
    assert ids(findings) == SEED_FINDINGS[name], [(f.rule_id, f.message_zh) for f in findings]
    assert not [f for f in findings if f.severity is Severity.error]


def test_seed_blank_cells_say_arithmetic_holds_as_zero():
    for name in ("002", "003"):
        doc = read_path(seed(name))
        blank = [f for f in check_text(doc.text) if f.rule_id == "CELL-BLANK"]
        assert len(blank) == 1 and "按0计算时，相关勾稽关系成立" in blank[0].message_zh


def test_seed_001_outcome_total_is_not_assessable_not_failed():
    doc = read_path(seed("001"))
    f = [x for x in check_text(doc.text) if x.rule_id == "T3-OUTCOME-TOTAL"]
    assert len(f) == 1 and f[0].status is FindingStatus.not_assessable and "其他" in f[0].message_zh


def test_huaian_text_only_lacks_last_year_statement():
    text = (CORPUS / "huaian-2024.pdf.txt").read_text(encoding="utf-8")
    assert ids(check_text(text)) == {"SEC-FIVE-LASTYEAR"}


# ------------------------------------------------------------------ tables

def test_t3_balance():
    f = check_text(report_text(mutate_t3("carried_forward", 0, 5), T4))
    assert "T3-BALANCE" in failing(f)
    msg = next(x for x in f if x.rule_id == "T3-BALANCE").message_zh
    assert "“自然人”列" in msg and "相差" in msg


def test_t3_outcome_total():
    rows = mutate_t3("granted", 0, 4)
    rows["granted"][6] += 1  # keep the row total right: only the column identity breaks
    assert failing(check_text(report_text(rows, T4))) == {"T3-OUTCOME-TOTAL"}


def test_t3_row_total():
    rows = mutate_t3("granted", 0, 4)
    rows["total_handled"][0] += 1
    rows["new_received"][0] += 1
    assert failing(check_text(report_text(rows, T4))) == {"T3-ROW-TOTAL"}


def test_t4_row_sum():
    bad = list(T4)
    bad[0] += 1
    f = check_text(report_text(T3, bad))
    assert failing(f) == {"T4-ROW-SUM"}
    assert "行政复议" in next(x for x in f if x.rule_id == "T4-ROW-SUM").message_zh


def test_blank_dash_unreadable_cells_are_never_zero():
    rows = mutate_t3("partly_granted", 1, "")
    rows["withheld_internal"][2] = "—"
    rows["rejected_repeat"][3] = "abc"
    f = check_text(report_text(rows, T4, shape="pipe"))
    assert {"CELL-BLANK", "CELL-DASH", "CELL-UNREADABLE"} <= ids(f)
    dash = next(x for x in f if x.rule_id == "CELL-DASH")
    assert dash.severity is Severity.warning  # a dash in table 三 matters more than in table 二
    unreadable = next(x for x in f if x.rule_id == "CELL-UNREADABLE")
    # a cell not read is the tool's reading failure to report, not an accusation: 无法判断, not 不合格
    assert unreadable.status is FindingStatus.not_read and "abc" in unreadable.message_zh
    assert not any(x.severity is Severity.error and x.status is FindingStatus.fail for x in f)


def test_not_a_count():
    f = check_text(report_text(mutate_t3("granted", 1, "1.5"), T4))
    assert "CELL-NOT-COUNT" in ids(f)


def test_missing_table_and_row():
    text = clean()
    no_t4 = text.split("四、政府信息公开行政复议")[0] + "四、政府信息公开行政复议、行政诉讼情况\n本年度无。\n" + \
        "五、" + text.split("五、", 1)[1]
    assert "TBL-MISSING" in ids(check_text(no_t4))
    lines = [ln for ln in clean().split("\n") if not ln.startswith("（五）不予处理 2.重复申请")]
    f = check_text("\n".join(lines))
    assert "TBL-ROW-MISSING" in ids(f)
    assert "重复申请" in next(x for x in f if x.rule_id == "TBL-ROW-MISSING").message_zh


def test_missing_total_column_and_short_row():
    rows = {k: v[:6] for k, v in T3.items()}
    rows["withheld_process"] = rows["withheld_process"][:5]
    f = check_text(report_text(rows, T4, shape="tab"))
    assert {"TBL-COL-MISSING", "TBL-CELL-MISSING"} <= ids(f)


# ------------------------------------------------------------------ sections

def test_missing_section():
    text = clean().split("六、其他需要报告的事项")[0]
    f = check_text(text)
    assert "SEC-REQUIRED" in ids(f)
    assert "六、其他需要报告的事项" in next(x for x in f if x.rule_id == "SEC-REQUIRED").message_zh


def test_sections_out_of_order():
    text = clean()
    head, rest = text.split("五、存在的主要问题及改进情况")
    five, six = rest.split("六、其他需要报告的事项")
    swapped = head + "六、其他需要报告的事项" + six + "\n五、存在的主要问题及改进情况" + five
    assert "SEC-ORDER" in ids(check_text(swapped))


def test_title_typo_is_read_and_reported():
    f = check_text(clean().replace("五、存在的主要问题及改进情况", "五、存在问题及改进情况"))
    assert ids(f) == {"SEC-TITLE"}


def test_general_subitems():
    f = check_text(clean(general="2024年，本机关主动公开信息100条，依申请公开工作规范，平台运行平稳，监督有力。"))
    assert ids(f) == {"SEC-GENERAL-SUBITEMS"}
    assert "政府信息管理" in f[0].message_zh


def test_five_needs_problems_and_measures_and_last_year():
    assert "SEC-FIVE-CONTENT" in ids(check_text(clean(five="上年度问题已整改完成。本年度工作开展顺利，成效明显。")))
    assert ids(check_text(clean(five="本年度政策解读不够深入。下一步将加强政策解读。"))) == {"SEC-FIVE-LASTYEAR"}


def test_fee_statement_required_and_not_confused_with_admin_fees():
    assert ids(check_text(clean(six="本年度无其他需要报告的事项。"))) == {"SEC-SIX-FEE"}
    assert ids(check_text(clean(six="行政事业性收费按规定公开。"))) == {"SEC-SIX-FEE"}
    rows = mutate_t3("other_unpaid_fee", 0, 2)
    rows["other_unpaid_fee"][6] = 2
    rows["total_handled"][0] += 2
    rows["total_handled"][6] += 2
    rows["new_received"][0] += 2
    rows["new_received"][6] += 2
    f = check_text(report_text(rows, T4, six="无。"))
    assert failing(f) == {"SEC-SIX-FEE-T3"}


def test_two_reports_concatenated():
    assert "SEC-DUPLICATE" in ids(check_text(clean() + "\n" + clean()))


# ------------------------------------------------------------------ narrative

def test_narrative_applications():
    new = T3["new_received"][6]
    ok = clean(general=f"2024年共受理政府信息公开申请{new}件。主动公开、依申请公开、政府信息管理、平台建设、监督保障均有进展。")
    assert check_text(ok) == []
    bad = ok.replace(f"申请{new}件", f"申请{new + 3}件")
    f = check_text(bad)
    assert failing(f) == {"NARR-APPLICATIONS"}
    assert f[0].locations[0].quote and f"{new + 3}" in f[0].locations[0].quote


def test_narrative_says_none_received_but_table_has_some():
    f = check_text(clean(general="本年度未收到政府信息公开申请。主动公开、政府信息管理、平台建设、监督保障。"))
    assert "NARR-APPLICATIONS" in failing(f)


def test_narrative_outcomes():
    g = T3["granted"][6]
    f = check_text(clean(general=f"收到的申请中，予以公开{g + 1}件。主动公开、依申请公开、政府信息管理、平台建设、监督保障。"))
    assert failing(f) == {"NARR-OUTCOME"}


def test_narrative_review_counts_and_all_upheld():
    review_total = T4[4]
    text = clean(general=f"本年度发生政府信息公开行政复议{review_total + 1}件。主动公开、依申请公开、政府信息管理、平台建设、监督保障。")
    assert failing(check_text(text)) == {"NARR-REVIEW"}
    text = clean(general="本年度政府信息公开行政复议案件均获维持。主动公开、依申请公开、政府信息管理、平台建设、监督保障。")
    f = check_text(text)
    assert failing(f) == {"NARR-ALL-UPHELD"}  # table 四 has one pending review case
    assert "尚未审结" in f[0].message_zh
    # a case not yet decided: the text may mean the cases decided, a warning; a case corrected: an error
    assert f[0].severity is Severity.warning and "请核对" in f[0].message_zh
    text = clean(general="本年度政府信息公开行政诉讼案件均获维持。主动公开、依申请公开、政府信息管理、平台建设、监督保障。")
    f = check_text(text)
    assert failing(f) == {"NARR-ALL-UPHELD"}  # 复议后起诉 has one case corrected
    assert f[0].severity is Severity.error and "结果纠正1件" in f[0].message_zh


def test_narrative_parts_sum():
    base = ("主动公开、依申请公开、政府信息管理、平台建设、监督保障。"
            "本年主动公开政府信息402条，其中，概况类信息{a}条，政务动态信息176条，信息公开目录信息39条。")
    assert check_text(clean(general=base.format(a=187))) == []
    f = check_text(clean(general=base.format(a=186)))
    assert failing(f) == {"NARR-PARTS-SUM"} and "401" in f[0].message_zh
    assert check_text(clean(general=base.replace("402条", "400余条").format(a=186))) == []


# ------------------------------------------------------------------ meta

def test_year_period_and_format():
    text = clean().replace("统计期限为2024年1月1日", "统计期限为2023年1月1日").replace("至2024年12月31日", "至2023年12月31日")
    assert "META-YEAR-MISMATCH" in ids(check_text(text))
    assert "META-PERIOD" in ids(check_text(clean().replace("至2024年12月31日", "至2024年11月30日")))
    no_year = "\n".join(ln for ln in clean().split("\n")[2:]).replace("2024年", "")
    assert "META-YEAR" in ids(check_text(no_year, "report.txt"))


def test_2019_format_in_a_2023_report():
    text = read_path(seed("002")).text.replace("2020年", "2023年")
    f = check_text(text)
    assert "FMT-VERSION" in ids(f)
    assert "2021年格式" in next(x for x in f if x.rule_id == "FMT-VERSION").message_zh


def test_every_catalogue_rule_is_implemented_once():
    implemented = [rid for rule_ids, _ in REGISTRY for rid in rule_ids]
    assert sorted(implemented) == sorted(r.id for r in RULES if r.scope == "report")
    assert all(r.title_zh and r.description_zh and r.basis for r in RULES)
    cross = (ROOT / "agents" / "digest" / "cross.py").read_text(encoding="utf-8")
    assert all(f'"{r.id}"' in cross for r in RULES if r.scope == "digest")  # digest rules raised there


def test_no_false_alarms_on_wordings_that_only_look_like_figures():
    general = ("2024年3月1日至2024年3月31日开展专项检查。全年未发生因政府信息公开被行政复议纠错的情况。"
               "主动公开、依申请公开、政府信息管理、平台建设、监督保障。")
    f = check_text(clean(general=general).replace("本报告数据统计期限为2024年1月1日至2024年12月31日。\n", ""))
    assert not ids(f) & {"META-PERIOD", "META-YEAR-MISMATCH", "NARR-REVIEW"}, [x.message_zh for x in f]


def test_sections_numbered_in_parentheses_or_arabic():
    text = clean()
    for i, n in enumerate("一二三四五六"):
        text = text.replace(f"\n{n}、", f"\n（{n}）", 1) if i % 2 == 0 else text.replace(f"\n{n}、", f"\n{i + 1}.", 1)
    assert check_text(text) == []  # 一、总体情况 keeps its own "（一）主动公开：…" sub-items apart


def test_parts_in_other_units_are_not_a_breakdown():
    general = ("主动公开、依申请公开、政府信息管理、平台建设、监督保障。本年发布信息500条，其中政策文件20条、政策图解5篇、"
               "工作动态300条。")
    assert "NARR-PARTS-SUM" not in ids(check_text(clean(general=general)))


def test_every_severity_raised_is_declared_in_the_catalogue():
    """No rule decides its own severity: each finding's is the catalogue's or a variant declared there."""
    from agents.checks import RULES_BY_ID

    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")) + [seed(n) for n in ("000", "001", "002", "003")]:
        for f in check_text(read_path(path).text, path.name):
            rule = RULES_BY_ID[f.rule_id]
            assert f.severity in {rule.severity, *rule.variants.values()}, (path.name, f.rule_id, f.severity)


def test_blank_zeros_are_one_fact_not_thirteen_errors():
    """A report that leaves every zero blank (the 总计 column of outcome rows included): one CELL-BLANK
    finding with the count and where; no arithmetic error, since no printed numbers contradict."""
    rows = {k: [("" if v == 0 else v) for v in vals] for k, vals in T3.items()}
    rows = {k: (vals[:6] + [""] if k not in ("new_received", "carried_over", "total_handled") else vals)
            for k, vals in rows.items()}
    findings = check_text(report_text(rows, T4, shape="pipe"))
    blank = [f for f in findings if f.rule_id == "CELL-BLANK"]
    assert len(blank) == 1 and blank[0].data["cells"] > 20
    assert not [f for f in findings if f.rule_id.startswith("T3-") and f.status is FindingStatus.fail]


def test_printed_numbers_that_contradict_are_still_an_error_beside_blanks():
    rows = mutate_t3("granted", 0, "")  # 自然人 予以公开 left blank
    rows["total_handled"][0] += 5  # a larger printed total: the blank could hold the difference
    assert "T3-OUTCOME-TOTAL" not in failing(check_text(report_text(rows, T4, shape="pipe")))
    rows["withheld_internal"][1] += 7  # 商业企业: printed parts now exceed the printed total, no blank there
    assert "T3-OUTCOME-TOTAL" in failing(check_text(report_text(rows, T4, shape="pipe")))


def test_every_application_pattern_needs_a_word_of_the_prefilter():
    """NARR-APPLICATIONS skips sentences without any of _APPLICATION_WORDS: each pattern must require one."""
    from agents.checks.narrative import _APPLICATION_WORDS, APPLICATION_PATTERNS

    words = _APPLICATION_WORDS.pattern.split("|")
    for pat, _ in APPLICATION_PATTERNS:
        assert any(w in pat.pattern for w in words), pat.pattern
    samples = ["本年度共收到政府信息公开申请12件", "共受理12件依申请", "依申请公开12件", "答复12件", "上年结转3件",
               "3件申请结转至下一年度", "结转下年度继续办理的申请3件", "2件顺延至下年度"]
    for sent in samples:
        hit = any(pat.search(sent) for pat, _ in APPLICATION_PATTERNS)
        assert hit and _APPLICATION_WORDS.search(sent), sent


def test_a_near_exact_title_under_another_number_is_that_section_heading():
    """"二、主要问题及改进情况" is 五's title cut short (similarity 0.86) under 二's number: it is 五's
    heading, printed under the wrong number, not a sub-heading that happened to match."""
    from agents.extract.sections import find_sections

    text = clean().replace("五、存在的主要问题及改进情况", "二、主要问题及改进情况")
    five = next(s for s in find_sections(text)[0] if s.number == 5)
    assert (five.found_by, five.numbered_as, five.title) == ("heading", 2, "二、主要问题及改进情况")
    assert {"SEC-NUMBERING", "SEC-TITLE"} == ids(check_text(text))


def test_a_wrong_total_before_a_row_whose_label_was_lost_is_still_reported():
    """One figure per line, the label of （一）予以公开 lost: 上年结转's seven figures are followed by
    seven more. Its own wrong total is the report's error and is reported (T3-ROW-TOTAL). The one
    misprinted cell breaks only its own row and the 总计 column, wherever rows stand, so the label-less
    figures keep their place (the other columns confirm it) and are read."""
    text = report_text(T3, T4, shape="lines").replace("（一）予以公开\n", "", 1)
    head = "二、上年结转政府信息公开申请数量\n"
    at = text.index(head) + len(head)
    lines = text[at:].split("\n")
    lines[6] = str(int(lines[6]) + 1)  # the row's 总计
    text = text[:at] + "\n".join(lines)
    t3 = extract_report(text, "x.txt").tables["三"]
    assert [c.value for c in t3.row_cells("carried_over")] == [*T3["carried_over"][:6], T3["carried_over"][6] + 1]
    assert [c.value for c in t3.row_cells("granted")] == T3["granted"]
    assert any("除一个单元格" in n for n in t3.notes)
    assert "T3-ROW-TOTAL" in failing(check_text(text))


def test_label_less_figures_stay_unread_when_more_than_one_cell_breaks_the_columns():
    """As above, but 上年结转's 其他 and 总计 both one more (its own row adds up): two columns break, which
    no single misprint explains, so the label-less figures are not put in a row they may not belong to."""
    text = report_text(T3, T4, shape="lines").replace("（一）予以公开\n", "", 1)
    head = "二、上年结转政府信息公开申请数量\n"
    at = text.index(head) + len(head)
    lines = text[at:].split("\n")
    lines[5], lines[6] = str(int(lines[5]) + 1), str(int(lines[6]) + 1)
    text = text[:at] + "\n".join(lines)
    t3 = extract_report(text, "x.txt").tables["三"]
    assert all(c.status.value == "unreadable" for c in t3.row_cells("granted"))


def test_a_table_rows_label_is_no_fee_statement():
    """六 missing, with 四 and 五: the section before it is 三, whose row label "申请人逾期未按收费通知要求
    缴纳费用" is no statement on the information-processing fee, nor 六's content run on into 三."""
    text = seed("000").read_text(encoding="utf-8")
    findings = check_text(text[: text.index("四、政府信息公开行政复议")])
    assert any(f.rule_id == "SEC-REQUIRED" and f.data["section"] == 6 for f in findings)
    assert not [f for f in findings if f.rule_id == "READ-SECTION"]
    assert next(f for f in findings if f.rule_id == "READ-TRUNCATED").data["missing"] == [4, 5, 6]  # see below
    t3 = consistent_t3({"other_unpaid_fee": [2, 0, 0, 0, 0, 0]}, [0] * 6, [0] * 6)
    text = report_text(t3, consistent_t4([0] * 12))
    findings = check_text(text[: text.index("六、其他需要报告的事项")].rstrip())  # ends with 五's last sentence
    assert "SEC-SIX-FEE-T3" in failing(findings)  # fees unpaid in 表三, and no word on the fee anywhere
    # without 四, 五 and 六, the text may as well have been cut off: not concluded (READ-TRUNCATED)
    findings = check_text(text[: text.index("四、政府信息公开行政复议")])
    assert "SEC-SIX-FEE-T3" not in failing(findings) and "READ-TRUNCATED" in {f.rule_id for f in findings}
