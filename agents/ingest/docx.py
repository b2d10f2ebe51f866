"""Word .docx: paragraphs and the real table cells, in body order; merged cells read once."""

from __future__ import annotations

import io
import zipfile

from agents.errors import InputError
from agents.ingest.document import Document


def _table_lines(table: object) -> list[str]:
    from docx.table import Table

    assert isinstance(table, Table)
    lines = []
    for row in table.rows:
        cells: list[str] = []
        prev = None
        for cell in row.cells:  # python-docx repeats a merged cell once per grid column it spans
            if prev is not None and cell._tc is prev:
                continue
            prev = cell._tc
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


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
        from docx.table import Table
        from docx.text.paragraph import Paragraph
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
    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            if text.strip():
                out.append(text)
        elif tag == "tbl":
            out.extend(_table_lines(Table(child, document)))
    text = "\n".join(out)
    if not text.strip():
        raise InputError(f"Word 文档中没有文字：{name}", "请确认文件内容")
    return Document(text, name, "docx")
