"""The year a report is of, which decides the format it is held to.

A year printed in Chinese numerals ("二〇二三年度", as formal documents date themselves) is read, not
guessed from another year in the text: a guess of 2020 held a 2023 report to the 2019 format and
called it 不合格 for using the right one. A report of a year before the first official format (the
2019 format applies from 2019's reports; earlier ones followed the 2008 Regulations, which fixed no
format and no tables) is not judged by a format it was never held to."""

from __future__ import annotations

import re

import pytest
from conftest import seed
from typer.testing import CliRunner

from agents.batch import run_digest
from agents.cli import app
from agents.extract.meta import read_period, read_title
from agents.ingest import read_path
from agents.verdict import check_file
from schemas.formats import FIRST_YEAR

runner = CliRunner()

# the sections the 2008 Regulations asked a report for, as such reports printed them: no statistical tables
OLD_REPORT = """某市人民政府{year}年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》规定，现公布某市人民政府{year}年政府信息公开工作年度报告。报告所列数据的统计期限自{year}年1月1日起至12月31日止。
一、主要工作概述
（一）探索建立标准化体系。制定标准化规范化工作实施方案，推进政务公开标准化规范化试点。
（二）深化政策文件解读。与公众开展交流、释疑解惑393次。
二、主动公开政府信息情况
{year}年，全市共主动公开政府信息12345条。
三、依申请公开政府信息情况
{year}年，全市共受理政府信息公开申请356件，其中当面申请45件，网络申请250件，信函申请61件。同意公开的210件，同意部分公开的40件，不予公开的30件。
四、政府信息公开的收费及减免情况
{year}年，全市未收取任何政府信息公开费用。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
{year}年，全市因政府信息公开申请行政复议12件，提起行政诉讼5件。
六、存在的主要问题和改进措施
（一）存在的主要问题。一是公开内容不够全面；二是依申请公开答复质量有待提高。
（二）改进措施。一是加大公开力度；二是加强培训。
七、其他需要报告的事项
无。
"""


@pytest.mark.parametrize("title,year", [
    ("某市某局二〇二三年度政府信息公开工作年度报告", 2023),
    ("# 某市某局二零二四年政府信息公开工作年度报告", 2024),
    ("二〇二一年某市某局政府信息公开工作年度报告", 2021),
    ("某市某局2022年政府信息公开工作年度报告", 2022),
    ("某市某局政府信息公开工作年度报告（2023年度）", 2023),
    ("某市某局政务公开工作年度报告(二〇二二年)", 2022),
    ("某市某局关于2023年政府信息公开工作的年度报告", 2023),
    ("某市某局2024年政府信息公开年报", 2024),
])
def test_the_year_a_title_prints(title, year):
    _, agency, got = read_title(title + "\n一、总体情况\n")
    assert (agency, got) == ("某市某局", year)


def test_the_preamble_that_reports_the_work_is_no_title():
    """"现将本机关2023年政府信息公开工作情况报告如下" opens many reports' text: where no title precedes it, it
    gives neither a title nor an agency ("现将本机关")."""
    title, agency, _ = read_title("根据《条例》要求，现将本机关2023年政府信息公开工作情况报告如下：\n一、总体情况\n")
    assert (title, agency) == (None, None)


@pytest.mark.parametrize("preamble", [
    "根据《条例》规定，现公布某市某局{y}年政府信息公开工作年度报告。",
    "根据要求，特发布某市某局{y}年政府信息公开工作年度报告。",
    "本报告是某市某局{y}年政府信息公开工作年度报告，根据条例编制。",
])
def test_a_preamble_that_names_the_report_gives_the_agency_without_its_verb(preamble):
    _, agency, year = read_title(preamble.format(y=2023) + "\n一、总体情况\n")
    assert (agency, year) == ("某市某局", 2023)


@pytest.mark.parametrize("name", ["某市政务信息发布中心", "某市人民政府新闻发布办公室"])
def test_an_agency_whose_name_holds_such_a_word_keeps_it(name):
    assert read_title(f"{name}2023年政府信息公开工作年度报告\n一、总体情况\n")[1] == name


@pytest.mark.parametrize("sentence,start,end", [
    ("本报告数据统计期限为二〇二三年一月一日至二〇二三年十二月三十一日。", "2023-01-01", "2023-12-31"),
    ("本报告统计期限自2023年1月1日起至12月31日止。", "2023-01-01", "2023-12-31"),
    ("统计期限为二〇二二年十月一日至二〇二二年十二月二十日。", "2022-10-01", "2022-12-20"),
])
def test_a_period_in_chinese_numerals(sentence, start, end):
    text = "前言\n" + sentence + "\n一、总体情况\n"
    got_start, got_end, _, span = read_period(text)
    assert (got_start, got_end) == (start, end)
    assert span is not None and text[span.start:span.end] in sentence  # the quote is the report's own words


def test_numerals_that_are_no_month_or_day_give_no_period():
    """"十十月" is no month: the sentence is not read as a period (it once stopped xxgk with a KeyError)."""
    assert read_period("前言\n统计期限为2023年十十月一日至2023年12月31日。\n")[0] is None


def test_a_report_dated_in_numerals_is_held_to_its_own_format(tmp_path):
    text = seed("000").read_text(encoding="utf-8")
    year = re.search(r"统计期限为(20\d\d)年", text).group(1)
    dated = tmp_path / "dated.txt"
    dated.write_text("某市某局二〇二三年度政府信息公开工作年度报告\n" + text.replace(f"{year}年", "二〇二三年"), encoding="utf-8")
    verdict = check_file(dated)
    assert (verdict.report.meta.year, verdict.report.meta.year_source) == (2023, "title")
    assert "FMT-VERSION" not in {f.rule_id for f in verdict.findings}
    assert verdict.report.meta.period_start == "2023-01-01"


def test_a_report_before_the_first_format_is_not_checked_against_it(tmp_path):
    first = min(FIRST_YEAR.values())
    path = tmp_path / "old.txt"
    path.write_text(OLD_REPORT.format(year=first - 2), encoding="utf-8")
    r = runner.invoke(app, ["check", str(path)])
    assert r.exit_code == 2, r.output
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1 and r.stdout == ""
    assert f"报告年度为{first - 2}年" in err and "未检查" in err and "请人工审阅" in err
    assert "不合格" not in err


def test_the_first_format_year_is_checked_and_says_what_is_missing(tmp_path):
    path = tmp_path / "first.txt"
    path.write_text(OLD_REPORT.format(year=min(FIRST_YEAR.values())), encoding="utf-8")
    verdict = check_file(path)  # the format applies: its missing tables are the report's to answer for
    assert {"TBL-MISSING"} <= {f.rule_id for f in verdict.findings}


def test_an_early_year_with_the_format_tables_is_checked(tmp_path):
    """A report dated before the format that prints its tables is checked by them (its year against the
    format is the format-version rule's to say), and one whose early year comes from its file name only
    (a name may mislead) is not turned away."""
    text = seed("000").read_text(encoding="utf-8")
    year = re.search(r"(20\d\d)年", text).group(1)
    early = tmp_path / "early.txt"
    early.write_text(text.replace(year, "2018"), encoding="utf-8")
    verdict = check_file(early)
    assert verdict.report.meta.year == 2018
    assert verdict.report.tables["三"].found

    named = tmp_path / "2016年报告.txt"
    named.write_text(OLD_REPORT.format(year="").replace("年政府信息公开工作", "政府信息公开工作")
                     .replace("统计期限自年1月1日起至12月31日止", ""), encoding="utf-8")
    verdict = check_file(named)
    assert (verdict.report.meta.year, verdict.report.meta.year_source) == (2016, "filename")


def test_the_digest_lists_it_with_the_reason(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "old.txt").write_text(OLD_REPORT.format(year=min(FIRST_YEAR.values()) - 1), encoding="utf-8")
    (src / "seed.txt").write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    d = run_digest(src, tmp_path / "out", workers=1)
    rows = {r.file: r for r in d.reports}
    assert rows["seed.txt"].status == "ok"
    assert rows["old.txt"].status != "ok" and "未检查" in (rows["old.txt"].reason or "")


def test_a_format_against_a_year_only_inferred_is_a_warning_to_check_the_year(tmp_path):
    """Where neither the title nor the statistical period states the year, the year is the text's
    (or the file name's) guess: a format that does not fit it asks for the year to be checked, as a
    warning; stated, the same mismatch is an error."""
    text = read_path(seed("002")).text.replace("2020年", "2023年")  # a 2019-format report, dated 2023
    stated = check_file_text(tmp_path / "stated.txt", text)
    assert stated.report.meta.year_source in ("title", "period")
    assert severity_of(stated, "FMT-VERSION") == "error"

    period = re.search(r"[^。\n]*2023年1月1日[^。\n]*。", text)
    inferred = check_file_text(tmp_path / "inferred.txt", text.replace(period.group(), ""))
    assert (inferred.report.meta.year, inferred.report.meta.year_source) == (2023, "text")
    f = next(f for f in inferred.findings if f.rule_id == "FMT-VERSION")
    assert f.severity == "warning" and "按正文推定为2023年" in f.message_zh and "请核对报告年度" in f.message_zh


def check_file_text(path, text):
    path.write_text(text, encoding="utf-8")
    return check_file(path)


def severity_of(verdict, rule_id):
    return next(f.severity for f in verdict.findings if f.rule_id == rule_id)
