"""read_title tries each slow title pattern (the year before the title words, or after them in
brackets) only where the pattern's ending occurs: that must never lose a title it would have found."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agents.extract.meta import _TITLE, _TITLE_END, _TITLE_YEAR_AFTER, _YEAR_AFTER_END

PIECES = ["某某市", "司法局", "2024", "2025", "1999", "年", "年度", "政府信息公开", "政务公开", "工作", "报告", "，", "。",
          "《", "》", "(", ")", "二〇二三", "关于", "的", "情况", "年报", "本", "根据", "条例", "一、总体情况"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_title_pattern_matches_only_where_its_ending_does(pieces):
    head = "".join(pieces)
    if _TITLE_END.search(head) is None:
        assert _TITLE.search(head) is None
    if _YEAR_AFTER_END.search(head) is None:
        assert _TITLE_YEAR_AFTER.search(head) is None
