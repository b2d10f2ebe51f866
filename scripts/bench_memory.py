"""Peak memory and time of `xxgk check` for the largest input each kind allows (default --max-mb 20).

    python scripts/bench_memory.py            # every kind, each in a fresh process (about 3 minutes)
    python scripts/bench_memory.py --mb 5     # smaller inputs, for a quick look

Each input is built here from the seed reports, padded to the size limit in the way that costs the
reader most for its kind: one-line crawler text, a Markdown file of many tables, an HTML page of many
nested sections, a .docx whose XML inflates to the limit, a PDF at the 300-page limit, and a scanned
(image-only) PDF page read by OCR where the [ocr] extra is installed. Peak memory is the child's
maximum resident set size (ru_maxrss).
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

SEED = sorted((ROOT / "examples/reports").glob("*.txt"))[0].read_text(encoding="utf-8")


def _fill(unit: str, mb: float) -> str:
    return unit * max(1, int(mb * 1e6 / len(unit.encode("utf-8"))))


def build(kind: str, mb: float, folder: Path) -> Path | None:
    if kind == "text (one line)":
        p = folder / "one-line.txt"
        p.write_text(_fill(SEED.replace("\n", " ") + " ", mb), encoding="utf-8")
    elif kind == "markdown":
        p = folder / "many.md"
        p.write_text(_fill(SEED + "\n\n", mb), encoding="utf-8")
    elif kind == "html (nested)":
        body = "".join(f"<div><p>{line}</p>" for line in SEED.splitlines()) + "</div>" * len(SEED.splitlines())
        p = folder / "page.html"
        p.write_text("<html><body>" + _fill(body, mb * 0.98) + "</body></html>", encoding="utf-8")
    elif kind == "docx (inflates to the limit)":
        p = folder / "big.docx"
        per, overhead = _docx_xml(p, 100), _docx_xml(p, 0)
        _docx_xml(p, int((mb * 0.95e6 - overhead) / ((per - overhead) / 100)))  # its XML just under the limit
    elif kind == "scanned pdf (OCR, 1 page)":
        try:
            import rapidocr_onnxruntime  # noqa: F401
        except ModuleNotFoundError:
            return None
        from agents.evaluation import scanned_copy

        data = scanned_copy((ROOT / "examples/corpus/huaian-2024.pdf").read_bytes(), dpi=200)
        import pypdfium2 as pdfium

        src = pdfium.PdfDocument(data)
        out = pdfium.PdfDocument.new()
        out.import_pages(src, [4])
        buf = io.BytesIO()
        out.save(buf)
        p = folder / "scan-page.pdf"
        p.write_bytes(buf.getvalue())
    else:
        raise ValueError(kind)
    return p


def _docx_xml(path: Path, paragraphs: int) -> int:
    """Write a .docx of ``paragraphs`` report paragraphs; the bytes its XML inflates to."""
    import zipfile

    import docx

    d = docx.Document()
    para = SEED.replace("\n", "。")
    for _ in range(paragraphs):
        d.add_paragraph(para)
    d.save(str(path))
    with zipfile.ZipFile(path) as z:
        return sum(i.file_size for i in z.infolist() if i.filename.endswith((".xml", ".rels")))


def _long_pdf(folder: Path, pages: int) -> Path:
    """A PDF at the page limit: the drawn report's pages repeated (pypdfium2 ships with pdfplumber)."""
    import pypdfium2 as pdfium
    from fixtures.documents import report_pdf
    from fixtures.synth import consistent_t3, consistent_t4

    one = pdfium.PdfDocument(report_pdf(consistent_t3({"granted": [1, 0, 0, 0, 0, 0]}, [0] * 6, [0] * 6),
                                        consistent_t4([0] * 12)))
    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        out.import_pages(one, list(range(min(len(one), pages - len(out)))))
    p = folder / "long.pdf"
    out.save(str(p))
    return p


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20.0, help="the size limit to fill (default: xxgk's 20 MB)")
    args = ap.parse_args()
    kinds = ["text (one line)", "markdown", "html (nested)", "docx (inflates to the limit)", "pdf (300 pages)",
             "scanned pdf (OCR, 1 page)"]
    print(f"== peak memory and time of `xxgk check` per input kind, at the {args.mb:g} MB limit (fresh process each) ==")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            folder = Path(tmp) / kind.split()[0]
            folder.mkdir()
            path = _long_pdf(folder, 300) if kind.startswith("pdf") else build(kind, args.mb, folder)
            if path is None:
                print(f"{kind:<30} skipped: the [ocr] extra is not installed")
                continue
            size = path.stat().st_size / 1e6
            # ru_maxrss of children is a running maximum: a wrapper process reports its own child's peak
            secs, peak, rc = _isolated(path, args.mb)
            print(f"{kind:<30} {size:6.1f} MB file  {secs:6.1f} s  peak {peak:6.0f} MB  exit {rc}")


def _isolated(path: Path, max_mb: float) -> tuple[float, float, int]:
    code = ("import resource,subprocess,sys,time;t=time.perf_counter();"
            f"rc=subprocess.run([sys.executable,'-m','agents.cli','check',{str(path)!r},'--no-tables','--no-llm',"
            f"'--max-mb','{max_mb}'],capture_output=True,cwd={str(ROOT)!r}).returncode;"
            "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024, rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


if __name__ == "__main__":
    main()
