"""segment_report: sections, metadata, sub-items of 一; refuses text that is not a report, and a report of a year
before every official format that prints none of their tables (no format to check it against)."""

from __future__ import annotations

from typing import Any

from agents.errors import InputError
from agents.extract.meta import give_year
from agents.extract.report import looks_like_report, predates_formats, segment
from agents.nodes.load import error_state
from agents.state import ReportState
from schemas.formats import FIRST_YEAR


def segment_report(state: ReportState) -> dict[str, Any]:
    text = state["text"]
    source = state.get("document", {}).get("source") or state.get("path", "")
    report = segment(text, source)
    if state.get("year"):
        give_year(report.meta, state["year"], state.get("year_source") or "user")
    if not looks_like_report(text, report.sections):
        if state.get("document", {}).get("truncated"):
            return error_state(InputError(f"文件不完整：最后一个字符被截断，读到的{len(text)}个字中没有足以认定是年度报告的章节或统计表：{source}",
                                          "文件在下载或保存时被截断了；请重新下载或取得完整的文件"))
        return error_state(InputError(f"不是政府信息公开工作年度报告：未找到规定的章节或统计表：{source}",
                                      "请确认文件是《政府信息公开工作年度报告》"))
    if (year := predates_formats(text, report)) is not None:
        first = min(FIRST_YEAR.values())
        return error_state(InputError(
            f"报告年度为{year}年，早于《政府信息公开工作年度报告格式》（{first}年度起适用），报告中也没有格式规定的统计表："
            f"没有可对照的格式，未检查：{source}",
            f"{first}年度以前的报告按原《政府信息公开条例》（2008年施行）编写，没有统一的格式和统计表，请人工审阅"))
    return {"report": report}
