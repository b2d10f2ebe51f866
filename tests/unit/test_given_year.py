"""A report's year as the user gives it: the digest's mapping, ``xxgk check --year``.

A supervisor who corrects a report's year in the mapping expects the report to be judged as of that
year, not only grouped by it: a year guessed from the text once held a 2025 report to the 2019
format, and the mapping's 2025 changed the digest's year column but left the 不合格 in place. Where the
report itself states another year, the year given is still the one checked, and a warning says the
two differ."""

from __future__ import annotations

import json
import re

import pytest
from conftest import seed
from typer.testing import CliRunner

from agents.batch import load_mapping, run_digest
from agents.cli import app
from agents.errors import InputError
from agents.verdict import check_file

runner = CliRunner()


def undated_seed() -> tuple[str, int]:
    """Seed 000 (a 2021-format report) without its statistical period and with the years of its body
    set to 2020: nothing states its year, and the text's guess is 2020 (a 2019-format year)."""
    text = seed("000").read_text(encoding="utf-8")
    year = int(re.search(r"统计期限为(20\d\d)年", text).group(1))
    period = re.search(r"报告数据统计期限为[^。]*。", text).group()
    return text.replace(period, "").replace(f"{year}年", "2020年"), year


def rule_ids(findings) -> set[str]:
    return {f.rule_id for f in findings}


def test_the_mapping_year_is_the_year_the_report_is_checked_as(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text, year = undated_seed()
    (src / "r.txt").write_text(text, encoding="utf-8")
    guessed = run_digest(src, out, workers=1).reports[0]
    assert guessed.year == 2020 and "FMT-VERSION" in rule_ids(guessed.findings)

    mapping = tmp_path / "map.csv"
    mapping.write_text(f"文件,年度\nr.txt,{year}年度\n", encoding="utf-8")
    d = run_digest(src, out, workers=1, mapping=load_mapping(mapping))
    assert d.cache["computed"] == 1  # the row cached under the guessed year is not reused
    row = d.reports[0]
    assert row.year == year
    assert not {"FMT-VERSION", "META-YEAR-GIVEN"} & rule_ids(row.findings)  # the text stated no other year


def test_a_given_year_the_report_contradicts_is_checked_and_flagged(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    stated = check_file(path).report.meta
    v = check_file(path, year=2019)
    meta = v.report.meta
    assert (meta.year, meta.year_source, meta.year_read, meta.year_read_source) == (2019, "user", stated.year, "period")
    given = next(f for f in v.findings if f.rule_id == "META-YEAR-GIVEN")
    assert given.severity == "warning"
    assert f"写的是{stated.year}年" in given.message_zh and "已按2019年检查" in given.message_zh
    assert str(stated.year) in (given.locations[0].quote or "")  # where the report states its own year
    assert "FMT-VERSION" in rule_ids(v.findings)  # 2019 calls for the 2019 format: the year given is the one checked

    same = check_file(path, year=stated.year).report.meta  # the year the report states: nothing to say
    assert (same.year_source, same.year_read) == ("period", None)


def test_check_takes_year_from_the_command_line_and_on_a_saved_result(tmp_path):
    path = tmp_path / "r.txt"
    text, year = undated_seed()
    path.write_text(text, encoding="utf-8")
    r = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert "FMT-VERSION" in {f["rule_id"] for f in json.loads(r.stdout)["findings"]}

    r = runner.invoke(app, ["check", str(path), "--format", "json", "--year", str(year)])
    saved = json.loads(r.stdout)
    assert saved["report"]["meta"]["year"] == year and saved["report"]["meta"]["year_source"] == "user"
    assert "FMT-VERSION" not in {f["rule_id"] for f in saved["findings"]}

    plain = tmp_path / "plain.json"
    plain.write_text(runner.invoke(app, ["check", str(path), "--format", "json"]).stdout, encoding="utf-8")
    r = runner.invoke(app, ["check", str(plain), "--from-json", "--year", str(year), "--format", "json"])
    again = json.loads(r.stdout)
    assert again["report"]["meta"]["year"] == year and "FMT-VERSION" not in {f["rule_id"] for f in again["findings"]}

    r = runner.invoke(app, ["check", str(path), "--year", "23"])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_the_title_still_answers_to_the_period_when_a_year_is_given(tmp_path):
    """META-YEAR-MISMATCH compares the title's year with the period's: a year given does not hide it."""
    text = seed("000").read_text(encoding="utf-8")
    year = int(re.search(r"统计期限为(20\d\d)年", text).group(1))
    path = tmp_path / "r.txt"
    path.write_text(f"某市某局{year - 1}年政府信息公开工作年度报告\n" + text, encoding="utf-8")
    v = check_file(path, year=year)
    assert {"META-YEAR-MISMATCH", "META-YEAR-GIVEN"} <= rule_ids(v.findings)


@pytest.mark.parametrize("written,read", [("2023", "2023"), ("2023年", "2023"), ("２０２３年度", "2023")])
def test_mapping_years_as_people_write_them(tmp_path, written, read):
    path = tmp_path / "map.csv"
    path.write_text(f"file,year\na.txt,{written}\n", encoding="utf-8")
    assert load_mapping(path) == {"a.txt": {"year": read}}


def test_a_mapping_year_that_is_no_year_says_which_line(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("file,year\na.txt,2023\nb.txt,去年\n", encoding="utf-8")
    with pytest.raises(InputError, match="第3行.*去年"):
        load_mapping(path)
