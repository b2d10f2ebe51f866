"""PDF with a text layer: page text in reading order, page starts kept. Scans are refused clearly."""

from __future__ import annotations

import io
import logging

from agents.errors import InputError
from agents.ingest.document import Document

log = logging.getLogger(__name__)
MAX_PAGES = 300


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
        if "Password" in msg or "Encrypt" in msg or "encrypt" in str(exc).lower():
            raise InputError(f"PDF 已加密，无法读取：{name}", "请提供未加密的 PDF") from exc
        raise InputError(f"PDF 文件损坏或无法解析（{msg}）：{name}", "请重新下载或另存为 PDF") from exc
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    with pdf:
        pages = pdf.pages
        if len(pages) > MAX_PAGES:
            raise InputError(f"PDF 有 {len(pages)} 页，超过上限 {MAX_PAGES} 页：{name}", "年度报告通常不超过 20 页")
        for page in pages:
            try:
                text = page.extract_text() or ""
            except Exception as exc:  # a damaged page must not stop the whole report
                log.warning("page %s of %s unreadable: %s", page.page_number, name, exc)
                text = ""
            starts.append(pos)
            parts.append(text)
            pos += len(text) + 1
    text = "\n".join(parts)
    if len(text.strip()) < 20:
        raise InputError(f"PDF 没有文字层（可能是扫描件或图片）：{name}",
                         "xxgk 不做 OCR；请向发布机关索取文字版，或先用 OCR 软件转换")
    return Document(text, name, "pdf", None, page_starts=starts)
