"""NormText keeps its offset map per token; it must map every kept character exactly as a
per-character map would (the form it had before)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agents.extract.norm import NormText, half_width


def _per_char(text: str, start: int, end: int) -> tuple[str, list[int]]:
    src = half_width(text[start:end])
    kept = [(ch, start + i) for i, ch in enumerate(src) if not ch.isspace()]
    return "".join(ch for ch, _ in kept), [i for _, i in kept]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 一二\n\r\t\u3000１２，\u00a0\x1c\u2028", max_size=40), st.data())
def test_token_map_equals_the_per_character_map(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    nt = NormText.build(text, start, end)
    flat, index = _per_char(text, start, end)
    assert nt.text == flat
    for i in range(-2, len(flat) + 2):
        assert nt.source_offset(i) == (index[min(max(i, 0), len(index) - 1)] if index else 0)
    for i in range(len(flat)):
        assert nt.line_of(i) == text.count("\n", start, index[i])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab 一二\n\t\u3000１２，（）．～\u00a0\ufeff\u200b\u2002\u2003\u2009。.,", min_size=0, max_size=300),
       st.integers(1, 20))
def test_half_width_maps_as_the_translation_table_at_every_length(piece, repeat):
    from agents.extract.norm import FULLWIDTH

    text = piece * repeat  # long texts take another path than short pieces
    assert half_width(text) == text.translate(FULLWIDTH)
    nt = NormText.build(text)
    flat, index = _per_char(text, 0, len(text))
    assert nt.text == flat
    for i in range(0, len(flat), max(1, len(flat) // 50)):
        assert nt.source_offset(i) == index[i]


def test_no_character_maps_to_one_that_maps_again():
    """half_width replaces each mapped character throughout, one after another: a chain (a → b, b → c)
    would make the order matter."""
    from agents.extract.norm import _MAPPED

    assert not set(_MAPPED.values()) & set(_MAPPED)
