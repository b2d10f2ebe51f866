"""The text xxgk reads, whatever the file was: offsets in findings refer to ``Document.text``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


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
    truncated: bool = False  # the file ends inside a character: it was cut off, and what followed is not in it
    missing_pages: list[int] = field(default_factory=list)  # printed page numbers the PDF skips (pages lost)
    # OCR figures read with low confidence or two ways: (start, end, text, confidence, other readings);
    # never taken silently (``agents.extract.ocr_cells``)
    uncertain: list[tuple[int, int, str, float, tuple[str, ...]]] = field(default_factory=list)


Uncertain = tuple[int, int, str, float, tuple[str, ...]]


def assemble(parts: Sequence[str | dict[str, Any]]) -> tuple[str, list[int], list[Uncertain]]:
    """Pages in order, each a text layer's text or an OCR page (``{"text", "uncertain"}``): the whole
    text, where each page starts in it, and the OCR's uncertain figures at their offsets in it."""
    texts: list[str] = []
    starts: list[int] = []
    uncertain: list[Uncertain] = []
    pos = 0
    for p in parts:
        starts.append(pos)
        if isinstance(p, dict):
            texts.append(p["text"])
            uncertain += [(pos + a, pos + b, t, c, tuple(alts)) for a, b, t, c, alts in p["uncertain"]]
        else:
            texts.append(p)
        pos += len(texts[-1]) + 1
    return "\n".join(texts), starts, uncertain
