"""Bad input gets a clear one-line error (exit 2) or findings (exit 0/1): never a traceback,
never a partial output file, never a number made up from nothing."""

from __future__ import annotations

import io
import json
import os
import threading
import zipfile

import pytest
from conftest import CORPUS, seed
from typer.testing import CliRunner

from agents.cli import app
from agents.errors import InputError
from agents.evaluation import score
from agents.extract.report import extract_report
from agents.ingest import read_bytes, read_path

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def expect_input_error(path, needle: str):
    r = run("check", str(path))
    assert r.exit_code == 2, r.output + r.stderr
    err = r.stderr.strip()
    assert needle in err and len(err.splitlines()) == 1, err
    assert r.stdout == ""


@pytest.mark.parametrize("content,needle", [
    (b"", "文件为空"),
    (b"   \n\t\n  ", "文件为空"),
    (bytes(range(256)) * 40, "不是文本文件"),
    ("这是一首诗。床前明月光，疑是地上霜。举头望明月，低头思故乡。".encode(), "不是政府信息公开工作年度报告"),
])
def test_unreadable_inputs(tmp_path, content, needle):
    p = tmp_path / "input.txt"
    p.write_bytes(content)
    expect_input_error(p, needle)


def test_missing_file_and_folder(tmp_path):
    expect_input_error(tmp_path / "nope.txt", "文件不存在")
    expect_input_error(tmp_path, "文件夹")


def test_zip_renamed_docx_and_old_doc(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word document")
    p = tmp_path / "report.docx"
    p.write_bytes(buf.getvalue())
    expect_input_error(p, "不是 Word 文档")
    doc = tmp_path / "report.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    expect_input_error(doc, "另存为 .docx")


@pytest.mark.parametrize("name", ["report.ofd", "report.docx", "report"])
def test_an_ofd_file_is_named_as_such_whatever_its_name(tmp_path, name):
    """OFD (GB/T 33190), the fixed-layout format many government sites publish in, is a zip archive
    with OFD.xml: not "not a Word document" but what it is, and how to read it (export a PDF)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>')
        z.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    p = tmp_path / name
    p.write_bytes(buf.getvalue())
    expect_input_error(p, "暂不能直接读取 OFD 版式文件")
    r = run("check", str(p))
    assert "导出为 PDF" in r.output


def test_huge_file(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    expect_input_error(p, "文件过大")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_read_to_its_end(tmp_path):
    """A pipe has no size to read up to (``xxgk check <(curl …)``): it is read until it ends, and a
    report longer than one read comes whole, as a file does."""
    text = seed("000").read_text(encoding="utf-8") * 8  # past one 64 KiB read
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(text.encode("utf-8")))
    writer.start()
    try:
        doc = read_path(fifo)
    finally:
        writer.join()
    assert doc.text == read_bytes(text.encode("utf-8"), "report.txt").text  # as the same bytes in a file
    assert doc.text.count("二、主动公开政府信息情况") == 8


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_past_the_size_limit_is_refused(tmp_path):
    fifo = tmp_path / "big.txt"
    os.mkfifo(fifo)

    def write() -> None:
        try:
            with fifo.open("wb") as fh:
                fh.write(b"x" * 3_000_000)
        except BrokenPipeError:
            pass  # the reader stopped at its limit

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with pytest.raises(InputError, match="文件过大"):
            read_path(fifo, max_mb=1)
    finally:
        writer.join()


def test_truncated_report_gives_findings_not_zeros(tmp_path):
    """A file that stops inside 表三 (its last row is not there): what follows is not in the file, so the
    missing sections, table and rows are said but not concluded (无法判断, not 不合格), and the
    cells after the cut are missing, never 0."""
    text = seed("000").read_text(encoding="utf-8")
    cut = text[: text.index("8.属于行政查询事项")]
    p = tmp_path / "cut.txt"
    p.write_text(cut, encoding="utf-8")
    r = run("check", str(p), "--format", "json")
    assert r.exit_code == 4
    import json

    v = json.loads(r.stdout)
    by_rule = {f["rule_id"]: f for f in v["findings"]}
    assert by_rule["READ-TRUNCATED"]["data"]["table"] == "三"
    assert "文件在表三中间结束" in by_rule["READ-TRUNCATED"]["message_zh"]
    for rule in ("SEC-REQUIRED", "TBL-MISSING"):
        assert by_rule[rule]["status"] == "not_read" and "此项未作结论" in by_rule[rule]["message_zh"]
    cells = v["report"]["tables"]["三"]["cells"]
    total = [c for c in cells if c["row"] == "total_handled"]
    assert all(c["status"] == "missing" and c["value"] is None for c in total)
    general = [f for f in v["findings"] if f["rule_id"] == "SEC-GENERAL-SUBITEMS"]
    assert all(f["status"] != "not_read" for f in general)  # before the cut: concluded as ever
    md = run("check", str(p), "--format", "md").stdout  # shown apart, and counted as no error of the report
    assert "## 未作结论" in md and "## 错误" not in md and "读取到的部分无错误" in md


# Found by mutating the example reports at random (lines swapped, joined, cut, digits inserted) and
# checking each: 26,000 runs gave these two tracebacks, cut down to the lines that still gave them.
# 表三 as a PDF's text, damaged: a row no reading fits (its cells []), beside a row read two ways, once
# stopped the check with "generator raised StopIteration" while the column identities narrowed them.
DAMAGED_TABLE3 = """\
一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119
（一）予以公开 1288 21 0 0 50 3 1362
447 7 0 0 0 0 454
1.属于国家秘密 2 0 0 0 0 0 2
本 2.其他法律行政法规禁止公开 30 1 0 0 0 0 31
3.危及“三安全一稳定” 5 0 0 0 0 0 5
办 （三）不 4.保护第三方合法权益 6 0 0 0 0 0 6
5.属于三类内部事务信息 7 1 0 0 0 0 8
6.属于四类过程性信息 12 0 0 0 0 0 12
7.属于行政执法案卷 9 0 0 0 0 0 9
8.属于行政查询事项 105 0 0 0 0 0 105
（四）无 1.本机关不掌握相关政府信息 746 12 0 0 10 1 769
1.信访举报投诉类申请 56 6 010 1 769
法提供 2.没有现成信息需要另行制作 11 0 0 0 0 0 11
3.补正后申请内容仍不明确 1 0 0 0 0 0 1
1.信访举报投诉类申请 56 6 0 0 0 0 62 2.重复申请 25 0 0 0 0 0 25 （五）不 3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 0 0 0 0 0 0 0
1 0 0 0 0 0 1
正、行政机关不再处理其政府信 67 3 0 0 1 0 71
求缴纳费用、行政机关不再处理 6 0 0 0 0 0 6
3、其他 108 2 0 0 0 0 110
（七）总计 2932 53 0 0 61 4 3050
四、政府信息公开行政复议、行政诉讼情况
"""


@pytest.mark.parametrize("text", [
    DAMAGED_TABLE3,
    # a figure with a full-width comma after it, glued to the text before ("之和000，"): read as the
    # figure "000," that no parser reads (a ValueError)
    "第二十条 第（八）项\n（本列数据的勾稽关系为：第一项加第二项之和000，\n一、本年新收政府信息公开申请数量\n0\n",
])
def test_damaged_tables_found_by_fuzzing_give_findings_not_a_traceback(tmp_path, text):
    p = tmp_path / "damaged.txt"
    p.write_text(text, encoding="utf-8")
    r = run("check", str(p))
    assert r.exit_code in (0, 1, 2, 4), r.output + r.stderr  # never 70, an internal error


def test_the_rows_of_the_damaged_table_that_are_whole_are_read():
    from agents.extract.report import extract_report

    t = extract_report(DAMAGED_TABLE3, "damaged.txt").tables["三"]
    assert [c.value for c in t.row_cells("granted")] == [1288, 21, 0, 0, 50, 3, 1362]
    assert [c.value for c in t.row_cells("total_handled")] == [2932, 53, 0, 0, 61, 4, 3050]


def _check_json(tmp_path, text: str, name: str = "cut.txt"):
    import json

    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    r = run("check", str(p), "--format", "json")
    return r.exit_code, json.loads(r.stdout)


def test_text_cut_in_mid_sentence_is_not_blamed_for_the_sections_after_it(tmp_path):
    """A text that stops in the middle of a sentence (a copy or a download that stopped at a character's
    boundary, which no byte shows) with the sections after it all missing: said as READ-TRUNCATED, the
    sections, tables and rows after it not concluded (无法判断, not 不合格)."""
    text = seed("001").read_text(encoding="utf-8")
    cut = text[:text.index("。", text.index("五、存在的主要问题")) - 6]  # in 五's first sentence
    code, v = _check_json(tmp_path, cut)
    by_rule = {f["rule_id"]: f for f in v["findings"]}
    cut_off = by_rule["READ-TRUNCATED"]
    assert cut_off["data"]["section"] == 5 and cut_off["data"]["missing"] == [6]
    assert "第五部分的一句话、标题或表格中间结束" in cut_off["message_zh"] and "第六部分都不在文件中" in cut_off["message_zh"]
    assert by_rule["SEC-REQUIRED"]["status"] == "not_read" and by_rule["SEC-REQUIRED"]["data"]["section"] == 6
    assert code == 4 and v["conclusion"] == "无法判断"
    # in 三's table header: the table and 四, 五, 六 after it not concluded
    code, v = _check_json(tmp_path, text[:text.index("申请人情况", text.index("三、收到和处理")) + 5])
    fails = [f for f in v["findings"] if f["severity"] == "error" and f["status"] == "fail"]
    assert code == 4 and not fails, [f["message_zh"] for f in fails]
    assert next(f for f in v["findings"] if f["rule_id"] == "READ-TRUNCATED")["data"]["missing"] == [4, 5, 6]


def test_text_cut_at_a_sentence_end_before_three_sections(tmp_path):
    """Cut at the end of a sentence, a text cannot show it stopped; but no report is printed without
    its last three sections and table 四, so with three or more missing after it, the cut is said too."""
    text = seed("001").read_text(encoding="utf-8")
    cut = text[:text.index("二、主动公开")].rstrip()  # 一 whole, ending "…提供坚实人才保障。"
    code, v = _check_json(tmp_path, cut)
    cut_off = next(f for f in v["findings"] if f["rule_id"] == "READ-TRUNCATED")
    assert cut_off["message_zh"].startswith("文件在第一部分结束（末尾是“") and "第二、三、四、五、六部分都不在文件中" in cut_off["message_zh"]
    assert cut_off["data"]["missing"] == [2, 3, 4, 5, 6] and code == 4 and v["conclusion"] == "无法判断"


def test_a_complete_report_without_its_last_section_is_still_told_so(tmp_path):
    """A report that ends as reports do (a sentence, a date, a signature) and lacks only 六 did leave it
    out: SEC-REQUIRED is an error, not a cut."""
    text = seed("001").read_text(encoding="utf-8")
    body = text[:text.index("六、其他需要报告的事项")].rstrip()
    assert body.endswith("。")
    for ending in ("", "\n\n某某市司法局\n2026年1月20日\n", "\n- 5 -\n附件下载:\n"):
        code, v = _check_json(tmp_path, body + ending)
        assert not any(f["rule_id"] == "READ-TRUNCATED" for f in v["findings"]), ending
        missing = next(f for f in v["findings"] if f["rule_id"] == "SEC-REQUIRED")
        assert missing["status"] == "fail" and missing["data"]["section"] == 6 and code == 1


def test_file_cut_inside_a_figure_does_not_give_the_figure(tmp_path):
    """A file that ends with a figure may have lost its last digits ("30" of "3050"): unreadable, never
    taken (a 总计 of 30 would make the report's own arithmetic fail)."""
    text = seed("000").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "七)总计" in line)
    cut = text[: text.index(row)] + row.rstrip(" |").rsplit(" | ", 1)[0] + " | 1"
    p = tmp_path / "cut.txt"
    p.write_text(cut, encoding="utf-8")
    r = run("check", str(p), "--format", "json")
    import json

    v = json.loads(r.stdout)
    cells = {(c["row"], c["column"]): c for c in v["report"]["tables"]["三"]["cells"]}
    last = cells[("total_handled", "total")]
    assert last["status"] == "unreadable" and last["value"] is None and last["reason"] == "cut_off"
    assert cells[("total_handled", "natural_person")]["status"] == "number"
    assert not [f for f in v["findings"] if f["rule_id"].startswith("T3") and f["status"] == "fail"]
    assert r.exit_code == 4


def test_file_cut_inside_a_character(tmp_path):
    """Bytes that end part-way through a character (a download that stopped): read up to it, said, and
    what is missing after it not concluded; a GBK file the same."""
    data = seed("000").read_text(encoding="utf-8")
    at = data.index("五、存在的主要问题")
    for enc, tail in (("utf-8", 2), ("gbk", 1)):
        raw = data[:at + 40].encode(enc)
        p = tmp_path / f"cut-{enc}.txt"
        p.write_bytes(raw[:-tail])
        r = run("check", str(p), "--format", "json")
        import json

        v = json.loads(r.stdout)
        assert v["document"]["truncated"] is True
        assert any("截断" in n for n in v["document"]["notes"])
        by_rule = {f["rule_id"]: f for f in v["findings"]}
        assert by_rule["READ-TRUNCATED"]["data"]["section"] == 5
        assert by_rule["SEC-REQUIRED"]["status"] == "not_read"  # 六 is after the cut
        assert r.exit_code == 4


def test_file_cut_inside_a_character_before_any_section(tmp_path):
    raw = seed("000").read_text(encoding="utf-8")[:200].encode("utf-8")
    p = tmp_path / "cut.txt"
    p.write_bytes(raw[:-1] if raw[-1] & 0xC0 == 0x80 else raw + "政".encode()[:2])
    expect_input_error(p, "文件不完整：最后一个字符被截断")


def test_gbk_encoded_report(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(seed("000").read_text(encoding="utf-8").encode("gbk"))
    r = run("check", str(p), "--no-tables")
    assert r.exit_code == 0 and "抚顺市司法局" in r.stdout


def test_deeply_nested_html(tmp_path):
    p = tmp_path / "deep.html"
    p.write_text("<html><body>" + "<div>" * 5000 + "一、总体情况" + "</div>" * 5000 + "</body></html>")
    r = run("check", str(p))
    assert r.exit_code == 2


def test_no_partial_output_file_on_error(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    out = tmp_path / "out.json"
    r = run("check", str(p), "--format", "json", "-o", str(out))
    assert r.exit_code == 2 and not out.exists()
    assert not list(tmp_path.glob(".out.json*"))


def _synthetic():
    from fixtures.synth import consistent_t3, consistent_t4, report_text, table3_text

    t3 = consistent_t3({"granted": [3, 0, 0, 0, 0, 0]}, [0] * 6, [0] * 6)
    t4 = consistent_t4([0] * 12)
    return t3, report_text(t3, t4), table3_text


def test_ten_thousand_rows_of_garbage_are_flagged_fast():
    import random
    import time

    from helpers import check_text, ids

    t3, base, _ = _synthetic()
    rng = random.Random(1)
    garbage = "\n".join(" | ".join(str(rng.randint(0, 999)) for _ in range(8)) for _ in range(10000))
    text = base.replace("四、政府信息公开行政复议", garbage + "\n四、政府信息公开行政复议")
    t0 = time.perf_counter()
    f = check_text(text)
    assert time.perf_counter() - t0 < 10
    assert "TBL-EXTRA-VALUES" in ids(f)
    one_row = base.replace("（一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
                           "（一）予以公开 " + " ".join(str(rng.randint(0, 9)) for _ in range(10000)))
    assert one_row != base
    f = check_text(one_row)
    assert "CELL-UNREADABLE" in ids(f)  # never a window of 7 that happens to add up


def test_duplicated_table_is_reported():
    from helpers import check_text, ids

    t3, base, table3_text = _synthetic()
    dup = base.replace("四、政府信息公开行政复议", table3_text(t3) + "\n四、政府信息公开行政复议")
    assert "SEC-DUPLICATE" in ids(check_text(dup))


def test_negative_and_decimal_counts(tmp_path):
    from helpers import check_text, ids

    _, base, _ = _synthetic()
    text = base.replace("（一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |", "（一）予以公开 | 3 | -1 | 0 | 0 | 0 | 1.5 | 3 |")
    assert "CELL-NOT-COUNT" in ids(check_text(text))


def _pdf(build):
    import io as _io

    from reportlab.pdfgen import canvas

    buf = _io.BytesIO()
    build(canvas, buf)
    return buf.getvalue()


def test_encrypted_and_scanned_pdfs(tmp_path):
    def encrypted(canvas, buf):
        c = canvas.Canvas(buf, encrypt="secret")
        c.drawString(100, 100, "hello")
        c.save()

    def scanned(canvas, buf):
        c = canvas.Canvas(buf)
        c.rect(50, 50, 400, 600, fill=1)
        c.save()

    for name, build, needle in (("locked.pdf", encrypted, "加密"), ("scan.pdf", scanned, "没有文字层")):
        p = tmp_path / name
        p.write_bytes(_pdf(build))
        expect_input_error(p, needle)


def test_two_reports_concatenated_is_an_error_finding(tmp_path):
    text = seed("000").read_text(encoding="utf-8")
    p = tmp_path / "two.txt"
    p.write_text(text + "\n" + seed("003").read_text(encoding="utf-8"), encoding="utf-8")
    r = run("check", str(p), "--no-tables")
    assert r.exit_code == 1 and "SEC-DUPLICATE" in r.stdout


def test_a_docx_that_inflates_past_the_limit_is_refused_before_parsing(tmp_path):
    """The size limit holds for what a zip-based file inflates to (a 'zip bomb' of compressible XML)."""
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * 30_000_000 + "</w:document>")
    assert p.stat().st_size < 1_000_000  # small on disk
    r = run("check", str(p))
    assert r.exit_code == 2 and "解压后过大" in r.output


def test_deeply_nested_report_is_read(tmp_path):
    """20,000 nested <div>s around a report: the report is read (the content area is found in one pass,
    so this no longer takes minutes; scripts/benchmark.py does the timing)."""
    body = seed("003").read_text(encoding="utf-8").replace("\n", "<br>")
    p = tmp_path / "deep.html"
    p.write_text("<html><body>" + "<div>" * 20_000 + body + "</div>" * 20_000 + "</body></html>", encoding="utf-8")
    r = run("check", str(p), "--no-tables", "--format", "json")
    assert r.exit_code in (0, 1, 4), r.output
    assert '"found": true' in r.stdout


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path, encoding):
    p = tmp_path / "u16.txt"
    p.write_bytes(seed("000").read_text(encoding="utf-8").encode(encoding))
    r = run("check", str(p), "--no-tables")
    assert r.exit_code == 0 and "抚顺市司法局" in r.stdout, r.output


def test_binary_is_still_refused(tmp_path):
    p = tmp_path / "noise.txt"
    p.write_bytes(bytes(range(256)) * 64)
    assert run("check", str(p)).exit_code == 2


def test_a_pdf_text_layer_without_unicode_is_said_to_be_unreadable_not_a_non_report():
    from agents.ingest.pdf import _unmapped

    assert _unmapped("(cid:12)(cid:34)(cid:56)\n" * 300)  # fonts with no ToUnicode map
    assert _unmapped("".join(chr(0xE000 + i % 400) for i in range(3000)))  # private-use glyphs
    assert not _unmapped((CORPUS / "huaian-2024.pdf.txt").read_text(encoding="utf-8"))


def _image_only_pdf() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(img).rectangle((100, 100, 500, 300), outline=0, width=3)
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=100)
    return buf.getvalue()


def test_scan_or_photo_without_the_ocr_extra_names_the_install_command(monkeypatch):
    from PIL import Image

    import agents.ingest.ocr as ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(InputError, match="OCR 扩展") as err:
        read_bytes(_image_only_pdf(), "scan.pdf")
    assert 'pip install -e ".[ocr]"' in err.value.hint_zh
    buf = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(buf, "PNG")
    with pytest.raises(InputError, match="OCR 扩展") as err:
        read_bytes(buf.getvalue(), "page.png")
    assert 'pip install -e ".[ocr]"' in err.value.hint_zh


def test_a_pictured_page_without_the_extra_is_said_not_read(monkeypatch):
    import agents.ingest.ocr as ocr
    from agents.evaluation import scanned_copy

    monkeypatch.setattr(ocr, "available", lambda: False)
    doc = read_bytes(scanned_copy((CORPUS / "huaian-2024.pdf").read_bytes(), dpi=72, pages=[4]), "mixed.pdf")
    assert not doc.ocr
    assert any("第5页只有图片" in n and "未读取" in n for n in doc.notes)


def test_cli_error_keeps_the_install_command_and_bracketed_names(monkeypatch, tmp_path):
    import agents.ingest.ocr as ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = tmp_path / "扫描件[2024].pdf"
    scan.write_bytes(_image_only_pdf())
    r = CliRunner().invoke(app, ["check", str(scan)])
    assert r.exit_code == 2
    out = " ".join(r.output.split())
    assert 'pip install -e ".[ocr]"' in out and "扫描件[2024].pdf" in out  # text, not rich markup


def test_utf8_with_a_few_bad_bytes_is_read_and_said(tmp_path):
    """A UTF-8 report with a stray byte (a crawler's join, a broken copy) was refused whole ("无法识别文件
    编码"). It is read, each bad sequence as "\ufffd", and the reading says so; a bad byte between a
    crawler row's glued digits leaves that row unread, never cut short (37 read 3)."""
    text = (CORPUS / "pingtan-2022.txt").read_text(encoding="utf-8")
    gold = json.loads((CORPUS / "pingtan-2022.gold.json").read_text(encoding="utf-8"))
    data = text.encode("utf-8")
    at = data.index("不掌握相关政府信息 37000003".encode()) + len("不掌握相关政府信息 37000003".encode())
    data = data[:at] + b"\xff" + data[at:]
    mid = len(data) // 3
    data = data[:mid] + b"\x80" + data[mid:]
    doc = read_bytes(data, "pingtan.txt")
    assert doc.encoding == "utf-8" and doc.text.count("\ufffd") >= 2
    assert any("2 处字节不是有效的 UTF-8" in n for n in doc.notes)
    s = score(extract_report(doc.text, doc.source), gold)
    assert s.wrong_numbers == 0 and s.right >= s.total - 7  # the one row with the bad byte in its digits
    r = run("check", str(_write(tmp_path / "p.txt", data)), "--no-tables")
    assert r.exit_code != 2 and "不是有效的 UTF-8" in r.stdout


def test_a_file_with_many_bad_utf8_bytes_is_still_refused(tmp_path):
    raw = seed("000").read_text(encoding="utf-8").encode("utf-8")
    data = b"".join(raw[k:k + 300] + b"\xff" for k in range(0, len(raw), 300))
    expect_input_error(_write(tmp_path / "bad.txt", data), "无法识别文件编码")


def _write(path, data: bytes):
    path.write_bytes(data)
    return path
