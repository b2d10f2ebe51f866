"""What `xxgk check` returns: the report as read, the findings, the summary and who produced what."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, computed_field

from schemas.findings import Finding, FindingStatus, Severity
from schemas.issues import Section5Summary
from schemas.report import AnnualReport


class Conclusion(StrEnum):
    ok = "合格"  # read in full, no error finding
    fail = "不合格"  # an error finding in what was read (even if another part was not read)
    undetermined = "无法判断"  # a recognisable report, part of it not read, no error in what was read


CONCLUSION_EXIT = {Conclusion.ok: 0, Conclusion.fail: 1, Conclusion.undetermined: 4}


class DocumentInfo(BaseModel):
    """How the file was read."""

    source: str = ""
    kind: str = "text"  # text, markdown, html, pdf, docx
    encoding: str | None = None
    notes: list[str] = Field(default_factory=list)
    pages: int | None = None
    page_starts: list[int] = Field(default_factory=list)  # text offsets where each PDF page begins
    unread_pages: list[int] = Field(default_factory=list)  # PDF pages that are only a picture and were not read
    ocr: bool = False  # the text came from OCR of page images (a scanned PDF or a photo)
    truncated: bool = False  # the file ends inside a character: it was cut off there (see READ-TRUNCATED)
    missing_pages: list[int] = Field(default_factory=list)  # printed page numbers the PDF skips (READ-PAGES-MISSING)


class Agreement(BaseModel):
    """Model against rules, cell by cell (only with a model configured)."""

    agreed: int = 0
    disagreed: int = 0
    model_only: int = 0  # cells the rules could not read and the model did (each shown by the source)
    rejected: int = 0  # numbers the model gave that the source does not show at that place
    chosen: int = 0  # rows the rules read several ways and the model chose between (tie-breaker)


class LLMUsage(BaseModel):
    """What the model path did for one report; empty without a model."""

    model: str | None = None  # "model:<name>"
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    errors: list[str] = Field(default_factory=list)  # why a step fell back to the rules (never the key, never a rejected quote)
    agreement: Agreement | None = None


class Verdict(BaseModel):
    tool: str = "xxgk"
    tool_version: str = ""
    source: str
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    engines: dict[str, str] = Field(default_factory=dict)  # extraction / summary: "rules" or "model:<name>"
    llm: LLMUsage = Field(default_factory=LLMUsage)
    report: AnnualReport
    findings: list[Finding] = Field(default_factory=list)
    summary: Section5Summary | None = None
    text: str = ""  # the text read; every offset refers to it

    def count(self, severity: Severity) -> int:
        """Findings of this severity, the undecided ones (see ``Finding.undecided``) left out."""
        return sum(1 for f in self.findings if f.severity is severity and not f.undecided)

    @property
    def unread(self) -> list[Finding]:
        """Findings that say part of the report was not read (so it cannot be judged there)."""
        return [f for f in self.findings if f.status is FindingStatus.not_read]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def conclusion(self) -> Conclusion:
        if any(f.severity is Severity.error and f.status is FindingStatus.fail for f in self.findings):
            return Conclusion.fail
        return Conclusion.undetermined if self.unread else Conclusion.ok

    @computed_field  # type: ignore[prop-decorator]
    @property
    def exit_code(self) -> int:
        return CONCLUSION_EXIT[self.conclusion]

    @property
    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in Severity}
