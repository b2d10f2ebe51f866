"""The outputs users' scripts read are contracts: field names, keys and values stay (add, don't rename)."""

from __future__ import annotations

import csv
import io
import json

from conftest import seed
from typer.testing import CliRunner

from agents.cli import app
from schemas.issues import IssueCategory

runner = CliRunner()


def test_check_json_fields():
    v = json.loads(runner.invoke(app, ["check", str(seed("002")), "--format", "json"]).stdout)
    assert {"tool", "tool_version", "source", "document", "engines", "llm", "report", "findings", "summary", "text",
            "conclusion", "exit_code"} <= set(v)
    assert {"source", "kind", "encoding", "notes", "pages"} <= set(v["document"])
    assert {"source", "sha256", "meta", "sections", "tables"} <= set(v["report"])
    cell = v["report"]["tables"]["三"]["cells"][0]
    assert {"table", "row", "column", "value", "raw", "status", "span", "source", "candidates", "note"} <= set(cell)
    assert {"rule_id", "severity", "status", "message_zh", "locations", "data"} <= set(v["findings"][0])
    assert {f["severity"] for f in v["findings"]} <= {"error", "warning", "info"}
    assert v["conclusion"] in ("合格", "不合格", "无法判断") and v["exit_code"] in (0, 1, 4)


def test_extract_csv_columns_and_keys():
    out = runner.invoke(app, ["extract", str(seed("002")), "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["table", "row", "column", "value", "status"]
    assert {r["status"] for r in rows} <= {"number", "dash", "blank", "unreadable", "missing"}


def test_section_five_category_keys_stay():
    assert {c.value for c in IssueCategory} >= {"depth_breadth", "interpretation", "form", "awareness", "staff_training",
                                                "institutions", "platform", "interaction", "on_request",
                                                "review_security", "timeliness", "other"}


def test_digest_json_fields(tmp_path):
    assert runner.invoke(app, ["digest", str(seed("002").parent), "--out", str(tmp_path)]).exit_code == 0
    d = json.loads((tmp_path / "digest.json").read_text(encoding="utf-8"))
    assert {"tool_version", "generated_at", "source", "reports", "cross", "stats", "cache"} <= set(d)
    assert {"file", "sha256", "status", "agency", "level", "year", "format_version", "errors", "warnings", "infos",
            "figures", "findings", "problems", "measures"} <= set(d["reports"][0])
    # the typed stats and model usage keep the keys users' scripts read
    assert {"reports", "readable", "unreadable", "verdicts", "undetermined", "by_year", "by_level", "rules", "problems",
            "measures", "unmatched", "totals", "totals_by_year", "llm"} <= set(d["stats"])
    assert set(d["stats"]["llm"]) == {"calls", "prompt_tokens", "completion_tokens"}
    assert {"calls", "prompt_tokens", "completion_tokens", "errors"} <= set(d["reports"][0]["llm"])
    assert d["stats"]["reports"] == len(d["reports"]) and "new_received__reports" in d["stats"]["totals"]
