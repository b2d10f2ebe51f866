"""Benchmark: accuracy (cells right / cells) and speed of `xxgk check`, printed as figures.

    python scripts/benchmark.py            # all sections
    python scripts/benchmark.py --quick    # fewer synthetic reports

Accuracy is measured against independent truth only: every real report with hand-read gold
(NAME.gold.json, found by glob in ../shared/corpus when present, else examples/corpus), and synthetic
reports whose figures are known because they were generated, laid out in every table shape xxgk
reads (these share the generator's blind spots: the real reports are the judge). Speed is measured
on the example reports.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fixtures.relabelled import relabelled  # noqa: E402
from fixtures.relaid import relaid  # noqa: E402
from fixtures.synth import T3_OUTCOMES, consistent_t3, consistent_t4, report_text, table3_html  # noqa: E402

from agents.evaluation import (  # noqa: E402
    CategoryScore,
    Score,
    add_problem_sentences,
    corpus,
    problem_sentence_labels,
    score,
    section5_labels,
)
from agents.extract.report import extract_report  # noqa: E402
from agents.graph import build_graph  # noqa: E402
from agents.ingest import read_bytes, read_path  # noqa: E402
from schemas.report import AnnualReport  # noqa: E402


def corpus_dir() -> Path:
    """../shared/corpus when this checkout has it (it may hold more reports), else the repo's copy."""
    shared = ROOT.parent / "shared" / "corpus"
    return shared if shared.exists() else ROOT / "examples" / "corpus"


def real_reports() -> list[tuple[Path, dict]]:
    """Every real report with gold: those of corpus_dir() and those the developers added to the repo's
    copy (examples/corpus), each once."""
    out = corpus(corpus_dir())
    seen = {p.name for p, _ in out}
    return out + [(p, g) for p, g in corpus(ROOT / "examples" / "corpus") if p.name not in seen]


TEXT = (".txt", ".md")  # reports read as they are (refigured and damaged as text; not PDF or HTML)


def gold_accuracy() -> list[tuple[str, Score, Score, float]]:
    """Per real report (every NAME.gold.json by glob): tables 三/四 score, table 二 score, seconds."""
    out = []
    for path, gold in real_reports():
        t0 = time.perf_counter()
        doc = read_path(path)
        r = extract_report(doc.text, doc.source)
        secs = time.perf_counter() - t0
        out.append((path.name, score(r, gold), score(r, gold, ("二",)), secs))
    return out


def section5_accuracy() -> tuple[CategoryScore, CategoryScore]:
    """Problem categories of 五 found by the built-in classifier against hand labels, and the sentences
    it lists as problems against those read as problems."""
    from agents.verdict import check_file
    from schemas.issues import IssueCategory, ItemKind

    score5, kinds = CategoryScore(), CategoryScore()
    sentences = problem_sentence_labels(ROOT / "examples" / "section5_labels.json")
    for name, want in section5_labels(ROOT / "examples" / "section5_labels.json").items():
        path = next(p for p in (ROOT / "examples/reports" / name, ROOT / "examples/corpus" / name) if p.exists())
        v = check_file(path)
        got = {c.value for c in v.summary.categories(ItemKind.problem)} - {IssueCategory.other.value} if v.summary else set()
        score5.add(name, got, want)
        quotes = [it.quote for it in v.summary.items if it.kind is ItemKind.problem] if v.summary else []
        add_problem_sentences(kinds, name, quotes, sentences[name])
    return score5, kinds


REFIGURE_VARIANTS = {  # name -> refigure keyword arguments
    "figures": {},
    "dashes": {"dash": "—"},
    "empty cells": {"dash": ""},
    "misread 'O'": {"dash": "O"},
    "a misprinted total": {"misprint": True},
}


def refigured(n: int) -> list[tuple[str, str, Score, int]]:
    """Per real text report with gold and per variant: its own layout printed with ``n`` other
    arithmetic-consistent tables per mode (tests/fixtures/refigure.py), some zero cells printed as a
    dash, empty or misread, or one total misprinted, scored against the figures put in; (name, variant,
    score, reports refigured). A layout whose rows are not printed on one line is left out."""
    from fixtures.refigure import MODES, NotPlaced, refigure

    out = []
    for path, gold in real_reports():
        if path.suffix not in TEXT:
            continue
        text0 = path.read_text(encoding="utf-8")
        for variant, kwargs in REFIGURE_VARIANTS.items():
            total, runs = Score(), 0
            for i in range(n):
                for mode in MODES:
                    try:
                        text, new_gold, _ = refigure(text0, gold, f"{path.name}/{i}", mode, **kwargs)  # type: ignore[arg-type]
                    except NotPlaced:
                        continue
                    total.add(score(extract_report(text, path.name), new_gold))
                    runs += 1
            out.append((path.name, variant, total, runs))
    return out


def tool_texts() -> list[tuple[str, str, Score]]:
    """The real reports as other tools print them (tests/fixtures/pdf_text, pdf_blanks, docx_md, html_md: each
    tool's output, unedited), scored against the gold of the report they print, or the gold beside them
    (NAME.gold.json: the figures the tool was given): (folder, file, score)."""
    golds = {p.name.split(".")[0]: g for p, g in real_reports()}
    out = []
    for folder in ("pdf_text", "pdf_blanks", "docx_md", "html_md"):
        here = ROOT / "tests" / "fixtures" / folder
        golds |= {p.name.split(".")[0]: json.loads(p.read_text(encoding="utf-8")) for p in here.glob("*.gold.json")}
        for path in sorted(here.iterdir()):
            gold = golds.get(path.name.split(".")[0])
            if gold is None or path.suffix not in TEXT:
                continue
            doc = read_bytes(path.read_bytes(), path.name)
            out.append((folder, path.name, score(extract_report(doc.text, doc.source), gold)))
    return out


CRAWLS = (("run together", ""), ("a node a line", "\n"), ("spaces between", " "), ("tabs between", "\t"))


def crawled_pages() -> list[tuple[str, str, Score]]:
    """Each real report published as a web page (NAME.html with gold), as crawlers save it, with
    BeautifulSoup's get_text(SEP) for each of CRAWLS: the text run together, blank &nbsp; cells left as
    spaces; one text node a line, a blank cell a line of one space; a space between the nodes, a blank
    cell two more spaces; a tab between them, a blank cell a space between two tabs. Each also with the
    empty nodes dropped (strip=True), which leaves no trace of a blank cell. Then each way with empty nodes
    kept of the page whose source breaks lines between tags (after each row, before each cell: a line
    break is a text node of its own), as most pages' sources do: (name, how, score)."""
    from bs4 import BeautifulSoup

    out = []
    for path, gold in real_reports():
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            sources = [("", html, (False, True)), ("; source broken after each row", re.sub(r"(</tr>)", "\\1\n", html), (False,)),
                       ("; source broken before each cell", re.sub(r"(<t[dh][ >])", "\n\\1", html), (False,))]
            for source, page, strips in sources:
                body = BeautifulSoup(page, "lxml").body
                for (how, sep), strip in itertools.product(CRAWLS, strips):
                    text = body.get_text(sep, strip=strip)  # type: ignore[union-attr]
                    doc = read_bytes(text.encode("utf-8"), path.stem + ".crawled.txt")
                    out.append((path.name, how + (", empty dropped" if strip else "") + source,
                                score(extract_report(doc.text, doc.source), gold)))
    return out


def crawled_synthetic(n: int, seed: int = 5) -> dict[str, Score]:
    """``n`` synthetic pages (fixtures.synth.page_with_blanks: 表三 with random figures, some zeros
    printed as &nbsp;) taken each way of crawled_pages: {how: score of 表三}. The pages are ours; the
    text is BeautifulSoup's."""
    from bs4 import BeautifulSoup
    from fixtures.synth import page_with_blanks

    from schemas.formats import TABLE3, FormatVersion

    labels = {r.key: r.full_label_zh for r in TABLE3[FormatVersion.v2021].rows}
    rng = random.Random(seed)
    pages = [page_with_blanks(rng) for _ in range(n)]
    out: dict[str, Score] = {}
    for (how, sep), strip in itertools.product(CRAWLS, (False, True)):
        total = out.setdefault(how + (", empty dropped" if strip else ""), Score())
        for html, shown in pages:
            text = BeautifulSoup(html, "lxml").body.get_text(sep, strip=strip)  # type: ignore[union-attr]
            report = extract_report(read_bytes(text.encode("utf-8"), "page.txt").text, "page.txt")
            total.add(score(report, {"format": "2021", "rows": {labels[k]: v for k, v in shown.items()}}, ("三",)))
    return out


TEXT_BROWSERS = {  # how each text browser saves a page as text, at a width of ``w`` columns
    "w3m": lambda page, w: ["w3m", "-dump", "-cols", str(w), "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", page],
    "elinks": lambda page, w: ["elinks", "-dump", "-dump-width", str(w), "-dump-charset", "utf-8", page],
    "links": lambda page, w: ["links", "-dump", "-width", str(w), "-codepage", "utf-8", page],
    "lynx": lambda page, w: ["lynx", "-dump", f"-width={w}", "-display_charset=utf-8", "-assume_charset=utf-8", page],
}


def text_browsers(n: int, seed: int = 5) -> dict[str, Score]:
    """``n`` synthetic pages (as crawled_synthetic's) saved as text by each text browser installed, at 80
    columns (their width without a terminal) and at 40 (cells wrapped over lines): {"tool -width w": score
    of 表三}; {} where none is installed. The pages are ours; the text is the tools'."""
    import shutil
    import subprocess
    import tempfile

    from fixtures.synth import page_with_blanks

    from schemas.formats import TABLE3, FormatVersion

    labels = {r.key: r.full_label_zh for r in TABLE3[FormatVersion.v2021].rows}
    rng = random.Random(seed)
    pages = [page_with_blanks(rng) for _ in range(n)]
    out: dict[str, Score] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, (html, _) in enumerate(pages):
            Path(tmp, f"{k}.html").write_text(html.replace("<html>", '<html><head><meta charset="utf-8"></head>'),
                                              encoding="utf-8")
        for tool, command in TEXT_BROWSERS.items():
            if shutil.which(tool) is None:
                continue
            for width in (80, 40):
                total = out.setdefault(f"{tool} -width {width}", Score())
                for k, (_, shown) in enumerate(pages):
                    text = subprocess.run(command(str(Path(tmp, f"{k}.html")), width), capture_output=True,
                                          check=True).stdout
                    report = extract_report(read_bytes(text, "page.txt").text, "page.txt")
                    total.add(score(report, {"format": "2021", "rows": {labels[r]: v for r, v in shown.items()}}, ("三",)))
    return out


def damaged_files(n: int) -> list[tuple[str, str, Score, int]]:
    """Per real text report and damage (tests/fixtures/damage.py: cut off inside 三/四, 1-8 lines of 表三
    lost or repeated, a table line joined to the next, broken in two, or with an empty line or a page
    footer before it), ``n`` damaged copies scored against the gold: (name, damage, score, copies).
    Cells that are gone count as not right; what matters is that none is a wrong number, nor a blank
    or a dash where a figure stands."""
    from fixtures.damage import DAMAGES, damaged

    out = []
    for path, gold in real_reports():
        if path.suffix not in TEXT:
            continue
        text = path.read_text(encoding="utf-8")
        for damage in DAMAGES:
            rng, total, copies = random.Random(f"{path.name}/{damage}"), Score(), 0
            for _ in range(n):
                broken = damaged(text, damage, rng)
                if broken is not None:
                    total.add(score(extract_report(broken, path.name), gold))
                    copies += 1
            out.append((path.name, damage, total, copies))
    return out


def rewritten_files(n: int, rewrite: Callable[[str, random.Random], str],
                    files: list[Path] | None = None) -> list[tuple[str, int, int, int, int]]:
    """The seeds and real text reports (or ``files``, read as `xxgk check` reads them: a converter's
    Markdown may hold HTML tables) rewritten ``n`` times each by ``rewrite`` (text, rng), which touches
    no figure (tests/fixtures/relaid.py, relabelled.py), each read against the original's own reading:
    (name, copies, cells the original reads as numbers, of them read as another number or a dash, of
    them no longer read as a number), summed."""
    from fixtures.relaid import cell_readings, changed_numbers

    def read(text: str, name: str) -> AnnualReport:
        if files is None:
            return extract_report(text, name)
        doc = read_bytes(text.encode("utf-8"), name)
        return extract_report(doc.text, doc.source)

    paths = files or sorted((ROOT / "examples/reports").iterdir()) + sorted(
        p for p in (ROOT / "examples/corpus").iterdir() if p.suffix in TEXT)
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        before = cell_readings(read(text, path.name))
        numbers = [k for k, (status, _) in before.items() if status == "number"]
        rng, wrong, lost = random.Random(path.name), 0, 0
        for _ in range(n):
            after = cell_readings(read(rewrite(text, rng), path.name))
            wrong += len(changed_numbers(before, after))
            lost += sum(after.get(k, ("missing", None))[0] != "number" for k in numbers)
        out.append((path.name, n, len(numbers) * n, wrong, lost))
    return out


def pdftotext_blanks(n: int, seed: int = 3) -> dict[str, Score]:
    """PDFs drawn with ruled tables (tests/fixtures/documents.py), some zero cells left blank, as
    poppler's pdftotext prints them (no options; -layout): {options: score of 表三}. {} where pdftotext
    is not installed. The PDFs are ours; the text is a real tool's."""
    import shutil
    import subprocess
    import tempfile

    from fixtures.documents import report_pdf

    if shutil.which("pdftotext") is None:
        return {}
    rng = random.Random(seed)
    out: dict[str, Score] = {"": Score(), "-layout": Score()}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            outcomes = {k: [rng.choice([0, 0, 0, rng.randint(1, 9), rng.randint(10, 999)]) for _ in range(6)]
                        for k in T3_OUTCOMES}
            t3 = consistent_t3(outcomes, [0] * 6, [rng.randint(0, 5)] + [0] * 5)
            p_blank = rng.choice([0.0, 0.3, 1.0])
            rows = {k: [None if v == 0 and rng.random() < p_blank else v for v in vals] for k, vals in t3.items()}
            pdf = Path(tmp) / f"{i}.pdf"
            pdf.write_bytes(report_pdf({k: ["" if v is None else v for v in vals] for k, vals in rows.items()},
                                       consistent_t4([0] * 12), break_after=rng.randint(8, 20)))
            for opt, s in out.items():
                txt = Path(tmp) / f"{i}{opt}.txt"
                subprocess.run(["pdftotext", *([opt] if opt else []), str(pdf), str(txt)], check=True)
                t = extract_report(txt.read_text(encoding="utf-8"), txt.name).tables["三"]
                for key, values in rows.items():
                    for c, want in zip(t.row_cells(key), values):
                        got = c.value if c.is_number else None
                        s.total += 1
                        s.right += got == want
                        s.wrong_numbers += got is not None and got != want
                        s.unreadable += c.status.value == "unreadable"
    return out


def synthetic(n: int, seed: int = 7) -> dict[str, tuple[int, int, int]]:
    """shape -> (cells right, cells, reports with every cell right)."""
    rng = random.Random(seed)
    results: dict[str, list[int]] = {}
    for _ in range(n):
        outcomes = {k: [rng.choice([0, 0, 0, rng.randint(1, 9), rng.randint(10, 999)]) for _ in range(6)]
                    for k in T3_OUTCOMES}
        t3 = consistent_t3(outcomes, [0] * 6, [rng.randint(0, 5)] + [0] * 5)
        t4 = consistent_t4([rng.choice([0, 0, rng.randint(1, 30)]) for _ in range(12)])
        for shape in ("pipe", "tab", "spaced", "lines", "glued", "html"):
            if shape == "html":
                text = report_text(t3, t4, shape="pipe").split("三、收到和处理")[0] + "三、收到和处理政府信息公开申请情况\n"
                html = "<html><body><p>" + text.replace("\n", "</p><p>") + "</p>" + table3_html(t3) + "</body></html>"
                doc = read_bytes(html.encode(), "x.html")
                r = extract_report(doc.text, "x.html")
            else:
                r = extract_report(report_text(t3, t4, shape=shape), "x.txt")
            right = total = 0
            for key, values in t3.items():
                got = [c.value if c.is_number else None for c in r.tables["三"].row_cells(key)]
                right += sum(1 for a, b in zip(got, values) if a == b)
                total += len(values)
            if shape != "html":
                got4 = [c.value if c.is_number else None for c in r.tables["四"].cells]
                right += sum(1 for a, b in zip(got4, t4) if a == b)
                total += 15
            acc = results.setdefault(shape, [0, 0, 0])
            acc[0] += right
            acc[1] += total
            acc[2] += right == total
    return {k: (v[0], v[1], v[2]) for k, v in results.items()}


def formats(n: int, seed: int = 11) -> dict[str, tuple[int, int, float, int]]:
    """format -> (cells right, cells, seconds, pages) for PDFs drawn with ruled tables and the
    official .docx template filled in, both with random figures and a few blank cells."""
    from fixtures.documents import filled_template, report_pdf

    rng = random.Random(seed)
    template = ROOT / "tests" / "fixtures" / "reference" / "format-2021-template.docx"
    out: dict[str, list[float]] = {}
    for _ in range(n):
        outcomes = {k: [rng.choice([0, 0, rng.randint(1, 99)]) for _ in range(6)] for k in T3_OUTCOMES[:8]}
        t3 = {k: list(v) for k, v in consistent_t3(outcomes, [0] * 6, [0] * 6).items()}
        t3["rejected_repeat"][rng.randrange(7)] = ""
        t4 = consistent_t4([rng.choice([0, rng.randint(1, 9)]) for _ in range(12)])
        docs = [("pdf", lambda t3=t3, t4=t4: report_pdf(t3, t4, break_after=rng.randint(8, 20)), "x.pdf"),
                ("pdf, figures spread over their cells", lambda t3=t3, t4=t4: report_pdf(t3, t4, break_after=rng.randint(8, 20),
                                                                                     spread=4.0), "x.pdf")]
        if template.exists():
            docs.append(("docx", lambda t3=t3, t4=t4: filled_template(template, t3, t4), "x.docx"))
        for kind, build, name in docs:
            data = build()
            t0 = time.perf_counter()
            doc = read_bytes(data, name)
            r = extract_report(doc.text, name)
            secs = time.perf_counter() - t0
            right = total = 0
            for key, values in t3.items():
                for c, v in zip(r.tables["三"].row_cells(key), values):
                    want = ("blank", None) if v == "" else ("number", v)
                    right += (c.status.value, c.value) == want
                    total += 1
            for c, v in zip(r.tables["四"].cells, t4):
                right += c.value == v
                total += 1
            acc = out.setdefault(kind, [0, 0, 0.0, 0])
            acc[0] += right
            acc[1] += total
            acc[2] += secs
            acc[3] += len(doc.page_starts) or 1
    return {k: (int(v[0]), int(v[1]), v[2], int(v[3])) for k, v in out.items()}


def speed(rounds: int, passes: int = 1) -> list[tuple[str, float, float]]:
    """Median ms of the whole graph (read → extract → summarise → check) per example report (the seeds,
    the real PDF and the real text reports of examples/corpus), as
    (name, best pass, worst pass): ``passes`` passes over all the reports, ``rounds`` runs of each per
    pass. The caches of cell texts are cleared before each run, so a report checked again counts as
    new. A 2-core cloud machine has slow phases (the same code up to 1.7× slower for minutes): the
    best pass is the code's speed, the spread is the machine's."""
    from agents.extract.report import clear_text_caches

    graph = build_graph()
    files = sorted(p for p in (ROOT / "examples/reports").iterdir() if p.is_file()) + [ROOT / "examples/corpus/huaian-2024.pdf"]
    files += sorted(p for p in (ROOT / "examples/corpus").iterdir() if p.suffix in (".txt", ".md") and p.name != "README")
    for f in files:
        graph.invoke({"path": str(f)})  # warm-up
    per_pass: dict[str, list[float]] = {f.name: [] for f in files}
    for _ in range(passes):
        for f in files:
            times = []
            for _ in range(rounds):
                clear_text_caches()
                t0 = time.perf_counter()
                graph.invoke({"path": str(f)})
                times.append(time.perf_counter() - t0)
            per_pass[f.name].append(statistics.median(times) * 1000)
    return [(name, min(ms), max(ms)) for name, ms in per_pass.items()]


def where_time_goes(rounds: int, passes: int = 1) -> dict[str, float]:
    """Where a seed's check goes, median ms per check over the seeds: each step's own function called
    directly (read, extract, summarise, check: what the graph's node runs), their sum ("nodes"), and
    the whole graph ("graph"); the difference is LangGraph's own work around the nodes. The two are timed
    alternately, report by report, so both see the same phase of the machine; of ``passes`` passes of
    ``rounds`` rounds, the one whose graph was fastest (as ``speed`` takes its best pass)."""
    from agents.deps import Deps
    from agents.extract.report import clear_text_caches
    from agents.nodes.check import check_report
    from agents.nodes.extract import extract_tables
    from agents.nodes.load import load_document
    from agents.nodes.segment import segment_report
    from agents.nodes.summarise import summarise_issues

    def read_report(state: dict) -> dict:
        update = load_document(state)  # what the read_report node does before extract_tables
        return {**update, **segment_report({**state, **update})}

    deps = Deps()
    nodes = {"read": read_report, "extract": lambda s: extract_tables(s, deps=deps),
             "summarise": lambda s: summarise_issues(s, deps=deps), "check": check_report}
    graph = build_graph(deps)
    seeds = sorted(p for p in (ROOT / "examples/reports").iterdir() if p.suffix in TEXT)
    best: dict[str, float] = {}
    for _ in range(passes):
        times: dict[str, list[float]] = {k: [] for k in [*nodes, "nodes", "graph"]}
        for _ in range(rounds):
            for f in seeds:
                clear_text_caches()
                state: dict = {"path": str(f)}
                for name, node in nodes.items():
                    t0 = time.perf_counter()
                    state.update(node(state))
                    times[name].append(time.perf_counter() - t0)
                times["nodes"].append(sum(times[k][-1] for k in nodes))
                clear_text_caches()
                t0 = time.perf_counter()
                graph.invoke({"path": str(f)})
                times["graph"].append(time.perf_counter() - t0)
        medians = {k: statistics.median(v) * 1000 for k, v in times.items()}
        if not best or medians["graph"] < best["graph"]:
            best = medians
    return best


def process_seconds(rounds: int) -> tuple[float, float, float, float, float, float]:
    """Whole-process wall time of `xxgk check SEED`, of `python -c "import langgraph.graph"` and of the
    same import with the cycle collector off and the result frozen (as `xxgk` imports it: see agents.cli.main),
    run alternately
    ``rounds`` times each: (check median, check min, import median, import min, collector-off import
    median, its min) in s."""
    import subprocess

    seed = sorted((ROOT / "examples/reports").glob("*.txt"))[0]
    xxgk = Path(sys.executable).parent / "xxgk"
    check_cmd = [str(xxgk), "check", str(seed)] if xxgk.exists() else [sys.executable, "-m", "agents.cli", "check", str(seed)]
    import_cmd = [sys.executable, "-c", "import langgraph.graph"]
    import_off_cmd = [sys.executable, "-c", "import gc; gc.disable(); import langgraph.graph; gc.freeze()"]
    # as installed: bytecode cached (pip compiles site-packages; an editable install writes __pycache__ on
    # first import). PYTHONDONTWRITEBYTECODE, set on some machines, would recompile xxgk's own modules from
    # source on every run (about 70 ms here) while langgraph's stay compiled.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(check_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=ROOT, env=env)
    checks: list[float] = []
    imports: list[float] = []
    imports_off: list[float] = []
    for _ in range(rounds):
        for cmd, out in ((import_cmd, imports), (check_cmd, checks), (import_off_cmd, imports_off)):
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=ROOT, env=env)
            out.append(time.perf_counter() - t0)
    return (statistics.median(checks), min(checks), statistics.median(imports), min(imports),
            statistics.median(imports_off), min(imports_off))


def seconds_per_mb(sizes: tuple[float, ...] = (1.0, 4.0)) -> list[tuple[float, float, float]]:
    """(MB, seconds, seconds per MB) for one-line text made of a seed repeated: time must grow linearly."""
    import tempfile

    from agents.verdict import check_file

    seed_text = sorted((ROOT / "examples/reports").glob("*.txt"))[0].read_text(encoding="utf-8").replace("\n", " ")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            path = Path(tmp) / f"one-line-{mb:g}mb.txt"
            path.write_text((seed_text + " ") * (int(mb * 1e6 / len(seed_text.encode())) + 1), encoding="utf-8")
            real_mb = path.stat().st_size / 1e6
            t0 = time.perf_counter()
            check_file(path, max_mb=100)
            secs = time.perf_counter() - t0
            out.append((real_mb, secs, secs / real_mb))
    return out


def llm_figures() -> None:
    """The configured model against the rules alone, on every real report with gold and every seed:
    cells right with and without the model, the cells the model changed and whether each was right,
    numbers rejected as not in the source, section-五 categories against the hand labels, and calls,
    tokens and seconds per report. One command tells whether a provider is worth its cost."""
    from agents.config import load_config
    from agents.evaluation import gold_cells
    from agents.verdict import check_file, graph_for
    from schemas.issues import IssueCategory, ItemKind

    cfg = load_config({"enabled": True})
    graph = graph_for(cfg)
    print(f"model {cfg.model} at {cfg.base_url} (mode {cfg.mode})")
    golds = dict(real_reports())
    labels = section5_labels(ROOT / "examples" / "section5_labels.json")
    files = sorted(golds) + sorted(p for p in (ROOT / "examples/reports").iterdir() if p.suffix in (".txt", ".md"))
    with_model, rules_only, s5_rules, s5_model = Score(), Score(), CategoryScore(), CategoryScore()
    totals = {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "rejected": 0, "chosen": 0, "changed": 0,
              "changed_right": 0, "fallbacks": 0}
    seconds = 0.0
    by_model = 0
    for f in files:
        base = check_file(f)
        t0 = time.perf_counter()
        v = check_file(f, graph=graph)
        secs = time.perf_counter() - t0
        seconds += secs
        line = f"{f.name:<28} {secs:6.1f} s  calls {v.llm.calls:3}  tokens {v.llm.prompt_tokens}+{v.llm.completion_tokens}"
        for k in ("calls", "prompt_tokens", "completion_tokens"):
            totals[k] += getattr(v.llm, k)
        if v.llm.agreement:
            totals["rejected"] += v.llm.agreement.rejected
            totals["chosen"] += v.llm.agreement.chosen
        totals["fallbacks"] += len(v.llm.errors)
        if f in golds:
            gold = golds[f]
            a, b = score(v.report, gold), score(base.report, gold)
            with_model.add(a)
            rules_only.add(b)
            want = gold_cells(gold)
            for (tid, rk, ck), g in want.items():
                if tid == "二":
                    continue
                m, r = v.report.tables[tid].get(rk, ck), base.report.tables[tid].get(rk, ck)
                if (m.value, m.status) != (r.value, r.status):
                    totals["changed"] += 1
                    totals["changed_right"] += int(m.is_number and g is not None and abs(float(m.value or 0) - g) < 1e-9)
            line += f"  cells {a.right}/{a.total} (rules alone {b.right}), wrong numbers {a.wrong_numbers}"
        if f.name in labels:
            for summary, sc in ((v.summary, s5_model), (base.summary, s5_rules)):
                got = {c.value for c in summary.categories(ItemKind.problem)} - {IssueCategory.other.value} if summary else set()
                sc.add(f.name, got, labels[f.name])
        by_model += int(bool(v.summary) and v.summary.engine != "rules")
        print(line + f"  五 by {v.engines.get('summary')}")
    n = len(files)
    print(f"cells right against gold: with the model {with_model.right}/{with_model.total}, "
          f"rules alone {rules_only.right}/{rules_only.total}; wrong numbers {with_model.wrong_numbers} "
          f"(rules alone {rules_only.wrong_numbers})")
    print(f"cells the model changed: {totals['changed']}, of which right {totals['changed_right']}; "
          f"rows chosen among the rules' readings {totals['chosen']}; numbers rejected as not in the source {totals['rejected']}")
    print(f"section 五 problem categories with the model configured: P {s5_model.precision:.2f} R {s5_model.recall:.2f} "
          f"({by_model} of {n} summaries by the model, the rest fell back to the rules); "
          f"rules alone P {s5_rules.precision:.2f} R {s5_rules.recall:.2f}")
    print(f"per report: {totals['calls'] / n:.1f} calls, {totals['prompt_tokens'] / n:.0f} prompt + "
          f"{totals['completion_tokens'] / n:.0f} completion tokens, {seconds / n:.1f} s; "
          f"{totals['fallbacks']} model steps fell back to the rules")


def ocr_figures(variants: tuple[tuple[int, float], ...]) -> None:
    """The real 淮安 PDF scanned (every page an image, no text layer) and read back by OCR."""
    import os
    import tempfile

    from agents.evaluation import scanned_copy
    from agents.ingest.ocr import available

    if not available():
        print('OCR extra not installed: pip install -e ".[ocr]"')
        return
    pdf = ROOT / "examples/corpus/huaian-2024.pdf"
    gold = dict(corpus(ROOT / "examples/corpus"))[pdf]
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XXGK_OCR_CACHE"] = cache  # measure the reading, not the cache
        for dpi, angle in variants:
            data = scanned_copy(pdf.read_bytes(), dpi=dpi, angle=angle)
            t0 = time.perf_counter()
            doc = read_bytes(data, f"huaian-scan-{dpi}dpi.pdf")
            r = extract_report(doc.text, doc.source, uncertain=doc.uncertain)
            secs = time.perf_counter() - t0
            s = score(r, gold)
            pages = len(doc.page_starts)
            print(f"scanned at {dpi} dpi, turned {angle:g}°: {s.right}/{s.total} cells right, {s.wrong_numbers} wrong numbers, "
                  f"{s.unreadable} unreadable; {secs / pages:.1f} s per page ({pages} pages, {len(doc.uncertain)} uncertain figures)")


def _cells_line(s: Score) -> str:
    missing = f", {s.missing} reported missing" if s.missing else ""
    marked = f", {s.marked} read blank or a dash where a figure stands" if s.marked else ""
    return (f"{s.right}/{s.total} ({s.right / s.total:.2%}) cells right, {s.wrong_numbers} wrong numbers, "
            f"{s.unreadable} unreadable{missing}{marked}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--llm", action="store_true", help="also measure the configured model (XXGK_MODEL …)")
    ap.add_argument("--ocr", action="store_true", help="also OCR a scanned copy of the real 淮安 PDF (about 2 minutes)")
    ap.add_argument("--ocr-only", action="store_true", help="only the OCR figures")
    ap.add_argument("--llm-only", action="store_true", help="only the model figures (configured endpoint)")
    args = ap.parse_args()
    if args.llm_only:
        print("== model path (configured endpoint): real reports with gold and the seeds ==")
        llm_figures()
        return
    if args.ocr_only:
        print("== scanned reports: the real 淮安 PDF as image-only copies, read by OCR, against its gold ==")
        ocr_figures(((200, 0.0), (100, 0.0), (200, 1.5)))
        return
    print(f"== real reports against hand-read gold ({corpus_dir()}, and those added to examples/corpus): "
          "tables 三/四, and 二 where the gold has it ==")
    total = Score()
    for name, s34, s2, secs in gold_accuracy():
        total.add(s34)
        t2 = f"; 表二 {s2.right}/{s2.total}" if s2.total else ""
        print(f"{name:<22} {s34.right}/{s34.total} cells right, {s34.wrong_numbers} wrong numbers, "
              f"{s34.unreadable} unreadable{t2}  ({secs * 1000:.0f} ms)")
    if total.total:
        print(f"{'all real reports':<22} {total.right}/{total.total} ({total.right / total.total:.1%}), "
              f"{total.wrong_numbers} wrong numbers")
    n_fig = 3 if args.quick else 10
    print(f"\n== the real reports' layouts with other figures ({n_fig} new tables per mode, few and many; 三/四; "
          "a dash, an empty cell or a misread 'O' for about a third of the zero cells, or one total misprinted) ==")
    for name, variant, s, runs in refigured(n_fig):
        if not runs:
            print(f"{name:<22} {variant:<19} not refigured (a row's cells are not printed on one line)")
            continue
        print(f"{name:<22} {variant:<19} {_cells_line(s)}")
    n_dmg = 10 if args.quick else 30
    print(f"\n== the real reports damaged ({n_dmg} copies each: cut off inside 三/四, 1-8 lines of 表三 lost or "
          "repeated, a line of 三/四 joined to the next, broken in two, or with an empty line or a page footer before "
          "it, or 1-3 marks (\"\\ufffd\", \"?\", \"*\", \"#\") put between two digits); cells that are gone or unread "
          "count as not right, none may be a wrong number ==")
    for name, damage, s, copies in damaged_files(n_dmg):
        if copies:
            print(f"{name:<22} {damage:<15} {_cells_line(s)}")
    n_relaid = 60 if args.quick else 300
    print(f"\n== the seeds and real text reports relaid ({n_relaid} copies each: 12 spaces and line breaks put in "
          "or taken out between the words and figures of 二 to 四, no figure touched); each cell the original reads "
          "as a number must read the same or not at all ==")
    for name, _copies, cells, wrong, lost in rewritten_files(n_relaid, lambda text, rng: relaid(text, rng, 12)):
        print(f"{name:<26} {cells - wrong - lost}/{cells} the same, {wrong} another number or a dash, {lost} not read")
    n_relabelled = 30 if args.quick else 150
    print(f"\n== the seeds and real text reports relabelled ({n_relabelled} copies each: about half the row labels of "
          "三 and 四 reworded as other agencies print them (numbering in other brackets or none, other quotation "
          "marks, long labels cut short), no figure touched); each cell the original reads as a number must read the "
          "same or not at all ==")
    for name, _copies, cells, wrong, lost in rewritten_files(n_relabelled, relabelled):
        print(f"{name:<26} {cells - wrong - lost}/{cells} the same, {wrong} another number or a dash, {lost} not read")
    n_tools = 10 if args.quick else 40
    converted = sorted(p for d in ("pdf_text", "docx_md", "html_md") for p in (ROOT / "tests/fixtures" / d).iterdir()
                        if p.suffix in (".txt", ".md"))
    print(f"\n== the real reports as other PDF, Word and web-page tools print them (tests/fixtures) relaid (12 changes) "
          f"and relabelled, {n_tools} copies each way; each cell the original reads as a number must read the same or "
          "not at all ==")
    ways = [rewritten_files(n_tools, lambda text, rng: relaid(text, rng, 12), converted),
            rewritten_files(n_tools, relabelled, converted)]
    for path, laid, labelled in zip(converted, *ways):
        name = f"{path.parent.name}/{path.name}"
        print(f"{name:<50} relaid: {laid[3]} another number or a dash, {laid[4]} not read of {laid[2]}; "
              f"relabelled: {labelled[3]}, {labelled[4]} of {labelled[2]}")
    print("\n== the real web pages as crawlers save them (BeautifulSoup's get_text: nothing, a line break, a space "
          "or a tab between text nodes; empty nodes kept or dropped) ==")
    for name, how, s in crawled_pages():
        print(f"{name:<22} {how:<50} {_cells_line(s)}")
    n_pages = 10 if args.quick else 40
    print(f"\n== synthetic web pages ({n_pages}; 表三 of random figures, some zeros printed as &nbsp;) taken those ways ==")
    for how, s in crawled_synthetic(n_pages).items():
        print(f"{how:<30} {_cells_line(s)}")
    browsers = text_browsers(n_pages)
    if browsers:
        print("\n== those synthetic pages as text browsers save them (the ones installed; 80 and 40 columns) ==")
        for how, s in browsers.items():
            print(f"{how:<30} {_cells_line(s)}")
    print("\n== the real reports as other PDF, Word and web-page converters print them (tests/fixtures; 三 and 四) ==")
    for folder, name, s in tool_texts():
        print(f"{folder + '/' + name:<50} {_cells_line(s)}")
    s5, kinds = section5_accuracy()
    print(f"\n== section 五 problem categories against hand labels ({s5.tp + s5.fn} labels) ==")
    print(f"precision {s5.precision:.2f}, recall {s5.recall:.2f}" + "".join(f"\n  {m}" for m in s5.misses))
    print(f"== section 五 sentences listed as problems against those read as problems ({kinds.tp + kinds.fn} sentences) ==")
    print(f"precision {kinds.precision:.2f}, recall {kinds.recall:.2f}" + "".join(f"\n  {m}" for m in kinds.misses))
    n = 10 if args.quick else 40
    print(f"\n== accuracy on synthetic reports ({n} random tables per layout; tables 三 and 四) ==")
    for shape, (right, total, perfect) in synthetic(n).items():
        print(f"{shape:<8} {right}/{total} cells right ({right / total:.2%}); {perfect}/{n} reports exact")
    print(f"\n== accuracy by published format ({n // 2} random reports each; blank cells must stay blank) ==")
    for kind, (right, total, secs, pages) in formats(max(2, n // 2)).items():
        print(f"{kind:<38} {right}/{total} cells right ({right / total:.2%}); {secs / pages * 1000:.0f} ms per page")
    tools = pdftotext_blanks(max(2, n // 2))
    if tools:
        print(f"\n== those PDFs (blank cells among the zeros) as poppler's pdftotext prints them ({max(2, n // 2)} reports; 表三) ==")
        for opt, sc in tools.items():
            print(f"{'pdftotext ' + (opt or '(no options)'):<24} {_cells_line(sc)}")
    passes = 2 if args.quick else 6
    print(f"\n== speed: full check (read → extract → summarise → check) per example report: median of "
          f"{5 if args.quick else 15} runs, best and worst of {passes} passes ==")
    rows = speed(5 if args.quick else 15, passes)
    seeds = {p.name for p in (ROOT / "examples/reports").iterdir()}
    for name, best, worst in rows:
        print(f"{name:<30} {best:7.1f} ms  (worst pass {worst:.1f})")
    text = [(best, worst) for name, best, worst in rows if name in seeds]
    med = statistics.median(b for b, _ in text)
    print(f"{'median of the example reports':<30} {med:7.1f} ms  (worst pass {statistics.median(w for _, w in text):.1f})"
          f"  → {1000 / med:.0f} reports/s on one core (target ≤ 10 ms: {'met' if med <= 10 else 'not met'})")
    w = where_time_goes(4 if args.quick else 8, passes)
    print(f"{'where a seed check goes':<30} steps called directly {w['nodes']:.1f} ms (read {w['read']:.1f}, extract "
          f"{w['extract']:.1f}, summarise {w['summarise']:.1f}, check {w['check']:.1f}); through the graph "
          f"{w['graph']:.1f} ms: LangGraph's own work {w['graph'] - w['nodes']:.1f} ms "
          f"({(w['graph'] - w['nodes']) / w['graph']:.0%}; medians, the two alternated; best of {passes} passes)")
    real = [(best, worst) for name, best, worst in rows if name not in seeds and not name.endswith(".pdf")]
    print(f"{'median of the real text reports':<30} {statistics.median(b for b, _ in real):7.1f} ms  (worst pass "
          f"{statistics.median(w for _, w in real):.1f}; examples/corpus: longer, two of them one crawler line)")
    for name, best, _ in rows:
        if name.endswith(".pdf"):
            pages = len(read_path(ROOT / "examples/corpus" / name).page_starts)
            print(f"{name:<30} {best / pages:7.1f} ms per page ({pages} pages)")
    print("\n== whole process: `xxgk check SEED` against `python -c 'import langgraph.graph'`, alternated, bytecode cached ==")
    c_med, c_min, i_med, i_min, o_med, o_min = process_seconds(5 if args.quick else 11)
    print(f"xxgk check {c_med:.2f} s median ({c_min:.2f} min); import langgraph.graph {i_med:.2f} s median "
          f"({i_min:.2f} min); ours {c_med - i_med:+.2f} s median, {c_min - i_min:+.2f} s min "
          f"(target ≤ +0.30 s: {'met' if c_med - i_med <= 0.3 else 'not met'})")
    print(f"like for like: the same import with the cycle collector off and its objects frozen, as xxgk imports it, {o_med:.2f} s median "
          f"({o_min:.2f} min); ours {c_med - o_med:+.2f} s median, {c_min - o_min:+.2f} s min "
          f"(target ≤ +0.30 s: {'met' if c_med - o_med <= 0.3 else 'not met'})")
    print("\n== time against size: one-line text (a seed repeated), full check in-process ==")
    for mb, secs, per in seconds_per_mb((1.0,) if args.quick else (1.0, 4.0, 12.0)):
        print(f"{mb:5.1f} MB  {secs:6.1f} s  {per:5.2f} s/MB")
    if args.ocr:
        print("\n== scanned reports: the real 淮安 PDF as image-only copies, read by OCR, against its gold ==")
        ocr_figures(((200, 0.0), (100, 0.0), (200, 1.5)))
    if args.llm:
        print("\n== model path (configured endpoint) over the example text reports ==")
        llm_figures()


if __name__ == "__main__":
    main()
