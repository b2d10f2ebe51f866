"""The verdict for a person at a terminal (rich)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from agents.render.common import (
    engines_label,
    findings_by_severity,
    format_label,
    headline,
    printable_verdict,
    source_label,
    table2_rows,
    table_rows,
    year_label,
)
from agents.render.markdown import KIND_ZH
from schemas.cells import CellStatus
from schemas.findings import Severity
from schemas.issues import TAXONOMY
from schemas.verdict import Verdict

STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
CELL_STYLE = {CellStatus.blank: "yellow", CellStatus.missing: "magenta", CellStatus.unreadable: "bold red",
              CellStatus.dash: "yellow"}


def _header(v: Verdict) -> Panel:
    m = v.report.meta
    body = Text()
    body.append(f"机关：{m.agency or '（未识别）'}    年度：{year_label(v)}    格式：{format_label(v)}\n")
    period = f"{m.period_start} 至 {m.period_end}" if m.period_start else "（未写明）"
    body.append(f"统计期限：{period}    来源：{source_label(v)}\n")
    if v.document.notes:
        body.append(f"读取：{'；'.join(v.document.notes)}\n")
    body.append(f"引擎：{engines_label(v)}\n")
    body.append(f"结论：{headline(v)}", style={1: "bold red", 4: "bold yellow"}.get(v.exit_code, "bold green"))
    return Panel(body, title="xxgk 检查结果", expand=False)


NARROW = 110  # below this many columns (a Windows console is 80), 表三 uses the pack's short column names


TINY = {"（空白）": "空", "（缺失）": "缺", "（无法识别）": "？"}


def _table(v: Verdict, tid: str, width: int = 120) -> Table | Text | None:
    t = v.report.tables.get(tid)
    if t is None or not t.found:
        return None
    if tid == "二":
        tbl = Table(title=f"表二 {t.spec.title_zh}", show_lines=False, title_justify="left")
        tbl.add_column("项目")
        tbl.add_column("数值")
        for row in table2_rows(t):
            tbl.add_row(*row)
        return tbl
    cols = t.spec.rows[0].columns
    tbl = Table(title=f"表{tid} {t.spec.title_zh}", title_justify="left")
    narrow = width < NARROW
    tbl.add_column("项目", max_width=18 if narrow else 30, overflow="ellipsis", no_wrap=True)
    for c in cols:
        tbl.add_column((c.short_zh or c.label_zh) if narrow else c.label_zh, justify="right", no_wrap=True)
    quiet = 0
    for r, printed in zip(t.spec.rows, table_rows(t)):
        cells_of_row = [t.get(r.key, col.key) for col in r.columns]
        if all(c.is_number and c.value == 0 for c in cells_of_row):
            quiet += 1  # an all-zero row says nothing a reader needs: counted below, not printed
            continue
        shown = [TINY.get(printed[i + 1], printed[i + 1]) if narrow else printed[i + 1] for i in range(len(cells_of_row))]
        cells = [Text(x, style=CELL_STYLE.get(c.status, "")) for x, c in zip(shown, cells_of_row)]
        tbl.add_row(r.label_zh if narrow else printed[0], *cells)
    if quiet == len(t.spec.rows):  # an empty frame tells a reader nothing: say it in one line
        return Text(f"表{tid} {t.spec.title_zh}：各行各列均为 0（--format md 或 json 可看全表）")
    notes = [f"另有 {quiet} 行全部为 0，未列出" if quiet else "", "空＝空白 缺＝缺失 ？＝无法识别" if narrow else ""]
    if any(notes):
        tbl.caption = "；".join(n for n in notes if n) + "（--format md 或 json 可看全表）"
    return tbl


def _findings(v: Verdict) -> list[object]:
    out: list[object] = []
    for heading, sev, items in findings_by_severity(v):
        if not items:
            continue
        out.append(Text(f"\n{heading}（{len(items)}）", style=STYLE[sev]))
        for f in items:
            body = Text()
            body.append(f.rule_id, style=STYLE[sev])
            body.append(f"  {f.message_zh}")
            for loc in f.locations[:3]:
                t = loc.text_zh()
                if t:
                    body.append(f"\n位置：{t}", style="dim")
            if len(f.locations) > 3:
                body.append(f"\n……另有 {len(f.locations) - 3} 处", style="dim")
            grid = Table.grid(padding=(0, 1))  # wrapped lines stay indented under their bullet, even at 80 columns
            grid.add_column(width=3)
            grid.add_column(ratio=1, overflow="fold")
            grid.add_row("  •", body)
            out.append(grid)
    if not v.findings:
        out.append(Text("\n未发现问题。", style="green"))
    return out


def _summary(v: Verdict) -> list[object]:
    s = v.summary
    if s is None:
        return []
    out: list[object] = [Text(f"\n第五部分摘要（{'规则' if s.engine == 'rules' else s.engine}）", style="bold")]
    for it in s.items:
        cats = "、".join(TAXONOMY[c].label_zh for c in it.categories)
        q = it.quote if len(it.quote) <= 70 else it.quote[:70] + "…"
        out.append(Text(f"  {KIND_ZH[it.kind]}【{cats}】“{q}”"))
    if s.unmatched_problems:
        out.append(Text("  未见对应改进措施的问题类别：" + "、".join(TAXONOMY[c].label_zh for c in s.unmatched_problems),
                        style="yellow"))
    for note in s.notes:
        out.append(Text(f"  {note}", style="dim"))
    return out


def print_verdict(v: Verdict, console: Console, *, tables: bool = True) -> None:
    v = printable_verdict(v)  # a file name or report text never sends escape sequences to the terminal
    console.print(_header(v))
    _body(v, console, tables)
    console.print(Text(f"\n结论：{headline(v)}", style={1: "bold red", 4: "bold yellow"}.get(v.exit_code, "bold green")))


def _body(v: Verdict, console: Console, tables: bool) -> None:
    if tables:
        for tid in ("二", "三", "四"):
            tbl = _table(v, tid, console.width)
            if tbl is not None:
                console.print(tbl)
            for note in (v.report.tables[tid].notes if tid in v.report.tables else []):
                console.print(Text(f"  注：{note}", style="dim"))
    console.print(Group(*_findings(v)))  # type: ignore[arg-type]
    for part in _summary(v):
        console.print(part)
