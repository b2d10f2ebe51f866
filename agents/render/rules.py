"""The rule catalogue as a table (terminal) or Markdown (README)."""

from __future__ import annotations

from rich.table import Table

from agents.checks import RULES
from schemas.findings import SEVERITY_ZH, RuleInfo

_VARIANT_ZH = {"not_assessable": "无法核对时", "two_parts_short": "只有两个分项且和小于总数时",
               "pending_only": "表四只有尚未审结、没有纠正或其他结果时"}


def severity_text(r: RuleInfo) -> str:
    """The severity, with the variants the catalogue declares: "提示（表三、表四中为警告）"."""
    tables = [v.split(":", 1)[1] for v in r.variants if v.startswith("table:")]
    parts = []
    if tables:
        sev = SEVERITY_ZH[r.variants[f"table:{tables[0]}"]]
        parts.append("、".join(f"表{t}" for t in tables) + f"中为{sev}")
    parts += [f"{_VARIANT_ZH.get(k, k)}为{SEVERITY_ZH[v]}" for k, v in r.variants.items() if not k.startswith("table:")]
    return SEVERITY_ZH[r.severity] + (f"（{'；'.join(parts)}）" if parts else "")


def rules_table() -> Table:
    t = Table(title="xxgk 规则目录", title_justify="left", show_lines=True, expand=True)
    t.add_column("编号", no_wrap=True)
    t.add_column("严重程度", overflow="fold", ratio=1)
    t.add_column("名称", overflow="fold", ratio=1)
    t.add_column("检查内容", overflow="fold", ratio=4)  # wrapped in full, never cut with "…"
    t.add_column("依据", overflow="fold", ratio=2)
    for r in RULES:
        t.add_row(r.id, severity_text(r), r.title_zh, r.description_zh, r.basis)
    return t


def rules_markdown() -> str:
    lines = ["| 编号 | 严重程度 | 名称 | 检查内容 | 依据 | 格式 |", "|---|---|---|---|---|---|"]
    for r in RULES:
        lines.append(f"| `{r.id}` | {severity_text(r)} | {r.title_zh} | {r.description_zh} | {r.basis} | "
                     f"{'、'.join(r.formats)} |")
    return "\n".join(lines)
