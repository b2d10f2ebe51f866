"""`xxgk digest`: cross-report checks, resumability, corrections, outputs that are safe to open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import seed
from fixtures.synth import consistent_t3, consistent_t4, report_text
from typer.testing import CliRunner

from agents.batch import run_digest
from agents.cli import app

T4 = consistent_t4([0] * 12)
FIVE_A = ("上年度报告所列问题已全部整改完成。本年度仍存在政策解读不够深入、解读形式较为单一的问题，部分栏目更新不够及时。"
          "下一步将加强政策解读，丰富解读形式，建立栏目定期更新机制，确保信息发布及时准确。")
FIVE_B = ("上年度问题已经整改。本机关队伍建设仍有短板，工作人员业务培训不足，依申请公开答复质量有待提高。"
          "今后将定期组织业务培训，规范答复文书，提升依申请公开办理水平。")


def write(folder, name, *, agency, year, carried_over=0, carried_forward=0, five=FIVE_A, docs=None):
    t3 = consistent_t3({"granted": [5, 0, 0, 0, 0, 0]}, [carried_over, 0, 0, 0, 0, 0], [carried_forward, 0, 0, 0, 0, 0])
    text = report_text(t3, T4, year=year, agency=agency, five=five)
    if docs:
        text = text.replace("行政规范性文件 | 0 | 0 | 0", "行政规范性文件 | " + " | ".join(map(str, docs)))
    (folder / name).write_text(text, encoding="utf-8")


def ids(d):
    return [c.rule_id for c in d.cross]


def test_cross_year_carryover_documents_and_repeated_section_five(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write(src, "a2023.txt", agency="某市甲局", year=2023, carried_forward=3, docs=[2, 0, 10])
    write(src, "a2024.txt", agency="某市甲局", year=2024, carried_over=2, docs=[1, 1, 12])  # 10 + 1 − 1 ≠ 12
    d = run_digest(src, tmp_path / "out", workers=1)
    assert {"XY-CARRYOVER", "XY-DOCS-IN-FORCE", "XY-SECTION5-REPEAT"} <= set(ids(d))
    carry = next(c for c in d.cross if c.rule_id == "XY-CARRYOVER")
    assert "自然人：2023年结转下年度3，2024年上年结转2" in carry.message_zh
    repeat = next(c for c in d.cross if c.rule_id == "XY-SECTION5-REPEAT")
    assert repeat.passages and repeat.passages[0] in FIVE_A
    docs = next(c for c in d.cross if c.rule_id == "XY-DOCS-IN-FORCE")
    assert "应为10" in docs.message_zh
    from agents.render.digest_html import digest_html
    from agents.render.digest_md import digest_markdown

    md = digest_markdown(d)  # the two years side by side, for each agency
    assert "## 年度对比" in md and "某市甲局：2023年（a2023.txt）→ 2024年（a2024.txt）" in md
    assert "| 上年结转 | 0 | 2 | +2 |" in md
    assert "| 表三 | 二、上年结转政府信息公开申请数量 | 自然人 | 0 | 2 |" in md  # every cell that changed
    assert "<h2>年度对比</h2>" in digest_html(d)


def test_consistent_years_and_different_texts_give_no_cross_findings(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write(src, "a2023.txt", agency="某市甲局", year=2023, carried_forward=3, docs=[2, 0, 10])
    write(src, "a2024.txt", agency="某市甲局", year=2024, carried_over=3, docs=[1, 1, 10], five=FIVE_B)
    assert ids(run_digest(src, tmp_path / "out", workers=1)) == []


def test_same_section_five_across_agencies(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        write(src, f"agency{i}.txt", agency=f"某市第{i}局", year=2024)
    write(src, "other.txt", agency="某市乙局", year=2024, five=FIVE_B)
    d = run_digest(src, tmp_path / "out", workers=1)
    same = [c for c in d.cross if c.rule_id == "XY-SECTION5-SAME"]
    assert len(same) == 1 and len(same[0].agencies) == 5 and "某市乙局" not in same[0].agencies
    assert same[0].passages


def test_unreadable_reports_are_rows_and_never_stop_the_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write(src, "good.txt", agency="某市甲局", year=2024)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.pdf").write_bytes(b"%PDF-1.4 broken")
    d = run_digest(src, tmp_path / "out", workers=2)
    rows = {r.file: r for r in d.reports}
    assert rows["good.txt"].status == "ok"
    assert rows["empty.txt"].status == "unreadable" and "文件为空" in rows["empty.txt"].reason
    assert rows["binary.pdf"].status == "unreadable" and "PDF" in rows["binary.pdf"].reason


def test_resumes_after_interruption_and_only_does_new_work(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(4):
        write(src, f"r{i}.txt", agency=f"某市第{i}局", year=2024, five=FIVE_A.replace("政策", f"第{i}项政策"))

    class Stop(Exception):
        pass

    def interrupt(done, total, what):
        if done >= 2:
            raise Stop

    with pytest.raises(Stop):
        run_digest(src, out, workers=1, progress=interrupt)
    d = run_digest(src, out, workers=1)
    assert d.cache["reused"] >= 2 and d.cache["computed"] <= 2
    write(src, "new.txt", agency="某市新局", year=2024, five=FIVE_B)
    d = run_digest(src, out, workers=1)
    assert d.cache == {"reused": 4, "computed": 1, "files": 5}


def test_mapping_corrects_agency_level_and_year(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write(src, "x.txt", agency="某市甲局", year=2024)
    mapping = tmp_path / "map.csv"
    mapping.write_text("文件,机关,层级,年度\nx.txt,某省乙厅,省级,2023\n", encoding="utf-8-sig")
    from agents.batch import load_mapping

    d = run_digest(src, tmp_path / "out", workers=1, mapping=load_mapping(mapping))
    r = d.reports[0]
    assert (r.agency, r.level, r.year, r.agency_source) == ("某省乙厅", "省级", 2023, "mapping")


def test_cli_writes_all_outputs_and_escapes_report_text(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write(src, "evil.txt", agency="某市甲局", year=2024, five=FIVE_A + "<script>alert('x')</script>")
    (src / "seed.txt").write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(app, ["digest", str(src), "--output", str(out), "-j", "1"])
    assert r.exit_code == 0, r.output
    html = (out / "digest.html").read_text(encoding="utf-8")
    assert html.count("<script>") == 1 and "&lt;script&gt;" in html  # only the page's own inline script runs
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "<svg" in html
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == 2
    md = (out / "digest.md").read_text(encoding="utf-8")
    assert "抚顺市司法局" in md
    import openpyxl

    wb = openpyxl.load_workbook(out / "digest.xlsx")
    assert wb.sheetnames == ["报告一览", "问题清单", "第五部分", "跨报告检查", "统计"]
    assert all(ws.freeze_panes == "A2" for ws in wb)
    assert wb["报告一览"]["B2"].value in ("某市甲局", "抚顺市司法局")


def test_model_run_interrupted_mid_report_resumes_from_the_langgraph_checkpoint(tmp_path):
    from fixtures.fake_llm import FakeExtractor, table_answer

    from agents.verdict import check_file

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write(src, "r.txt", agency="某市甲局", year=2024)
    t = check_file(src / "r.txt").report.tables
    tables = [table_answer(t["三"]), table_answer(t["四"]), table_answer(t["二"])]
    crashing = FakeExtractor(*tables, RuntimeError("connection dropped mid-run"))
    d = run_digest(src, out, workers=1, extractor=crashing)
    assert d.reports[0].status == "error" and (out / ".xxgk-checkpoints.sqlite").exists()
    quote = FIVE_A.split("。")[1] + "。"
    resumed = FakeExtractor({"items": [{"kind": "problem", "categories": ["interpretation"], "quote": quote}]})
    d = run_digest(src, out, workers=1, extractor=resumed)
    row = d.reports[0]
    assert row.status == "ok" and row.engines == {"extraction": "rules+model:fake", "summary": "model:fake"}
    assert [p for p, _ in resumed.calls] == ["classify_section5"]  # the tables were not asked again


def test_odd_file_names_and_unusable_out_folders(tmp_path):
    """A control character in a file name does not stop the workbook; an --out that is a file exits 2."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bell\x07report.txt").write_text(seed("003").read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(app, ["digest", str(folder), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "digest.xlsx").stat().st_size > 0
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = CliRunner().invoke(app, ["digest", str(folder), "--out", str(blocker)])
    assert r.exit_code == 2, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_digest_markdown_keeps_file_names_as_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "<img src=x onerror=alert(1)>.txt").write_text(seed("003").read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(app, ["digest", str(folder), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    md = (tmp_path / "out" / "digest.md").read_text(encoding="utf-8")
    assert "<img" not in md and "&lt;img" in md


@pytest.mark.parametrize("damage", ["garbage", "truncated", "folder"])
def test_a_damaged_cache_is_set_aside_and_rebuilt(tmp_path, damage):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(seed("003").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["digest", str(folder), "--out", str(out)]).exit_code == 0
    cache = out / ".xxgk-cache.sqlite"
    for extra in out.glob(".xxgk-cache.sqlite-*"):
        extra.unlink()
    if damage == "garbage":
        cache.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:1500])
    else:
        cache.unlink()
        cache.mkdir()
    r = CliRunner().invoke(app, ["digest", str(folder), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert list(out.glob(".xxgk-cache.sqlite.corrupt-*")) and cache.is_file()


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_exit_when_the_digest_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        (folder / f"r{i}.txt").write_text(seed("003").read_text(encoding="utf-8") + f"\n{i}", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "agents.cli", "digest", str(folder), "--out", str(tmp_path / "o"),
                             "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(_children(proc.pid)) < 2:
        time.sleep(0.2)
    workers = _children(proc.pid)
    assert workers, "the digest started no worker"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.2)
    alive = [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]]
    assert not alive


def test_folder_hygiene_old_word_files_listed_and_own_outputs_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(seed("003").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    (folder / "report.ofd").write_bytes(b"PK\x03\x04" + b"\x00" * 60)  # an OFD file: listed, never passed over
    first = CliRunner().invoke(app, ["digest", str(folder), "--out", str(folder / "out")])
    assert first.exit_code == 0, first.output
    r = CliRunner().invoke(app, ["digest", str(folder), "--out", str(tmp_path / "again")])  # the old digest is inside
    rows = json.loads((tmp_path / "again" / "digest.json").read_text(encoding="utf-8"))["reports"]
    assert sorted(x["file"] for x in rows) == ["a.txt", "old.doc", "report.ofd"], r.output
    assert next(x for x in rows if x["file"] == "old.doc")["status"] != "ok"
    assert "OFD" in next(x for x in rows if x["file"] == "report.ofd")["reason"]


def test_mapping_csv_saved_by_excel_in_gbk_and_wrong_headers(tmp_path):
    from agents.batch import load_mapping
    from agents.errors import InputError

    good = tmp_path / "map.csv"
    good.write_bytes("文件,机关,层级,年度\na.txt,某县司法局,区县级,2024\n".encode("gbk"))
    assert load_mapping(good) == {"a.txt": {"agency": "某县司法局", "level": "区县级", "year": "2024"}}
    bad = tmp_path / "bad.csv"
    bad.write_text("name,org\na.txt,x\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_mapping(bad)


def test_digest_speaks_to_a_supervisor(tmp_path):
    """Rule names beside rule ids, engines and formats in words, a dated heading, a printable workbook."""
    import openpyxl

    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["digest", str(seed("003").parent), "--out", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out / "digest.xlsx")
    overview = wb["报告一览"]
    head = [c.value for c in overview[1]]
    first = dict(zip(head, [c.value for c in overview[2]]))
    assert first["格式"].endswith("年格式") and "规则" in first["引擎"] and "rules" not in first["引擎"]
    assert overview.page_setup.orientation == "landscape" and overview.print_title_rows
    assert "规则名称" in [c.value for c in wb["问题清单"][1]]
    html = (out / "digest.html").read_text(encoding="utf-8")
    assert "年" in html.split("生成时间", 1)[1][:12]


def test_resubmission_and_totals_by_year(tmp_path):
    """Same agency and year in two different files is flagged; totals never add up different years."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = seed("003").read_text(encoding="utf-8")
    import os

    (folder / "a.txt").write_text(text, encoding="utf-8")
    new_received = "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1"
    assert new_received in text
    corrected = text.replace(new_received, new_received.replace("\t1\t0\t0", "\t2\t0\t0", 1)[:-1] + "2")
    (folder / "a-v2.txt").write_text(corrected + "\n（更正版）", encoding="utf-8")
    os.utime(folder / "a.txt", (1_700_000_000, 1_700_000_000))  # the first submission is the older file
    (folder / "b.txt").write_text(seed("002").read_text(encoding="utf-8"), encoding="utf-8")
    d = run_digest(folder, tmp_path / "out", workers=1)
    resub = [c for c in d.cross if c.rule_id == "XY-RESUBMISSION"]
    assert len(resub) == 1 and sorted(resub[0].files) == ["a-v2.txt", "a.txt"]
    assert "最新的是 a-v2.txt" in resub[0].message_zh and "本年新收申请 1→2" in resub[0].message_zh
    by_year = d.stats.totals_by_year
    assert set(by_year) == {"2020", "2023"} and by_year["2023"]["new_received__reports"] == 2
