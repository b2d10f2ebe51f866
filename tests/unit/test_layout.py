"""Project hygiene: `agents` is this repo's package, modules stay small, layers stay apart."""

from __future__ import annotations

import ast
from pathlib import Path

import agents
import schemas

ROOT = Path(__file__).resolve().parents[2]


def test_agents_is_this_repositorys_package_not_openai_agents_sdk():
    assert Path(agents.__file__).resolve().is_relative_to(ROOT)
    assert Path(schemas.__file__).resolve().is_relative_to(ROOT)


def test_modules_stay_under_500_lines():
    for pkg in ("agents", "schemas", "prompts"):
        for f in (ROOT / pkg).rglob("*.py"):
            n = len(f.read_text(encoding="utf-8").splitlines())
            assert n <= 500, f"{f.relative_to(ROOT)} has {n} lines"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_layers():
    """schemas imports no agents/LLM code; checks, ingest, extract and render never reach the LLM edge."""
    forbidden_everywhere = ("openai", "instructor")
    for f in (ROOT / "schemas").rglob("*.py"):
        bad = {m for m in _imports(f) if m.split(".")[0] in ("agents", "openai", "instructor", "langgraph")}
        assert not bad, (f.name, bad)
    for sub in ("checks", "ingest", "extract", "render", "digest", "summary"):
        for f in (ROOT / "agents" / sub).rglob("*.py"):
            bad = {m for m in _imports(f) if m.split(".")[0] in forbidden_everywhere + ("langgraph",)
                   or m == "agents.llm"}
            assert not bad, (f.name, bad)


def test_readme_rule_catalogue_matches_the_code():
    from agents.render.rules import rules_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rules:start -->")[1].split("<!-- rules:end -->")[0].strip()
    assert block == rules_markdown().strip(), "README rule table is stale: regenerate it from `xxgk rules --format md`"


def test_ci_runs_the_readme_test_command_and_fails_on_no_tests():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cmd = 'pip install -e ".[test]" && python -m pytest'
    assert cmd in ci and cmd in readme
    assert '"$rc" -eq 5' in ci


def test_import_linter_contracts_hold():
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_ruff_is_clean():
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(exe), "check", "agents", "schemas", "prompts", "tests", "scripts"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schemas_and_checker_type_check_strictly():
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "mypy"
    result = subprocess.run([str(exe), "--strict", "schemas", "agents/checks"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
