"""What `xxgk digest` produces: one compact row per report, cross-report findings, aggregates."""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas.findings import Severity


class CompactFinding(BaseModel):
    rule_id: str
    severity: Severity
    message_zh: str
    where: str = ""  # location in words: 第三部分 / 表三 / 行 / 列 / 第N行
    key: str = ""  # stable across runs and resubmissions: agency, year, rule, place (see agents/review.py)
    decision: str = ""  # the reviewer's: 确认, 驳回, or "" (not reviewed)
    review_note: str = ""
    first_seen: str = ""  # date of the digest that first raised it
    new: bool = False  # not in the previous review


class ReportRow(BaseModel):
    """One report as a supervisor sees it in the digest (no full text kept)."""

    file: str  # path relative to the digest's input folder
    sha256: str = ""
    modified: str | None = None  # the file's modification time (ISO), to tell which resubmission is newer
    # every cell of tables 二, 三 and 四 as printed, "表|row key|column key" -> text, for year-against-year
    cells: dict[str, str] = Field(default_factory=dict)
    status: str = "ok"  # "ok", or "unreadable" with ``reason``
    reason: str | None = None
    agency: str | None = None
    agency_source: str | None = None  # title, text, filename, mapping
    level: str | None = None  # 省级, 市级, 区县级, 乡镇级, 部门 … (from the name, or the mapping)
    year: int | None = None
    format_version: str | None = None
    conclusion: str = ""  # 合格, 不合格, 无法判断 (empty in rows written before it existed)
    unread: int = 0  # findings that say part of the report was not read
    dismissed: int = 0  # findings the reviewer dismissed (left out of the counts below)
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    figures: dict[str, float | int | None] = Field(default_factory=dict)  # key figures, None = not readable
    carry: dict[str, dict[str, float | int | None]] = Field(default_factory=dict)  # cross-year inputs
    findings: list[CompactFinding] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)  # section 五 problem categories (Chinese labels)
    measures: list[str] = Field(default_factory=list)
    unmatched: list[str] = Field(default_factory=list)
    section5: str = ""  # section 五 text, for 内容雷同 checks
    engines: dict[str, str] = Field(default_factory=dict)
    llm: dict[str, object] = Field(default_factory=dict)
    seconds: float = 0.0

    @property
    def verdict_zh(self) -> str:
        if self.status != "ok":
            return "无法读取"
        if self.conclusion:
            return self.conclusion
        return "不合格" if self.errors else ("无法判断" if self.unread else "合格")


class CrossFinding(BaseModel):
    rule_id: str  # XY-CARRYOVER, XY-DOCS-IN-FORCE, XY-SECTION5-REPEAT, XY-SECTION5-SAME, XY-DUPLICATE-FILE
    severity: Severity
    message_zh: str
    files: list[str] = Field(default_factory=list)
    agencies: list[str] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)
    passages: list[str] = Field(default_factory=list)  # matching text, verbatim


class Digest(BaseModel):
    tool_version: str = ""
    generated_at: str = ""
    source: str = ""
    reports: list[ReportRow] = Field(default_factory=list)
    cross: list[CrossFinding] = Field(default_factory=list)
    stats: dict[str, object] = Field(default_factory=dict)
    cache: dict[str, int] = Field(default_factory=dict)  # reused, computed
