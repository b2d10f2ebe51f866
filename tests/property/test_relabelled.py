"""The seeds and the real text reports with their row labels reworded as other agencies print them
(tests/fixtures/relabelled.py: other numbering, quotation marks, long labels cut short; no figure
touched): every cell the original reads as a number reads the same or is not read, never as another
number or a dash."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from fixtures.relabelled import relabelled
from fixtures.relaid import cell_readings, changed_numbers

from agents.extract.report import extract_report

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = sorted((EXAMPLES / "reports").iterdir()) + sorted(
    p for p in (EXAMPLES / "corpus").iterdir() if p.suffix in (".txt", ".md"))
COPIES = 12


def _figures(text: str) -> list[str]:
    """The digit runs of a text less the item markers before labels ("1.", "（1）")."""
    return re.findall(r"\d+", re.sub(r"[（(]?[1-8][.．、)）]?(?=[\u4e00-\u9fff])", "", text))


def test_relabelling_changes_labels_and_keeps_figures_and_lines() -> None:
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        other = relabelled(text, random.Random(1), 1.0)
        assert other != text
        assert other.count("\n") == text.count("\n")
        assert _figures(other) == _figures(text)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_relabelled_report_reads_no_figure_as_another(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    before = cell_readings(extract_report(text, path.name))
    rng = random.Random(path.name)
    for copy in range(COPIES):
        wrong = changed_numbers(before, cell_readings(extract_report(relabelled(text, rng), path.name)))
        assert not wrong, (copy, wrong[:3])


PRINTS_OTHER_MISC = [p for p in FILES if re.search(r"3[.、．]\s*其他", p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("printed", ["（3）其他", "(3)其他", "3）其他"])
@pytest.mark.parametrize("path", PRINTS_OTHER_MISC, ids=[p.name for p in PRINTS_OTHER_MISC])
def test_other_misc_numbered_in_brackets_reads_as_printed_with_a_point(path: Path, printed: str) -> None:
    """（六）其他处理's "3.其他" is found by its number (其他 alone is also a column's name): "（3）其他"
    was not, and its row was reported not found (001), or its figures were unread."""
    text = path.read_text(encoding="utf-8")
    before = cell_readings(extract_report(text, path.name))
    after = cell_readings(extract_report(re.sub(r"3[.、．]\s*其他", printed, text), path.name))
    assert {k: v for k, v in after.items() if k[0] == "三"} == {k: v for k, v in before.items() if k[0] == "三"}
