"""digest.html in a real headless browser (Debian's chromium): Chinese text and charts render, the
ranking sorts and filters with no network resource, and the printed page holds every finding.

Skipped with its reason where no browser is installed (`.ci/run` installs Debian's chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, seed

from agents.batch import run_digest
from agents.render.digest_html import digest_html

BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


def _cjk_font() -> bool:
    try:
        return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return False


pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(BROWSER is None, reason="没有无头浏览器：apt-get install chromium（.ci/run 会安装）"),
              pytest.mark.skipif(not _cjk_font(), reason="没有中文字体，浏览器只能画出方框：apt-get install fonts-wqy-zenhei")]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--virtual-time-budget=3000"]


def _browser(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("digest")
    src = tmp / "in"
    src.mkdir()
    for p in sorted(EXAMPLES.iterdir()):
        if p.suffix == ".txt":
            shutil.copy(p, src / p.name)
    shutil.copy(seed("huaian-2024.pdf.txt"), src / "huaian.txt")
    out = tmp / "out"
    d = run_digest(src, out, workers=1)
    html = out / "digest.html"
    html.write_text(digest_html(d), encoding="utf-8")
    return html


def _rows(dom: str) -> list[tuple[str, bool]]:
    """Ranking rows in the order the browser shows them: (agency cell text, hidden?)."""
    body = dom.split('<tbody>', 1)[1].split('</tbody>', 1)[0]
    out = []
    for tr in re.findall(r"<tr[^>]*>.*?</tr>", body, re.S):
        agency = re.search(r'data-key="agency"><a [^>]*>(.*?)</a>', tr, re.S)
        out.append((agency.group(1) if agency else "", 'class="hidden"' in tr.split(">", 1)[0]))
    return out


def test_chinese_text_and_charts_render(page, tmp_path):
    shot = tmp_path / "shot.png"
    _browser(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 20_000  # a blank or failed page is a few kB
    dom = _browser(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "政府信息公开工作年度报告汇总" in dom and "<svg" in dom and "第五部分：存在问题类别" in dom
    assert 'class="js"' in dom  # the inline script ran: no network needed


def test_ranking_sorts_and_filters_in_the_browser(page, tmp_path):
    dom = _browser(tmp_path, "--dump-dom", page.as_uri() + "#sort=year&dir=asc").stdout
    years = [int(y) for y in re.findall(r'data-key="year">(\d+)<', dom.split("<tbody>", 1)[1])]
    assert len(years) >= 4 and years == sorted(years) and years != sorted(years, reverse=True)
    assert 'aria-sort="ascending"' in dom
    dom = _browser(tmp_path, "--dump-dom", page.as_uri() + "#q=淮安").stdout
    shown = [a for a, hidden in _rows(dom) if not hidden]
    assert shown and all("淮安" in a for a in shown)
    assert len(shown) < len(_rows(dom))
    errors = _browser(tmp_path, "--dump-dom", page.as_uri() + "#sort=errors&dir=desc").stdout
    counts = [int(x) for x in re.findall(r'data-key="errors">(\d+)<', errors.split("<tbody>", 1)[1])]
    assert counts == sorted(counts, reverse=True)


def test_printed_page_holds_every_report_and_its_findings(page, tmp_path):
    import pdfplumber

    pdf = tmp_path / "digest.pdf"
    _browser(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    with pdfplumber.open(pdf) as doc:
        text = "".join((p.extract_text() or "") for p in doc.pages)
    flat = "".join(text.split())
    assert "政府信息公开工作年度报告汇总" in flat
    # folded on screen, every report and its findings are on paper
    assert flat.count("第五部分原文") >= 4
    assert "SEC-" in flat or "TBL-" in flat or "CELL-" in flat
