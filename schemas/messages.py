"""The wording of every finding, kept apart from the rules: a rule states its facts in ``data`` and
names a template (``Finding.message_key``); ``message_zh`` is this template rendered from that data.

So a finding's message never holds anything its data does not (a test renders each finding again
from its data), code that acts on a finding reads ``data``, never the Chinese, and the wording can
change here alone.

A template is ``str.format`` text over the data's keys. A field's format spec names how a value is
written, for what Python's own specs cannot say:

- ``join`` / ``join:SEP`` / ``join:SEP:N``: a list joined by "、" (or SEP; its first N only);
  ``plus``: joined by "+";
- ``num``: a count without a needless ".0"; ``len``: how many items a list holds;
- ``numeral`` / ``numerals`` / ``title`` / ``heading``: a section number as "三" (numbers as "四、五、六"), its title, or "三、title";
- ``lines`` / ``all_lines`` / ``pages``: line or page numbers as "第12行、第13行" (``lines`` shows five, then
  "等N行");
- ``wheres``: places joined by "、", five shown, then "等N处";
- ``names``: ``{"shown": [...], "count": n}`` as the names joined by "、", then "等n个" if more;
- ``options``: lists of row labels, each joined by "、", the lists by "；或：";
- ``agencies``: names joined by "、", eight shown, then "等N个机关";
- ``source``: where the report's year was read from (title, period, …), in words;
- ``each:KEY:SEP``: each item (a dict) rendered by template KEY, joined by SEP;
- ``pick:PREFIX``: the template named PREFIX/value, rendered from the same data.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from schemas.formats import SECTIONS

MESSAGES: dict[str, str] = {
    # sections
    "SEC-ORDER": "“{section:heading}”出现在不符合格式顺序的位置。",
    "READ-SECTION/table": "未能确定第{section:numeral}部分“{section:title}”的位置（表{table}已读取，但没有找到这一部分的标题），"
                          "与这一部分有关的检查未进行，请人工核对。",
    "READ-SECTION/rows": "未能确定第{section:numeral}部分“{section:title}”的位置（报告中有表{rows}的文字：{words:join}，"
                         "但没有找到这一部分的标题，表中的数字也未能读出），与这一部分有关的检查未进行，请人工核对。",
    "READ-SECTION/words": "未能确定第{section:numeral}部分“{section:title}”的位置（报告中有“{words}”字样，但不在可识别的标题位置），"
                          "与这一部分有关的检查未进行，请人工核对。",
    "READ-SECTION/content": "未能确定第{section:numeral}部分“{section:title}”的位置（前一部分中有属于这一部分的内容“{content}”，"
                            "但没有找到这一部分的标题），与这一部分有关的检查未进行，请人工核对。",
    "SEC-REQUIRED": "缺少第{section:numeral}部分“{section:heading}”。",
    "SEC-NUMBERING/subheading": "第{section:numeral}部分没有“{section:heading}”标题，从小标题“{printed}”开始。",
    "SEC-NUMBERING/renumbered": "“{section:title}”编号为“{numbered_as:numeral}、”，格式规定为第{section:numeral}部分“{section:heading}”。",
    "SEC-TITLE": "第{section:numeral}部分标题为“{printed}”，格式规定为“{section:heading}”。",
    "SEC-DUPLICATE/table": "表{table}在第{line}行附近再次出现，只读取了第一份；请核对是否重复粘贴。",
    "SEC-DUPLICATE/report": "“一、总体情况”在第六部分之后再次出现，文件可能拼接了两份报告；只检查了第一份。",
    "SEC-GENERAL-SUBITEMS": "“一、总体情况”没有提到：{missing:join}（供参考：通常围绕主动公开、依申请公开、"
                            "政府信息管理、政府信息公开平台建设、监督保障等方面报告）。",
    "SEC-FIVE-CONTENT": "第五部分未写明{lacking:pick:SEC-FIVE-CONTENT}。",
    "SEC-FIVE-CONTENT/both": "存在的问题和改进措施",
    "SEC-FIVE-CONTENT/problems": "存在的问题",
    "SEC-FIVE-CONTENT/measures": "改进措施",
    "SEC-FIVE-LASTYEAR": "第五部分没有提到上一年度报告所列问题的整改情况（供参考，格式未作要求）。",
    "SEC-SIX-FEE-T3": "表三“申请人逾期未按收费通知要求缴纳费用”有{unpaid}件，但第六部分没有说明信息处理费的收取情况。",
    "SEC-SIX-FEE": "第六部分没有说明信息处理费的收取情况（未收取也应写明）。注意：表二的“行政事业性收费”不是信息处理费。",
    "READ-TRUNCATED/table": "文件在表{table}中间结束（没有表的最后一行“{row}”，末尾是“{quote}”）：文件很可能不完整（下载、复制或转换没有完成）。"
                            "其后的内容不在文件中，缺少的章节、表格和行因此未作结论；请取得完整的文件后再检查。",
    "READ-TRUNCATED/mid-text": "文件在第{section:numeral}部分的一句话、标题或表格中间结束（末尾是“{quote}”），"
                               "其后的第{missing:numerals}部分都不在文件中："
                               "文件很可能不完整（下载、复制或转换没有完成）。缺少的章节、表格和行因此未作结论；请取得完整的文件后再检查。",
    "READ-TRUNCATED/mid-text-nosection": "文件在报告的第一部分之前、一句话或标题的中间结束（末尾是“{quote}”），报告的各部分都不在文件中："
                                         "文件很可能不完整（下载、复制或转换没有完成）。缺少的章节和表格因此未作结论；请取得完整的文件后再检查。",
    "READ-TRUNCATED/sections": "文件在第{section:numeral}部分结束（末尾是“{quote}”），其后的第{missing:numerals}部分都不在文件中："
                               "文件很可能不完整（下载、复制或转换没有完成）。缺少的章节和表格因此未作结论；请取得完整的文件后再检查。",
    "READ-TRUNCATED/sections-nosection": "文件在报告的第一部分之前结束（末尾是“{quote}”），报告的各部分都不在文件中："
                                         "文件很可能不完整（下载、复制或转换没有完成）。缺少的章节和表格因此未作结论；请取得完整的文件后再检查。",
    "READ-TRUNCATED/bytes": "文件在第{section:numeral}部分结束，最后一个字符不完整（末尾是“{quote}”）：文件被截断了（下载或保存没有完成）。"
                            "其后的内容不在文件中，缺少的章节、表格和行因此未作结论；请取得完整的文件后再检查。",
    "READ-TRUNCATED/bytes-nosection": "文件的最后一个字符不完整（末尾是“{quote}”）：文件被截断了（下载或保存没有完成）。"
                                      "其后的内容不在文件中，缺少的章节、表格和行因此未作结论；请取得完整的文件后再检查。",
    "READ-PAGES": "{pages:pages}只有图片（扫描件）、没有文字层，未读取；其中的内容未检查。"
                  "安装 OCR 扩展（pip install -e \".[ocr]\"）后可读取。",
    "unread_pages": "（{unread_pages:pages}只有图片、未读取，该部分可能就在其中，此项未作结论）",
    "READ-PAGES-MISSING": "PDF 页脚的页码不连续：印的{pages:pages}不在文件中（合并或下载时丢失），其中的内容未检查。"
                          "请取得完整的文件后再检查。",
    "missing_pages": "（印的{missing_pages:pages}不在文件中，该部分可能就在其中，此项未作结论）",
    "cut_off": "（文件在此之前就结束了（见 READ-TRUNCATED），此项未作结论）",
    # tables
    "TBL-EXTRA-VALUES": "表{table}区域内{line_numbers:lines}的数字对应不到格式规定的任何一行，已忽略。"
                        "{candidates:each:TBL-EXTRA-VALUES/candidate:}",
    "TBL-EXTRA-VALUES/candidate": "{lines:all_lines}没有可识别的行标签，可能是：{options:options}（勾稽关系无法区分，未放入）。",
    "READ-TABLE/table": "表{table}（{title}）未能读取：报告中有该表的文字（{words:join}），但没有读出数字。与该表有关的检查未进行，请人工核对。",
    "READ-TABLE/rows": "表{table}有{rows:len}行未能读出数字：{rows:join}（报告中有该行的文字或有未对应的数字行）。这些行的检查未进行，请人工核对。",
    "TBL-MISSING": "未找到表{table}（{title}）的数据。",
    "TBL-ROW-MISSING": "表{table}缺少{rows:len}行：{rows:join}。",
    "TBL-COL-MISSING": "表{table}没有“{column_label}”列。",
    "TBL-COL-MISSING/total": "表{table}没有“{column_label}”列，无法核对各行的总计。",
    "TBL-CELL-MISSING": "表{table}有{cells}行缺少“{column_label}”列的数字（该行的数字个数少于规定列数）：{cell_names:names}。"
                        "这些单元格按缺失处理，不按0计。",
    "CELL-BLANK": "表{table}有{cells}个空白单元格：{cell_names:names}。格式要求填写数字（没有的填0）；xxgk 未把它们当作0。"
                  "{as_zero:pick:as_zero}",
    "CELL-DASH": "表{table}有{cells}个破折号/斜杠单元格：{cell_names:names}。格式要求填写数字（没有的填0）；xxgk 未把它们当作0。"
                 "{as_zero:pick:as_zero}",
    "as_zero/none": "",
    "as_zero/blocked": "因另有缺失或无法识别的单元格，按0计算也无法完全核对勾稽关系。",
    "as_zero/holds": "按0计算时，相关勾稽关系成立。",
    "as_zero/fails": "按0计算时，勾稽关系不成立（{as_zero_failing:join:；}）。",
    "CELL-UNREADABLE/many": "表{table}有{cells}个单元格无法识别，未当作0：{cell_names:names}。例如{example}：{example_note}。",
    "CELL-UNREADABLE/many_raw": "表{table}有{cells}个单元格无法识别，未当作0：{cell_names:names}。例如{example}：不是数字。",
    "CELL-UNREADABLE/one": "表{table}{cell_names:names}无法识别：{note}。",
    "CELL-UNREADABLE/raw": "表{table}{cell_names:names}无法识别：“{raw}”不是数字。",
    "CELL-NOT-COUNT": "表{table}{cell_names:names}为“{raw}”，件数应为非负整数。",
    "arithmetic/fail": "表{table}{where}：{lhs_desc} = {lhs:num}，{rhs_desc} = {rhs:num}，相差{difference:num}。",
    "arithmetic/fail_as_zero": "表{table}{where}：{lhs_desc} = {lhs:num}，{rhs_desc} = {rhs:num}，相差{difference:num}"
                               "（表中的空白或“—”单元格填入任何非负数都不能使其成立）。",
    "arithmetic/blocked": "表{table}{wheres:wheres}含缺失或无法识别的单元格，无法核对“{rhs_desc} = {lhs_desc}”。",
    # the year, the period, the format, the agency
    "META-BODY-YEAR": "报告年度为{year}年（据{year_source:source}），但“一、总体情况”主要叙述{body_year}年"
                      "（出现{body_mentions}次，{year}年出现{year_mentions}次），请核对年度或统计期限。",
    "META-YEAR": "无法从标题、统计期限或正文确定报告年度。",
    "META-YEAR-MISMATCH": "标题为{year}年度报告，统计期限却是{period_start}至{period_end}。",
    "META-YEAR-GIVEN": "{year_source:source}指定的年度为{year}年，报告{year_read_source:source}写的是{year_read}年："
                       "已按{year}年检查，请核对{year_source:source}或报告。",
    "META-PERIOD-MISSING": "报告没有写明数据的统计期限（如“本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止”），"
                           "年度按{year_source:source}确定为{year}年。",
    "META-PERIOD-MISSING/unread": "报告写了统计期限，但其中的日期未能读出（转换工具可能把这句话拆开了），未核对；"
                                  "年度按{year_source:source}确定为{year}年。",
    "META-PERIOD": "统计期限为{period_start}至{period_end}，不是完整的自然年度。",
    "FMT-UNKNOWN": "表格文字不足以判断格式版本，按报告年度推定为{assumed}年格式。",
    "FMT-VERSION": "{year}年度报告应使用{expected}年格式，但表格使用的是{found}年格式（依据：{evidence:join}）。",
    "FMT-VERSION/inferred": "标题和统计期限都没有写明年度，按{year_source:source}推定为{year}年；{year}年度报告应使用{expected}年格式，"
                            "但表格使用的是{found}年格式（依据：{evidence:join}）。请核对报告年度。",
    "FMT-TABLE-ROWS": "表{table}按{table_version}年格式的行印出（{printed_rows:join}），报告其余部分为{version}年格式，"
                      "应为：{format_rows:join}。表{table}按其印出的行读取和核对。",
    "META-AGENCY-NAME": "标题中的机关名称为“{title}”，正文或落款中写作{listed:each:META-AGENCY-NAME/name:、}，请核对机关名称。",
    "META-AGENCY-NAME/name": "“{name}”（{count}处）",
    # the narrative against the tables
    "NARR-APPLICATIONS": "正文“{said}”为{stated}件，表三{label}为{table}件{table_total:pick:table_total}。",
    "NARR-OUTCOME": "正文“{said}”为{stated}件，表三{label}为{table}件{table_total:pick:table_total}。",
    "table_total/printed": "",
    "table_total/summed": "（表中“总计”栏未填，按各类申请人的数字相加）",
    "NARR-REVIEW": "正文“{said}”为{stated}件，表四{kind}{column}为{table}件。",
    "NARR-ALL-UPHELD": "正文称{said_kind}均获维持，但表四{kind}有{results:each:NARR-ALL-UPHELD/result:，}。",
    "NARR-ALL-UPHELD/result": "{label}{count:num}件",
    "NARR-ALL-UPHELD/pending": "正文称{said_kind}均获维持，表四{kind}另有{results:each:NARR-ALL-UPHELD/result:，}："
                               "若正文只指已审结的案件则不矛盾，请核对。",
    "NARR-PARTS-SUM": "正文“{said}”：总数{total}{unit}，分项{parts:plus} = {parts_sum}{unit}。",
    # a model configured
    "LLM-DISAGREE": "表{table}有{cells}个单元格模型与规则读数不同（以规则读数为准）：{pairs:each:LLM-DISAGREE/pair:；}{cells:more_places}",
    "LLM-DISAGREE/pair": "{cell} 规则读作{rules}、模型读作{model}",
    "LLM-UNGROUNDED": "表{table}有{cells}个单元格模型给出的数字在原文该处找不到，未采用（单元格仍为无法识别或缺失）："
                      "{rejected:each:LLM-UNGROUNDED/cell:；}",
    "LLM-UNGROUNDED/cell": "{cell} 模型读作{model}：{reason}",
    "LLM-UNGROUNDED/choices": "{parts:each:LLM-UNGROUNDED/part:。}",
    "LLM-UNGROUNDED/part": "{lead:pick:LLM-UNGROUNDED/lead}{rows:join:；}",
    "LLM-UNGROUNDED/lead/refused": "模型的选择与表内勾稽关系不符，未采用：",
    "LLM-UNGROUNDED/lead/suggested": "模型对以下行给出了选择，但表内没有勾稽关系可核对，未采用（写在单元格说明中供人工核对）：",
    "LLM-MODEL-READ": "表{table}有{cells}个单元格规则未能读取，采用了模型（{engine}）的读数，请人工核对：{taken:each:LLM-MODEL-READ/cell:、}",
    "LLM-MODEL-READ/cell": "{cell}={value}",
    "LLM-MODEL-READ/choices": "{rows}行数字规则有几种读法或放法、均符合勾稽关系，由模型对照原文选择，选择后经勾稽关系核对，请人工核对："
                              "{chosen:join:；}",
    "LLM-FALLBACK": "{what}：模型（{engine}）调用失败，已改用内置规则。原因：{reasons:join:；:3}",
    # across reports (xxgk digest)
    "XY-NOT-CHECKED/carryover/table": "{agency}：{prev_year}—{year}年结转衔接无法核对：{table_year}年表三未能读取。",
    "XY-NOT-CHECKED/carryover/columns": "{agency}：{prev_year}—{year}年结转衔接无法核对：{columns:join}列的单元格未读出数字。",
    "XY-NOT-CHECKED/docs_in_force": "{agency}：{prev_year}—{year}年{row_label}现行有效件数无法核对：所需单元格未全部读出数字。",
    "XY-CARRYOVER": "{agency}：{year}年表三“上年结转”与{prev_year}年“结转下年度继续办理”不一致"
                    "（{columns:each:XY-CARRYOVER/column:；}）。",
    "XY-CARRYOVER/column": "{column}：{prev_year}年结转下年度{carried_forward}，{year}年上年结转{carried_over}",
    "XY-DOCS-IN-FORCE": "{agency}：{row_label}现行有效件数{year}年为{in_force}，按{prev_year}年{prev_in_force} + 本年制发{issued}"
                        " − 本年废止{repealed}应为{expected}（如有因有效期届满而失效的文件，请核对是否已计入本年废止）。",
    "XY-SECTION5-REPEAT": "{agency}：{year}年第五部分与{prev_year}年的相似度为{similarity:.0%}，问题和改进措施基本照搬上一年度。",
    "XY-SECTION5-SAME": "{agencies:agencies}的第五部分内容雷同（相似度≥{threshold:.0%}），格式要求各机关结合实际撰写。",
    "XY-DUPLICATE-FILE": "{files:len}个文件内容完全相同：{files:join:、:5}",
    "XY-RESUBMISSION": "{agency}{year}年度有{files:len}份内容不同的报告：{files:join:、:5}；{order:pick:XY-RESUBMISSION/order}；"
                       "{figures:pick:XY-RESUBMISSION/figures}。汇总时请确认哪一份是最终报送的版本，以免重复计算。",
    "XY-RESUBMISSION/order/known": "按文件修改时间，最新的是 {newest}（{newest_modified}）",
    "XY-RESUBMISSION/order/unknown": "文件修改时间无法区分先后",
    "XY-RESUBMISSION/figures/changed": "主要数字的变化（最早→最新）：{changes:each:XY-RESUBMISSION/change:、}",
    "XY-RESUBMISSION/figures/same": "主要数字相同，文字不同",
    "XY-RESUBMISSION/change": "{figure} {first}→{newest}",
}

YEAR_SOURCE_ZH = {"title": "标题", "period": "统计期限", "filename": "文件名", "text": "正文", "mapping": "对照表",
                  "user": "命令行 --year 参数"}


def _section(n: Any) -> Any:
    return SECTIONS[int(n) - 1]


def fmt(v: float) -> str:
    """A figure as printed: 12 for 12.0, 1.5 as it is."""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _first(values: list[Any], n: int, more: str) -> str:
    return "、".join(map(str, values[:n])) + (more.format(len(values)) if len(values) > n else "")


_SPECS: dict[str, Callable[[Any], str]] = {
    "join": lambda v: "、".join(map(str, v)),
    "plus": lambda v: "+".join(map(str, v)),
    "num": fmt,
    "len": lambda v: str(len(v)),
    "numeral": lambda n: _section(n).numeral,
    "numerals": lambda v: "、".join(_section(n).numeral for n in v),
    "title": lambda n: _section(n).title_zh,
    "heading": lambda n: f"{_section(n).numeral}、{_section(n).title_zh}",
    "lines": lambda v: _first([f"第{n}行" for n in v], 5, "等{}行"),
    "all_lines": lambda v: "、".join(f"第{n}行" for n in v),
    "pages": lambda v: "、".join(f"第{p}页" for p in v),
    "wheres": lambda v: _first(v, 5, "等{}处"),
    "names": lambda v: "、".join(v["shown"]) + (f"等{v['count']}个" if v["count"] > len(v["shown"]) else ""),
    "options": lambda v: "；或：".join("、".join(o) for o in v),
    "source": lambda v: YEAR_SOURCE_ZH.get(v or "", "其他线索"),
    "more_places": lambda n: f"等{n}处" if n > 6 else "",
    "agencies": lambda v: _first(v, 8, "等{}个机关"),
}


def _field(value: Any, spec: str, data: Mapping[str, Any]) -> str:
    kind, _, arg = spec.partition(":")
    if kind == "each":
        key, _, sep = arg.partition(":")
        return sep.join(_render(key, item) for item in value)
    if kind == "pick":
        return _render(f"{arg}/{value}", data)
    if kind == "join" and arg:
        sep, _, first = arg.partition(":")
        return sep.join(map(str, value[:int(first)] if first else value))
    if kind in _SPECS:
        return _SPECS[kind](value)
    return str(format(value, spec))


@lru_cache(maxsize=512)
def _parsed(template: str) -> list[tuple[str, str | None, str]]:
    """A template as (literal text, field name or None, format spec), parsed once per template text."""
    return [(literal, name, spec or "") for literal, name, spec, _ in string.Formatter().parse(template)]


def render_message(key: str, data: Mapping[str, Any]) -> str:
    """The message ``key`` names, written from ``data``; a finding whose pages went partly unread
    (``unread_pages`` in its data) says so after it."""
    text = _render(key, data)
    if data.get("unread_pages"):
        text += _render("unread_pages", data)
    if data.get("missing_pages"):
        text += _render("missing_pages", data)
    if data.get("cut_off"):
        text += _render("cut_off", data)
    return text


def _render(key: str, data: Mapping[str, Any]) -> str:
    out: list[str] = []
    for literal, name, spec in _parsed(MESSAGES[key]):
        out.append(literal)
        if name is not None:
            out.append(_field(data[name], spec, data))
    return "".join(out)
