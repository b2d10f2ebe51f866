"""Shared fixtures: paths to the example reports, the real reports with hand-read gold, the template.

Everything the tests read is inside the repository (a user's clone has no ../shared)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "reports"
CORPUS = ROOT / "examples" / "corpus"  # real published reports and their hand-read gold (copied from shared/)
TEMPLATE = ROOT / "tests" / "fixtures" / "reference" / "format-2021-template.docx"  # official blank 2021 template
sys.path.insert(0, str(ROOT / "tests"))


def seed(name: str) -> Path:
    matches = sorted(EXAMPLES.glob(f"{name}*")) or sorted(CORPUS.glob(f"{name}*"))
    assert matches, f"example report {name} not found in {EXAMPLES} or {CORPUS}"
    return matches[0]


@pytest.fixture
def examples() -> Path:
    return EXAMPLES

