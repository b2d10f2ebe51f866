"""xxgk compare LAST THIS: cells that changed, carry-over between consecutive years, 五 copied."""

from __future__ import annotations

import json

from conftest import CORPUS, seed
from typer.testing import CliRunner

from agents.cli import app


def _compare(tmp_path, last_text: str, this_text: str) -> dict:
    a, b = tmp_path / "last.txt", tmp_path / "this.txt"
    a.write_text(last_text, encoding="utf-8")
    b.write_text(this_text, encoding="utf-8")
    r = CliRunner().invoke(app, ["compare", str(a), str(b), "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_next_year_copy_with_changes(tmp_path):
    """Pingtan 2022 against itself re-dated 2023 with one cell changed and 上年结转 not following on."""
    last = (CORPUS / "pingtan-2022.txt").read_text(encoding="utf-8")
    this = last.replace("2022", "2023").replace("二、上年结转政府信息公开申请数量 1000001", "二、上年结转政府信息公开申请数量 3000003")
    c = _compare(tmp_path, last, this)
    assert (c["last_year"], c["this_year"]) == (2022, 2023) and c["years_checked"]
    changed = {(x["row"], x["column"]): (x["last"], x["this"]) for x in c["changed"]}
    assert changed[("二、上年结转政府信息公开申请数量", "自然人")] == ("1", "3")
    assert any(x["rule_id"] == "XY-CARRYOVER" for x in c["cross"])  # 2022 carried 0 forward, 2023 says 3
    assert c["five_similarity"] > 0.8 and c["five_copied"]  # 五 copied from last year


def test_years_apart_are_not_checked_for_carry_over(tmp_path):
    c = _compare(tmp_path, seed("002").read_text(encoding="utf-8"), seed("000").read_text(encoding="utf-8"))
    assert not c["years_checked"] and not c["cross"]
    r = CliRunner().invoke(app, ["compare", str(seed("002")), str(seed("000"))])
    assert "不是相邻年度" in r.stdout
