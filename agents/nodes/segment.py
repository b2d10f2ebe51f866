"""segment_report: sections, metadata, sub-items of 一; refuses text that is not a report."""

from __future__ import annotations

from typing import Any

from agents.errors import InputError
from agents.extract.report import looks_like_report, segment
from agents.nodes.load import error_state
from agents.state import ReportState


def segment_report(state: ReportState) -> dict[str, Any]:
    text = state["text"]
    source = state.get("document", {}).get("source") or state.get("path", "")
    report = segment(text, source)
    if not looks_like_report(text, report.sections):
        if state.get("document", {}).get("truncated"):
            return error_state(InputError(f"文件不完整：最后一个字符被截断，读到的{len(text)}个字中没有足以认定是年度报告的章节或统计表：{source}",
                                          "文件在下载或保存时被截断了；请重新下载或取得完整的文件"))
        return error_state(InputError(f"不是政府信息公开工作年度报告：未找到规定的章节或统计表：{source}",
                                      "请确认文件是《政府信息公开工作年度报告》"))
    return {"report": report}
