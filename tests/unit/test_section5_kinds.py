"""Whether a sentence of 五 is a problem or a measure, from its words and where it stands."""

from __future__ import annotations

from agents.summary.lexicon import classify_section5
from schemas.cells import Span
from schemas.report import Section


def _kinds(body: str) -> list[tuple[str, str]]:
    text = "五、存在的主要问题及改进情况\n" + body
    start = text.index("\n") + 1
    section = Section(number=5, title="五、存在的主要问题及改进情况", canonical_title="五、存在的主要问题及改进情况",
                      heading=Span(start=0, end=start - 1), body=Span(start=start, end=len(text)), text=body)
    return [(it.kind.value, it.quote[:6]) for it in classify_section5(section, text).items]


def test_the_report_year_opens_the_review_and_the_next_year_the_measures():
    kinds = _kinds("2019年，我区政府信息公开工作取得了明显进展，但仍存在一些不足。"
                   "一是制度建设不够健全。虽然制定了相关制度，但仍然有待完善。"
                   "2020年，我们将采取以下措施加以改进：一是完善制度，健全工作机制。")
    # "虽然…但仍然有待完善" is no measure: the report's own year is no turn to the measures; the next year is
    assert kinds == [("problem", "一是制度建设"), ("problem", "虽然制定了相"), ("measure", "2020年，")]


def test_a_later_item_that_says_little_keeps_its_enumerations_kind():
    kinds = _kinds("我局政府信息公开工作仍存在一些不足：一是主动公开意识有待提高；"
                   "二是受人员编制限制，兼职人员流动性较大，导致工作规范程度参差不齐；三是解读形式单一。"
                   "下一步，我局将从以下方面改进：一是加强培训；二是规范办理流程。")
    # one measure word ("规范") does not take 二是 out of the problems; the measures' enumeration keeps its kind
    assert kinds == [("problem", "我局政府信息"), ("problem", "二是受人员编"), ("problem", "三是解读形式"),
                     ("measure", "下一步，我局"), ("measure", "二是规范办理")]


def test_an_items_next_sentence_without_problem_or_measure_words_goes_with_it():
    kinds = _kinds("我局还存在政策解读形式单一的问题。下一步，我局将从以下方面改进：\n"
                   "一是深化政策解读。通过政府网站、政务新媒体等平台，用通俗语言解读政策要点。特此报告。")
    # the second sentence is the item's (it names a topic); "特此报告" names none and is no item
    assert kinds == [("problem", "我局还存在政"), ("measure", "一是深化政策"), ("measure", "通过政府网站")]
