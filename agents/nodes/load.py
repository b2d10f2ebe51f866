"""load_document: read the file into text, or stop the graph with a clear input error."""

from __future__ import annotations

from typing import Any

from agents.errors import XxgkError
from agents.ingest import DEFAULT_MAX_MB, read_path
from agents.state import ReportState


def error_state(exc: XxgkError) -> dict[str, Any]:
    return {"error": {"kind": type(exc).__name__, "message": exc.message_zh, "hint": exc.hint_zh,
                      "exit_code": exc.exit_code}}


def load_document(state: ReportState) -> dict[str, Any]:
    try:
        doc = read_path(state["path"], max_mb=state.get("max_mb", DEFAULT_MAX_MB))
    except XxgkError as exc:
        return error_state(exc)
    return {"text": doc.text, "error": None,
            "document": {"source": doc.source, "kind": doc.kind, "encoding": doc.encoding, "notes": doc.notes,
                         "pages": len(doc.page_starts) or None, "page_starts": doc.page_starts,
                         "ocr": doc.ocr, "truncated": doc.truncated, "missing_pages": doc.missing_pages,
                         "unread_pages": doc.unread_pages, "uncertain": [list(u) for u in doc.uncertain]}}
