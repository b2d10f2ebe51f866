"""Shared fixtures: paths to the example reports and to the shared corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "reports"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))


def seed(name: str) -> Path:
    matches = sorted(EXAMPLES.glob(f"{name}*"))
    assert matches, f"example report {name} not found in {EXAMPLES}"
    return matches[0]


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not SHARED.exists(), reason="../shared is not present in this checkout")
