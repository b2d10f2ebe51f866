"""The seeds and the real text reports relaid (tests/fixtures/relaid.py: spaces and line breaks put in
or taken out between the words and figures of 二 to 四, no figure touched): every cell the original
reads as a number reads the same or is not read, never as another number or a dash."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fixtures.relaid import cell_readings, changed_numbers, relaid

from agents.extract.report import extract_report

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = sorted((EXAMPLES / "reports").iterdir()) + sorted(
    p for p in (EXAMPLES / "corpus").iterdir() if p.suffix in (".txt", ".md"))
COPIES = 30
CHANGES = 12


def test_relaying_changes_the_text_and_keeps_its_figures() -> None:
    text = FILES[0].read_text(encoding="utf-8")
    other = relaid(text, random.Random(1), 40)
    assert other != text
    digits = [c for c in text if c.isdigit()]
    assert [c for c in other if c.isdigit()] == digits


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_relaid_report_reads_no_figure_as_another(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    before = cell_readings(extract_report(text, path.name))
    assert sum(status == "number" for status, _ in before.values()) >= 100
    rng = random.Random(path.name)
    for copy in range(COPIES):
        other = relaid(text, rng, CHANGES)
        wrong = changed_numbers(before, cell_readings(extract_report(other, path.name)))
        assert not wrong, (copy, wrong[:3])
