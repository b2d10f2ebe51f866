"""Misprinted row labels (a character dropped or swapped) in every real report shape: the row is
found by its place in the template between rows whose labels were read, and the table's arithmetic
confirms it. Not a list of known misprints: any label of the table may be the misprinted one."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, seed
from fixtures.relaid import cell_readings, changed_numbers

from agents.evaluation import corpus, score
from agents.extract.report import extract_report
from agents.ingest import read_bytes

MISPRINTS = [("三安全一稳定", "三安一稳定"), ("属于行政执法案卷", "属于行政执法卷案"), ("保护第三方合法权益", "保第三方合法权益"),
             ("重复申请", "重申请"), ("本机关不掌握", "本机关不掌")]
CASES = [(p, g) for p, g in corpus(CORPUS) if p.suffix != ".pdf"]  # the HTML too: misprinted, then read as a user's file


@pytest.mark.parametrize("path,gold", CASES, ids=[p.name for p, _ in CASES])
@pytest.mark.parametrize("right,wrong", MISPRINTS, ids=[w for _, w in MISPRINTS])
def test_misprinted_label_still_reads(path, gold, right, wrong):
    text = path.read_text(encoding="utf-8")
    assert right in text
    doc = read_bytes(text.replace(right, wrong).encode("utf-8"), path.name)
    s = score(extract_report(doc.text, doc.source), gold)
    assert s.wrong_numbers == 0, s.misses
    assert s.total - s.right <= len(gold.get("derived", [])), s.misses


def test_gold_files_are_json():
    for g in CORPUS.glob("*.gold.json"):
        json.loads(g.read_text(encoding="utf-8"))


MORE_MISPRINTS = [("上年结转", "上年转结"), ("结转下年度", "结转下年"), ("部分公开", "部分公"), ("(七)总计", "(七)合计")]
TEXTS = [seed(n) for n in ("000", "001", "002", "003")] + [p for p, _ in CASES if p.suffix in (".txt", ".md")]


def _prints(path, right: str) -> bool:
    text = path.read_text(encoding="utf-8")
    return right in text[text.find("三、收到和处理"):]


PRINTED = [pytest.param(p, r, w, id=f"{p.name}-{w}") for p in TEXTS for r, w in MISPRINTS + MORE_MISPRINTS if _prints(p, r)]


@pytest.mark.parametrize("path,right,wrong", PRINTED)
def test_misprinted_label_of_a_seed_or_real_text_reads_as_before(path, right, wrong):
    """A misprinted row label in every layout: the row takes the one template row free between the rows
    found. It did not where the row's figures stand on lines of their own after the label (002, a cell
    a line: they went to the row before and were left over), where the row prints an empty cell after
    its label (003: not counted as a whole row), or where the misprinted row is a crawled table's last
    (pingtan: "结转下年"). 001 prints rows of five figures in a six-column table: they cannot be placed
    (never guessed), but no figure may read as another."""
    text = path.read_text(encoding="utf-8")
    at = text.find("三、收到和处理")
    before = cell_readings(extract_report(text, path.name))
    after = cell_readings(extract_report(text[:at] + text[at:].replace(right, wrong, 1), path.name))
    if path.name.startswith("001"):
        assert not changed_numbers(before, after)
    else:
        assert after == before
