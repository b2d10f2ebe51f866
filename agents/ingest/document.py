"""The text xxgk reads, whatever the file was: offsets in findings refer to ``Document.text``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    text: str
    source: str
    kind: str  # "text", "markdown", "html", "pdf", "docx"
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # offsets where each page begins (PDF)
