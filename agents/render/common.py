"""Shared wording for every output format."""

from __future__ import annotations

import csv
import io
import re

from schemas.cells import Cell, CellStatus
from schemas.findings import NOT_CONCLUDED_ZH, SEVERITY_ZH, Finding, Severity
from schemas.formats import FORMAT_BASIS, SECTIONS
from schemas.messages import YEAR_SOURCE_ZH
from schemas.report import GIVEN_YEAR_SOURCES
from schemas.tables import TableData
from schemas.verdict import Conclusion, Verdict

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # terminal escapes, bells, C1 controls: never passed through


def plain(s: str) -> str:
    """Text from a report or a file name, safe to print on a terminal: control characters become "�"."""
    return _CONTROL.sub("\ufffd", s)


def md_safe(markdown: str) -> str:
    """A Markdown document whose every piece of report text or file name stays text: no control
    characters, and no raw HTML (our own Markdown uses none, so "<" and ">" are always escaped)."""
    return plain(markdown).replace("<", "&lt;").replace(">", "&gt;")


def _clean(value: object) -> object:
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def printable_verdict(v: Verdict) -> Verdict:
    """The verdict with every string made safe for a terminal (file names and report text included)."""
    return Verdict.model_validate(_clean(v.model_dump(mode="json")))


def source_label(v: Verdict) -> str:
    """'x.pdf（pdf）', or with 'OCR 识别' when the text came from page images."""
    return f"{v.source}（{v.document.kind}{'，文字由 OCR 识别' if v.document.ocr else ''}）"


def value_text(c: Cell) -> str:
    """The value for CSV: the number, or nothing when the cell holds no number."""
    if c.status is not CellStatus.number or c.value is None:
        return ""
    return str(c.value)


def findings_by_severity(v: Verdict) -> list[tuple[str, Severity, list[Finding]]]:
    """(heading, severity for its style, findings) in the order shown: errors, warnings, notes; then
    the undecided ones (something missing where part of the file was not read: a picture-only page,
    a file cut off), which are no fault of the report until the whole file is read."""
    groups = [(SEVERITY_ZH[s], s, [f for f in v.findings if f.severity is s and not f.undecided]) for s in Severity]
    return groups + [(NOT_CONCLUDED_ZH, Severity.info, [f for f in v.findings if f.undecided])]


def headline(v: Verdict) -> str:
    c = v.counts
    unread = f"；{len(v.unread)} 处未能读取，须人工核对" if v.unread else ""
    if v.conclusion is Conclusion.fail:
        return f"不合格：{c['error']} 个错误，{c['warning']} 个警告，{c['info']} 个提示{unread}"
    if v.conclusion is Conclusion.undetermined:
        parts = "、".join(dict.fromkeys(_part(f) for f in v.unread))
        return f"无法判断：{parts}未能读取（读取到的部分无错误；{c['warning']} 个警告，{c['info']} 个提示）"
    if c["warning"]:
        return f"合格：无错误；{c['warning']} 个警告，{c['info']} 个提示"
    return f"合格：无错误、无警告（{c['info']} 个提示）"


def _part(f: Finding) -> str:
    loc = f.locations[0] if f.locations else None
    if loc and loc.table:
        return f"表{loc.table}"
    if loc and loc.section:
        return f"第{SECTIONS[loc.section - 1].numeral}部分"
    return "部分内容"


def year_label(v: Verdict) -> str:
    """The report's year, and who gave it where the user did ("2023（对照表指定）")."""
    m = v.report.meta
    if m.year is None:
        return "（未识别）"
    return f"{m.year}（{YEAR_SOURCE_ZH[m.year_source]}指定）" if m.year_source in GIVEN_YEAR_SOURCES else str(m.year)


def format_label(v: Verdict) -> str:
    m = v.report.meta
    if m.format_version is None:
        return f"{v.report.version.value}年格式（按年度推定）"
    return f"{m.format_version.value}年格式（{FORMAT_BASIS[m.format_version]}）"


def engines_label(v: Verdict) -> str:
    e = v.engines
    names = {"extraction": "表格", "summary": "第五部分"}
    return "；".join(f"{names.get(k, k)}：{'规则' if val == 'rules' else val}" for k, val in e.items()) or "规则"


def table_rows(t: TableData) -> list[list[str]]:
    """One printable row per spec row: label then each column's cell text."""
    rows = []
    for r in t.spec.rows:
        rows.append([r.full_label_zh] + [t.get(r.key, c.key).printed_zh() for c in r.columns])
    return rows


def table2_rows(t: TableData) -> list[list[str]]:
    """Table 二 has different columns per row: one printable row per item, columns named inline."""
    return [[r.full_label_zh, "；".join(f"{c.label_zh} {t.get(r.key, c.key).printed_zh()}" for c in r.columns)]
            for r in t.spec.rows]


def printable_table(t: TableData) -> tuple[list[str], list[list[str]]]:
    """Header and rows of any of the three tables, for Markdown and the terminal."""
    if t.table_id == "二":
        return ["项目", "数值"], table2_rows(t)
    return ["项目", *[c.label_zh for c in t.spec.rows[0].columns]], table_rows(t)


def cells_csv(v: Verdict) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "row", "column", "value", "status"])
    for tid in ("二", "三", "四"):
        t = v.report.tables.get(tid)
        if t is None:
            continue
        for c in t.cells:
            row = t.spec.row(c.row)
            w.writerow([tid, row.full_label_zh, t.spec.column_label(c.row, c.column), value_text(c),
                        c.status.value])
    return buf.getvalue()

