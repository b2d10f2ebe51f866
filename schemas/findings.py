"""Findings of the rule catalogue, and the catalogue's own entries."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from schemas.cells import Span
from schemas.messages import render_message


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


SEVERITY_ZH = {Severity.error: "错误", Severity.warning: "警告", Severity.info: "提示"}
SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}
NOT_CONCLUDED_ZH = "未作结论"  # an undecided finding (Finding.undecided): neither error, warning nor note


class FindingStatus(StrEnum):
    fail = "fail"  # the report breaks the rule
    not_assessable = "not_assessable"  # the rule could not be checked (missing or unreadable input)
    not_read = "not_read"  # part of the report could not be read: a reading failure, not a fault of the report


class Location(BaseModel):
    section: int | None = None
    table: str | None = None
    row: str | None = None  # the official Chinese row label
    column: str | None = None  # the official Chinese column label
    quote: str | None = None  # source text, verbatim
    span: Span | None = None

    def text_zh(self) -> str:
        """The place in words a person can find: '第三部分 / 表三 / 行 / 列 / 第12行：“引文”'."""
        from schemas.formats import SECTIONS

        parts: list[str] = []
        numeral = SECTIONS[self.section - 1].numeral if self.section else None
        if numeral:
            parts.append(f"第{numeral}部分")
        if self.table:  # outside its own section, it is the table the text there is held against (一 against 表四)
            parts.append(f"表{self.table}" if numeral in (None, self.table) else f"对照表{self.table}")
        parts += [p for p in (self.row, self.column) if p]
        if self.span and self.span.page:
            parts.append(f"第{self.span.page}页")
        elif self.span and self.span.line:
            parts.append(f"第{self.span.line}行")
        text = " / ".join(parts)
        if self.quote:
            q = self.quote if len(self.quote) <= 60 else self.quote[:60] + "…"
            text += f"：“{q}”" if text else f"“{q}”"
        return text


class Finding(BaseModel):
    rule_id: str
    severity: Severity
    status: FindingStatus = FindingStatus.fail
    message_zh: str  # schemas.messages.MESSAGES[message_key] rendered from data
    locations: list[Location] = Field(default_factory=list)
    data: dict[str, object] = Field(default_factory=dict)  # the facts the rule found: what the message says
    message_key: str = ""  # the template of the message (schemas/messages.py)

    @classmethod
    def of(cls, rule_id: str, severity: Severity, key: str, data: dict[str, object], **kw: object) -> Finding:
        """A finding whose message is template ``key`` rendered from ``data``."""
        return cls(rule_id=rule_id, severity=severity, message_key=key, message_zh=render_message(key, data),
                   data=data, **kw)

    def rendered(self) -> str:
        """The message written again from the data (what ``message_zh`` holds)."""
        return render_message(self.message_key, self.data)

    @property
    def undecided(self) -> bool:
        """Something found missing where part of the file went unread (a picture-only page, a page lost,
        a file cut off): said, but not concluded, so counted as neither an error nor a warning of the report."""
        return self.status is FindingStatus.not_read and any(self.data.get(k) for k in ("unread_pages", "missing_pages", "cut_off"))


class RuleInfo(BaseModel):
    """A catalogue entry, kept as data (see agents/checks/catalogue.py)."""

    id: str
    severity: Severity
    title_zh: str
    description_zh: str
    basis: str
    formats: list[str] = Field(default_factory=lambda: ["2019", "2021"])
    reading: bool = False  # a finding of this rule says part of the report was not read (not a fault of the report)
    scope: str = "report"  # "report": raised by `xxgk check`; "digest": across reports, by `xxgk digest`
    variants: dict[str, Severity] = Field(default_factory=dict)  # other severities the rule raises, and when
    absence: bool = False  # says something is *not* in the report: cannot stand where pages went unread
