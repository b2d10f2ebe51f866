"""Review decisions persist: a dismissed finding stays dismissed on the next digest, also for a
corrected resubmission whose lines moved, and findings new since the last review are marked."""

from __future__ import annotations

import csv
import io
import json

from conftest import seed
from typer.testing import CliRunner

from agents.cli import app


def _digest(folder, out) -> dict:
    r = CliRunner().invoke(app, ["digest", str(folder), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return json.loads((out / "digest.json").read_text(encoding="utf-8"))


def _review(out) -> list[dict]:
    return list(csv.DictReader(io.StringIO((out / "review.csv").read_text(encoding="utf-8-sig"))))


def _review_back_and_letters(folder, out, rows: list[dict]) -> None:
    """The reviewer's review.csv saved (as Excel saves UTF-8), then the digest run again with letters."""
    with (out / "review.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = CliRunner().invoke(app, ["digest", str(folder), "--out", str(out), "--letters"])
    assert r.exit_code == 0, r.output


def test_dismissals_persist_across_runs_and_resubmissions(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    text = seed("002").read_text(encoding="utf-8")  # one CELL-BLANK warning in 表三
    (folder / "002.txt").write_text(text, encoding="utf-8")
    first = _digest(folder, out)
    assert first["reports"][0]["warnings"] == 1
    rows = _review(out)
    blank = next(r for r in rows if r["规则编号"] == "CELL-BLANK")
    blank["决定"], blank["审核意见"] = "驳回", "原表此格确为空，已电话核实"
    with (out / "review.csv").open("w", encoding="gbk", newline="") as fh:  # as Excel on Chinese Windows saves it
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)

    second = _digest(folder, out)
    row = second["reports"][0]
    assert row["warnings"] == 0 and row["dismissed"] == 1
    f = next(x for x in row["findings"] if x["rule_id"] == "CELL-BLANK")
    assert f["decision"] == "驳回" and "电话核实" in f["review_note"] and not f["new"]
    assert next(r for r in _review(out) if r["规则编号"] == "CELL-BLANK")["决定"] == "驳回"  # written back

    # the agency resubmits: a line added at the top moves every line number, and a new problem appears
    assert "一、总体情况\n" in text
    resubmitted = "（修订版）\n" + text.replace("一、总体情况\n", "一、总体情况\n共公开信息10条，其中政策文件6条，工作动态6条，政策解读6条。\n", 1)
    (folder / "002.txt").write_text(resubmitted, encoding="utf-8")
    third = _digest(folder, out)
    row = third["reports"][0]
    kept = next(x for x in row["findings"] if x["rule_id"] == "CELL-BLANK")
    assert kept["decision"] == "驳回" and not kept["new"]
    assert any(x["new"] for x in row["findings"] if x["rule_id"] != "CELL-BLANK")  # what is new since the review
    md = (out / "digest.md").read_text(encoding="utf-8")
    assert "【驳回】" in md and "【新】" in md


def test_digest_letters_leave_out_dismissed_findings(tmp_path):
    import docx

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "002.txt").write_text(seed("002").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "003.txt").write_text(seed("003").read_text(encoding="utf-8"), encoding="utf-8")
    _digest(folder, out)
    rows = _review(out)
    blank = next(r for r in rows if r["规则编号"] == "CELL-BLANK" and r["文件"] == "002.txt")
    blank["决定"] = "驳回"
    _review_back_and_letters(folder, out, rows)
    letters = sorted(p.name for p in (out / "letters").iterdir())
    assert letters == ["002-审核意见.docx", "003-审核意见.docx"]
    text = "\n".join(p.text for p in docx.Document(str(out / "letters" / "002-审核意见.docx")).paragraphs)
    assert "审核意见" in text and "审核人" in text and "已驳回 1 条" in text
    assert "CELL-BLANK" not in text  # the dismissed finding is not sent back to the agency
    others = [x for x in rows if x["文件"] == "002.txt" and x["规则编号"] != "CELL-BLANK"]
    assert all(x["规则编号"] in text for x in others)


def test_a_cut_off_report_is_not_counted_or_written_up_as_missing_its_sections(tmp_path):
    """What a file cut off inside 表三 lacks after the cut is undecided: not counted as errors or by rule in
    the digest, not under 错误 in review.csv or the letter, and after a dismissal still 无法判断."""
    import docx

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    text = seed("000").read_text(encoding="utf-8")
    (folder / "cut.txt").write_text(text[: text.index("8.属于行政查询事项")], encoding="utf-8")
    d = _digest(folder, out)
    row = d["reports"][0]
    assert row["conclusion"] == "无法判断" and row["errors"] == 0
    assert "SEC-REQUIRED" not in d["stats"]["rules"] and "READ-TRUNCATED" in d["stats"]["rules"]
    undecided = [f for f in row["findings"] if f["undecided"]]
    assert {f["rule_id"] for f in undecided} >= {"SEC-REQUIRED", "TBL-MISSING"}
    rows = _review(out)
    assert {r["严重程度"] for r in rows if r["规则编号"] == "SEC-REQUIRED"} == {"未作结论"}
    note = next(r for r in rows if r["规则编号"] not in {f["rule_id"] for f in undecided} and r["规则编号"] != "READ-TRUNCATED")
    note["决定"] = "驳回"
    _review_back_and_letters(folder, out, rows)
    row = json.loads((out / "digest.json").read_text(encoding="utf-8"))["reports"][0]
    assert row["dismissed"] == 1 and row["errors"] == 0 and row["conclusion"] == "无法判断"
    letter = [p.text for p in docx.Document(str(out / "letters" / "cut-审核意见.docx")).paragraphs]
    assert not any(t.startswith("错误") for t in letter) and any(t.startswith("未作结论") for t in letter)
