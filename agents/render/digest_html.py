"""digest.html: one self-contained page (no network resource), report text escaped.

A small inline script sorts the ranking by any column, filters it by text, 结论 and 层级, and folds
each report on screen (the address can carry the same: ``#q=淮安&verdict=不合格&sort=errors``).
Without scripts, and always when printed, every report is open, so a printout holds every finding.

Charts are inline SVG whose labels are text drawn by the browser with the reader's own CJK fonts,
so Chinese renders correctly without shipping a font.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources

import jinja2

from agents.digest.cross import changed_cells, consecutive_years, year_table
from agents.digest.stats import FIGURES_ZH, OUTCOMES, ranking
from agents.render.digest_tables import rule_name
from schemas.digest import Digest

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def digest_html(d: Digest) -> str:
    template = _ENV.from_string(resources.files("agents.render").joinpath("templates/digest.html.j2")
                                .read_text(encoding="utf-8"))
    s = d.stats
    by_year = s.totals_by_year
    latest = max(by_year) if by_year else None  # one year's figures: different years are never added up
    totals = by_year.get(latest, {}) if latest else {}
    outcome_title = (f"依申请公开办理结果（件，{latest}年，{totals.get('total_handled__reports', 0)}份报告合计）"
                     if latest else "依申请公开办理结果")
    return template.render(
        d=d, s=s, ranked=ranking(d.reports), figures_zh=FIGURES_ZH,
        problems=list(s.problems.items())[:12],
        outcomes=[(FIGURES_ZH[k], totals.get(k, 0)) for k in OUTCOMES], outcome_title=outcome_title,
        rules=[(f"{k} {rule_name(k)}", v) for k, v in list(s.rules.items())[:10]],
        generated=_when(d.generated_at),
        years=[(prev, cur, year_table(prev, cur), *changed_cells(prev, cur)) for prev, cur in consecutive_years(d.reports)],
        verdicts=sorted({r.verdict_zh for r in d.reports}), levels=sorted({r.level for r in d.reports if r.level}))


def _when(iso: str) -> str:
    """2026-11-26T03:43:35 as a reader writes it: 2026年11月26日 03:43."""
    try:
        t = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"
