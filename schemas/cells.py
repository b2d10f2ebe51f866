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


class CellReason(StrEnum):
    """Why a cell reads as it does, for code to act on (the note says it in Chinese for people)."""

    column_not_printed = "column_not_printed"  # the table has no such column at all
    row_short = "row_short"  # the row printed fewer cells than the format has
    row_not_found = "row_not_found"  # the row's figures were not found
    trailing_blank = "trailing_blank"  # a grid row ending in empty cells
    not_a_number = "not_a_number"  # text that is not a figure ("abc", "约5")
    ambiguous = "ambiguous"  # several readings fit the arithmetic; candidates listed
    glued_split = "glued_split"  # digits run together, split by the arithmetic
    typed_figure = "typed_figure"  # "5件", "二十": read as the figure
    placed_by_position = "placed_by_position"  # a row printed without its label, placed between labelled rows
    moved_figure = "moved_figure"  # a figure printed away from its row, put back by the row's arithmetic
    narrative_tiebreak = "narrative_tiebreak"  # a glued split chosen by the narrative's own figures
    ocr_uncertain = "ocr_uncertain"  # OCR read it with low confidence or two ways; readings listed
    model_choice = "model_choice"  # readings that all fit the arithmetic; a model chose one by the row's text
    ocr_confirmed = "ocr_confirmed"  # an uncertain OCR reading the table's arithmetic confirmed
    cut_by_columns = "cut_by_columns"  # glued digits no cut of which adds up in its row, cut by the column identities
    cut_off = "cut_off"  # the figure the file ends with: the file may have been cut off inside it
    space_blank = "space_blank"  # a space among a crawler's glued figures: a web page's blank (&nbsp;) cell
    blanks_vanished = "blanks_vanished"  # the table's blank cells left no trace where its rows ran together: unread


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
    reason: CellReason | None = None

    @property
    def is_number(self) -> bool:
        return self.status is CellStatus.number and self.value is not None

    def printed_zh(self) -> str:
        """What the cell shows a person: the figure as printed, the dash, or its state in words."""
        if self.status is CellStatus.number:
            if self.reason is CellReason.ocr_confirmed:  # the figure taken, not the glyph first seen
                return str(self.value)
            return self.raw or str(self.value)
        if self.status is CellStatus.dash:
            return self.raw or "—"
        return CELL_MARK[self.status]


CELL_MARK = {CellStatus.blank: "（空白）", CellStatus.missing: "（缺失）", CellStatus.unreadable: "（无法识别）"}


# BaseModel keeps these in slots; their descriptors set them directly (what model_construct does)
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_new = object.__new__  # what Cell.__new__ is, without looking it up through pydantic's metaclass each time
# Every field of a trusted cell or span is set, so all of them share one fields-set: pydantic only ever
# adds a field's name to it (on assignment: already there) and copies it for model_copy. Not making a
# set per object spares 3% of the extraction (building and freeing a report's ~400 cells and spans).
_EVERY_CELL_FIELD = set(Cell.model_fields)
_EVERY_SPAN_FIELD = set(Span.model_fields)


def trusted_span(start: int, end: int, line: int | None) -> Span:
    """A Span from values the extractor computed (ints it counted), built without validation."""
    obj = _new(Span)
    _set_dict(obj, {"start": start, "end": end, "line": line, "page": None})
    _set_fields(obj, _EVERY_SPAN_FIELD)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


def trusted_cell(table: str, row: str, column: str, value: int | float | None, raw: str, status: CellStatus,
                 span: Span | None, candidates: list[int | float], note: str | None, reason: CellReason | None) -> Cell:
    """A rules-read Cell from checked values, built without validation: the extractor makes some 450
    cells a report, and pydantic's validation (or model_construct, slower still) was a tenth of a
    check. Every field is set, as validation would set it (tested against ``Cell(...)``)."""
    obj = _new(Cell)
    _set_dict(obj, {"table": table, "row": row, "column": column, "value": value, "raw": raw, "status": status,
                    "span": span, "source": "rules", "candidates": candidates, "note": note, "reason": reason})
    _set_fields(obj, _EVERY_CELL_FIELD)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj
