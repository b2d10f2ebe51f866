"""The `xxgk` command. The only place that prints results or chooses exit codes.

Exit codes (one table for the whole tool, as in the README): 0 合格 (read in full, no error finding);
1 不合格 (an error finding in what was read); 2 the job cannot be done with this input or output;
3 model or configuration error; 4 无法判断 (a recognisable report, part of it not read, no error in
what was read); 70 a defect of xxgk itself (never 1: a crash is no verdict on the report).
"""

from __future__ import annotations

import os

# pydantic looks for plugins among every installed distribution's entry points when it builds its first
# model (about 15 ms of each run); xxgk uses none. An explicit setting in the environment wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import gc
import json
import logging
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape

from agents.errors import InputError, XxgkError
from agents.ingest import DEFAULT_MAX_MB

INTERNAL_ERROR = 70  # EX_SOFTWARE: a defect of xxgk itself, never a verdict on the report
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="xxgk：政府信息公开工作年度报告的检查、摘要与汇总工具。\n\n"
                       "退出码：0 合格；1 不合格（已读取部分有错误）；2 输入或输出无法处理；3 模型或其配置出错；"
                       "4 无法判断（部分内容未能读取，已读取部分无错误）；70 xxgk 内部错误。")
err_console = Console(stderr=True, soft_wrap=True, highlight=False)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


class CheckOutput(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    docx = "docx"


class CompareFormat(StrEnum):
    md = "md"
    json = "json"


class ExtractFormat(StrEnum):
    csv = "csv"
    json = "json"
    md = "md"


def _stdout() -> Console:
    return Console(width=None if sys.stdout.isatty() else 120, soft_wrap=False, highlight=False)


class _Redact(logging.Filter):
    """Credentials never reach a log: user:password in URLs (http://u:KEY@host/v1) and bearer tokens."""

    PATTERNS = [(re.compile(r"(://)[^/@\s]+@"), r"\1***@"), (re.compile(r"(?i)(bearer\s+)\S+"), r"\1***"),
                (re.compile(r"\bsk-[A-Za-z0-9_\-]{6,}"), "sk-***")]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern, repl in self.PATTERNS:
            message = pattern.sub(repl, message)
        record.msg, record.args = message, None
        return True


def _setup_logging(verbose: bool) -> None:
    handler = RichHandler(console=err_console, show_path=False)
    handler.addFilter(_Redact())
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(message)s",
                        handlers=[handler], force=True)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder, so a failure never leaves a partial file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fail(exc: XxgkError) -> typer.Exit:
    # escaped: "[ocr]" in an install hint, or a file name with brackets, is text, not rich markup
    err_console.print(f"[bold red]xxgk：[/]{escape(exc.one_line())}", highlight=False)
    return typer.Exit(exc.exit_code)


def _emit(text: str | bytes, output: Path | None) -> None:
    if output is None:
        assert isinstance(text, str), "binary output goes to a file"
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        write_atomic(output, text)
    except OSError as exc:  # a folder, a read-only place, a path under a file: exit 2, never a traceback
        raise _fail(InputError(f"无法写入输出文件：{output}（{exc.strerror or exc}）", "请换一个可写的文件路径")) from None
    err_console.print(f"已写入 {escape(str(output))}")


def _read_json(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"不是 xxgk 的 JSON 结果文件：{path}", "请使用 xxgk check --format json 的输出") from None


@app.command()
def check(
    report: Path = typer.Argument(..., help="年度报告文件：.txt .md .html .pdf .docx"),
    fmt: CheckOutput = typer.Option(CheckOutput.text, "--format", "-f",
                                    help="输出格式：text（终端）、json、md、docx（审核意见 Word 文档，须用 -o 指定文件）"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而不是标准输出"),
    from_json: bool = typer.Option(False, "--from-json", help="REPORT 是此前 --format json 的结果：只重新运行规则"),
    no_tables: bool = typer.Option(False, "--no-tables", help="终端/Markdown 输出中不列出表格"),
    max_mb: float = typer.Option(DEFAULT_MAX_MB, "--max-mb", help="拒绝超过此大小（MB）的文件"),
    year: int | None = typer.Option(None, "--year", min=2000, max=2100,
                                    help="报告年度：代替从标题、统计期限等处读出的年度（与报告所写不同时会提示）"),
    llm: bool | None = typer.Option(None, "--llm/--no-llm", help="使用/不使用大模型（默认：配置了 XXGK_MODEL 时使用）"),
    model: str | None = typer.Option(None, "--model", help="模型名称（环境变量 XXGK_MODEL）"),
    provider: str | None = typer.Option(None, "--provider", help="模型服务预设：deepseek、dashscope、glm、moonshot、vllm、ollama、llamacpp"),
    base_url: str | None = typer.Option(None, "--base-url", help="OpenAI 兼容接口地址（OPENAI_BASE_URL）"),
    mode: str | None = typer.Option(None, "--mode", help="instructor 模式：tools、json_schema、json、md_json"),
    config: str | None = typer.Option(None, "--config", help="配置文件（TOML，[llm] 表）"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="在标准错误输出中显示调试日志"),
) -> None:
    """检查一份年度报告：提取表格、运行规则目录，按严重程度列出发现的问题。"""
    _setup_logging(verbose)
    from agents.config import load_config
    from agents.verdict import check_file, graph_for, recheck

    _imported()

    try:
        if from_json:
            verdict = recheck(_read_json(report), year=year)
        else:
            cfg = load_config({"enabled": llm, "model": model, "base_url": base_url, "mode": mode, "provider": provider},
                              path=config)
            if cfg.enabled:
                with err_console.status(f"正在检查（模型 {cfg.model} 读取表格和第五部分，可能需要几分钟）……"):
                    verdict = check_file(report, max_mb=max_mb, graph=graph_for(cfg), year=year)
            else:
                verdict = check_file(report, max_mb=max_mb, graph=graph_for(cfg), year=year)
    except XxgkError as exc:
        raise _fail(exc) from None
    except OSError as exc:
        raise _fail(InputError(f"无法读取：{report}（{exc.strerror or exc}）")) from None
    if fmt is CheckOutput.docx:
        from agents.render.letter import letter_docx

        if output is None:
            raise _fail(InputError("Word 格式的审核意见须写入文件", "请加 -o 审核意见.docx"))
        _emit(letter_docx(verdict), output)
    elif fmt is CheckOutput.json:
        _emit(verdict.model_dump_json(indent=2), output)
    elif fmt is CheckOutput.md:
        from agents.render.markdown import verdict_markdown

        _emit(verdict_markdown(verdict, tables=not no_tables), output)
    else:
        from agents.render.terminal import print_verdict

        if output is not None:
            console = Console(file=open(os.devnull, "w"), record=True, width=120)  # noqa: SIM115
            print_verdict(verdict, console, tables=not no_tables)
            _emit(console.export_text(), output)
        else:
            print_verdict(verdict, _stdout(), tables=not no_tables)
    raise typer.Exit(verdict.exit_code)


@app.command()
def extract(
    report: Path = typer.Argument(..., help="年度报告文件"),
    fmt: ExtractFormat = typer.Option(ExtractFormat.csv, "--format", "-f", help="csv（可粘贴到 Excel）、json、md"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而不是标准输出"),
    max_mb: float = typer.Option(DEFAULT_MAX_MB, "--max-mb", help="拒绝超过此大小（MB）的文件"),
) -> None:
    """只提取表格的每个单元格：table,row,column,value,status（官方行列名称）。"""
    _setup_logging(False)
    from agents.render.common import cells_csv
    from agents.verdict import check_file

    _imported()

    try:
        verdict = check_file(report, max_mb=max_mb)
    except XxgkError as exc:
        raise _fail(exc) from None
    if fmt is ExtractFormat.csv:
        _emit(cells_csv(verdict), output)
    elif fmt is ExtractFormat.json:
        tables = {k: t.model_dump(mode="json") for k, t in verdict.report.tables.items()}
        _emit(json.dumps({"source": verdict.source, "meta": verdict.report.meta.model_dump(mode="json"),
                          "tables": tables}, ensure_ascii=False, indent=2), output)
    else:
        from agents.render.common import printable_table
        from agents.render.markdown import md_table

        lines: list[str] = []
        for tid, t in verdict.report.tables.items():
            lines += [f"## 表{tid} {t.spec.title_zh}", "", *md_table(*printable_table(t)), ""]
        _emit("\n".join(lines), output)


@app.command()
def digest(
    folder: Path = typer.Argument(..., help="存放报告的文件夹（递归查找 .txt .md .html .pdf .docx）"),
    out: Path = typer.Option(Path("digest"), "--output", "--out", "-o", help="输出文件夹：digest.xlsx/html/md/json"),
    mapping: Path | None = typer.Option(None, "--mapping", help="机关/层级/年度对照表 CSV：file,agency,level,year"),
    workers: int | None = typer.Option(None, "--workers", "-j", help="并行进程数（默认 CPU 核数）"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不复用此前的结果，全部重新检查"),
    max_mb: float = typer.Option(DEFAULT_MAX_MB, "--max-mb", help="拒绝超过此大小（MB）的文件"),
    llm: bool | None = typer.Option(None, "--llm/--no-llm", help="使用/不使用大模型（默认：配置了 XXGK_MODEL 时使用）"),
    model: str | None = typer.Option(None, "--model", help="模型名称"),
    provider: str | None = typer.Option(None, "--provider", help="模型服务预设（见 xxgk check --help）"),
    base_url: str | None = typer.Option(None, "--base-url", help="OpenAI 兼容接口地址"),
    mode: str | None = typer.Option(None, "--mode", help="instructor 模式"),
    concurrency: int | None = typer.Option(None, "--concurrency", help="同时进行的模型调用数"),
    rpm: float | None = typer.Option(None, "--rpm", help="每分钟最多模型调用次数"),
    config: str | None = typer.Option(None, "--config", help="配置文件（TOML，[llm] 表）"),
    letters: bool = typer.Option(False, "--letters", help="另为每份可读取的报告写一份审核意见 Word 文档（输出文件夹/letters/，不含已驳回的发现）"),
) -> None:
    """汇总检查一个文件夹中的全部报告，输出上报用的表格、图表和跨报告检查。可中断后继续。"""
    _setup_logging(False)
    import sqlite3

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from agents.batch import load_mapping, run_digest
    from agents.config import load_config
    from agents.render.digest_html import digest_html
    from agents.render.digest_md import digest_markdown
    from agents.render.digest_xlsx import digest_xlsx

    _imported()

    try:
        cfg = load_config({"enabled": llm, "model": model, "base_url": base_url, "mode": mode, "provider": provider,
                           "max_concurrency": concurrency, "requests_per_minute": rpm}, path=config)
        fixes = load_mapping(mapping)
        with Progress(TextColumn("[bold]汇总[/]"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      TextColumn("{task.description}"), console=err_console, transient=False) as bar:
            task = bar.add_task("", total=None)

            def tick(done: int, total: int, what: str) -> None:
                bar.update(task, completed=done, total=total, description=escape(what[-40:]))
            result = run_digest(folder, out, workers=workers, cfg=cfg, mapping=fixes, max_mb=max_mb,
                                use_cache=not no_cache, progress=tick)
    except XxgkError as exc:
        raise _fail(exc) from None
    except (OSError, sqlite3.Error) as exc:  # --out read-only, a file, under a file; a cache that cannot be opened
        raise _fail(InputError(f"无法使用输出文件夹：{out}（{getattr(exc, 'strerror', None) or exc}）",
                               "请用 --out 指定一个可写的文件夹")) from None
    failed = []
    from agents import review

    for name, render in ((review.REVIEW_NAME, lambda: review.render(result.reports)),
                         ("digest.json", lambda: result.model_dump_json(indent=2)),
                         ("digest.md", lambda: digest_markdown(result)), ("digest.html", lambda: digest_html(result)),
                         ("digest.xlsx", lambda: digest_xlsx(result))):
        try:
            write_atomic(out / name, render())
        except OSError as exc:  # each output on its own: one that cannot be written does not stop the others
            failed.append(f"{name}（{exc.strerror or exc}）")
    written = 0
    if letters:
        from agents.render.letter import letter_from_row

        names: set[str] = set()
        for row in result.reports:
            if row.status != "ok":
                continue
            stem = re.sub(r"[\\/:*?\"<>|\s]+", "_", row.file.rsplit(".", 1)[0])
            name = f"{stem}-审核意见.docx"
            n = 1
            while name in names:
                n += 1
                name = f"{stem}-{n}-审核意见.docx"
            names.add(name)
            try:
                write_atomic(out / "letters" / name, letter_from_row(row))
                written += 1
            except OSError as exc:
                failed.append(f"letters/{name}（{exc.strerror or exc}）")
    if failed:
        raise _fail(InputError(f"无法写入：{'、'.join(failed)}", f"其余结果已写入 {out}"))
    if letters:
        err_console.print(f"已写入 {written} 份审核意见 → {escape(str(out))}/letters/")
    s = result.stats
    err_console.print(f"已汇总 {s.reports} 份报告（复用 {result.cache['reused']} 份，新检查 {result.cache['computed']} 份；"
                      f"无法读取或未检查 {s.unreadable} 份；跨报告发现 {len(result.cross)} 条）→ {escape(str(out))}/digest.xlsx、digest.html、"
                      "digest.md、digest.json")


@app.command()
def compare(
    last: Path = typer.Argument(..., help="上一年度的报告"),
    this: Path = typer.Argument(..., help="本年度的报告"),
    fmt: CompareFormat = typer.Option(CompareFormat.md, "--format", "-f", help="md（默认）或 json"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而不是标准输出"),
    max_mb: float = typer.Option(DEFAULT_MAX_MB, "--max-mb", help="拒绝超过此大小（MB）的文件"),
) -> None:
    """对比同一机关相邻两年的报告：变化的单元格、结转衔接、第五部分照搬的句子。"""
    _setup_logging(False)
    from agents.compare import compare as run_compare
    from agents.compare import comparison_markdown
    from agents.render.common import md_safe
    from agents.verdict import check_file

    _imported()

    try:
        result = run_compare(check_file(last, max_mb=max_mb), check_file(this, max_mb=max_mb))
    except XxgkError as exc:
        raise _fail(exc) from None
    _emit(result.model_dump_json(indent=2) if fmt is CompareFormat.json else md_safe(comparison_markdown(result)), output)


@app.command()
def rules(fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="text、json 或 md")) -> None:
    """列出规则目录：编号、严重程度、名称、检查内容和依据。"""
    from agents.checks import RULES
    from agents.render.rules import rules_markdown, rules_table

    if fmt is CheckFormat.json:
        _emit(json.dumps([r.model_dump(mode="json") for r in RULES], ensure_ascii=False, indent=2), None)
    elif fmt is CheckFormat.md:
        _emit(rules_markdown(), None)
    else:
        _stdout().print(rules_table())


@app.command()
def schema(name: str = typer.Argument("verdict", help="verdict、report、table2、table3、table4、summary")) -> None:
    """打印 JSON Schema。"""
    from schemas import Section5Summary, Table2Proactive, Table3Applications, Table4ReviewLitigation
    from schemas.report import AnnualReport
    from schemas.verdict import Verdict

    models = {"verdict": Verdict, "report": AnnualReport, "table2": Table2Proactive, "table3": Table3Applications,
              "table4": Table4ReviewLitigation, "summary": Section5Summary}
    if name not in models:
        err_console.print(f"xxgk：未知的名称 {name}；可选：{', '.join(models)}")
        raise typer.Exit(2)
    if name.startswith("table"):  # the format pack's real row and column keys, not a generic cell list
        from schemas.tables import table_json_schema

        _emit(json.dumps(table_json_schema("二三四"[int(name[-1]) - 2]), ensure_ascii=False, indent=2), None)
        return
    _emit(json.dumps(models[name].model_json_schema(), ensure_ascii=False, indent=2), None)


def _version(value: bool) -> None:
    if value:
        from agents.verdict import tool_version

        typer.echo(f"xxgk {tool_version()}")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help="显示版本号并退出")) -> None:
    """xxgk：政府信息公开工作年度报告的检查、摘要与汇总工具。"""


# The command line's own words, printed in English by typer's built-in click: said in Chinese.
CLI_ZH = [("Usage: ", "用法："), ("Options:", "选项："), ("Commands:", "命令："), ("Arguments:", "参数："),
          ("Show this message and exit.", "显示此帮助并退出。"), ("Try '", "运行 '"), ("' for help.", "' 查看帮助。"),
          ("Error: ", "错误："), ("Missing argument", "缺少参数"), ("Missing option", "缺少选项"),
          ("No such option", "没有此选项"), ("No such command", "没有此命令"), ("Invalid value for", "参数值无效："),
          ("is not one of", "不是以下可选值之一："), ("Value error, ", ""), ("Got unexpected extra argument", "多余的参数"),
          ("requires an argument", "需要一个值"), ("Did you mean", "是否想输入"), ("Possible options:", "可用的选项：")]


class _Chinese:
    """A text stream that says click's fixed phrases in Chinese (used for help and usage errors only)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        for en, zh in CLI_ZH:
            text = text.replace(en, zh)
        return int(self._stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _imported() -> None:
    """Called by a command once its heavy imports (langgraph, the schemas, the rules) are done: the
    collector, off while they ran (see ``main``), comes back, and what they built is frozen out of its
    way, so no later collection walks the ~300,000 objects of the loaded modules again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def main() -> None:
    # Importing langgraph, pydantic and xxgk's own modules makes a few hundred thousand objects that live
    # as long as the process; the cycle collector walked them over and over while they were made (a
    # full collection alone took about 60 ms of an xxgk check). Imports make little cyclic garbage, so
    # the collector is off until a command has imported what it needs (``_imported``).
    gc.disable()
    sys.stderr = _Chinese(sys.stderr)  # type: ignore[assignment]  # usage errors; results never go to stderr
    if len(sys.argv) < 2 or {"--help", "-h"} & set(sys.argv[1:]):
        sys.stdout = _Chinese(sys.stdout)  # type: ignore[assignment]
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("xxgk：已中断")
        sys.exit(130)
    except Exception as exc:  # a defect of xxgk: say so, and never exit 1 (不合格) for it
        if os.environ.get("XXGK_DEBUG"):
            raise
        stream = sys.__stderr__ or sys.stderr  # as raised: the English of a type name is not translated
        stream.write(f"xxgk：内部错误（xxgk 自身的缺陷，不是对报告的结论）：{type(exc).__name__}: {str(exc)[:300]}\n"
                     "设置环境变量 XXGK_DEBUG=1 再运行可看到完整的出错位置，请连同输入文件一起报告。\n")
        sys.exit(INTERNAL_ERROR)


if __name__ == "__main__":
    main()
