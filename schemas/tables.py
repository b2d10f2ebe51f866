"""Extracted tables 二, 三 and 四: every cell of the spec, each with its status and provenance."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

from schemas.cells import Cell, CellStatus, Span
from schemas.formats import FormatVersion, TableSpec, table_spec


class RowPlacement(BaseModel):
    """Rows printed without a label the rules can match, fewer of them than the template rows free
    between their labelled neighbours. Each option is one order-keeping placement the table's
    arithmetic does not rule out (rows of one sum group cannot be told apart by sums). The rules
    place none of them: the lines stay TBL-EXTRA-VALUES, for a person or a model to choose."""

    lines: list[int]  # the printed rows' line numbers
    texts: list[str]  # each printed row as it reads in the report
    options: list[list[str]]  # per option: the row key each printed row would be
    cells: list[list[Cell]] = Field(default_factory=list)  # per option: the cells it would set


class TableData(BaseModel):
    """One statistical table. ``cells`` holds one Cell per (row, column) of the spec, always."""

    table_id: str
    version: FormatVersion
    found: bool = True
    shape: str = ""  # how the table was laid out in the source: pipe, tab, cell-per-line, spaced, html …
    span: Span | None = None
    cells: list[Cell] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # extractor remarks a person should see
    extra_lines: list[int] = Field(default_factory=list)  # lines of numbers no official row took
    duplicated_at: int | None = None  # line where the same table starts again, if it does
    # rows the rules read several ways that all fit the arithmetic (glued digits): each reading in full,
    # for a person or a model to choose between (the cells themselves stay unreadable with candidates)
    alternatives: dict[str, list[list[int | float | None]]] = Field(default_factory=dict)
    placements: list[RowPlacement] = Field(default_factory=list)  # label-less rows that may be one of several rows

    @property
    def spec(self) -> TableSpec:
        return table_spec(self.table_id, self.version)

    _index: dict[tuple[str, str], Cell] = PrivateAttr(default_factory=dict)
    _index_of: int = PrivateAttr(default=0)
    _rows: dict[str, list[Cell]] = PrivateAttr(default_factory=dict)

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        if name == "cells" and self.__pydantic_private__ is not None:
            self.__pydantic_private__["_index_of"] = 0  # a new list: the index is made again on next use,
            # even where the new list took the id of the old one after it was freed

    def _indexes(self) -> tuple[dict[tuple[str, str], Cell], dict[str, list[Cell]]]:
        """(row, column) -> cell and row -> its cells, rebuilt when the cell list is replaced or grows."""
        private = self.__pydantic_private__  # plain dict access: this is called thousands of times per report
        assert private is not None
        index: dict[tuple[str, str], Cell] = private["_index"]
        if private["_index_of"] != id(self.cells) or len(index) != len(self.cells):  # cells are replaced, not edited
            index = private["_index"] = {(c.row, c.column): c for c in self.cells}
            rows: dict[str, list[Cell]] = {}
            for c in self.cells:
                rows.setdefault(c.row, []).append(c)
            private["_rows"] = rows
            private["_index_of"] = id(self.cells)
        return index, private["_rows"]

    def get(self, row: str, column: str) -> Cell:
        private = self.__pydantic_private__  # inlined: called thousands of times per report
        assert private is not None
        index: dict[tuple[str, str], Cell] = private["_index"]
        if private["_index_of"] != id(self.cells) or len(index) != len(self.cells):
            index = self._indexes()[0]
        try:
            return index[(row, column)]
        except KeyError:
            raise KeyError((row, column)) from None

    def cells_at(self, keys: list[tuple[str, str]]) -> list[Cell]:
        """The cells at these (row, column) keys, in order: ``get`` for each, in one call."""
        index = self._indexes()[0]
        try:
            return [index[k] for k in keys]
        except KeyError as e:
            raise KeyError(e.args[0]) from None

    def row_cells(self, row: str) -> list[Cell]:
        return list(self._indexes()[1].get(row, ()))

    def printed_columns(self) -> set[str]:
        """The columns some row of the table prints (a report with no 总计 column lacks "total")."""
        missing = CellStatus.missing  # looked up once, not per cell (an enum member's lookup is slow in 3.11)
        return {c.column for c in self.cells if c.status is not missing}

    def values(self) -> dict[str, dict[str, int | float | None]]:
        out: dict[str, dict[str, int | float | None]] = {}
        for c in self.cells:
            out.setdefault(c.row, {})[c.column] = c.value if c.is_number else None
        return out


class Table2Proactive(TableData):
    table_id: Literal["二"] = "二"


class Table3Applications(TableData):
    table_id: Literal["三"] = "三"


class Table4ReviewLitigation(TableData):
    table_id: Literal["四"] = "四"


TABLE_MODELS: dict[str, type[TableData]] = {"二": Table2Proactive, "三": Table3Applications,
                                            "四": Table4ReviewLitigation}


def empty_table(table_id: str, version: FormatVersion, *, found: bool = False, note: str = "") -> TableData:
    """A table whose every cell is ``missing``: what the report lacks stays visible, never 0."""
    spec = table_spec(table_id, version)
    cells = [Cell(table=table_id, row=r.key, column=c.key, status=CellStatus.missing)
             for r in spec.rows for c in r.columns]
    return TABLE_MODELS[table_id](table_id=table_id, version=version, found=found, cells=cells,
                                  notes=[note] if note else [])


def table_json_schema(table_id: str) -> dict[str, object]:
    """The JSON Schema of one table with the format pack in it: ``row`` and ``column`` of a cell are
    the real keys (enums over both format versions), and ``x-formats`` lists each version's rows
    (key, label, columns) and identities, as the extractor and the checker read them."""
    from schemas.formats import TABLES

    schema = TABLE_MODELS[table_id].model_json_schema()
    specs = TABLES[table_id]
    rows = sorted({r.key for spec in specs.values() for r in spec.rows})
    cols = sorted({c.key for spec in specs.values() for r in spec.rows for c in r.columns})
    cell = schema["$defs"]["Cell"]["properties"]
    cell["row"]["enum"], cell["column"]["enum"] = rows, cols
    schema["x-formats"] = {
        v.value: {"title_zh": spec.title_zh,
                  "rows": [{"key": r.key, "label_zh": r.full_label_zh,
                            "columns": [{"key": c.key, "label_zh": c.label_zh} for c in r.columns]} for r in spec.rows],
                  "identities": [i.model_dump(mode="json") for i in spec.identities]}
        for v, spec in specs.items()}
    return schema
