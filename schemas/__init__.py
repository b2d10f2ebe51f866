"""Pydantic schemas of xxgk: stdlib + pydantic only, importable with no network or LLM."""

from schemas.cells import Cell, CellStatus, Span
from schemas.findings import Finding, FindingStatus, Location, RuleInfo, Severity
from schemas.formats import FormatVersion, TableSpec, table_spec
from schemas.issues import IssueCategory, ItemKind, Section5Summary, SummaryItem
from schemas.report import AnnualReport, ReportMeta, Section, SubItem
from schemas.tables import Table2Proactive, Table3Applications, Table4ReviewLitigation, TableData

__all__ = [
    "AnnualReport", "Cell", "CellStatus", "Finding", "FindingStatus", "FormatVersion", "IssueCategory",
    "ItemKind", "Location", "ReportMeta", "RuleInfo", "Section", "Section5Summary", "Severity", "Span",
    "SubItem", "SummaryItem", "Table2Proactive", "Table3Applications", "Table4ReviewLitigation", "TableData",
    "TableSpec", "table_spec",
]
