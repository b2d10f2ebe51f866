"""Score a reading of tables 二, 三 and 四 against hand-read gold (``*.gold.json``, see examples/corpus/README).

Gold rows are keyed by the official Chinese labels; they are matched to the format pack's rows by the
same anchors the extractor uses (the longest anchor found in the gold label wins). A cell is right when
it equals the gold: the printed number, or no number where the gold holds null (blank, dash, not
printed). A *wrong number* is a cell read as a number the report does not print there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.extract.norm import label_key, squash
from schemas.formats import LATEST, FormatVersion, TableSpec, table_spec
from schemas.report import AnnualReport


@dataclass
class Score:
    right: int = 0
    total: int = 0
    wrong_numbers: int = 0
    unreadable: int = 0
    missing: int = 0  # cells the gold holds (blank ones too) that were reported missing (no such row or column)
    marked: int = 0  # cells read as blank or a dash where the gold holds a figure: a mark the report never printed
    misses: list[str] = field(default_factory=list)  # "table/row/column: got … want …"

    def add(self, other: Score) -> None:
        self.right += other.right
        self.total += other.total
        self.wrong_numbers += other.wrong_numbers
        self.unreadable += other.unreadable
        self.missing += other.missing
        self.marked += other.marked
        self.misses += other.misses


def _row_key(spec: TableSpec, label: str) -> str | None:
    flat = squash(label)
    best: tuple[int, str] | None = None
    for row in spec.rows:
        for a in row.anchors:
            if label_key(a) in flat and (best is None or len(label_key(a)) > best[0]):
                best = (len(label_key(a)), row.key)
    return best[1] if best else None


def gold_cells(gold: dict[str, Any]) -> dict[tuple[str, str, str], int | float | None]:
    """(table, row key, column key) -> gold value, for every cell the gold holds."""
    version = FormatVersion(str(gold.get("format", LATEST)))
    out: dict[tuple[str, str, str], int | float | None] = {}
    t3 = table_spec("三", version)
    for label, values in gold.get("rows", {}).items():
        key = _row_key(t3, label)
        if key is None:
            raise ValueError(f"gold row label not in the format: {label}")
        for col, v in zip(t3.row(key).columns, values):
            out[("三", key, col.key)] = v
    t4 = table_spec("四", version)
    flat4 = gold.get("section4_list") or []
    cells4 = [(r.key, c.key) for r in t4.rows for c in r.columns]
    for (rk, ck), v in zip(cells4, flat4):
        out[("四", rk, ck)] = v
    t2 = table_spec("二", version)
    for label, values in (gold.get("section2") or {}).items():
        key = _row_key(t2, label)
        if key is None:
            continue
        vals = values if isinstance(values, list) else [values]
        for col, v in zip(t2.row(key).columns, vals):
            out[("二", key, col.key)] = v
    return out


def score(report: AnnualReport, gold: dict[str, Any], tables: tuple[str, ...] = ("三", "四")) -> Score:
    s = Score()
    for (tid, rk, ck), want in gold_cells(gold).items():
        if tid not in tables:
            continue
        t = report.tables.get(tid)
        try:
            cell = t.get(rk, ck) if t is not None else None
        except KeyError:
            cell = None
        got = cell.value if cell is not None and cell.is_number else None
        s.total += 1
        s.missing += cell is None or cell.status.value == "missing"
        ok = (got is None and want is None) or (got is not None and want is not None and abs(got - want) < 1e-6)
        if ok:
            s.right += 1
            continue
        if got is not None:
            s.wrong_numbers += 1
        if cell is not None and cell.status.value == "unreadable":
            s.unreadable += 1
        s.marked += int(cell is not None and want is not None and cell.status.value in ("blank", "dash"))
        s.misses.append(f"{tid}/{rk}/{ck}: got {got if cell is None or got is not None else cell.status.value}, want {want}")
    return s


def scanned_copy(pdf: bytes, *, dpi: int = 200, angle: float = 0.0, pages: list[int] | None = None) -> bytes:
    """An image-only copy of a PDF, as a scanner makes one: each page (or only ``pages``, the others kept
    with their text layer) rendered to a grey image at ``dpi`` and turned ``angle`` degrees. Needs the
    ``[ocr]`` extra's pypdfium2 and Pillow; used to measure OCR against the real report's gold."""
    import io

    import pypdfium2 as pdfium
    from PIL import Image

    src = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    try:
        for i in range(len(src)):
            if pages is not None and i not in pages:
                out.import_pages(src, [i])
                continue
            img = src[i].render(scale=dpi / 72).to_pil().convert("L")
            if angle:
                img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            buf = io.BytesIO()
            img.save(buf, "PDF", resolution=dpi)
            scan = pdfium.PdfDocument(buf.getvalue())
            out.import_pages(scan, [0])
        result = io.BytesIO()
        out.save(result)
        return result.getvalue()
    finally:
        src.close()


def corpus(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every report file beside a ``NAME.gold.json`` in ``folder`` (NAME.pdf, NAME.pdf.txt, NAME.md …)."""
    out = []
    for g in sorted(folder.glob("*.gold.json")):
        stem = g.name[: -len(".gold.json")]
        gold = json.loads(g.read_text(encoding="utf-8"))
        for f in sorted(folder.glob(stem + ".*")):
            if not f.name.endswith(".gold.json"):
                out.append((f, gold))
    return out


@dataclass
class CategoryScore:
    """Problem categories of section 五 against hand labels, micro-averaged over reports."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, name: str, got: set[str], want: set[str]) -> None:
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)
        if got != want:
            self.misses.append(f"{name}: extra {sorted(got - want)}, missed {sorted(want - got)}")


def section5_labels(path: Path) -> dict[str, set[str]]:
    """File name -> the problem categories read by hand (examples/section5_labels.json)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: set(v["problems"]) for k, v in data.items() if not k.startswith("_")}


def problem_sentence_labels(path: Path) -> dict[str, list[str]]:
    """File name -> a verbatim piece of each sentence of 五 that states a problem, read by hand."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v["problem_sentences"] for k, v in data.items() if not k.startswith("_")}


def add_problem_sentences(score: CategoryScore, name: str, problem_quotes: list[str], labels: list[str]) -> None:
    """Items the summary calls problems against the sentences read as problems: a labelled piece no
    problem item holds is missed (listed as a measure, or not at all); a problem item that holds no
    labelled piece is extra."""
    got = {label for label in labels if any(label in q for q in problem_quotes)}
    got |= {q[:24] for q in problem_quotes if not any(label in q for label in labels)}
    score.add(name, got, set(labels))
