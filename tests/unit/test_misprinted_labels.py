"""Misprinted row labels (a character dropped or swapped) in every real report shape: the row is
found by its place in the template between rows whose labels were read, and the table's arithmetic
confirms it. Not a list of known misprints: any label of the table may be the misprinted one."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS

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
