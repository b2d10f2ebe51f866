"""The rule catalogue as a table (terminal) or Markdown (README)."""

from __future__ import annotations

from rich.table import Table

from agents.checks import RULES
from schemas.findings import SEVERITY_ZH


def rules_table() -> Table:
    t = Table(title="xxgk 规则目录", title_justify="left", show_lines=True)
    for col in ("编号", "严重程度", "名称", "检查内容", "依据"):
        t.add_column(col)
    for r in RULES:
        t.add_row(r.id, SEVERITY_ZH[r.severity], r.title_zh, r.description_zh, r.basis)
    return t


def rules_markdown() -> str:
    lines = ["| 编号 | 严重程度 | 名称 | 检查内容 | 依据 | 格式 |", "|---|---|---|---|---|---|"]
    for r in RULES:
        lines.append(f"| `{r.id}` | {SEVERITY_ZH[r.severity]} | {r.title_zh} | {r.description_zh} | {r.basis} | "
                     f"{'、'.join(r.formats)} |")
    return "\n".join(lines)
