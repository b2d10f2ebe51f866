"""The digest's tables as plain rows, shared by the xlsx, Markdown and HTML outputs."""

from __future__ import annotations

from agents.checks.catalogue import RULES_BY_ID
from agents.digest.stats import FIGURES_ZH, ranking
from schemas.digest import Digest, ReportRow
from schemas.findings import SEVERITY_ZH

OVERVIEW_HEAD = ["文件", "机关", "层级", "年度", "格式", "结论", "错误", "警告", "提示", *FIGURES_ZH.values(), "引擎", "原因"]
FINDINGS_HEAD = ["文件", "机关", "年度", "规则编号", "规则名称", "严重程度", "说明", "位置", "决定", "审核意见", "状态"]
FIVE_HEAD = ["文件", "机关", "年度", "存在问题类别", "改进措施类别", "未见对应措施的问题"]
CROSS_HEAD = ["规则编号", "规则名称", "严重程度", "说明", "机关", "年度", "文件", "雷同段落（原文）"]
ENGINE_PART_ZH = {"extraction": "表格", "summary": "第五部分"}


def rule_name(rule_id: str) -> str:
    info = RULES_BY_ID.get(rule_id)
    return info.title_zh if info else ""


def engines_zh(engines: dict[str, str]) -> str:
    """"extraction:rules；summary:rules" as a person reads it: "表格：规则；第五部分：规则"."""
    return "；".join(f"{ENGINE_PART_ZH.get(k, k)}：{'规则' if v == 'rules' else v.removeprefix('model:') + '（模型）'}"
                    for k, v in engines.items())


def format_zh(version: str | None) -> str:
    return f"{version}年格式" if version else ""


def _fig(v: object) -> object:
    return "" if v is None else v


def overview_rows(d: Digest) -> list[list[object]]:
    rows = []
    for r in ranking(d.reports):
        engines = engines_zh(r.engines)
        rows.append([r.file, r.agency or "", r.level or "", r.year or "", format_zh(r.format_version), r.verdict_zh,
                     r.errors, r.warnings, r.infos, *[_fig(r.figures.get(k)) for k in FIGURES_ZH], engines,
                     r.reason or ""])
    return rows


def finding_rows(d: Digest) -> list[list[object]]:
    return [[r.file, r.agency or "", r.year or "", f.rule_id, rule_name(f.rule_id), f.severity_zh, f.message_zh,
             f.where, f.decision, f.review_note, "新" if f.new else ""]
            for r in ranking(d.reports) for f in r.findings]


def five_rows(d: Digest) -> list[list[object]]:
    return [[r.file, r.agency or "", r.year or "", "、".join(r.problems), "、".join(r.measures), "、".join(r.unmatched)]
            for r in d.reports if r.status == "ok"]


def cross_rows(d: Digest) -> list[list[object]]:
    return [[c.rule_id, rule_name(c.rule_id), SEVERITY_ZH[c.severity], c.message_zh, "、".join(c.agencies[:10]),
             "、".join(str(y) for y in c.years), "、".join(c.files[:10]), "\n".join(c.passages)] for c in d.cross]


def unreadable(d: Digest) -> list[ReportRow]:
    return [r for r in d.reports if r.status != "ok"]
