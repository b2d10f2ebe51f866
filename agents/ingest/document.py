"""The text xxgk reads, whatever the file was: offsets in findings refer to ``Document.text``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    text: str
    source: str
    kind: str  # "text", "markdown", "html", "pdf", "docx", "image"
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # offsets where each page begins (PDF)
    unread_pages: list[int] = field(default_factory=list)  # 1-based pages that are a picture, not read
    ocr: bool = False  # the text came from OCR of page images, not from a text layer
    # OCR figures read with low confidence or two ways: (start, end, text, confidence, other readings);
    # never taken silently (``agents.extract.ocr_cells``)
    uncertain: list[tuple[int, int, str, float, tuple[str, ...]]] = field(default_factory=list)
