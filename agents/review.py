"""Review decisions that persist: review.csv beside the digest, edited by the reviewer in Excel.

Every finding of the digest is a row with a stable key (agency, year, rule and place, without line or
page numbers, so a corrected resubmission keeps its decisions). The reviewer writes 确认 or 驳回 and a
note in the 决定 and 审核意见 columns; the next digest reads them back, leaves dismissed findings out of
the counts and conclusions, and marks findings that are new since the last review.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

from agents.checks.catalogue import RULES_BY_ID
from agents.extract.norm import squash
from agents.ingest.text import decode_bytes
from schemas.digest import CompactFinding, ReportRow
from schemas.findings import Severity

REVIEW_NAME = "review.csv"
HEAD = ["编号", "状态", "文件", "机关", "年度", "规则编号", "规则名称", "严重程度", "位置", "说明", "决定", "审核意见", "首次出现"]
CONFIRMED, DISMISSED = "确认", "驳回"
_MOVES = re.compile(r"第\d+[行页]")  # where a finding sits in the text moves when a report is corrected


def finding_key(row: ReportRow, f: CompactFinding) -> str:
    basis = "|".join([squash(row.agency or row.file), str(row.year or ""), f.rule_id, squash(_MOVES.sub("", f.where))])
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


def load(path: Path) -> dict[str, dict[str, str]]:
    """Key -> the reviewer's columns, from a previous review.csv (UTF-8, or GBK as Excel saves it)."""
    if not path.is_file():
        return {}
    text = decode_bytes(path.read_bytes(), path.name).text
    return {r["编号"]: r for r in csv.DictReader(io.StringIO(text)) if r.get("编号")}


def apply(rows: list[ReportRow], previous: dict[str, dict[str, str]], today: str) -> None:
    """Decisions back onto the findings; counts and conclusions leave dismissed findings out."""
    for row in rows:
        for f in row.findings:
            f.key = finding_key(row, f)
            before = previous.get(f.key)
            decision = (before or {}).get("决定", "").strip()
            f.decision = decision if decision in (CONFIRMED, DISMISSED) else ""
            f.review_note = (before or {}).get("审核意见", "").strip()
            f.first_seen = (before or {}).get("首次出现", "").strip() or today
            f.new = bool(previous) and before is None
        if row.status != "ok":
            continue
        kept = [f for f in row.findings if f.decision != DISMISSED]
        row.dismissed = len(row.findings) - len(kept)
        row.errors, row.warnings, row.infos = (sum(1 for f in kept if f.severity is s and not f.undecided) for s in Severity)
        if row.dismissed and row.conclusion:
            unread = sum(1 for f in kept if f.undecided or (RULES_BY_ID.get(f.rule_id) and RULES_BY_ID[f.rule_id].reading))
            row.conclusion = "不合格" if row.errors else ("无法判断" if unread else "合格")


def render(rows: list[ReportRow]) -> str:
    """review.csv with a BOM, so Excel on Chinese Windows opens it as UTF-8."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEAD)
    for row in rows:
        for f in row.findings:
            info = RULES_BY_ID.get(f.rule_id)
            w.writerow([f.key, "新" if f.new else "", row.file, row.agency or "", row.year or "", f.rule_id,
                        info.title_zh if info else "", f.severity_zh, f.where, f.message_zh, f.decision,
                        f.review_note, f.first_seen])
    return "\ufeff" + buf.getvalue()
