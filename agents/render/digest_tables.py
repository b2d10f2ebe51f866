"""The digest's tables as plain rows, shared by the xlsx, Markdown and HTML outputs."""

from __future__ import annotations

from agents.digest.stats import FIGURES_ZH, ranking
from schemas.digest import Digest, ReportRow
from schemas.findings import SEVERITY_ZH

OVERVIEW_HEAD = ["文件", "机关", "层级", "年度", "格式", "结论", "错误", "警告", "提示", *FIGURES_ZH.values(), "引擎", "原因"]
FINDINGS_HEAD = ["文件", "机关", "年度", "规则编号", "严重程度", "说明", "位置"]
FIVE_HEAD = ["文件", "机关", "年度", "存在问题类别", "改进措施类别", "未见对应措施的问题"]
CROSS_HEAD = ["规则编号", "严重程度", "说明", "机关", "年度", "文件", "雷同段落（原文）"]


def _fig(v: object) -> object:
    return "" if v is None else v


def overview_rows(d: Digest) -> list[list[object]]:
    rows = []
    for r in ranking(d.reports):
        engines = "；".join(f"{k}:{v}" for k, v in r.engines.items())
        rows.append([r.file, r.agency or "", r.level or "", r.year or "", r.format_version or "", r.verdict_zh,
                     r.errors, r.warnings, r.infos, *[_fig(r.figures.get(k)) for k in FIGURES_ZH], engines,
                     r.reason or ""])
    return rows


def finding_rows(d: Digest) -> list[list[object]]:
    return [[r.file, r.agency or "", r.year or "", f.rule_id, SEVERITY_ZH[f.severity], f.message_zh, f.where]
            for r in ranking(d.reports) for f in r.findings]


def five_rows(d: Digest) -> list[list[object]]:
    return [[r.file, r.agency or "", r.year or "", "、".join(r.problems), "、".join(r.measures), "、".join(r.unmatched)]
            for r in d.reports if r.status == "ok"]


def cross_rows(d: Digest) -> list[list[object]]:
    return [[c.rule_id, SEVERITY_ZH[c.severity], c.message_zh, "、".join(c.agencies[:10]),
             "、".join(str(y) for y in c.years), "、".join(c.files[:10]), "\n".join(c.passages)] for c in d.cross]


def unreadable(d: Digest) -> list[ReportRow]:
    return [r for r in d.reports if r.status != "ok"]
