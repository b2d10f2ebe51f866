"""Word .docx: paragraphs and the real table cells, in body order; merged cells read once."""

from __future__ import annotations

import io
import zipfile

from agents.errors import InputError
from agents.ingest.document import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(el: object) -> str:
    """A paragraph's or cell's text, tracked insertions (w:ins) included, deletions (w:delText) not:
    python-docx's .text reads only direct runs, so a figure typed with track changes on read as blank."""
    parts = []
    for node in el.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}p"):  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{W}t":
            parts.append(node.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts).strip("\n")


def _rows(tbl: object) -> list[list[object]]:
    """Each row's cells (w:tc), one per cell however many grid columns it spans."""
    return [[tc for tc in tr.iterchildren(f"{W}tc")] for tr in tbl.iterchildren(f"{W}tr")]  # type: ignore[attr-defined]


def _table_lines(tbl: object) -> list[str]:
    lines = []
    for row in _rows(tbl):
        cells = [" ".join(_text(tc).split()) for tc in row]
        if any(cells) or len(cells) > 1:  # a row of empty cells is kept: its cells are blank
            lines.append("\t".join(cells))
    return lines


def _blocks(parent: object) -> list[str]:
    """Text lines of a body, cell or content control in reading order. A layout table (one cell per
    row, holding paragraphs and tables of its own) and content controls (w:sdt) are read through."""
    out: list[str] = []
    for child in parent.iterchildren():  # type: ignore[attr-defined]
        tag = child.tag
        if tag == f"{W}p":
            text = _text(child)
            if text.strip():
                out.append(text)
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out.extend(_blocks(content))
        elif tag == f"{W}tbl":
            rows = _rows(child)
            if rows and all(len(r) == 1 for r in rows):
                for r in rows:
                    out.extend(_blocks(r[0]))
            else:
                out.extend(_table_lines(child))
    return out


XML_SHARE = 1.0  # the XML a .docx inflates to may be as large as the file limit itself
ALL_SHARE = 5.0  # and everything in it (images included) five times that


def _check_inflation(z: zipfile.ZipFile, name: str, max_mb: float) -> None:
    """The size limit holds for what the file inflates to, not only for the compressed file: a .docx
    of 480 KB that inflates to 120 MB would otherwise take gigabytes to parse."""
    infos = z.infolist()
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels"))) / 1_000_000
    everything = sum(i.file_size for i in infos) / 1_000_000
    if xml > max_mb * XML_SHARE or everything > max_mb * ALL_SHARE:
        raise InputError(f"Word 文档解压后过大（文字部分 {xml:.0f} MB，全部 {everything:.0f} MB），超过上限：{name}",
                         f"上限为文字部分 {max_mb * XML_SHARE:g} MB、全部 {max_mb * ALL_SHARE:g} MB，可用 --max-mb 调高")


def read_docx(data: bytes, name: str, max_mb: float = 20.0) -> Document:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover
        raise InputError("读取 .docx 需要 python-docx", "pip install python-docx") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise InputError(f"不是 Word 文档（压缩包中没有 word/document.xml）：{name}",
                                 "请确认文件是 .docx 格式的年度报告")
            _check_inflation(z, name, max_mb)
        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"无法打开 Word 文档（{type(exc).__name__}）：{name}", "文件可能已损坏或不是 .docx") from exc
    out = _blocks(document.element.body)
    text = "\n".join(out)
    if not text.strip():
        raise InputError(f"Word 文档中没有文字：{name}", "请确认文件内容")
    return Document(text, name, "docx")
