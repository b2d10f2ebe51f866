"""One table cell as read from a report: its value, raw text, status and provenance."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class CellStatus(StrEnum):
    """What a cell holds. Only ``number`` carries a value; nothing else is ever read as 0."""

    number = "number"
    dash = "dash"  # "—", "-", "/", "无": printed, but not a number
    blank = "blank"  # the cell exists and is empty
    unreadable = "unreadable"  # text that is not a number, or digits that split more than one way
    missing = "missing"  # the report has no such cell (missing column, row or table)


STATUS_ZH: dict[CellStatus, str] = {
    CellStatus.number: "数字",
    CellStatus.dash: "破折号/斜杠",
    CellStatus.blank: "空白",
    CellStatus.unreadable: "无法识别",
    CellStatus.missing: "缺失",
}


class Span(BaseModel):
    """Where something came from: character offsets into the decoded report text."""

    start: int
    end: int
    line: int | None = None  # 1-based line number of ``start``
    page: int | None = None


class Cell(BaseModel):
    """One cell of table 二, 三 or 四, keyed by the spec's row and column keys."""

    table: str
    row: str
    column: str
    value: int | float | None = None
    raw: str = ""
    status: CellStatus
    span: Span | None = None
    source: str = "rules"  # "rules" (deterministic extractor) or "model:<name>"
    candidates: list[int | float] = Field(default_factory=list)  # readings that all fit
    note: str | None = None

    @property
    def is_number(self) -> bool:
        return self.status is CellStatus.number and self.value is not None
