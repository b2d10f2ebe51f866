"""The real reports damaged as files are: cut off at any point (a download that stopped), a block of
table lines lost (a page a converter dropped) or printed twice (a page repeated). What is still
there is read to its hand-read gold or said unreadable or missing: never a wrong number (a cell cut
off inside its figure, "30" of "3050", included), and no traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from agents.evaluation import corpus, score
from agents.extract.report import extract_report

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
REPORTS = [(p, g) for p, g in corpus(CORPUS) if p.suffix != ".pdf"]
TRIES = 12


def _table_lines(lines: list[str]) -> tuple[int, int]:
    a = next(i for i, line in enumerate(lines) if "收到和处理政府信息公开申请情况" in line)
    b = next((i for i, line in enumerate(lines) if "行政复议、行政诉讼情况" in line and i > a), len(lines))
    return a, b


@pytest.mark.parametrize("path,gold", [pytest.param(p, g, id=p.name) for p, g in REPORTS])
def test_a_file_cut_off_anywhere_gives_no_wrong_number(path: Path, gold: dict) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.find("收到和处理政府信息公开申请情况")
    rng = random.Random(path.name)
    for _ in range(TRIES):  # cut inside 三 or 四, where the figures are
        cut = rng.randrange(start, min(len(text), start + 6000))
        s = score(extract_report(text[:cut], path.name), gold)
        assert s.wrong_numbers == 0, (cut, [m for m in s.misses if "unreadable" not in m and "missing" not in m][:3])


@pytest.mark.parametrize("damage", ["lost", "repeated"])
@pytest.mark.parametrize("path,gold", [pytest.param(p, g, id=p.name) for p, g in REPORTS
                                       if p.read_text(encoding="utf-8").count("\n") > 50])
def test_table_lines_lost_or_repeated_give_no_wrong_number(path: Path, gold: dict, damage: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    a, b = _table_lines(lines)
    rng = random.Random(f"{path.name}/{damage}")
    for _ in range(TRIES):
        i, n = rng.randrange(a + 1, b), rng.randint(1, 8)
        kept = lines[:i] + lines[i + n:] if damage == "lost" else lines[:i + n] + lines[i:i + n] + lines[i + n:]
        s = score(extract_report("\n".join(kept), path.name), gold, ("三",))
        assert s.wrong_numbers == 0, (i, n, [m for m in s.misses if "unreadable" not in m and "missing" not in m][:3])
