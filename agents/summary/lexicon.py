"""The built-in section-五 classifier: sentences, kinds and categories by lexicon, quotes verbatim.

Each sentence of 五 is a problem, an improvement measure, or a statement on last year's problems.
The kind comes from the sentence's own words and from where it stands (after "下一步" or
"针对以上问题" sentences are measures; an enumeration's later item that says little, "二是…", keeps
the kind of the item before it, and so does a sentence with no problem or measure word that names a
topic). Categories come from the taxonomy's terms; a sentence
with none is "其他". Every quote is a slice of the section text, so it is always grounded.
"""

from __future__ import annotations

import re

from schemas.cells import Span
from schemas.formats import SECTIONS
from schemas.issues import TAXONOMY, IssueCategory, ItemKind, Section5Summary, SummaryItem
from schemas.report import AnnualReport, Section

_SPLIT = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
PROBLEM = ("不足", "问题", "短板", "差距", "有待", "仍需", "仍有", "欠缺", "不够", "不高", "滞后", "薄弱", "单一",
           "不明显", "不强", "不到位", "不及时", "不全面", "缺乏", "较少", "偏少", "不规范", "存在")
MEASURE = ("下一步", "将", "加强", "进一步", "提升", "推动", "持续", "深化", "优化", "完善", "健全", "开展",
           "建立", "强化", "加大", "丰富", "拓展", "规范", "抓实", "落实", "做好", "提高", "定期", "推行", "创新",
           "聚焦", "积极")
# a year opens the measures only with what will be done in it ("2020年，我们将采取以下措施"); the report's
# own year opens its review ("2019年，我区…取得了明显进展，但仍存在一些不足")
TURN = re.compile(r"下一步|(?:以下|如下)(?:改进)?措施|"
                  r"针对(?:以上|上述|存在的?)?(?:问题|不足)|改进措施|整改措施|下阶段|今后|"
                  r"(?:19|20)\d{2}\s?年度?[,，]?\s?(?:(?:我们|[我本][局委办厅市区县镇乡街院署部]|本机关)[,，]?)?(?:将|要|计划|拟)")
LAST_YEAR = re.compile(r"上年度|上一年度|上年|去年|整改情况|已整改|整改完成|已完成整改")
LEAD = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]|[一二三四五六七八九十]是|其[一二三四五六]|首先|其次|另一方面|一方面)"
                  r"[,，、:：]?\s*")


_END = "。；;！!？?：:"
_NUM = r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])\s*"
HEAD_PROBLEM = re.compile(_NUM + r"(?:存在的?主要问题|主要问题|存在的?问题|问题(?:与|和)不足|存在的?不足)")
HEAD_MEASURE = re.compile(_NUM + r"(?:改进(?:情况|措施|方向)|整改(?:情况|措施)|下一步(?:工作|计划|打算)?"
                          r"|工作(?:计划|打算))")
INTRO = re.compile(r"一些|以下|如下|主要表现|具体体现|几个方面|两个方面|三个方面|不容忽视")


def _is_wrapped(text: str) -> bool:
    """PDF text wraps sentences at the page width: most long lines then end without punctuation."""
    lines = [ln.strip() for ln in text.split("\n") if len(ln.strip()) >= 15]
    if len(lines) < 3:
        return False
    open_ended = sum(1 for ln in lines if ln[-1] not in _END + "”\"）)")
    return open_ended > 0.5 * len(lines)


def sentences(text: str, offset: int) -> list[tuple[str, int, int]]:
    """Sentences with their offsets; in wrapped (PDF) text a line break ends nothing by itself."""
    work = text
    if _is_wrapped(text):
        chars = list(text)
        for m in re.finditer("\n", text):
            nxt = text[m.end():m.end() + 8]
            prev = text[:m.start()].rstrip()[-1:] if text[:m.start()].strip() else ""
            if prev not in _END and not LEAD.match(nxt):
                chars[m.start()] = " "
        work = "".join(chars)
    out = []
    for m in _SPLIT.finditer(work):
        raw = m.group()
        s = raw.strip()
        if len(s) < 4:
            continue
        start = offset + m.start() + (len(raw) - len(raw.lstrip()))
        out.append(("".join(text[start - offset:start - offset + len(s)].split("\n")), start, start + len(s)))
    return out


def _advance(text: str, at: int, n: int) -> int:
    """Offset after ``n`` characters of a sentence whose line breaks were dropped (see ``sentences``)."""
    while n > 0 and at < len(text):
        if text[at] != "\n":
            n -= 1
        at += 1
    while at < len(text) and text[at] == "\n":
        at += 1
    return at


_CLAUSE = re.compile(r"[^，,；;。]+")
# the depth, breadth or form of 政策解读 is a matter of interpretation, not of what is published
_OF_INTERPRETATION = {IssueCategory.depth_breadth, IssueCategory.form}


def _clauses(sentence: str) -> list[str]:
    """Clauses, and the items of a "、" list where each item names its own subject ("公开的深度和广度不够、
    公开的形式不丰富、政策解读效果不明显"); a short item ("解读内容简单、形式单一") stays with the one before."""
    out: list[str] = []
    for clause in _CLAUSE.findall(sentence):
        items: list[str] = []
        for piece in clause.split("、"):
            if items and len(piece) < 6:
                items[-1] += "、" + piece
            else:
                items.append(piece)
        out += items
    return out


def _terms_re(terms: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(re.escape(t) for t in terms)) if terms else None


_TERMS = {kind: {cat: _terms_re(info.problem_terms if kind is ItemKind.problem else info.measure_terms)
                 for cat, info in TAXONOMY.items()} for kind in ItemKind}


def categories_of(sentence: str, kind: ItemKind) -> list[IssueCategory]:
    found: list[IssueCategory] = []
    terms_of = _TERMS[kind]
    for clause in _clauses(sentence):
        for cat in TAXONOMY:
            terms = terms_of[cat]
            if cat in found or terms is None or not terms.search(clause):
                continue
            if cat in _OF_INTERPRETATION and "解读" in clause:
                continue
            found.append(cat)
    return found or [IssueCategory.other]


_SHORTFALL = re.compile(r"需(?:要)?进一步|仍需|仍待|有待|亟待|还需")  # "一是依申请办件质量需进一步提升": a problem


# an item of an enumeration ("二是", "其二", "（二）", "2.") after its first; and one anywhere in a sentence
# ("主要表现在：一是…")
_LATER_ITEM = re.compile(r"^\s*(?:[二三四五六七八九十]是|其[二三四五六七八九十]|[(（](?:[二三四五六七八九十]|[2-9])[)）]"
                         r"|(?:[二三四五六七八九十]|[2-9])[、.．])")
_ANY_ITEM = re.compile(r"(?:^|[：:，,；;。\s])\s*(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]"
                       r"|[(（](?:[一二三四五六七八九十]|\d)[)）]|(?:[一二三四五六七八九十]|\d)[、.．](?!\d))")  # not "2.5%"


def _counts(body: str) -> tuple[int, int]:
    """How many problem words and how many measure words a sentence holds."""
    return sum(1 for t in PROBLEM if t in body), sum(1 for t in MEASURE if t in body)


def _kind(sentence: str, after_turn: bool) -> ItemKind | None:
    body = LEAD.sub("", sentence)
    if LAST_YEAR.search(body) and ("整改" in body or "问题" in body):
        return ItemKind.last_year
    if not after_turn and _SHORTFALL.search(body):
        return ItemKind.problem
    p, m = _counts(body)
    if not p and not m:
        return None
    if p > m:
        return ItemKind.problem
    if m > p:
        return ItemKind.measure
    return ItemKind.measure if after_turn else ItemKind.problem


def classify_section5(section: Section | None, text: str) -> Section5Summary:
    summary = Section5Summary(engine="rules")
    if section is None:
        summary.notes.append("报告中没有第五部分")
        return summary
    body = text[section.body.start:section.body.end]
    after_turn = False
    # under a sub-heading "（一）主要问题" every sentence is a problem, under "（二）改进情况" a measure;
    # a section found by its problems sub-heading starts under it
    under: ItemKind | None = ItemKind.problem if section.found_by == "subheading" else None
    listed: ItemKind | None = None  # the kind of the enumeration's item before
    for s, a, b in sentences(body, section.body.start):
        for head, kind_of in ((HEAD_PROBLEM, ItemKind.problem), (HEAD_MEASURE, ItemKind.measure)):
            if m := head.match(s):
                under, after_turn = kind_of, after_turn or kind_of is ItemKind.measure
                rest = s[m.end():].lstrip("：: ")
                a = _advance(text, a, len(s) - len(rest))
                s = rest
        if len(s) < 4:
            continue
        kind = _kind(s, after_turn)
        if listed is not None and kind is not ItemKind.last_year and _LATER_ITEM.match(s) \
                and max(_counts(LEAD.sub("", s))) <= 1:
            kind = listed  # "二是受人员编制限制…导致…参差不齐": a later item says too little to leave its list's kind
        if under is not None and kind is not ItemKind.last_year and not s.rstrip().endswith(("：", ":")):
            kind = under
        if TURN.search(s):
            after_turn = True
            if kind is ItemKind.problem and not any(t in s for t in ("不足", "短板", "差距", "欠缺")):
                kind = ItemKind.measure if any(t in s for t in MEASURE) else None
        if kind is None and listed is not None and \
                categories_of(s, ItemKind.problem if listed is ItemKind.last_year else listed) != [IssueCategory.other]:
            kind = listed  # "通过政府网站…用通俗语言解读政策要点": no problem or measure word, an item's next sentence
        if kind is None:
            continue
        if _ANY_ITEM.search(s):
            listed = kind
        cats = categories_of(s, ItemKind.problem if kind is ItemKind.last_year else kind)
        if s.rstrip().endswith(("：", ":")) or (cats == [IssueCategory.other] and INTRO.search(s)):
            continue  # "还存在一些不足，主要表现在：" introduces the list, it is not an item
        summary.items.append(SummaryItem(kind=kind, categories=cats, quote=s, span=Span(start=a, end=b)))
    measured = set(summary.categories(ItemKind.measure))
    summary.unmatched_problems = [c for c in summary.categories(ItemKind.problem)
                                  if c not in measured and c is not IssueCategory.other]
    return summary


def classify_lost_section5(report: AnnualReport, text: str) -> Section5Summary | None:
    """Section 五 whose heading was lost: its problems and measures run on in the section before it
    (after 表四 in 四). Classified there, the summary is kept when it names both problems and measures
    (a part's own text does not); None otherwise."""
    before = report.section_before(5)
    if before is None:
        return None
    summary = classify_section5(before, text)
    if not (summary.categories(ItemKind.problem) and summary.categories(ItemKind.measure)):
        return None
    numeral = SECTIONS[before.number - 1].numeral
    summary.notes.append(f"报告中未找到第五部分的标题；以下摘要取自第{numeral}部分之后接排的问题和改进措施")
    return summary
