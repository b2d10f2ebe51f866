"""The whole report as extracted: metadata, the six sections and the three tables."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from schemas.cells import Span
from schemas.findings import Finding
from schemas.formats import FormatVersion, format_for_year
from schemas.tables import TableData


class Section(BaseModel):
    number: int  # 1..6
    title: str  # the heading as printed (whitespace collapsed)
    canonical_title: str  # the format's title for this number
    heading: Span
    body: Span  # from after the heading to the next section's heading
    text: str
    numbered_as: int | None = None  # the number printed before the title, where it is not the format's
    found_by: Literal["heading", "subheading"] = "heading"  # "subheading": own heading lost, found by e.g. （一）主要问题


class HeadingRef(BaseModel):
    """A heading-like line that was not taken as a section (out of order, or a second copy)."""

    number: int
    score: float
    span: Span


# where a report's year comes from when it is stated, not guessed: the report's title or statistical
# period, or the user (a digest's mapping, ``xxgk check --year``); a year read from the file name or
# the text's most frequent year is a guess, and proves nothing against the report
GIVEN_YEAR_SOURCES = frozenset(("mapping", "user"))
STATED_YEAR_SOURCES = frozenset(("title", "period")) | GIVEN_YEAR_SOURCES


class ReportMeta(BaseModel):
    title: str | None = None
    agency: str | None = None
    agency_source: str | None = None  # "title", "text", "filename", "mapping"
    year: int | None = None
    year_source: str | None = None  # "title", "period", "filename", "text"; "mapping", "user": given by the user
    year_read: int | None = None  # where the user gave the year: the year read from the report, if any …
    year_read_source: str | None = None  # … and where it was read from
    period_start: str | None = None  # ISO date of the 统计期限, as printed
    period_end: str | None = None
    period_quote: Span | None = None
    format_version: FormatVersion | None = None
    format_evidence: list[str] = Field(default_factory=list)


class SubItem(BaseModel):
    key: str
    label_zh: str
    present: bool
    quote: str | None = None


class AnnualReport(BaseModel):
    source: str  # file name as given
    sha256: str
    text_length: int
    meta: ReportMeta
    sections: list[Section] = Field(default_factory=list)
    other_headings: list[HeadingRef] = Field(default_factory=list)
    general_subitems: list[SubItem] = Field(default_factory=list)
    tables: dict[str, TableData] = Field(default_factory=dict)
    extraction_findings: list[Finding] = Field(default_factory=list)  # model vs rules reconciliation

    def section(self, number: int) -> Section | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None

    def section_at(self, offset: int) -> Section | None:
        """The found section whose text holds ``offset``: the last one whose heading starts at or before it."""
        return max((s for s in self.sections if s.heading.start <= offset), key=lambda s: s.heading.start, default=None)

    def section_before(self, number: int) -> Section | None:
        """The found section that section ``number``'s text runs into when its own heading is lost."""
        return max((s for s in self.sections if s.number < number), key=lambda s: s.number, default=None)

    @property
    def version(self) -> FormatVersion:
        """The format detected from the tables; failing that, the one the report year calls for."""
        if self.meta.format_version is not None:
            return self.meta.format_version
        return format_for_year(self.meta.year)
