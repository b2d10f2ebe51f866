"""The benchmark scripts run (their figures are the issues' measures; a broken one hides a regression)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_digest_runs_on_a_few_reports():
    out = subprocess.run([sys.executable, str(ROOT / "scripts/bench_digest.py"), "-n", "6", "-j", "1"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "6 reports:" in out.stdout and "unreadable: 0" in out.stdout


def test_benchmark_speed_and_process_sections_run():
    sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]
    try:
        import benchmark
    finally:
        del sys.path[:2]
    rows = benchmark.speed(1, passes=2)
    assert {name for name, _, _ in rows} >= {"huaian-2024.pdf"} and all(0 < best <= worst for _, best, worst in rows)
    w = benchmark.where_time_goes(1)
    assert set(w) == {"read", "extract", "summarise", "check", "nodes", "graph"} and all(v > 0 for v in w.values())
    check_med, _, import_med, _, like_med, _ = benchmark.process_seconds(1)
    assert check_med > 0 and import_med > 0 and like_med > 0


def _fuzz_module():
    sys.path[:0] = [str(ROOT / "scripts")]
    try:
        import fuzz
    finally:
        del sys.path[:1]
    return fuzz


def test_mutated_examples_give_no_traceback(tmp_path):
    """A few hundred mutations of the examples (scripts/fuzz.py, a fixed seed): each is an input error or
    a verdict, never an internal error."""
    done, crashes = _fuzz_module().fuzz(20261128, runs=200, html=True, work=tmp_path)
    assert done == 200 and crashes == []


def test_the_fuzzer_reports_a_traceback_and_saves_its_input(tmp_path, monkeypatch):
    import agents.verdict

    def broken(path, **_):
        if "0" in Path(path).read_text(encoding="utf-8")[-50:]:
            raise KeyError("planted")
        return None

    monkeypatch.setattr(agents.verdict, "check_file", broken)
    done, crashes = _fuzz_module().fuzz(3, runs=40, work=tmp_path, out=tmp_path / "crashes")
    assert done == 40 and crashes
    saved, error = crashes[0]
    assert "KeyError: 'planted'" in error and Path(saved).exists()
    assert (Path(saved).parent / (Path(saved).name + ".error.txt")).read_text(encoding="utf-8").count("planted")
