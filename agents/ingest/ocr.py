"""Scanned reports: image-only PDFs and photos read with offline Chinese OCR (the ``[ocr]`` extra).

The recogniser is RapidOCR (``rapidocr-onnxruntime``, Apache-2.0) with PaddleOCR's PP-OCRv4 Chinese
detection and recognition models (Apache-2.0), which ship inside the wheel: nothing is downloaded at
run time. Each page is rendered at ``DPI``, read into text boxes, turned straight when it was scanned at
a slight angle, and handed to the word-position reader (``positions.py``), which also asks the
recogniser to look again at table cells its detector left empty.

OCR output is cached by the file's content hash (``XXGK_OCR_CACHE``, default ``~/.cache/xxgk/ocr``), so
a digest run again does not read the same scans again.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from agents.errors import InputError
from agents.ingest.document import Document, assemble
from agents.ingest.positions import PageText, Word, deskew, read_page, rotate

log = logging.getLogger(__name__)

DPI = 200
SURE = 0.9  # below this recogniser confidence a figure is not taken without the arithmetic's consent
CACHE_VERSION = "1"
INSTALL_HINT = '安装 OCR 扩展后可直接读取：pip install -e ".[ocr]"（离线模型随包安装，无需联网）'

_engine: Any = None
_lock = threading.Lock()


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _get_engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise InputError("这是扫描件（没有文字层），读取需要 OCR 扩展，当前未安装", INSTALL_HINT) from exc
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
            threads = int(os.environ.get("XXGK_OCR_THREADS") or -1)  # -1: onnxruntime's default, every core
            _engine = RapidOCR(text_score=0.3, print_verbose=False, intra_op_num_threads=threads)
        return _engine


def _words(result: list[Any] | None, size: tuple[int, int]) -> tuple[list[Word], float]:
    if not result:
        return [], 0.0
    words, quads = [], []
    for box, text, conf in result:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        words.append(Word(str(text), min(xs), min(ys), max(xs), max(ys), float(conf)))
        quads.append(box)
    return deskew(words, quads, size)


def ocr_image(image: Any) -> PageText:
    """One page image (PIL) read into text; table cells the detector missed are read again alone."""
    import numpy as np

    engine = _get_engine()
    arr = np.asarray(image.convert("RGB"))
    result, _ = engine(arr, use_cls=False, box_thresh=0.3, text_score=0.3)
    words, angle = _words(result, image.size)
    cx, cy = image.size[0] / 2, image.size[1] / 2

    def reread(boxes: list[tuple[float, float, float, float]]) -> list[tuple[str, float] | None]:
        crops = []
        for x0, top, x1, bottom in boxes:
            mx, my = rotate((x0 + x1) / 2, (top + bottom) / 2, angle, cx, cy)  # back onto the image as scanned
            w, h = (x1 - x0) / 2, (bottom - top) / 2
            crops.append(np.asarray(image.convert("RGB").crop((int(mx - w), int(my - h), int(mx + w), int(my + h)))))
        if not crops:
            return []
        got, _ = engine.text_rec(crops)
        return [(str(r[0]), float(r[1])) if r[0] else None for r in got]

    page = read_page(words, reread=reread, sure=SURE)
    page.angle = angle
    return page


def _cache_dir() -> Path:
    return Path(os.environ.get("XXGK_OCR_CACHE") or Path.home() / ".cache" / "xxgk" / "ocr")


def _reader_version() -> bytes:
    """The OCR and position-reader code itself: a change to either reads the scans again."""
    from agents.ingest import positions

    here = Path(__file__)
    try:
        return hashlib.sha256(here.read_bytes() + Path(positions.__file__).read_bytes()).digest()
    except OSError:
        return CACHE_VERSION.encode()


def _cache_key(data: bytes) -> str:
    return hashlib.sha256(data + f"|ocr{CACHE_VERSION}|{DPI}|".encode() + _reader_version()).hexdigest()


def _load_cached(key: str) -> list[dict[str, Any]] | None:
    path = _cache_dir() / f"{key}.json"
    try:
        pages = json.loads(path.read_text(encoding="utf-8"))
        return pages if isinstance(pages, list) else None
    except (OSError, ValueError):
        return None


def _store(key: str, pages: list[dict[str, Any]]) -> None:
    try:
        d = _cache_dir()
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f"{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        tmp.replace(d / f"{key}.json")
    except OSError as exc:  # a read-only home must not stop the check
        log.warning("OCR cache not written (%s)", exc)


def _progress(done: int, total: int, name: str, started: float) -> None:
    if total > 1 and sys.stderr.isatty() and os.environ.get("XXGK_OCR_PROGRESS") != "0":
        print(f"\rOCR {name}：第 {done}/{total} 页（{time.monotonic() - started:.0f} 秒）", end="" if done < total else "\n",
              file=sys.stderr, flush=True)


def _read_pages(images: Iterable[Any], total: int, name: str,
                on_page: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    started = time.monotonic()
    for i, image in enumerate(images, 1):
        page = ocr_image(image)
        pages.append({"text": page.text, "tables": page.tables, "reread": page.reread,
                      "angle": round(page.angle, 2),
                      "uncertain": [[u.start, u.end, u.text, round(u.conf, 3), list(u.alts)] for u in page.uncertain]})
        (on_page or (lambda d, t: _progress(d, t, name, started)))(i, total)
    return pages


def ocr_notes(pages: list[dict[str, Any]], cached: bool, uncertain: int, which: str = "") -> list[str]:
    notes = [f"文字来自 OCR（{which or f'{len(pages)} 页'}，{DPI} dpi{'，取自缓存' if cached else ''}）；"
             f"{uncertain} 处数字识别置信度低或两次识别不同，未经勾稽关系印证不采信"]
    angles = [abs(p.get("angle", 0.0)) for p in pages]
    if any(a >= 0.2 for a in angles):
        notes.append(f"页面有倾斜（最大 {max(angles):.1f}°），已按文字方向校正")
    return notes


def _document(pages: list[dict[str, Any]], name: str, kind: str, cached: bool) -> Document:
    text, starts, uncertain = assemble(list(pages))
    if len(text.strip()) < 20:
        raise InputError(f"没有文字层，OCR 也没有在图像中识别出文字：{name}", "请确认扫描件清晰、方向正确")
    return Document(text, name, kind, None, notes=ocr_notes(pages, cached, len(uncertain)), page_starts=starts,
                    ocr=True, uncertain=uncertain)


def ocr_pdf_pages(data: bytes, name: str, indices: list[int] | None = None) -> tuple[list[dict[str, Any]], bool]:
    """OCR of a PDF's pages (all, or those ``indices``): one dict per page, and whether from the cache."""
    key = _cache_key(data + f"|pages{indices}".encode())
    cached = _load_cached(key)
    if cached is not None:
        return cached, True
    _get_engine()  # the missing-extra error before any rendering
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        which = list(range(len(pdf))) if indices is None else indices
        pages = _read_pages((pdf[i].render(scale=DPI / 72).to_pil() for i in which), len(which), name)
    finally:
        pdf.close()
    _store(key, pages)
    return pages, False


def read_scanned_pdf(data: bytes, name: str) -> Document:
    """An image-only PDF: every page rendered and read by OCR."""
    pages, cached = ocr_pdf_pages(data, name)
    return _document(pages, name, "pdf", cached)


def read_image(data: bytes, name: str) -> Document:
    """A photo or scan of report pages (.png, .jpg, .tif): every frame read by OCR."""
    key = _cache_key(data)
    cached = _load_cached(key)
    if cached is not None:
        return _document(cached, name, "image", True)
    _get_engine()
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        # a phone photo is stored sideways with an EXIF note of how to turn it: turned as it is shown
        frames = [ImageOps.exif_transpose(f.copy()) or f.copy() for f in ImageSequence.Iterator(img)]
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(f"图像文件损坏或格式无法识别：{name}", "请重新导出为 PNG 或 JPG") from exc
    pages = _read_pages(frames, len(frames), name)
    _store(key, pages)
    return _document(pages, name, "image", False)
