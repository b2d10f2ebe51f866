"""The section-五 taxonomy (problems and improvement measures) and the summary it produces.

Categories were derived from the wording real reports use in 五、存在的主要问题及改进情况.
Each category carries a Chinese name, a one-line definition and the lexicon the offline
classifier uses; the LLM prompt renders the same list, so both engines share one vocabulary.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from schemas.cells import Span


class IssueCategory(StrEnum):
    depth_breadth = "depth_breadth"
    interpretation = "interpretation"
    form = "form"
    awareness = "awareness"
    staff_training = "staff_training"
    institutions = "institutions"
    platform = "platform"
    interaction = "interaction"
    on_request = "on_request"
    review_security = "review_security"
    timeliness = "timeliness"
    other = "other"


class CategoryInfo(BaseModel):
    label_zh: str
    definition_zh: str
    problem_terms: list[str]
    measure_terms: list[str]


TAXONOMY: dict[IssueCategory, CategoryInfo] = {
    IssueCategory.depth_breadth: CategoryInfo(
        label_zh="公开内容深度广度不足", definition_zh="公开范围、数量、内容的深度和广度不够，重点领域信息不全",
        problem_terms=["深度", "广度", "不够全面", "内容不够丰富", "信息仍需", "需不断丰富", "内容单薄", "覆盖面",
                       "精准度", "延伸呈现", "不全面", "数量偏少", "公开内容"],
        measure_terms=["拓展", "丰富公开内容", "公开范围", "增加公开", "深度呈现", "公开力度", "供给质量",
                       "公开内容", "信息数量", "全面公开"]),
    IssueCategory.interpretation: CategoryInfo(
        label_zh="政策解读质量不高", definition_zh="政策解读少、浅、形式单一，原创解读不足，解读效果不明显",
        problem_terms=["解读"], measure_terms=["解读"]),
    IssueCategory.form: CategoryInfo(
        label_zh="公开形式单一", definition_zh="以文字为主，图表、视频等可视化、多样化形式运用不足",
        problem_terms=["形式单一", "形式较为传统", "形式不丰富", "可视化", "公开形式", "纯文字", "呈现方式", "形式简单"],
        measure_terms=["可视化", "图解", "短视频", "多元", "公开形式", "呈现方式", "图表", "形式多样", "丰富形式"]),
    IssueCategory.awareness: CategoryInfo(
        label_zh="主动公开意识不足", definition_zh="对政务公开重视不够，主动公开意识和理念不强",
        problem_terms=["意识", "重视不够", "重视程度", "理念", "主动性", "自觉性"], measure_terms=["意识", "理念", "重视"]),
    IssueCategory.staff_training: CategoryInfo(
        label_zh="队伍与培训不足", definition_zh="人员配备不足、流动快、业务能力不强，培训和学习不够",
        problem_terms=["培训", "队伍", "人员配备", "业务能力", "业务水平", "专业能力", "兼职", "流动性", "理论学习",
                       "业务素质"],
        measure_terms=["培训", "队伍", "业务能力", "传帮带", "授课", "业务水平", "综合素质", "学习"]),
    IssueCategory.institutions: CategoryInfo(
        label_zh="制度机制不完善", definition_zh="工作制度、流程、责任机制和考核不健全",
        problem_terms=["制度", "机制", "规范化", "工作规范", "责任落实", "考核"],
        measure_terms=["制度", "机制", "工作规范", "责任", "考核", "台账", "标准化", "规范化"]),
    IssueCategory.platform: CategoryInfo(
        label_zh="平台建设与运维", definition_zh="网站、专栏、政务新媒体的建设、栏目设置和运维不到位",
        problem_terms=["网站", "专栏", "栏目", "新媒体", "平台", "运维", "维护"],
        measure_terms=["网站", "专栏", "栏目", "新媒体", "平台", "运维", "维护"]),
    IssueCategory.interaction: CategoryInfo(
        label_zh="互动回应不足", definition_zh="回应社会关切、公众参与和政民互动不够",
        problem_terms=["回应", "互动", "公众参与", "社会关切", "联系群众", "意见征集", "征求意见", "预公开"],
        measure_terms=["回应", "互动", "公众参与", "社会关切", "群众需求", "留言"]),
    IssueCategory.on_request: CategoryInfo(
        label_zh="依申请公开办理", definition_zh="依申请公开的受理、答复质量、期限和规范性问题",
        problem_terms=["依申请", "答复", "申请办理"], measure_terms=["依申请", "答复", "申请办理"]),
    IssueCategory.review_security: CategoryInfo(
        label_zh="发布审核与安全", definition_zh="信息发布审核、保密审查、个人信息保护和内容差错",
        problem_terms=["审核", "保密", "审查", "差错", "错误", "个人信息", "安全"],
        measure_terms=["审核", "保密", "审查", "校对", "个人信息", "安全", "三审三校"]),
    IssueCategory.timeliness: CategoryInfo(
        label_zh="更新不及时", definition_zh="信息发布和栏目更新不及时、时效性不强",
        problem_terms=["不及时", "时效", "更新滞后", "发布滞后", "更新慢"], measure_terms=["及时", "时效", "定期更新", "动态更新"]),
    IssueCategory.other: CategoryInfo(
        label_zh="其他", definition_zh="不属于以上任何一类", problem_terms=[], measure_terms=[]),
}


class ItemKind(StrEnum):
    problem = "problem"
    measure = "measure"
    last_year = "last_year"  # what became of last year's problems


class SummaryItem(BaseModel):
    kind: ItemKind
    categories: list[IssueCategory]
    quote: str  # the verbatim sentence from section 五
    span: Span | None = None
    engine: str = "rules"  # "rules" or "model:<name>"


class Section5Summary(BaseModel):
    engine: str = "rules"
    items: list[SummaryItem] = Field(default_factory=list)
    unmatched_problems: list[IssueCategory] = Field(default_factory=list)  # problems with no measure
    rejected_quotes: list[str] = Field(default_factory=list)  # model quotes not found in 五
    notes: list[str] = Field(default_factory=list)

    def categories(self, kind: ItemKind) -> list[IssueCategory]:
        seen: list[IssueCategory] = []
        for it in self.items:
            if it.kind is kind:
                for c in it.categories:
                    if c not in seen:
                        seen.append(c)
        return seen
