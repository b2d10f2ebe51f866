"""The rule catalogue, kept as data: id, severity, Chinese title, what it checks and its basis.

Rule ids are stable and never reused. Each id is implemented by one small pure function registered
with ``@implements``; ``run_rules`` runs them all over one report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agents.checks.arithmetic import Equation, Outcome, equations, evaluate
from agents.extract.norm import squash
from schemas.findings import Finding, FindingStatus, RuleInfo, Severity
from schemas.formats import FIRST_YEAR, FORMAT_BASIS, FormatVersion
from schemas.issues import Section5Summary
from schemas.report import AnnualReport
from schemas.tables import TableData

V19, V21 = FormatVersion.v2019, FormatVersion.v2021
B21, B19 = FORMAT_BASIS[V21], FORMAT_BASIS[V19]
ALL_FORMATS = tuple(v.value for v in FormatVersion)
ONLY_2021 = (V21.value,)  # rules on what the 2021 format added
REG = "《中华人民共和国政府信息公开条例》第五十条"
FEE = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
E, W, INFO = Severity.error, Severity.warning, Severity.info


NA = {"not_assessable": INFO}  # an arithmetic rule that cannot be checked (a cell not read) only says so


def _r(id_: str, sev: Severity, title: str, desc: str, basis: str, formats: tuple[str, ...] = ALL_FORMATS,
       *, reading: bool = False, variants: dict[str, Severity] | None = None) -> RuleInfo:
    return RuleInfo(id=id_, severity=sev, title_zh=title, description_zh=desc, basis=basis, formats=list(formats),
                    reading=reading, scope="digest" if id_.startswith("XY-") else "report", variants=variants or {},
                    absence=id_ in ABSENCE)


# rules that say something is not in the report: where pages went unread they cannot be concluded
ABSENCE = {"SEC-REQUIRED", "SEC-ORDER", "SEC-GENERAL-SUBITEMS", "SEC-FIVE-CONTENT", "SEC-FIVE-LASTYEAR", "SEC-SIX-FEE",
           "SEC-SIX-FEE-T3", "TBL-MISSING", "TBL-ROW-MISSING", "TBL-COL-MISSING", "TBL-CELL-MISSING", "META-YEAR",
           "META-PERIOD-MISSING", "META-PERIOD", "META-BODY-YEAR"}


XX = "xxgk 读取说明"


RULES: list[RuleInfo] = [
    _r("SEC-REQUIRED", E, "缺少规定章节", "六个部分（一、总体情况……六、其他需要报告的事项）均须出现。", f"{B21}；{REG}"),
    _r("SEC-ORDER", W, "章节顺序错乱", "六个部分须按格式规定的顺序排列。", B21),
    _r("SEC-TITLE", INFO, "章节标题与格式不一致", "各部分标题应使用格式规定的文字。", B21),
    _r("SEC-NUMBERING", W, "章节编号与格式不一致",
       "各部分须按格式编号（一至六）；某部分印成其他编号，或没有自己的标题、只有小标题，可找到但须更正。", B21),
    _r("SEC-DUPLICATE", E, "内容重复", "同一部分或同一张表出现两次（如两份报告拼接、表格重复粘贴）。", B21),
    _r("SEC-GENERAL-SUBITEMS", INFO, "总体情况未提及某些方面",
       "一、总体情况没有提到主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障中的某些方面。"
       "格式模板只写“（文字描述）”，这一条是供审核参考的观察。", B21, ONLY_2021),
    _r("SEC-FIVE-CONTENT", W, "存在问题及改进情况不完整", "五须同时写明存在的主要问题和改进措施。", B21),
    _r("SEC-FIVE-LASTYEAR", INFO, "未提及上年度问题的整改", "五没有提到上一年度报告所列问题的整改情况。格式只要求写明存在的主要问题及改进情况，"
       "这一条只是供审核参考的观察，不是不合规。", B21, ONLY_2021),
    _r("SEC-SIX-FEE", W, "未说明信息处理费收取情况",
       "六须报告收取信息处理费的情况（含未收取）；注意不是表二的行政事业性收费。", f"{B21}；{FEE}", ONLY_2021),
    _r("SEC-SIX-FEE-T3", E, "表三有逾期未缴费申请但未说明信息处理费",
       "表三“申请人逾期未按收费通知要求缴纳费用”一行大于0时，六必须说明信息处理费的收取情况。", f"{B21}；{FEE}",
       ONLY_2021),
    _r("READ-TRUNCATED", W, "文件不完整", "文件在报告结束之前就结束了（最后一个字符不完整；在表格中间结束、表的最后一行没有；"
       "在一句话、标题或表格中间结束，其后的各部分都没有；或其后缺少三个以上部分）："
       "其后的内容不在文件中，缺少章节、表格或行的结论因此不能成立，须取得完整的文件后再查。这是读取问题，不是报告的错误。", XX,
       reading=True),
    _r("READ-SECTION", W, "章节未能识别", "报告中有这一部分的内容或标题文字，但未能确定它的位置；相关检查未进行，须人工核对。"
       "这是读取问题，不是报告的错误。", XX, reading=True),
    _r("READ-TABLE", W, "表格未能读取", "报告中有这张表（或其中某些行）的文字，但未能读出数字；相关检查未进行，须人工核对。"
       "这是读取问题，不是报告的错误。", XX, reading=True),
    _r("READ-PAGES-MISSING", W, "页面缺失", "PDF 页脚印的页码不连续，有的页不在文件中（合并或下载时丢失）；缺少章节、表格或行等结论"
       "因此不能成立，须取得完整的文件后再查。这是读取问题，不是报告的错误。", XX, reading=True),
    _r("READ-PAGES", W, "页面未能读取", "PDF 中有只含图片的页面（扫描件），未安装 OCR 扩展时不能读取；缺少章节、表格或行等结论"
       "因此不能成立，须人工核对。这是读取问题，不是报告的错误。", XX, reading=True),
    _r("TBL-MISSING", E, "缺少统计表", "二、三、四部分须以格式规定的表格报告数据。", B21),
    _r("TBL-ROW-MISSING", W, "表格缺少规定的行", "表格须包含格式规定的每一行。", B21),
    _r("TBL-COL-MISSING", W, "表格缺少规定的列", "表格须包含格式规定的每一列（如表三的“总计”列）。", B21),
    _r("TBL-EXTRA-VALUES", W, "表格中有无法对应的数字", "表格区域内有成行的数字对应不到格式规定的任何一行，已忽略，须人工核对。", B21,
       reading=True),
    _r("TBL-CELL-MISSING", W, "行内单元格缺失", "某行的数字个数少于规定列数，缺少的单元格无法读取。", B21),
    _r("CELL-BLANK", W, "空白单元格", "统计表单元格不应空白；无数据应填0。报告同时说明按0计算时勾稽关系是否成立。", B21),
    _r("CELL-DASH", INFO, "以符号代替数字", "单元格以“—”“/”“无”等代替数字；格式要求填写数字。表三、表四中为警告。", B21,
       variants={"table:三": W, "table:四": W}),
    _r("CELL-UNREADABLE", W, "单元格无法识别", "单元格内容不是数字，或粘连的数字有多种拆分方式；未当作0，相关勾稽关系未核对，须人工核对。",
       B21, reading=True),
    _r("CELL-NOT-COUNT", W, "件数不是非负整数", "表三、表四的件数应为非负整数，不应出现小数或负数。", B21),
    _r("T3-BALANCE", E, "表三勾稽关系不成立", "每一列：第一项加第二项之和，等于第三项（七）总计加第四项之和。", B21, variants=NA),
    _r("T3-OUTCOME-TOTAL", E, "表三（七）总计与办理结果不符", "每一列：（七）总计等于（一）至（六）各项办理结果之和。", B21, variants=NA),
    _r("T3-ROW-TOTAL", E, "表三总计列与各类申请人之和不符", "每一行：总计等于自然人与五类法人或其他组织之和。", B21, variants=NA),
    _r("T4-ROW-SUM", E, "表四总计与各项结果之和不符",
       "行政复议、未经复议直接起诉、复议后起诉：各自的总计等于结果维持、结果纠正、其他结果、尚未审结之和。", B21, variants=NA),
    _r("NARR-APPLICATIONS", E, "正文申请数与表三不符",
       "正文所述本机关收到、办结、结转的申请件数须与表三一致（“其中”、下属单位或其他机关的件数不比对）。", B21),
    _r("NARR-OUTCOME", W, "正文办理结果与表三不符", "正文所述予以公开、部分公开、不予公开、无法提供等件数须与表三一致。", B21),
    _r("NARR-REVIEW", E, "正文复议诉讼数与表四不符",
       "正文所述本机关被申请行政复议、被提起行政诉讼的件数及结果须与表四一致（作为复议机关办理的、法院审结的案件不比对）。", B21),
    _r("NARR-ALL-UPHELD", E, "正文称“均维持”与表四矛盾", "正文称复议诉讼均获维持，但表四有纠正、其他结果或尚未审结。", B21,
       variants={"pending_only": W}),
    _r("NARR-PARTS-SUM", W, "正文分项之和与总数不符", "正文“共N，其中a、b、c”形式的各分项之和须等于总数。", B21, variants={"two_parts_short": INFO}),
    _r("LLM-DISAGREE", W, "模型与规则读数不同", "配置了大模型时：同一单元格模型读数与规则读数不同，列出两者与原文，以规则读数为准。",
       "xxgk 对账规则"),
    _r("LLM-MODEL-READ", INFO, "单元格由模型读取", "规则未能读取、由模型读取的单元格，同样参加勾稽关系检查，须人工核对。", "xxgk 对账规则"),
    _r("LLM-UNGROUNDED", INFO, "模型读数在原文中找不到",
       "配置了大模型时：规则未能读取的单元格，模型给出的数字须在原文该行、该位置印着（或是规则找到的读法之一）才采用；"
       "找不到的不采用，单元格仍为无法识别，并写明原因。", "xxgk 对账规则"),
    _r("LLM-FALLBACK", INFO, "模型调用失败，已改用规则", "模型不可用或回答未通过校验时，表格和第五部分摘要改由内置规则完成，并写明原因。",
       "xxgk 对账规则"),
    _r("XY-CARRYOVER", E, "上年结转与上年度报告不衔接", "汇总时：同一机关本年表三“上年结转”须等于上一年度“结转下年度继续办理”（逐列）。", B21),
    _r("XY-DOCS-IN-FORCE", W, "现行有效件数与上年度不衔接",
       "汇总时：规章、行政规范性文件现行有效件数应等于上年数加本年制发减本年废止；因有效期届满而失效的文件不计入本年废止，"
       "出现差异时请先核对是否有届满失效的文件。", B21, ONLY_2021),
    _r("XY-SECTION5-REPEAT", W, "第五部分照搬上一年度", "汇总时：同一机关第五部分与上一年度基本相同。", B21),
    _r("XY-SECTION5-SAME", W, "第五部分与其他机关雷同", "汇总时：不同机关第五部分内容雷同，格式要求各机关结合实际撰写。", B21),
    _r("XY-DUPLICATE-FILE", INFO, "重复提交的文件", "汇总时：同一文件内容以不同文件名出现。", XX),
    _r("XY-RESUBMISSION", W, "同一机关同一年度有多份不同的报告",
       "汇总时：同一机关同一年度出现内容不同的几份报告（重新报送，或同一报告的不同文件），列出差异，避免重复计算。", XX),
    _r("XY-NOT-CHECKED", INFO, "跨报告核对未能进行", "汇总时：所需的表格或单元格未能读取，跨年度核对未进行（不等于核对无误）。", XX,
       reading=True),
    _r("META-AGENCY-NAME", INFO, "机关名称前后不一致", "标题、正文、落款中的机关名称应一致（常见为错字或漏字）。", B21),
    _r("META-YEAR", W, "无法确定报告年度", "报告标题或统计期限须写明年度。", B21),
    _r("META-YEAR-MISMATCH", E, "报告年度与统计期限不一致", "标题年度与统计期限的年度须一致。", B21),
    _r("META-YEAR-GIVEN", W, "指定的年度与报告所写不同",
       "汇总对照表或 --year 指定的年度与报告标题或统计期限写明的年度不同：按指定的年度检查，请核对对照表或报告。", XX),
    _r("META-PERIOD", W, "统计期限不是完整年度", "报告数据统计期限应为当年1月1日至12月31日。", B21),
    _r("META-PERIOD-MISSING", INFO, "未写明统计期限", "报告宜写明数据的统计期限（当年1月1日至12月31日），以便核对年度。", B21),
    _r("META-BODY-YEAR", W, "正文叙述的年度与报告年度不符",
       "“一、总体情况”主要叙述的年度须是报告年度；统计期限写成上一年、正文却叙述本年（或相反）时报告。", B21),
    _r("FMT-VERSION", E, "格式版本与报告年度不符",
       f"{FIRST_YEAR[V21]}年度及以后的报告使用{B21}格式，"
       f"{'、'.join(str(y) for y in range(FIRST_YEAR[V19], FIRST_YEAR[V21]))}年度使用{V19.value}年格式。"
       "标题和统计期限都没有写明年度、年度由正文或文件名推定时为警告。", f"{B21}；{B19}", variants={"year_inferred": W}),
    _r("FMT-TABLE-ROWS", W, "表格的行与报告格式版本不一致",
       "表格的行须与报告所用格式一致，如2021年格式表三“（六）其他处理”分为三项，2019年格式只有一行。", f"{B21}；{B19}"),
    _r("FMT-UNKNOWN", INFO, "无法判断格式版本", "表格中没有足以区分2019年格式和2021年格式的文字，按报告年度推定。", B21),
]
RULES_BY_ID = {r.id: r for r in RULES}


@dataclass
class Context:
    report: AnnualReport
    text: str
    summary: Section5Summary | None = None  # section 五 as the workflow summarised it
    unread_pages: list[int] = field(default_factory=list)  # PDF pages that are only a picture, not read
    truncated: bool = False  # the file ends inside a character: it was cut off
    missing_pages: list[int] = field(default_factory=list)  # printed page numbers a PDF skips (pages lost)
    memo: dict[str, Any] = field(default_factory=dict)  # work shared by several rules of one run

    @property
    def flat(self) -> str:
        """The whole text squashed (half-width, no whitespace), built once per run for word searches."""
        if "flat" not in self.memo:
            self.memo["flat"] = squash(self.text)
        return str(self.memo["flat"])

    def equations(self, t: TableData) -> list[Equation]:
        """The table's identities as equations over its cells, built once per run (rules only read cells)."""
        key = f"equations:{t.table_id}"
        if key not in self.memo:
            self.memo[key] = equations(t)
        eqs: list[Equation] = self.memo[key]
        return eqs

    def outcomes(self, t: TableData) -> list[tuple[Equation, Outcome]]:
        """Each of the table's equations with its outcome, evaluated once per run."""
        key = f"outcomes:{t.table_id}"
        if key not in self.memo:
            self.memo[key] = [(eq, evaluate(eq)) for eq in self.equations(t)]
        done: list[tuple[Equation, Outcome]] = self.memo[key]
        return done

    def quote_line(self, offset: int | None, limit: int = 80) -> str | None:
        if offset is None or offset > len(self.text):
            return None
        a = self.text.rfind("\n", 0, offset) + 1
        b = self.text.find("\n", offset)
        line = " ".join(self.text[a:b if b >= 0 else len(self.text)].split())
        return line[:limit] + ("…" if len(line) > limit else "")


RuleFn = Callable[[Context], list[Finding]]
REGISTRY: list[tuple[tuple[str, ...], RuleFn]] = []


def implements(*rule_ids: str) -> Callable[[RuleFn], RuleFn]:
    for rid in rule_ids:
        if rid not in RULES_BY_ID:
            raise KeyError(f"rule {rid} is not in the catalogue")

    def deco(fn: RuleFn) -> RuleFn:
        REGISTRY.append((rule_ids, fn))
        return fn
    return deco


def finding(rule_id: str, data: dict[str, object] | None = None, *, key: str | None = None,
            variant: str | None = None, **kw: object) -> Finding:
    """A finding with the catalogue's severity (or the severity the catalogue declares for
    ``variant``), its message rendered from ``data`` by template ``key`` (the rule id by default)."""
    info = RULES_BY_ID[rule_id]
    if variant is not None and variant not in info.variants and not variant.startswith("table:"):
        raise KeyError(f"{rule_id} declares no severity variant {variant}")
    sev = info.variants.get(variant, info.severity) if variant else info.severity
    if info.reading:
        kw.setdefault("status", FindingStatus.not_read)
    return Finding.of(rule_id, sev, key or rule_id, data or {}, **kw)
