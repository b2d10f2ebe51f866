"""Checks across reports: one agency over the years, and section 五 copied between reports.

- XY-CARRYOVER: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, per column.
- XY-DOCS-IN-FORCE: 现行有效件数 of 规章 and 行政规范性文件 follows from last year's plus 本年制发
  minus 本年废止.
- XY-SECTION5-REPEAT: section 五 (nearly) the same as the same agency's previous year.
- XY-SECTION5-SAME: section 五 (nearly) the same as another agency's (内容雷同). Candidates come from a
  bottom-k sketch (texts sharing one of their smallest shingle hashes), each compared once with a
  representative, so a thousand reports never cost a million comparisons.
- XY-DUPLICATE-FILE: the same file content under two names.
- XY-RESUBMISSION: one agency and year in several different files (a resubmission, or one report as
  PDF and as text): its figures would be counted twice.
- XY-NOT-CHECKED: a cross-year check that could not run because a cell or table was not read
  (said, so that "no finding" is never read as "checked and consistent").
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections import defaultdict
from itertools import pairwise

from agents.checks.catalogue import RULES_BY_ID
from agents.digest.stats import FIGURES_ZH
from agents.extract.norm import squash
from schemas.digest import CrossFinding, ReportRow
from schemas.formats import LATEST, T3_COLUMNS, FormatVersion, table_spec, tracks_documents_in_force
from schemas.messages import render_message

COLUMNS_ZH = {c.key: c.label_zh for c in T3_COLUMNS}  # the format pack's, in its order
SIMILAR = 0.8  # Jaccard of character 6-grams above which two sections 五 count as the same text
SHINGLE, SKETCH = 6, 8  # character 6-grams; bottom-8 sketch per text
_SENT = re.compile(r"[^。；;！!？?\n]{12,}")


def shingles(text: str) -> set[int]:
    s = squash(text)
    return {zlib.crc32(s[i:i + SHINGLE].encode()) for i in range(max(0, len(s) - SHINGLE + 1))}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def passages(a: str, b: str, limit: int = 5) -> list[str]:
    """Sentences of ``a`` that appear word for word in ``b`` (whitespace ignored)."""
    flat_b = squash(b)
    out = []
    for m in _SENT.finditer(a):
        sent = m.group().strip()
        if squash(sent) in flat_b:
            out.append(sent)
            if len(out) >= limit:
                break
    return out


def _cross(rule_id: str, data: dict[str, object], key: str | None = None, **kw: object) -> CrossFinding:
    """A cross-report finding with the catalogue's severity (the catalogue lists digest rules too), its
    message rendered from ``data`` by template ``key`` (the rule id by default)."""
    key = key or rule_id
    return CrossFinding(rule_id=rule_id, severity=RULES_BY_ID[rule_id].severity, message_key=key,  # type: ignore[arg-type]
                        message_zh=render_message(key, data), data=data, **kw)


def _pair(prev: ReportRow, cur: ReportRow) -> dict[str, object]:
    return {"agency": cur.agency, "prev_year": prev.year, "year": cur.year}


def _agency_key(r: ReportRow) -> str | None:
    return squash(r.agency) if r.agency else None


def _not_checked(prev: ReportRow, cur: ReportRow, key: str, **data: object) -> CrossFinding:
    return _cross("XY-NOT-CHECKED", {**_pair(prev, cur), **data}, f"XY-NOT-CHECKED/{key}", files=[prev.file, cur.file],
                  agencies=[cur.agency or ""], years=[prev.year or 0, cur.year or 0])


def _carryover(prev: ReportRow, cur: ReportRow) -> list[CrossFinding]:
    before, now = prev.carry.get("carried_forward"), cur.carry.get("carried_over")
    if not before or not now:
        return [_not_checked(prev, cur, "carryover/table", table_year=prev.year if not before else cur.year)]
    bad = [(c, before[c], now[c]) for c in COLUMNS_ZH if c in before and c in now and before[c] is not None
           and now[c] is not None and before[c] != now[c]]
    unread = [COLUMNS_ZH[c] for c in COLUMNS_ZH if before.get(c) is None or now.get(c) is None]
    if not bad:
        return [_not_checked(prev, cur, "carryover/columns", columns=unread)] if unread else []
    columns = [{"column": COLUMNS_ZH[c], "key": c, "prev_year": prev.year, "year": cur.year, "carried_forward": b,
                "carried_over": n} for c, b, n in bad]
    return [_cross("XY-CARRYOVER", {**_pair(prev, cur), "columns": columns}, files=[prev.file, cur.file],
                   agencies=[cur.agency or ""], years=[prev.year or 0, cur.year or 0])]


def _tracks(version: str | None) -> bool:
    """Whether reports of this format print the documents in force (see ``tracks_documents_in_force``)."""
    known = {v.value: v for v in FormatVersion}
    return version in known and tracks_documents_in_force(known[version])


def _docs_in_force(prev: ReportRow, cur: ReportRow) -> list[CrossFinding]:
    out = []
    docs = table_spec("二", LATEST)  # the rows of 表二 (一) with documents in force, labelled as the latest format
    for row, label in ((key, docs.row(key).label_zh) for key in ("regulations", "normative_documents")):
        a, b = prev.carry.get(row), cur.carry.get(row)
        if not a or not b or any(x is None for x in (a.get("in_force"), b.get("issued"), b.get("repealed"),
                                                     b.get("in_force"))):
            if (a or b) and prev.format_version == cur.format_version and _tracks(cur.format_version):
                out.append(_not_checked(prev, cur, "docs_in_force", row=row, row_label=label))
            continue
        expected = a["in_force"] + b["issued"] - b["repealed"]  # type: ignore[operator]
        if expected != b["in_force"]:
            out.append(_cross(
                "XY-DOCS-IN-FORCE", {**_pair(prev, cur), "row": row, "row_label": label, "in_force": b["in_force"],
                                     "prev_in_force": a["in_force"], "issued": b["issued"], "repealed": b["repealed"],
                                     "expected": expected},
                files=[prev.file, cur.file], agencies=[cur.agency or ""], years=[prev.year or 0, cur.year or 0]))
    return out


def _repeat(prev: ReportRow, cur: ReportRow, sh: dict[str, set[int]]) -> list[CrossFinding]:
    if not prev.section5 or not cur.section5:
        return []
    sim = jaccard(sh[prev.file], sh[cur.file])
    if sim < SIMILAR:
        return []
    return [_cross("XY-SECTION5-REPEAT", {**_pair(prev, cur), "similarity": sim}, files=[prev.file, cur.file],
                   agencies=[cur.agency or ""], years=[prev.year or 0, cur.year or 0],
                   passages=passages(cur.section5, prev.section5))]


def _same_text(rows: list[ReportRow], sh: dict[str, set[int]]) -> list[CrossFinding]:
    """Clusters of reports from different agencies whose sections 五 are nearly the same."""
    rows = [r for r in rows if len(sh.get(r.file, ())) >= 20]
    parent = {r.file: r.file for r in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    postings: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        for h in heapq.nsmallest(SKETCH, sh[r.file]):
            postings[h].append(r.file)
    for members in postings.values():
        head = members[0]  # compare with one representative: linear in the posting's length
        for other in members[1:]:
            if find(other) != find(head) and jaccard(sh[head], sh[other]) >= SIMILAR:
                parent[find(other)] = find(head)
    clusters: dict[str, list[ReportRow]] = defaultdict(list)
    for r in rows:
        clusters[find(r.file)].append(r)
    out = []
    for members in clusters.values():
        agencies = sorted({m.agency or m.file for m in members})
        if len(agencies) < 2:
            continue
        a, b = members[0], next(m for m in members if (m.agency or m.file) != (members[0].agency or members[0].file))
        out.append(_cross("XY-SECTION5-SAME", {"agencies": agencies, "threshold": SIMILAR},
                          files=[m.file for m in members][:50], agencies=agencies[:50],
                          years=sorted({m.year for m in members if m.year}), passages=passages(a.section5, b.section5)))
    return out


def _fig(v: object) -> str:
    return "—" if v is None else str(v)


def _resubmissions(rows: list[ReportRow]) -> list[CrossFinding]:
    """One agency, one year, several different files: a resubmission (or the same report in two forms),
    whose figures would otherwise be counted twice in the totals."""
    groups: dict[tuple[str, int], list[ReportRow]] = defaultdict(list)
    for r in rows:
        key = _agency_key(r)
        if key and r.year:
            groups[(key, r.year)].append(r)
    out = []
    for (_, year), members in groups.items():
        if len({m.sha256 for m in members}) < 2:
            continue
        members = sorted(members, key=lambda m: (m.modified or "", m.file))  # oldest first
        first, newest = members[0], members[-1]
        changed = [k for k in FIGURES_ZH if first.figures.get(k) != newest.figures.get(k)]
        known = bool(newest.modified and newest.modified != first.modified)
        data: dict[str, object] = {
            "agency": first.agency, "year": year, "files": [m.file for m in members],
            "order": "known" if known else "unknown", "newest": newest.file,
            "newest_modified": newest.modified.replace("T", " ") if newest.modified else None,
            "figures": "changed" if changed else "same",
            "changes": [{"key": k, "figure": FIGURES_ZH[k], "first": _fig(first.figures.get(k)),
                         "newest": _fig(newest.figures.get(k))} for k in changed[:6]]}
        out.append(_cross("XY-RESUBMISSION", data, files=[m.file for m in members], agencies=[first.agency or ""],
                          years=[year]))
    return out


def year_pair(prev: ReportRow, cur: ReportRow, sh: dict[str, set[int]] | None = None) -> list[CrossFinding]:
    """One agency's consecutive years: carry-over, documents in force, section 五 repeated."""
    sh = sh if sh is not None else {prev.file: shingles(prev.section5), cur.file: shingles(cur.section5)}
    return _carryover(prev, cur) + _docs_in_force(prev, cur) + _repeat(prev, cur, sh)


def consecutive_years(rows: list[ReportRow]) -> list[tuple[ReportRow, ReportRow]]:
    """Each agency's consecutive years (one report per agency and year: the first found)."""
    by_agency: dict[str, dict[int, ReportRow]] = defaultdict(dict)
    for r in rows:
        key = _agency_key(r)
        if r.status == "ok" and key and r.year:
            by_agency[key].setdefault(r.year, r)
    return [(years[y0], years[y1]) for years in by_agency.values() for y0, y1 in pairwise(sorted(years)) if y1 == y0 + 1]


def year_table(prev: ReportRow, cur: ReportRow) -> list[tuple[str, str, str, str]]:
    """The key figures of two consecutive years side by side: 项目, last year, this year, change."""
    out = []
    for k, label in FIGURES_ZH.items():
        a, b = prev.figures.get(k), cur.figures.get(k)
        if a is None and b is None:
            continue
        change = f"{b - a:+g}" if isinstance(a, int | float) and isinstance(b, int | float) else "—"
        out.append((label, _fig(a), _fig(b), change))
    return out


def changed_cells(prev: ReportRow, cur: ReportRow) -> tuple[list[tuple[str, str, str, str, str]], int]:
    """Every table cell that differs between two years (表, 行, 列, last year, this year), and how many
    cells are the same; cells one year's format does not have are left out."""
    out, same = [], 0
    for key, new in cur.cells.items():
        old = prev.cells.get(key)
        if old is None:
            continue
        if old == new:
            same += 1
            continue
        tid, row, col = key.split("|")
        try:
            spec = table_spec(tid, FormatVersion(cur.format_version or LATEST))
            out.append((f"表{tid}", spec.row(row).full_label_zh, spec.column_label(row, col), old, new))
        except (KeyError, ValueError):
            continue
    return out, same


def cross_findings(rows: list[ReportRow]) -> list[CrossFinding]:
    ok = [r for r in rows if r.status == "ok"]
    sh = {r.file: shingles(r.section5) for r in ok}
    out: list[CrossFinding] = []
    for prev, cur in consecutive_years(ok):
        out += year_pair(prev, cur, sh)
    by_hash: dict[str, list[ReportRow]] = defaultdict(list)
    for r in ok:
        by_hash[r.sha256].append(r)
    for same in by_hash.values():
        if len(same) > 1:
            out.append(_cross("XY-DUPLICATE-FILE", {"files": [r.file for r in same]}, files=[r.file for r in same],
                              agencies=sorted({r.agency or "" for r in same})))
    out += _resubmissions(ok)
    unique = list({r.sha256: r for r in ok}.values())
    out += _same_text(unique, sh)
    return out
