"""What `xxgk digest` produces: one compact row per report, cross-report findings, aggregates."""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas.findings import NOT_CONCLUDED_ZH, SEVERITY_ZH, Severity
from schemas.messages import render_message


class CompactFinding(BaseModel):
    rule_id: str
    severity: Severity
    message_zh: str
    where: str = ""  # location in words: 第三部分 / 表三 / 行 / 列 / 第N行
    undecided: bool = False  # something missing where part of the file went unread: said, not concluded

    @property
    def severity_zh(self) -> str:
        """The severity in words; NOT_CONCLUDED_ZH for an undecided finding (counted as none of them)."""
        return NOT_CONCLUDED_ZH if self.undecided else SEVERITY_ZH[self.severity]
    key: str = ""  # stable across runs and resubmissions: agency, year, rule, place (see agents/review.py)
    decision: str = ""  # the reviewer's: 确认, 驳回, or "" (not reviewed)
    review_note: str = ""
    first_seen: str = ""  # date of the digest that first raised it
    new: bool = False  # not in the previous review


class TokenUsage(BaseModel):
    """Model calls and tokens (all 0 without a model)."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class RowUsage(TokenUsage):
    """What the model path did for one report of the digest."""

    errors: list[str] = Field(default_factory=list)  # why a step fell back to the rules


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
    llm: RowUsage = Field(default_factory=RowUsage)
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
    message_zh: str  # schemas.messages.MESSAGES[message_key] rendered from data
    files: list[str] = Field(default_factory=list)
    agencies: list[str] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)
    passages: list[str] = Field(default_factory=list)  # matching text, verbatim
    data: dict[str, object] = Field(default_factory=dict)  # the figures compared: what the message says
    message_key: str = ""

    def rendered(self) -> str:
        """The message written again from the data (what ``message_zh`` holds)."""
        return render_message(self.message_key, self.data)


Totals = dict[str, int | float]
"""Each key figure (``agents.digest.stats.FIGURES_ZH``) summed over the reports that print it, and
under ``<key>__reports`` how many reports that is."""


class DigestStats(BaseModel):
    """The digest's aggregates. Counters map a name to the number of reports, most frequent first."""

    reports: int = 0
    readable: int = 0
    unreadable: int = 0
    verdicts: dict[str, int] = Field(default_factory=dict)  # 合格 / 不合格 / 无法判断 / 无法读取 -> reports
    undetermined: int = 0  # readable reports concluded 无法判断 (part of them not read)
    by_year: dict[str, int] = Field(default_factory=dict)
    by_level: dict[str, int] = Field(default_factory=dict)
    rules: dict[str, int] = Field(default_factory=dict)  # rule id -> reports with a finding of it
    problems: dict[str, int] = Field(default_factory=dict)  # section-五 problem category (Chinese) -> reports
    measures: dict[str, int] = Field(default_factory=dict)
    unmatched: dict[str, int] = Field(default_factory=dict)  # problems with no measure
    totals: Totals = Field(default_factory=dict)  # every year together: read only with totals_by_year
    totals_by_year: dict[str, Totals] = Field(default_factory=dict)  # never added up across years
    llm: TokenUsage = Field(default_factory=TokenUsage)


class Digest(BaseModel):
    tool_version: str = ""
    generated_at: str = ""
    source: str = ""
    reports: list[ReportRow] = Field(default_factory=list)
    cross: list[CrossFinding] = Field(default_factory=list)
    stats: DigestStats = Field(default_factory=DigestStats)
    cache: dict[str, int] = Field(default_factory=dict)  # reused, computed
