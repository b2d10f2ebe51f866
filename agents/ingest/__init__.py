"""Reading report files of every kind into a Document."""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

from agents.errors import InputError
from agents.ingest.boxes import box_tables
from agents.ingest.crawled import tab_wrapped
from agents.ingest.document import Document
from agents.ingest.text import decode_bytes

DEFAULT_MAX_MB = 20.0
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}
READABLE = sorted(TEXT_SUFFIXES - {""} | HTML_SUFFIXES | IMAGE_SUFFIXES | {".pdf", ".docx"})


# a backslash before ASCII punctuation is Markdown's escape (converters write "3\.其他", "96171\.6" so that no
# list or emphasis starts there): read as the character shown; "\|" stays, a pipe in a table splits cells
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{}~])")


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    head = data[:2048].lower()
    if b"<html" in head or b"<!doctype html" in head or b"<table" in head:
        return "html"
    return None


# spaces that are not U+0020: a web page's &nbsp; (U+00A0), Word's fixed-width spaces; a regex written with " "
# or [ \t] would not see them. Each becomes one space, so every offset stays where it was. So do the
# invisible marks pasted text and PDF converters leave between characters (a zero-width space, a soft
# hyphen, a word joiner, a byte-order mark inside the text): "103\u00ad" was no figure, a label in a
# column of figures, and the figures after it went into the wrong rows.
_ODD_SPACE = re.compile("[\u00a0\u00ad\u2002-\u200d\u202f\u205f\u2060\ufeff]")  # (str.translate would cost 1 ms a report)
# HTML entities a crawler left in the text it saved ("30&nbsp;1&nbsp;0"): read as the characters they stand for
_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|"
                     r"#\d{2,5}|#x[0-9a-fA-F]{2,4});")


# a text file that is a page's source or a fragment of it (a crawler saved the HTML): its paragraphs and
# line breaks are tags (ten of them, or one on every other line of a short file), so it is read as a web page
_TAGS = re.compile(r"<(?:/?(?:p|div|span|td|tr|th|li|h[1-6]|strong|font)\b[^<>]*|br\s*/?)>", re.I)


def read_bytes(data: bytes, name: str, *, max_mb: float = DEFAULT_MAX_MB) -> Document:
    doc = _read_bytes(data, name, max_mb=max_mb)
    if _ODD_SPACE.search(doc.text):
        doc.text = _ODD_SPACE.sub(" ", doc.text)
    return doc


def _is_ofd(data: bytes) -> bool:
    """An OFD file (GB/T 33190, the fixed-layout format many government sites publish in): a zip
    archive whose entry point is OFD.xml."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lower() == "ofd.xml" for n in z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _read_bytes(data: bytes, name: str, *, max_mb: float) -> Document:
    size_mb = len(data) / 1_000_000
    if size_mb > max_mb:
        raise InputError(f"文件过大：{size_mb:.1f} MB，超过上限 {max_mb:g} MB：{name}",
                         "年度报告通常不足 2 MB；确需检查可用 --max-mb 调高上限")
    suffix = Path(name).suffix.lower()
    kind = _sniff(data)
    if suffix == ".pdf" or kind == "pdf":
        from agents.ingest.pdf import read_pdf

        return read_pdf(data, name)
    if suffix in IMAGE_SUFFIXES or kind == "image":
        from agents.ingest.ocr import INSTALL_HINT, available, read_image

        if not available():
            raise InputError(f"这是图片（{suffix or '图像'}），读取需要 OCR 扩展，当前未安装：{name}", INSTALL_HINT)
        return read_image(data, name)
    if suffix in (".doc", ".wps") or kind == "ole":
        raise InputError(f"不支持旧版 Word/WPS 格式（{suffix or '.doc'}）：{name}",
                         "请用 Word 或 WPS 另存为 .docx，或导出为 PDF 后再检查")
    if suffix == ".ofd" or kind == "zip" and _is_ofd(data):
        raise InputError(f"暂不能直接读取 OFD 版式文件：{name}",
                         "请用 OFD 阅读器（如数科阅读器、福昕 OFD 版式办公套件）导出为 PDF 后再检查")
    if suffix == ".docx" or kind == "zip":
        from agents.ingest.docx import read_docx

        return read_docx(data, name, max_mb)
    text, encoding, cut, replaced = decode_bytes(data, name)
    doc = _text_document(text, name, suffix, kind, encoding)
    if replaced:
        doc.notes.append(f"文件中有 {replaced} 处字节不是有效的 UTF-8 编码（下载、转存时损坏），显示为“\ufffd”；"
                         "夹在两个数字之间的，两旁的数字按无法识别处理")
    if cut:
        doc.truncated = True
        doc.notes.append(f"文件末尾的最后一个字符不完整（{cut} 个字节）：文件在此被截断（下载或保存未完成），其后的内容不在文件中")
    return doc


def _text_document(text: str, name: str, suffix: str, kind: str | None, encoding: str) -> Document:
    if kind == "html" and suffix in (".md", ".markdown") and not text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        kind = None  # Markdown with a table written as HTML near its top: read as Markdown, tables inline below
    tagged = kind is None and suffix not in HTML_SUFFIXES | {".md", ".markdown"} and "<" in text \
        and len(_TAGS.findall(text[:65536])) >= min(10, max(3, text.count("\n", 0, 65536) // 2))
    if suffix in HTML_SUFFIXES or kind == "html" or tagged:
        from agents.ingest.html import html_to_text  # BeautifulSoup costs 0.1 s to import: only for HTML

        doc = Document(html_to_text(text, name), name, "html", encoding)
        if tagged:
            doc.notes.append("文字文件中有 HTML 标签（如 <p>、<br>），已按网页读取；行号指去掉标签后的文字")
        return doc
    doc = Document(text, name, "markdown" if suffix in (".md", ".markdown") else "text", encoding)
    if "&" in text:
        import html

        doc.text, entities = _ENTITY.subn(lambda m: html.unescape(m.group()), doc.text)
        if entities:
            doc.notes.append(f"文中有 {entities} 处 HTML 字符实体（如“&nbsp;”），已按所代表的字符读取")
    if doc.kind == "markdown" and "\\" in text:
        doc.text, count = _MD_ESCAPE.subn(r"\1", doc.text)
        if count:
            doc.notes.append(f"Markdown 的反斜杠转义 {count} 处（如“3\\.其他”“96171\\.6”）已按显示的文字读取")
    if (unwrapped := tab_wrapped(doc.text))[1]:
        doc.text = unwrapped[0]
        doc.notes.append(f"文中 {unwrapped[1]} 行首尾各有一个制表符（爬虫用制表符连接网页文字、网页源码在标签之间换行时如此），"
                         "这两个制表符不是单元格分隔，已去掉（行号不变）")
    if (drawn := box_tables(doc.text))[1]:
        doc.text = drawn[0]
        doc.notes.append(f"文中有 {drawn[1]} 个用框线字符（│ ─ ┼ 等）画出的表格（如 w3m、elinks 保存的网页），已按单元格读取："
                         "每行各单元格合为一行，折行的单元格文字连起来读；行号与原文件一致")
    if "<table" in text.lower():
        from agents.ingest.html import inline_tables

        doc.text, count = inline_tables(doc.text)
        if count:
            doc.notes.append(f"文中有 {count} 个 HTML 格式的表格（<table>），已按单元格读取；"
                             "行号指按单元格展开后的文字")
    return doc


def read_path(path: str | Path, *, max_mb: float = DEFAULT_MAX_MB) -> Document:
    p = Path(path)
    try:
        info = os.stat(p)  # one call for "exists", "a folder" and the size: on a virtual machine each is costly
    except FileNotFoundError:
        raise InputError(f"文件不存在：{p}", "请检查路径") from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{p}（{exc.strerror}）", "请检查文件权限") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"这是一个文件夹：{p}", "检查单个报告请给出文件；检查整个文件夹请用 xxgk digest")
    size_mb = info.st_size / 1_000_000
    if size_mb > max_mb:
        raise InputError(f"文件过大：{size_mb:.1f} MB，超过上限 {max_mb:g} MB：{p.name}",
                         "年度报告通常不足 2 MB；确需检查可用 --max-mb 调高上限")
    try:
        data = _read_all(p, info.st_size, int(max_mb * 1_000_000))
    except OSError as exc:
        raise InputError(f"无法读取文件：{p}（{exc.strerror}）", "请检查文件权限") from exc
    if len(data) > max_mb * 1_000_000:  # a pipe or a file that grew after its size was taken
        raise InputError(f"文件过大：超过上限 {max_mb:g} MB：{p.name}", "年度报告通常不足 2 MB；确需检查可用 --max-mb 调高上限")
    return read_bytes(data, p.name, max_mb=max_mb)


def _read_all(p: Path, size: int, limit: int) -> bytes:
    """The file's bytes, up to one byte past ``limit``, with the system calls reading needs: open, read
    to the end, close (``Path.read_bytes`` adds a stat, an ioctl and two seeks; on a virtual machine each
    call costs tens of microseconds). ``size``, from the caller's stat, is asked for at once; a pipe, a
    special file or a file that grew is read on until the read that says it has ended."""
    fd = os.open(p, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks: list[bytes] = []
        got = 0
        ask = size + 1 if size else 65536
        while got <= limit:
            chunk = os.read(fd, min(ask, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            ask = 65536
        return b"".join(chunks)
    finally:
        os.close(fd)


__all__ = ["Document", "READABLE", "read_bytes", "read_path"]
