"""The two official formats as data: sections, tables, rows and columns with their Chinese labels.

Labels are those of 国办公开办函〔2021〕30号 (the blank template in shared/reference) and of the
2019 format (国办公开办函〔2019〕60号). ``anchors`` are short, distinctive fragments of a row label
that survive line wrapping; the extractor looks for them in order.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel


class FormatVersion(StrEnum):
    v2019 = "2019"
    v2021 = "2021"


FORMAT_BASIS = {
    FormatVersion.v2019: "国办公开办函〔2019〕60号",
    FormatVersion.v2021: "国办公开办函〔2021〕30号",
}
FIRST_YEAR = {FormatVersion.v2019: 2019, FormatVersion.v2021: 2021}  # the first report year each format applies to
LATEST = max(FormatVersion, key=FIRST_YEAR.__getitem__)

# Words printed only in one format's tables (表二's column labels, 表三's rows of （六）, 表二's 政府集中采购),
# by which the extractor tells the format a report used. Compared with the report squashed (half-width).
VERSION_EVIDENCE = {
    FormatVersion.v2019: ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                          "采购项目数量", "采购总金额", "政府集中采购", "第二十条第(九)项"],
    FormatVersion.v2021: ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
                          "逾期不补正", "收费通知"],
}


def format_for_year(year: int | None) -> FormatVersion:
    """The format a report of this year must use: the latest whose first year is not after it (the
    latest of all where the year is unknown; the earliest for a year before every format)."""
    if year is None:
        return LATEST
    applicable = [v for v in FormatVersion if FIRST_YEAR[v] <= year]
    return max(applicable, key=FIRST_YEAR.__getitem__) if applicable else min(FormatVersion, key=FIRST_YEAR.__getitem__)


class ColumnSpec(BaseModel):
    key: str
    label_zh: str
    short_zh: str = ""  # a shorter heading for a narrow terminal, where the label is long


class RowSpec(BaseModel):
    key: str
    label_zh: str  # the leaf label as printed in the template
    group_zh: str = ""  # the merged label above it, e.g. "（三）不予公开"
    anchors: list[str]  # normalised fragments, any of which identifies the row
    columns: list[ColumnSpec]

    @property
    def full_label_zh(self) -> str:
        return f"{self.group_zh} {self.label_zh}".strip()


class Identity(BaseModel):
    """One 勾稽关系 as data, read by the extractor (to choose among readings of ambiguous text) and by
    the checker (to report what does not hold): in every column (``axis="column"``: the terms are row
    keys) or in every row (``axis="row"``: the terms are column keys), sum(plus) = sum(minus)."""

    rule_id: str  # the catalogue rule that reports it
    axis: Literal["column", "row"]
    plus: list[str]
    minus: list[str]
    plus_zh: str
    minus_zh: str


class Bound(BaseModel):
    """What the figures of one row can be, where no identity ties them (表二): in every row that has
    both columns, ``larger`` ≥ ``smaller``. Not a rule of the format, so the checker does not report
    it; the extractor uses it to refuse a reading of text in an order it cannot otherwise check (a
    layout tool's columns out of order)."""

    larger: str
    smaller: str
    why_zh: str


class TableSpec(BaseModel):
    table_id: str  # "二", "三", "四"
    title_zh: str
    version: FormatVersion
    rows: list[RowSpec]
    identities: list[Identity] = []
    bounds: list[Bound] = []

    def column_identities(self) -> list[Identity]:
        return [i for i in self.identities if i.axis == "column"]

    def row_identities(self, columns: list[str]) -> list[Identity]:
        """The row identities a row with these columns can be checked by (none when a column is absent)."""
        return [i for i in self.identities if i.axis == "row" and set(i.plus + i.minus) <= set(columns)]

    def row(self, key: str) -> RowSpec:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def column_label(self, row_key: str, col_key: str) -> str:
        for c in self.row(row_key).columns:
            if c.key == col_key:
                return c.label_zh
        raise KeyError(col_key)


# --------------------------------------------------------------------------- sections

class SectionSpec(BaseModel):
    number: int
    numeral: str
    title_zh: str  # the exact title of the 2021 format
    keywords: list[str]  # normalised fragments that identify the heading
    variants: list[str] = []  # full titles printed in real reports (the format's own first)
    subheadings: list[str] = []  # sub-headings that open the section when its own heading was lost


SECTIONS: list[SectionSpec] = [
    SectionSpec(number=1, numeral="一", title_zh="总体情况", keywords=["总体情况", "概述", "基本情况"],
                variants=["总体情况"]),
    SectionSpec(number=2, numeral="二", title_zh="主动公开政府信息情况",
                keywords=["主动公开政府信息情况", "主动公开政府信息", "主动公开情况"],
                variants=["主动公开政府信息情况"]),
    SectionSpec(number=3, numeral="三", title_zh="收到和处理政府信息公开申请情况",
                keywords=["收到和处理政府信息公开申请", "处理政府信息公开申请", "依申请公开"],
                variants=["收到和处理政府信息公开申请情况"]),
    SectionSpec(number=4, numeral="四", title_zh="政府信息公开行政复议、行政诉讼情况",
                keywords=["行政复议", "行政诉讼", "行政法复议", "复议"],
                variants=["政府信息公开行政复议、行政诉讼情况", "政府信息公开工作被申请行政复议、提起行政诉讼情况",
                          "因政府信息公开工作被申请行政复议、提起行政诉讼的情况"]),
    SectionSpec(number=5, numeral="五", title_zh="存在的主要问题及改进情况",
                keywords=["存在的主要问题及改进情况", "存在问题及改进情况", "主要问题", "存在问题",
                          "改进情况", "问题及改进"],
                variants=["存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"],
                subheadings=["存在的主要问题", "主要问题", "存在问题"]),
    SectionSpec(number=6, numeral="六", title_zh="其他需要报告的事项",
                keywords=["其他需要报告的事项", "其他需要报告", "需要报告的事项", "其他事项"],
                variants=["其他需要报告的事项"]),
]

GENERAL_SUBITEMS: list[tuple[str, str, list[str]]] = [
    # (key, label, fragments any of which shows the sub-item is addressed in 一、总体情况)
    ("proactive", "主动公开", ["主动公开"]),
    ("on_request", "依申请公开", ["依申请公开", "申请公开"]),
    ("management", "政府信息管理", ["政府信息管理", "信息管理"]),
    ("platform", "政府信息公开平台建设", ["平台建设", "平台"]),
    ("oversight", "监督保障", ["监督保障", "监督"]),
]


# --------------------------------------------------------------------------- table 三

T3_COLUMNS = [
    ColumnSpec(key="natural_person", label_zh="自然人"),
    ColumnSpec(key="commercial", label_zh="商业企业", short_zh="商业"),
    ColumnSpec(key="research", label_zh="科研机构", short_zh="科研"),
    ColumnSpec(key="public_interest", label_zh="社会公益组织", short_zh="公益"),
    ColumnSpec(key="legal_service", label_zh="法律服务机构", short_zh="法律"),
    ColumnSpec(key="other_org", label_zh="其他"),
    ColumnSpec(key="total", label_zh="总计"),
]
T3_APPLICANT_COLUMNS = [c.key for c in T3_COLUMNS[:-1]]

_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"


def _t3(key: str, label: str, anchors: list[str], group: str = "") -> RowSpec:
    return RowSpec(key=key, label_zh=label, group_zh=group, anchors=anchors, columns=T3_COLUMNS)


_T3_HEAD = [
    _t3("new_received", "一、本年新收政府信息公开申请数量", ["本年新收", "新收政府信息公开申请"]),
    _t3("carried_over", "二、上年结转政府信息公开申请数量", ["上年结转"]),
    _t3("granted", "（一）予以公开", ["予以公开"]),
    _t3("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["部分公开"]),
    _t3("withheld_state_secret", "1.属于国家秘密", ["国家秘密"], _WITHHELD),
    _t3("withheld_prohibited", "2.其他法律行政法规禁止公开", ["法律行政法规禁止", "禁止公开"], _WITHHELD),
    _t3("withheld_three_safety", "3.危及“三安全一稳定”", ["三安全一稳定", "三安全"], _WITHHELD),
    _t3("withheld_third_party", "4.保护第三方合法权益", ["保护第三方", "第三方合法权益"], _WITHHELD),
    _t3("withheld_internal", "5.属于三类内部事务信息", ["内部事务"], _WITHHELD),
    _t3("withheld_process", "6.属于四类过程性信息", ["过程性信息"], _WITHHELD),
    _t3("withheld_enforcement_file", "7.属于行政执法案卷", ["行政执法案卷", "执法案卷"], _WITHHELD),
    _t3("withheld_inquiry", "8.属于行政查询事项", ["行政查询"], _WITHHELD),
    _t3("unavailable_not_held", "1.本机关不掌握相关政府信息", ["不掌握"], _UNAVAILABLE),
    _t3("unavailable_needs_creation", "2.没有现成信息需要另行制作", ["另行制作", "没有现成信息"], _UNAVAILABLE),
    _t3("unavailable_unclear", "3.补正后申请内容仍不明确", ["补正后", "仍不明确"], _UNAVAILABLE),
    _t3("rejected_petition", "1.信访举报投诉类申请", ["信访举报", "举报投诉"], _REJECTED),
    _t3("rejected_repeat", "2.重复申请", ["重复申请"], _REJECTED),
    _t3("rejected_publication", "3.要求提供公开出版物", ["公开出版物", "出版物"], _REJECTED),
    _t3("rejected_excessive", "4.无正当理由大量反复申请", ["大量反复", "反复申请"], _REJECTED),
    _t3("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息",
        ["确认或重新出具", "重新出具", "已获取信息"], _REJECTED),
]
_T3_TAIL = [
    _t3("total_handled", "（七）总计", ["总计"]),
    _t3("carried_forward", "四、结转下年度继续办理", ["结转下年度", "下年度继续办理"]),
]
_T3_OTHER_2021 = [
    _t3("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ["逾期不补正", "不补正"], _OTHER),
    _t3("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ["收费通知", "缴纳费用"], _OTHER),
    _t3("other_misc", "3.其他", ["3.其他", "3、其他", "3其他", "3)其他"], _OTHER),
]
_T3_OTHER_2019 = [_t3("other_handling", "（六）其他处理", ["其他处理"])]

T3_OUTCOME_GROUPS = {
    "granted": "（一）予以公开", "partly_granted": "（二）部分公开",
    "withheld": _WITHHELD, "unavailable": _UNAVAILABLE, "rejected": _REJECTED, "other": _OTHER,
}

T3_INPUT_ROWS = ["new_received", "carried_over"]
T3_NON_OUTCOME_ROWS = {"new_received", "carried_over", "total_handled", "carried_forward"}


def _t3_spec(version: FormatVersion, other_rows: list[RowSpec]) -> TableSpec:
    rows = _T3_HEAD + other_rows + _T3_TAIL
    outcomes = [r.key for r in rows if r.key not in T3_NON_OUTCOME_ROWS]
    return TableSpec(table_id="三", title_zh="收到和处理政府信息公开申请情况", version=version, rows=rows, identities=[
        Identity(rule_id="T3-BALANCE", axis="column", plus=T3_INPUT_ROWS, minus=["total_handled", "carried_forward"],
                 plus_zh="一、本年新收 + 二、上年结转", minus_zh="（七）总计 + 四、结转下年度继续办理"),
        Identity(rule_id="T3-OUTCOME-TOTAL", axis="column", plus=outcomes, minus=["total_handled"],
                 plus_zh="（一）至（六）各项办理结果之和", minus_zh="（七）总计"),
        Identity(rule_id="T3-ROW-TOTAL", axis="row", plus=T3_APPLICANT_COLUMNS, minus=["total"],
                 plus_zh="六类申请人之和", minus_zh="总计"),
    ])


TABLE3 = {FormatVersion.v2021: _t3_spec(FormatVersion.v2021, _T3_OTHER_2021),
          FormatVersion.v2019: _t3_spec(FormatVersion.v2019, _T3_OTHER_2019)}


def t3_outcome_groups(version: FormatVersion) -> dict[str, list[str]]:
    """Outcome group key (granted … other) -> its row keys in this version, from the rows' own labels."""
    rows = TABLE3[version].rows
    return {key: [r.key for r in rows if r.group_zh == label or r.label_zh.startswith(label)]
            for key, label in T3_OUTCOME_GROUPS.items()}


# --------------------------------------------------------------------------- table 四

T4_COLUMNS = [
    ColumnSpec(key="upheld", label_zh="结果维持"),
    ColumnSpec(key="corrected", label_zh="结果纠正"),
    ColumnSpec(key="other_result", label_zh="其他结果"),
    ColumnSpec(key="pending", label_zh="尚未审结"),
    ColumnSpec(key="total", label_zh="总计"),
]
T4_PART_COLUMNS = [c.key for c in T4_COLUMNS[:-1]]
_T4_ROWS = [
    RowSpec(key="review", label_zh="行政复议", anchors=["行政复议"], columns=T4_COLUMNS),
    RowSpec(key="litigation_direct", label_zh="未经复议直接起诉", group_zh="行政诉讼",
            anchors=["未经复议直接起诉", "直接起诉"], columns=T4_COLUMNS),
    RowSpec(key="litigation_after_review", label_zh="复议后起诉", group_zh="行政诉讼",
            anchors=["复议后起诉"], columns=T4_COLUMNS),
]
TABLE4 = {
    v: TableSpec(table_id="四", title_zh="政府信息公开行政复议、行政诉讼情况", version=v, rows=_T4_ROWS, identities=[
        Identity(rule_id="T4-ROW-SUM", axis="row", plus=T4_PART_COLUMNS, minus=["total"],
                 plus_zh="结果维持、结果纠正、其他结果、尚未审结之和", minus_zh="总计")])
    for v in FormatVersion
}


# --------------------------------------------------------------------------- table 二

def _cols(*pairs: tuple[str, str]) -> list[ColumnSpec]:
    return [ColumnSpec(key=k, label_zh=v) for k, v in pairs]


_DOCS_2021 = _cols(("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))
_DECISIONS_2021 = _cols(("decisions", "本年处理决定数量"))
_ITEMS_2019 = _cols(("previous_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量"))
_I1, _I5, _I6, _I8, _I9 = (f"第二十条第（{n}）项" for n in ("一", "五", "六", "八", "九"))

TABLE2 = {
    FormatVersion.v2021: TableSpec(table_id="二", title_zh="主动公开政府信息情况", version=FormatVersion.v2021, rows=[
        RowSpec(key="regulations", label_zh="规章", group_zh=_I1, anchors=["规章"], columns=_DOCS_2021),
        RowSpec(key="normative_documents", label_zh="行政规范性文件", group_zh=_I1,
                anchors=["规范性文件"], columns=_DOCS_2021),
        RowSpec(key="licensing", label_zh="行政许可", group_zh=_I5, anchors=["行政许可"], columns=_DECISIONS_2021),
        RowSpec(key="punishment", label_zh="行政处罚", group_zh=_I6, anchors=["行政处罚"], columns=_DECISIONS_2021),
        RowSpec(key="enforcement", label_zh="行政强制", group_zh=_I6, anchors=["行政强制"], columns=_DECISIONS_2021),
        RowSpec(key="fees", label_zh="行政事业性收费", group_zh=_I8, anchors=["事业性收费"],
                columns=_cols(("amount", "本年收费金额（单位：万元）"))),
    ], bounds=[Bound(larger="in_force", smaller="issued", why_zh="现行有效的文件包括本年制发的文件")]),
    FormatVersion.v2019: TableSpec(table_id="二", title_zh="主动公开政府信息情况", version=FormatVersion.v2019, rows=[
        RowSpec(key="regulations", label_zh="规章", group_zh=_I1, anchors=["规章"],
                columns=_cols(("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"),
                              ("total_published", "对外公开总数量"))),
        RowSpec(key="normative_documents", label_zh="规范性文件", group_zh=_I1, anchors=["规范性文件"],
                columns=_cols(("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"),
                              ("total_published", "对外公开总数量"))),
        RowSpec(key="licensing", label_zh="行政许可", group_zh=_I5, anchors=["行政许可"], columns=_ITEMS_2019),
        RowSpec(key="other_services", label_zh="其他对外管理服务事项", group_zh=_I5,
                anchors=["对外管理服务", "其他对外管理"], columns=_ITEMS_2019),
        RowSpec(key="punishment", label_zh="行政处罚", group_zh=_I6, anchors=["行政处罚"], columns=_ITEMS_2019),
        RowSpec(key="enforcement", label_zh="行政强制", group_zh=_I6, anchors=["行政强制"], columns=_ITEMS_2019),
        RowSpec(key="fees", label_zh="行政事业性收费", group_zh=_I8, anchors=["事业性收费"],
                columns=_cols(("previous_items", "上一年项目数量"), ("change", "本年增/减"))),
        RowSpec(key="procurement", label_zh="政府集中采购", group_zh=_I9, anchors=["集中采购"],
                columns=_cols(("items", "采购项目数量"), ("amount", "采购总金额"))),
    ], bounds=[Bound(larger="total_published", smaller="new_published", why_zh="对外公开总数包括本年新公开的文件")]),
}

TABLES: dict[str, dict[FormatVersion, TableSpec]] = {"二": TABLE2, "三": TABLE3, "四": TABLE4}
TABLE_SECTION = {"二": 2, "三": 3, "四": 4}


def table_spec(table_id: str, version: FormatVersion) -> TableSpec:
    return TABLES[table_id][version]


DOCUMENT_COLUMNS = ("issued", "repealed", "in_force")  # 表二 (一): last year's in force + issued − repealed = in force


def tracks_documents_in_force(version: FormatVersion) -> bool:
    """Whether this format's 表二 prints documents issued, repealed and in force for 规章 and 规范性文件,
    so that one year's figures follow from the year before."""
    return set(DOCUMENT_COLUMNS) <= {c.key for c in TABLE2[version].row("regulations").columns}


def distinct_rows(table_id: str, version: FormatVersion) -> list[RowSpec]:
    """The rows a table has in this format version and in no other (e.g. 表三's （六） sub-rows)."""
    others = {r.key for v, spec in TABLES[table_id].items() if v is not version for r in spec.rows}
    return [r for r in TABLES[table_id][version].rows if r.key not in others]
