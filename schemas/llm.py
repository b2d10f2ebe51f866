"""What the model is asked to return. Small on purpose: small models answer small schemas.

Validators read the validation context instructor passes along ("rows" for tables,
"section_text" for section 五); what they reject goes back to the model as a re-ask.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, ValidationInfo, field_validator, model_validator

from schemas.issues import IssueCategory

_WS = re.compile(r"\s+")

# The prompts' worked examples. Neither can be a valid answer for any report (the row is no row of
# the format; the sentence is in no report), and an answer that repeats one is rejected by name: a
# small model that echoes the example is seen failing, not mistaken for a reading.
TABLE_EXAMPLE: dict[str, Any] = {"row": "（示例行，不属于本表）", "values": [7, 0, 3]}
SECTION5_EXAMPLE = "（示例：此处应为逐字摘自第五部分原文的一句话）"
COPIED = "照抄了提示中的示例，而不是从原文读取"


def _squash(s: str) -> str:
    return _WS.sub("", s).replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":")


class ModelRow(BaseModel):
    row: str = Field(description="官方行名称")
    values: list[int | None] = Field(description="该行各列的数字，按列顺序；空白单元格为 null")


class ModelTable(BaseModel):
    rows: list[ModelRow]

    @model_validator(mode="after")
    def rows_match_the_format(self, info: ValidationInfo) -> ModelTable:
        ctx: dict[str, Any] = info.context or {}
        allowed: dict[str, int] = ctx.get("rows", {})  # official label -> number of columns
        if not allowed:
            return self
        problems = []
        if any("示例" in r.row or (_squash(r.row) == _squash(TABLE_EXAMPLE["row"])) for r in self.rows):
            raise ValueError(f"回答{COPIED}（示例行“{TABLE_EXAMPLE['row']}”）。官方行名称：" + "、".join(allowed))
        for r in self.rows:
            n = match_row(r.row, allowed)
            if n is None:
                problems.append(f"“{r.row}”不是官方行名称")
            elif len(r.values) != allowed[n]:
                problems.append(f"“{n}”应有{allowed[n]}个数，给出了{len(r.values)}个")
            elif any(v is not None and v < 0 for v in r.values):
                problems.append(f"“{n}”中有负数")
        if not self.rows:
            problems.append("没有任何行")
        if problems:
            raise ValueError("；".join(problems[:8]) + "。官方行名称：" + "、".join(allowed))
        return self


def match_row(label: str, allowed: dict[str, int]) -> str | None:
    """The official label a model's row name stands for (exact after normalising, or contained)."""
    s = _squash(label)
    for official in allowed:
        if _squash(official) == s:
            return official
    hits = [o for o in allowed if s and (s in _squash(o) or _squash(o) in s)]
    return hits[0] if len(hits) == 1 else None


class ModelItem(BaseModel):
    kind: Literal["problem", "measure", "last_year"]
    categories: list[IssueCategory] = Field(min_length=1)
    quote: str = Field(description="逐字摘自第五部分原文的一句话")

    @field_validator("quote")
    @classmethod
    def not_empty(cls, v: str) -> str:
        if len(v.strip()) < 4:
            raise ValueError("quote 必须是原文中的一整句话")
        return v.strip()


class ModelSummary(BaseModel):
    items: list[ModelItem]

    @model_validator(mode="after")
    def quotes_are_grounded(self, info: ValidationInfo) -> ModelSummary:
        if any(_squash(it.quote) == _squash(SECTION5_EXAMPLE) for it in self.items):  # a report may say 示例 itself
            raise ValueError(f"回答{COPIED}：quote 必须是第五部分原文中的句子")
        section = (info.context or {}).get("section_text")
        if section is None:
            return self
        flat = _squash(section)
        bad = [it.quote for it in self.items if _squash(it.quote) not in flat]
        if bad:
            raise UngroundedQuotes(bad)
        return self


class UngroundedQuotes(ValueError):
    """Quotes the model gave that section 五 does not hold. The message goes back to the model on a
    re-ask; the quotes travel as data (``rejected_quotes``), so nothing reads them out of a message."""

    def __init__(self, quotes: list[str]) -> None:
        self.quotes = quotes
        super().__init__("以下 quote 在第五部分原文中找不到，必须逐字引用原文：" + "；".join(f"“{q[:40]}”" for q in quotes[:5]))


def rejected_quotes(exc: BaseException | None) -> list[str]:
    """The ungrounded quotes inside a pydantic ValidationError; empty for any other error."""
    if not isinstance(exc, ValidationError):
        return []
    return [q for e in exc.errors() if isinstance(err := (e.get("ctx") or {}).get("error"), UngroundedQuotes)
            for q in err.quotes]


class ModelChoice(BaseModel):
    """Which of the readings the rules found (all of which fit the arithmetic) the row's text shows."""

    choice: str = Field(description="所选读法的编号，如 A")

    @field_validator("choice")
    @classmethod
    def one_of_the_options(cls, v: str, info: ValidationInfo) -> str:
        options: list[str] = (info.context or {}).get("options", [])
        got = v.strip().strip("。.：:").upper()[:1]
        if options and got not in options:
            raise ValueError(f"choice 只能是 {'、'.join(options)} 之一")
        return got
