"""PDF with a text layer: page text in reading order, page starts kept. Scans are refused clearly."""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from agents.errors import InputError
from agents.extract.norm import FOOTER
from agents.ingest.document import Document, assemble
from agents.ingest.positions import Word, read_page

log = logging.getLogger(__name__)
MAX_PAGES = 300


def _cell(text: str | None) -> str | None:
    if text is None:
        return None  # a merged cell's continuation: written once, where it starts
    return "".join(text.split("\n")).strip()


# a figure whose characters stand apart (a cell's text spread over its width, "分散对齐"; wide character
# spacing): pdfplumber puts a space between them ("5 5 3" for 553)
_SPREAD = re.compile(r"[1-9](?: [\d.,])+")


def _unspread(text: str | None, alone: bool) -> str | None:
    """A cell's text with a spread figure closed up, where the cell is one column of the ruled grid
    (``alone``: the next cell of its row is not its merged continuation). A cell merged across columns
    (a ruling missing between two cells) may hold two cells' figures ("1 2"): it is left as printed."""
    if text is None or not alone or not _SPREAD.fullmatch(text):
        return text
    return text.replace(" ", "")


def _grid_lines(rows: list[list[str | None]]) -> list[str]:
    """A ruled table's rows (pdfplumber's ``extract``) as tab-separated lines: merged continuations
    dropped, real blanks kept empty."""
    lines = []
    for row in rows:
        cells = [c for c in (_unspread(_cell(x), k + 1 == len(row) or row[k + 1] is not None)
                             for k, x in enumerate(row)) if c is not None]
        if any(cells) or len(cells) > 1:  # a row of empty cells is kept: its cells are blank
            lines.append("\t".join(cells))
    return lines


def _unruled(page: object) -> tuple[str, int]:
    """A page without ruling lines: its words by position, so a table's figures keep their columns and
    a blank cell stays a blank (the same reader as OCR output)."""
    words = [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
             for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)]  # type: ignore[attr-defined]
    got = read_page(words)
    return got.text, -got.tables  # negative: tables found by position, not by ruling


def _page_text(page: object) -> tuple[str, int]:
    """Page text in reading order with ruled tables (two or more columns) read from their geometry."""
    found = [(t, t.extract()) for t in page.find_tables()]  # type: ignore[attr-defined]
    tables = [(t, rows) for t, rows in found if rows and len(rows[0]) >= 2]  # extracted once: it is a tenth of reading
    if not tables:
        return _unruled(page)
    boxes = [t.bbox for t, _ in tables]

    def outside(obj: dict[str, float]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(lambda o: o.get("object_type") != "char" or outside(o))  # type: ignore[attr-defined]
    blocks: list[tuple[float, str]] = [(ln["top"], ln["text"]) for ln in rest.extract_text_lines()]
    blocks += [(t.bbox[1], "\n".join(_grid_lines(rows))) for t, rows in tables]
    blocks.sort(key=lambda b: b[0])
    return "\n".join(text for _, text in blocks), len(tables)


_CID = re.compile(r"\(cid:\d+\)")
_READABLE = re.compile(r"[\u4e00-\u9fff0-9A-Za-z\u3000-\u303f\uff00-\uffef]")


def _unmapped(text: str) -> bool:
    """A text layer whose fonts map to no Unicode: "(cid:123)" placeholders or private-use glyphs
    instead of Chinese — a reading failure, not a report that lacks its sections."""
    sample = text[:50_000]
    cids = len(_CID.findall(sample))
    rest = _CID.sub("", sample)
    visible = [ch for ch in rest if not ch.isspace()]
    readable = len(_READABLE.findall(rest))
    return cids * 5 > len(sample) / 2 or (len(visible) >= 50 and readable < 0.3 * len(visible))


def read_pdf(data: bytes, name: str) -> Document:
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - pdfplumber is a dependency
        raise InputError("读取 PDF 需要 pdfplumber", "pip install pdfplumber") from exc
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        msg = type(exc).__name__
        detail = f"{msg} {exc!r}"
        if "Password" in detail or "ncrypt" in detail:
            raise InputError(f"PDF 已加密，无法读取：{name}", "请提供未加密的 PDF") from exc
        raise InputError(f"PDF 文件损坏或无法解析（{msg}）：{name}", "请重新下载或另存为 PDF") from exc
    parts: list[str] = []
    pictured: list[int] = []  # pages that are a picture only (a scanned table among text pages)
    printed: list[int | None] = []  # each page's number as its footer prints it
    with pdf:
        pages = pdf.pages
        if len(pages) > MAX_PAGES:
            raise InputError(f"PDF 有 {len(pages)} 页，超过上限 {MAX_PAGES} 页：{name}", "年度报告通常不超过 20 页")
        ruled = by_position = 0
        for page in pages:
            try:
                text, n = _page_text(page)
                ruled += max(n, 0)
                by_position -= min(n, 0)
            except Exception as exc:  # a damaged page must not stop the whole report
                log.warning("page %s of %s: table geometry failed (%s); using its text layer", page.page_number,
                            name, exc)
                try:
                    text = page.extract_text() or ""
                except Exception:
                    text = ""
            printed.append(_footer_number(page))
            text = "\n".join(ln for ln in text.split("\n") if not FOOTER.match(ln))  # "- 4 -", "第4页"
            if len(text.strip()) < 20 and _has_images(page):
                pictured.append(len(parts))
            parts.append(text)
    text = "\n".join(parts)
    if len(text.strip()) < 20:
        from agents.ingest.ocr import INSTALL_HINT, available, read_scanned_pdf

        if not available():
            raise InputError(f"PDF 没有文字层（是扫描件或图片），读取需要 OCR 扩展，当前未安装：{name}", INSTALL_HINT)
        return read_scanned_pdf(data, name)
    if pictured:
        doc = _with_pictured_pages(data, name, parts, pictured, ruled, by_position)
    elif _unmapped(text):
        raise InputError(f"PDF 的文字层无法读取（字体没有 Unicode 映射，取出的是乱码）：{name}",
                         "这不是内容问题：请向发布机关索取可复制文字的 PDF 或 Word 版，或先用 OCR 软件转换")
    else:
        doc = Document(text, name, "pdf", None, notes=_notes(ruled, by_position), page_starts=assemble(parts)[1])
    doc.missing_pages = missing_pages(printed)
    if doc.missing_pages:
        doc.notes.append(f"页脚页码不连续：印的第{'、'.join(map(str, doc.missing_pages))}页不在文件中（合并或下载时丢失）")
    return doc


_NUMBER = re.compile(r"\d+")
MAX_GAP = 5  # a jump of more printed pages than this is a numbering restart, not pages lost


def _footer_number(page: Any) -> int | None:
    """The page number its footer or header prints ("- 4 -", "第4页"), read from the characters in the
    page's top and bottom tenths (a layout may put the footer on a line of the text); None if none."""
    try:
        band = [c for c in page.chars if c["top"] > page.height * 0.9 or c["bottom"] < page.height * 0.1]
    except Exception:  # a damaged page: its number is not known
        return None
    lines: dict[int, list[Any]] = {}
    for c in band:
        lines.setdefault(round(c["top"]), []).append(c)
    for chars in lines.values():
        text = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
        if FOOTER.match(text) and (m := _NUMBER.search(text)):
            return int(m.group())
    return None


def missing_pages(printed: list[int | None]) -> list[int]:
    """The printed page numbers a PDF skips: between two pages whose footers print numbers, more numbers
    than pages lie (pages 1, 2, 3, 5: page 4 is not in the file). A page whose footer was not read may
    be any number, so it fills a gap; a number going down or jumping far is a new numbering, no gap."""
    known = [(i, n) for i, n in enumerate(printed) if n is not None]
    out: list[int] = []
    for (i, a), (j, b) in zip(known, known[1:]):
        if 0 < b - a - (j - i) <= MAX_GAP and b > a:
            out += list(range(a + (j - i), b))
    return out


def _notes(ruled: int, by_position: int) -> list[str]:
    notes = [f"按页面版式读取了 {ruled} 个带框线的表格"] if ruled else []
    if by_position:
        notes.append(f"按文字位置读取了 {by_position} 处无框线的表格（各列按数字的横向位置对齐，空白单元格保留为空白）")
    return notes or ["未发现表格框线，按文字层读取"]


def _has_images(page: object) -> bool:
    try:
        return bool(page.images)  # type: ignore[attr-defined]
    except Exception:
        return False


def _with_pictured_pages(data: bytes, name: str, parts: list[str], pictured: list[int], ruled: int,
                         by_position: int) -> Document:
    """A text PDF with some pages that are only a picture (a table scanned and pasted in): those pages
    are read by OCR where the extra is installed; otherwise the verdict says they were not read."""
    from agents.ingest.ocr import INSTALL_HINT, available, ocr_notes, ocr_pdf_pages

    pages_zh = "、".join(f"第{i + 1}页" for i in pictured)
    if not available():
        text, starts, _ = assemble(parts)
        notes = _notes(ruled, by_position) + [f"{pages_zh}只有图片、没有文字层，未读取（{INSTALL_HINT}）"]
        return Document(text, name, "pdf", None, notes=notes, page_starts=starts,
                        unread_pages=[i + 1 for i in pictured])
    pages, cached = ocr_pdf_pages(data, name, pictured)
    mixed: list[str | dict[str, Any]] = list(parts)
    for i, page in zip(pictured, pages):
        mixed[i] = page
    text, starts, uncertain = assemble(mixed)
    notes = _notes(ruled, by_position) + ocr_notes(pages, cached, len(uncertain), which=pages_zh)
    return Document(text, name, "pdf", None, notes=notes, page_starts=starts, ocr=True, uncertain=uncertain)
