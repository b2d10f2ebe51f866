"""`xxgk digest`: check every report in a folder, concurrently, resumably, and aggregate.

Results are cached in OUT/.xxgk-cache.sqlite by the file's content hash and a fingerprint of the
tool, its rules, its prompts and the model, so a re-run after an interruption, or after adding ten
reports, only does the new work. A report that cannot be read becomes a row with its reason.
Without a model, reports run in worker processes; with one, in threads limited by the configured
concurrency and rate, and LangGraph's SQLite checkpointer (OUT/.xxgk-checkpoints.sqlite) keeps each
report's in-flight state after every node, so a report interrupted after its slow model calls
resumes where it stopped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from datetime import datetime
from pathlib import Path
from typing import Any

from agents.config import LLMConfig
from agents.digest.cross import cross_findings
from agents.digest.records import level_of, row_from_verdict
from agents.digest.stats import stats
from agents.errors import InputError, XxgkError
from agents.extract.norm import half_width
from agents.ingest import DEFAULT_MAX_MB, READABLE
from agents.ingest.text import decode_bytes
from schemas.digest import Digest, ReportRow

log = logging.getLogger(__name__)
CACHE_NAME = ".xxgk-cache.sqlite"
CHECKPOINTS_NAME = ".xxgk-checkpoints.sqlite"


def discover(folder: Path, exclude: Path | None = None) -> list[Path]:
    if not folder.is_dir():
        raise InputError(f"不是文件夹：{folder}", "xxgk digest 需要一个存放报告的文件夹")
    skip = exclude.resolve() if exclude else None
    found = []
    for p in sorted(folder.rglob("*")):
        suffix = p.suffix.lower()
        if not p.is_file() or suffix not in READABLE and suffix not in LEGACY or \
                any(part.startswith(".") for part in p.relative_to(folder).parts):
            continue
        if skip is not None and skip in p.resolve().parents or _own_output(p):
            continue
        found.append(p)  # .doc/.wps/.ofd too: they become rows that say why they cannot be read, never vanish
    return found


LEGACY = {".doc", ".wps", ".ofd"}  # formats xxgk cannot read: rows that say so
OWN_OUTPUTS = {"digest.md": "政府信息公开工作年度报告汇总", "digest.html": '<meta name="generator" content="xxgk'}


def _own_output(p: Path) -> bool:
    """A previous digest's digest.md / digest.html inside the input folder is not a report."""
    mark = OWN_OUTPUTS.get(p.name)
    if mark is None:
        return False
    try:
        return mark in p.read_bytes()[:4096].decode("utf-8", "ignore")
    except OSError:
        return False


def fingerprint(engine: str) -> str:
    """Tool version, rule catalogue, prompt versions and the engine: a change in any re-checks."""
    import prompts
    from agents.checks import RULES
    from agents.verdict import tool_version

    parts = [tool_version(), json.dumps([(r.id, r.severity.value) for r in RULES]), json.dumps(prompts.versions()), engine,
             _code_hash()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _code_hash() -> str:
    """The reader's and checker's own source: a change to how reports are read re-checks them too."""
    import schemas

    h = hashlib.sha256()
    for pkg in (Path(__file__).parent, Path(schemas.__file__).parent):
        for f in sorted(pkg.rglob("*.py")):
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


class Cache:
    """Finished rows by content hash; each row is committed as soon as it is done."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.Lock()
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError as exc:  # not a database, truncated, a folder: set aside, start afresh
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            path.rename(aside)
            for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                extra.unlink(missing_ok=True)
            log.warning("结果缓存 %s 无法使用（%s），已移到 %s，重新检查全部报告", path, exc, aside.name)
            self.db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, row TEXT NOT NULL)")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get(self, key: str) -> ReportRow | None:
        with self.lock:
            hit = self.db.execute("SELECT row FROM rows WHERE key = ?", (key,)).fetchone()
        return ReportRow.model_validate_json(hit[0]) if hit else None

    def put(self, key: str, row: ReportRow) -> None:
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO rows VALUES (?, ?)", (key, row.model_dump_json()))
            self.db.commit()

    def close(self) -> None:
        self.db.close()


def load_mapping(path: Path | None) -> dict[str, dict[str, str]]:
    """file -> {agency, level, year}: the user's corrections. Headers in English or Chinese."""
    if path is None:
        return {}
    names = {"file": "file", "文件": "file", "文件名": "file", "agency": "agency", "机关": "agency", "单位": "agency",
             "level": "level", "层级": "level", "year": "year", "年度": "year"}
    try:
        text = decode_bytes(path.read_bytes(), path.name).text  # Excel on Chinese Windows saves GBK
        rows = list(csv.DictReader(io.StringIO(text)))
    except (OSError, csv.Error) as exc:
        raise InputError(f"无法读取对照表：{path}（{exc}）", "请提供 CSV：file,agency,level,year") from exc
    heads = {names.get((k or "").strip()) for k in (rows[0].keys() if rows else [])}
    if "file" not in heads or not heads & {"agency", "level", "year"}:
        raise InputError(f"对照表的表头不对：{path}", "表头应为 file,agency,level,year 或 文件,机关,层级,年度")
    out: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows, start=2):  # the header is line 1
        norm = {names.get((k or "").strip(), ""): (v or "").strip() for k, v in row.items()}
        if norm.get("year"):
            year = _MAPPED_YEAR.match(half_width(norm["year"]))
            if year is None or not 2000 <= int(year.group(1)) <= 2100:
                raise InputError(f"对照表第{n}行的年度“{norm['year']}”不是年份：{path}", "年度请写成四位数字，如 2023")
            norm["year"] = year.group(1)
        if norm.get("file"):
            out[norm["file"]] = {k: v for k, v in norm.items() if k in ("agency", "level", "year") and v}
    return out


_MAPPED_YEAR = re.compile(r"^(\d{4})(?:年度?)?$")


def _fix_of(mapping: dict[str, dict[str, str]] | None, rel: str) -> dict[str, str]:
    return (mapping or {}).get(rel) or (mapping or {}).get(Path(rel).name) or {}


def mapped_year(mapping: dict[str, dict[str, str]] | None, rel: str) -> int | None:
    """The year the mapping gives the file: the report is checked as of that year (``check_file``)."""
    year = _fix_of(mapping, rel).get("year", "")
    return int(year) if year.isdigit() else None


def _apply_mapping(row: ReportRow, mapping: dict[str, dict[str, str]]) -> ReportRow:
    fix = _fix_of(mapping, row.file)
    if not fix:
        return row
    upd: dict[str, Any] = {}
    if "agency" in fix:
        upd |= {"agency": fix["agency"], "agency_source": "mapping", "level": fix.get("level") or level_of(fix["agency"])}
    if "level" in fix:
        upd["level"] = fix["level"]
    if (year := mapped_year(mapping, row.file)) is not None:
        upd["year"] = year  # (an unreadable file's row too: the year is the supervisor's grouping)
    return row.model_copy(update=upd)


def _init_worker(parent: int, workers: int = 1) -> None:
    from agents.verdict import rules_graph

    # scanned reports: each worker's OCR takes its share of the cores, not all of them
    os.environ.setdefault("XXGK_OCR_THREADS", str(max(1, (os.cpu_count() or 1) // max(1, workers))))
    os.environ["XXGK_OCR_PROGRESS"] = "0"  # the digest's own bar counts reports; pages would interleave
    threading.Thread(target=_die_with, args=(parent,), daemon=True).start()
    rules_graph()  # compiled once per worker, before its first report


def _die_with(parent: int) -> None:
    """A worker whose digest was killed (kill -9 leaves no chance to stop it) exits by itself."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def check_one(path: str, rel: str, max_mb: float, graph: Any = None, thread_id: str | None = None,
              year: int | None = None) -> ReportRow:
    """One report to one row; never raises (a failure is a row with its reason). ``year``: the mapping's."""
    from agents.verdict import check_file

    t0 = time.perf_counter()
    try:
        v = check_file(path, max_mb=max_mb, graph=graph, thread_id=thread_id, year=year, year_source="mapping")
    except XxgkError as exc:
        return ReportRow(file=rel, status="unreadable", reason=exc.one_line(), seconds=time.perf_counter() - t0)
    except Exception as exc:  # a bug on one report must not stop the batch
        return ReportRow(file=rel, status="error", reason=f"内部错误：{type(exc).__name__}: {exc}",
                         seconds=time.perf_counter() - t0)
    row = row_from_verdict(v, rel, time.perf_counter() - t0)
    try:
        row.modified = datetime.fromtimestamp(Path(path).stat().st_mtime).isoformat(timespec="seconds")
    except OSError:
        pass
    return row


def _model_graph(extractor: Any, out: Path) -> Any:
    from langgraph.checkpoint.sqlite import SqliteSaver

    from agents.deps import Deps
    from agents.graph import build_graph
    from agents.state import checkpoint_serde

    conn = sqlite3.connect(out / CHECKPOINTS_NAME, check_same_thread=False)
    return build_graph(Deps(extractor=extractor), checkpointer=SqliteSaver(conn, serde=checkpoint_serde()))


def _executor(cfg: LLMConfig | None, workers: int, out: Path, extractor: Any = None) -> tuple[Executor, Any]:
    if extractor is not None or (cfg is not None and cfg.enabled):
        if extractor is None:
            from agents.verdict import build_extractor

            assert cfg is not None
            extractor = build_extractor(cfg)
        threads = max(1, cfg.max_concurrency if cfg is not None else 1)
        return ThreadPoolExecutor(max_workers=threads), _model_graph(extractor, out)
    if workers <= 1:
        return ThreadPoolExecutor(max_workers=1), None
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                               initargs=(os.getpid(), workers)), None


def run_digest(folder: Path, out: Path, *, workers: int | None = None, cfg: LLMConfig | None = None,
               mapping: dict[str, dict[str, str]] | None = None, max_mb: float = DEFAULT_MAX_MB,
               use_cache: bool = True, progress: Callable[[int, int, str], None] | None = None,
               extractor: Any = None) -> Digest:
    """Check every report under ``folder``; ``extractor`` overrides the configured model (tests)."""
    files = discover(folder, exclude=out)
    cache = Cache(out / CACHE_NAME)
    engine = extractor.name if extractor is not None else (cfg.engine_name if cfg is not None and cfg.enabled else "rules")
    fp = fingerprint(engine)
    rows: dict[str, ReportRow] = {}
    todo: list[tuple[Path, str, str]] = []
    reused = 0
    years = {rel: y for rel in (p.relative_to(folder).as_posix() for p in files) if (y := mapped_year(mapping, rel))}
    for p in files:
        rel = p.relative_to(folder).as_posix()
        try:  # a year the mapping gives is checked by: a report cached with another is checked again
            key = hashlib.sha256(p.read_bytes()).hexdigest() + ":" + fp + (f":{years[rel]}" if rel in years else "")
        except OSError as exc:
            rows[rel] = ReportRow(file=rel, status="unreadable", reason=f"无法读取文件（{exc.strerror}）")
            continue
        hit = cache.get(key) if use_cache else None
        if hit is not None:
            rows[rel] = hit.model_copy(update={"file": rel})
            reused += 1
        else:
            todo.append((p, rel, key))
    done = len(rows)
    if progress:
        progress(done, len(files), f"复用缓存 {reused} 份")
    workers = workers or os.cpu_count() or 1
    if todo:
        out.mkdir(parents=True, exist_ok=True)
        pool, graph = _executor(cfg, workers, out, extractor)
        checkpointed = graph is not None
        with pool:
            futures = {pool.submit(check_one, str(p), rel, max_mb, graph, key if checkpointed else None, years.get(rel)):
                       (rel, key) for p, rel, key in todo}
            for fut in as_completed(futures):
                rel, key = futures[fut]
                row = fut.result()
                rows[rel] = row
                if row.status != "error":
                    cache.put(key, row)
                    if checkpointed:
                        graph.checkpointer.delete_thread(key)  # finished: its in-flight state is no longer needed
                done += 1
                if progress:
                    progress(done, len(files), rel)
    cache.close()
    ordered = [_apply_mapping(rows[p.relative_to(folder).as_posix()], mapping or {}) for p in files]
    from agents import review
    from agents.verdict import tool_version

    now = datetime.now()
    review.apply(ordered, review.load(out / review.REVIEW_NAME), now.date().isoformat())
    return Digest(tool_version=tool_version(), generated_at=now.isoformat(timespec="seconds"),
                  source=str(folder), reports=ordered, cross=cross_findings(ordered), stats=stats(ordered),
                  cache={"reused": reused, "computed": len(todo), "files": len(files)})
