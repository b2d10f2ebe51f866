"""Regenerate the rule catalogue table in README.md from the code (a test fails when it is stale).

    python scripts/update_readme.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents.render.rules import rules_markdown  # noqa: E402

readme = ROOT / "README.md"
text = readme.read_text(encoding="utf-8")
new = re.sub(r"<!-- rules:start -->.*<!-- rules:end -->",
             lambda _: "<!-- rules:start -->\n" + rules_markdown() + "\n<!-- rules:end -->", text, flags=re.S)
readme.write_text(new, encoding="utf-8")
print("README rule table", "updated" if new != text else "already current")
