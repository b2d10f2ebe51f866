"""The command line as a user runs it: formats, exit codes, CSV cells, --from-json."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import CORPUS, seed
from typer.testing import CliRunner

from agents.cli import app

runner = CliRunner()


def test_check_terminal_output_names_agency_year_format_and_findings():
    r = runner.invoke(app, ["check", str(seed("000"))])
    assert r.exit_code == 0
    out = r.stdout
    for needle in ("抚顺市司法局", "2025", "2021年格式", "SEC-GENERAL-SUBITEMS", "表三", "警告", "第五部分摘要", "规则"):
        assert needle in out, needle


def test_exit_code_1_on_error_finding(tmp_path):
    text = seed("003").read_text(encoding="utf-8").replace(
        "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1", "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2")
    p = tmp_path / "bad.txt"
    p.write_text(text, encoding="utf-8")
    r = runner.invoke(app, ["check", str(p), "--format", "json"])
    assert r.exit_code == 1
    v = json.loads(r.stdout)
    bal = [f for f in v["findings"] if f["rule_id"] == "T3-BALANCE"]
    assert bal and bal[0]["severity"] == "error"
    loc = bal[0]["locations"][0]
    assert loc["table"] == "三" and loc["column"] and loc["span"]["line"] > 0


def test_json_and_markdown_formats_agree():
    j = json.loads(runner.invoke(app, ["check", str(seed("002")), "--format", "json"]).stdout)
    md = runner.invoke(app, ["check", str(seed("002")), "--format", "md"]).stdout
    assert j["report"]["meta"]["format_version"] == "2019"
    assert j["engines"] == {"extraction": "rules", "summary": "rules"}
    for f in j["findings"]:
        assert f["rule_id"] in md
    assert md.startswith("# xxgk 检查结果")


def test_extract_csv_has_official_labels_and_statuses():
    r = runner.invoke(app, ["extract", str(seed("000")), "--format", "csv"])
    assert r.exit_code == 0
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["table", "row", "column", "value", "status"]
    assert ["三", "（三）不予公开 1.属于国家秘密", "自然人", "0", "number"] in rows
    assert ["二", "第二十条第（一）项 规章", "本年制发件数", "", "dash"] in rows
    assert len([x for x in rows if x[0] == "三"]) == 25 * 7
    assert len([x for x in rows if x[0] == "四"]) == 15


def test_extract_csv_blank_and_missing_are_not_zero():
    rows = list(csv.reader(io.StringIO(runner.invoke(app, ["extract", str(seed("001"))]).stdout)))
    assert ["三", "（七）总计", "总计", "", "missing"] in rows
    rows = list(csv.reader(io.StringIO(runner.invoke(app, ["extract", str(seed("002"))]).stdout)))
    assert ["三", "（四）无法提供 3.补正后申请内容仍不明确", "总计", "", "blank"] in rows


def test_from_json_reruns_rules_without_the_file(tmp_path):
    out = tmp_path / "v.json"
    r = runner.invoke(app, ["check", str(seed("003")), "--format", "json", "-o", str(out)])
    assert r.exit_code == 0 and out.exists()
    r2 = runner.invoke(app, ["check", str(out), "--from-json", "--format", "json"])
    assert r2.exit_code == 0
    assert [f["rule_id"] for f in json.loads(r2.stdout)["findings"]] == \
        [f["rule_id"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]]


def test_rules_and_schema_commands():
    r = runner.invoke(app, ["rules", "--format", "json"])
    ids = [x["id"] for x in json.loads(r.stdout)]
    assert "T3-BALANCE" in ids and len(ids) == len(set(ids))
    s = json.loads(runner.invoke(app, ["schema", "table3"]).stdout)
    assert s["title"] == "Table3Applications"
    assert runner.invoke(app, ["schema", "nope"]).exit_code == 2


def test_pdf_report_checks(tmp_path):
    r = runner.invoke(app, ["check", str(seed("huaian-2024.pdf")), "--format", "json"])
    v = json.loads(r.stdout)
    assert v["document"]["kind"] == "pdf" and v["report"]["meta"]["agency"] == "淮安市人民政府"
    assert {f["rule_id"] for f in v["findings"]} == {"SEC-FIVE-LASTYEAR"}


@pytest.mark.parametrize("case", ["missing-json", "gb18030-json", "output-is-a-folder", "output-under-a-file"])
def test_input_and_output_problems_exit_2_without_traceback(tmp_path, case):
    """One exit-code table for the whole tool: 2 is 'this input or output cannot be used'."""
    report = str(seed("003"))
    gbk = tmp_path / "g.json"
    gbk.write_bytes("一、总体情况".encode("gb18030"))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    args = {"missing-json": ["check", str(tmp_path / "none.json"), "--from-json"],
            "gb18030-json": ["check", str(gbk), "--from-json"],
            "output-is-a-folder": ["check", report, "-o", str(tmp_path)],
            "output-under-a-file": ["check", report, "-o", str(blocker / "out.txt")]}[case]
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_file_names_and_report_text_cannot_send_escape_sequences_or_html(tmp_path):
    text = seed("003").read_text(encoding="utf-8").replace("一、总体情况", "一、总体情况\n\x1b]0;pwned\x07<script>x</script>", 1)
    p = tmp_path / "x\x1b[31mred\x1b[0m.txt"
    p.write_text(text, encoding="utf-8")
    r = runner.invoke(app, ["check", str(p), "--no-tables"])
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    r = runner.invoke(app, ["check", str(p), "--format", "md"])
    assert "\x1b" not in r.stdout and "<script>" not in r.stdout


def test_verbose_logs_never_show_credentials():
    import logging

    from agents.cli import _Redact

    record = logging.LogRecord("httpx", logging.DEBUG, __file__, 1, "HTTP Request: POST %s headers=%s", (
        "http://user:sk-SECRET123456@host/v1/chat/completions", "Authorization: Bearer sk-SECRET123456"), None)
    _Redact().filter(record)
    assert "SECRET" not in record.getMessage() and "host/v1" in record.getMessage()


def test_help_usage_errors_and_version_speak_chinese():
    import subprocess
    import sys
    from pathlib import Path

    exe = str(Path(sys.executable).parent / "xxgk")
    out = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "用法" in out and "显示此帮助并退出" in out and "Usage" not in out
    err = subprocess.run([exe, "check"], capture_output=True, text=True, timeout=60)
    assert err.returncode == 2 and "缺少参数" in err.stderr and "Error" not in err.stderr
    ver = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert ver.returncode == 0 and ver.stdout.startswith("xxgk ")


def test_review_letter_as_word(tmp_path):
    """审核意见 .docx: agency, year, conclusion, every finding with where and basis, a place to sign."""
    import docx

    out = tmp_path / "审核意见.docx"
    r = runner.invoke(app, ["check", str(seed("001")), "--format", "docx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "灋河回族区司法局" in text and "2025" in text and "合格" in text
    assert "TBL-COL-MISSING" in text and "位置：" in text and "审核人" in text
    assert runner.invoke(app, ["check", str(seed("001")), "--format", "docx"]).exit_code == 2  # needs -o


def test_terminal_at_80_columns_is_short_and_ends_with_the_conclusion():
    from rich.console import Console

    from agents.render.terminal import print_verdict
    from agents.verdict import check_file

    console = Console(width=80, record=True, file=io.StringIO())
    print_verdict(check_file(seed("000")), console)
    lines = console.export_text().rstrip().split("\n")
    assert lines[-1].startswith("结论：")  # the verdict does not scroll off the top
    flat = "".join("".join(lines).split())
    assert "表三收到和处理政府信息公开申请情况：各行各列均为0" in flat and len(lines) < 80  # no empty frame
    console = Console(width=80, record=True, file=io.StringIO())
    print_verdict(check_file(CORPUS / "shuyang-2025.txt"), console)  # some rows with figures, some all zero
    text = console.export_text()
    assert "行全部为0，未列出" in "".join(text.split())  # all-zero rows are counted, not printed
    header = next(ln for ln in text.split("\n") if "自然人" in ln)
    assert "…" not in header and "总计" in header  # short column names fit 80 columns


def test_an_internal_error_is_exit_70_with_a_plain_message_never_1(monkeypatch, capsys):
    """A defect of xxgk must not read as 不合格 (exit 1) in a user's script."""
    import sys

    import pytest

    import agents.verdict
    from agents.cli import INTERNAL_ERROR, main

    def boom(*args, **kwargs):
        raise RuntimeError("simulated defect")

    monkeypatch.setattr(agents.verdict, "check_file", boom)
    monkeypatch.setattr(sys, "argv", ["xxgk", "check", str(seed("000"))])
    monkeypatch.delenv("XXGK_DEBUG", raising=False)
    monkeypatch.setattr(sys, "__stderr__", sys.stderr)  # where capsys can see it
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == INTERNAL_ERROR == 70
    err = capsys.readouterr().err
    assert "内部错误" in err and "simulated defect" in err and "Traceback" not in err


@pytest.mark.parametrize("args", [["check", "SEED"], ["extract", "SEED", "--format", "csv"]])
def test_a_command_turns_the_collector_back_on_after_its_imports(args):
    """``main`` runs the imports with the cycle collector off; each command that imports the engine
    turns it back on (a digest of a thousand reports must not run without it)."""
    import gc

    gc.disable()
    try:
        result = runner.invoke(app, [str(seed("000")) if a == "SEED" else a for a in args])
        assert result.exit_code == 0, result.output
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
