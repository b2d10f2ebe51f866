"""digest.xlsx: Chinese headers, frozen header row, filters, sensible column widths."""

from __future__ import annotations

import io

from agents.digest.stats import FIGURES_ZH
from agents.render.common import plain
from agents.render.digest_tables import (
    CROSS_HEAD,
    FINDINGS_HEAD,
    FIVE_HEAD,
    OVERVIEW_HEAD,
    cross_rows,
    finding_rows,
    five_rows,
    overview_rows,
    rule_name,
)
from schemas.digest import Digest

MAX_WIDTH = 60


def _sheet(wb: object, title: str, head: list[str], rows: list[list[object]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)  # type: ignore[attr-defined]
    ws.append(head)
    for row in rows:
        ws.append([_safe(v) for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    for i, name in enumerate(head, start=1):
        values = [str(name)] + [str(r[i - 1]) for r in rows[:500] if i - 1 < len(r)]
        width = max((sum(2 if ord(ch) > 127 else 1 for ch in v.split("\n")[0]) for v in values), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(6, width + 2))
        if width + 2 > MAX_WIDTH:  # long texts wrap inside their column instead of running off the page
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.page_setup.orientation = "landscape"  # printing: landscape, fit to width, header row on every page
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _safe(v: object) -> object:
    """Text that Excel would take for a formula is written as text; control characters (from a file
    name, say), which an .xlsx cannot hold, are shown as "�", so one odd name never stops the workbook."""
    if not isinstance(v, str):
        return v
    v = plain(v)
    return "'" + v if v[:1] in ("=", "+", "-", "@") else v


def digest_xlsx(d: Digest) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "报告一览", OVERVIEW_HEAD, overview_rows(d))
    _sheet(wb, "问题清单", FINDINGS_HEAD, finding_rows(d))
    _sheet(wb, "第五部分", FIVE_HEAD, five_rows(d))
    _sheet(wb, "跨报告检查", CROSS_HEAD, cross_rows(d))
    stats = d.stats
    rows: list[list[object]] = [["报告总数", stats.reports], ["可读取", stats.readable],
                                ["无法读取或未检查", stats.unreadable]]
    rows += [[f"结论：{k}", v] for k, v in stats.verdicts.items()]
    rows += [[f"规则 {k} {rule_name(k)}（报告数）", v] for k, v in stats.rules.items()]
    for year, totals in stats.totals_by_year.items():
        rows += [[f"{year}年 {FIGURES_ZH[k]}（{totals.get(f'{k}__reports', 0)}份报告）", totals.get(k, 0)] for k in FIGURES_ZH]
    rows += [[f"问题类别：{k}", v] for k, v in stats.problems.items()]
    rows += [[f"改进措施类别：{k}", v] for k, v in stats.measures.items()]
    _sheet(wb, "统计", ["项目", "数量"], rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
