"""Saved web pages: the report's own content area, with <table> read cell by cell.

Tables become tab-separated lines built from the real cell grid (rowspan/colspan expanded), so the
same extractor reads them as it reads pasted tables. Menus, footers, scripts and "附件下载" blocks
are dropped; the content area is the smallest element holding most of the section headings.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from agents.errors import InputError

NOISE = ["script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "button",
         "select", "input", "svg", "canvas", "template"]
BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "ul", "ol",
          "blockquote", "pre", "dd", "dt", "hr", "center"}
HEADINGS = ["总体情况", "主动公开政府信息", "收到和处理政府信息公开申请", "行政复议", "存在的主要问题", "其他需要报告"]
_WS = re.compile(r"\s+")
ROOTS = {"div", "article", "section", "main", "td"}


def _cell_text(cell: Tag) -> str:
    return _WS.sub(" ", cell.get_text(" ", strip=True)).strip()


def _span(cell: Tag, attr: str) -> int:
    try:
        return max(1, min(int(str(cell.get(attr, 1)).strip() or 1), 200))
    except ValueError:
        return 1


def table_lines(table: Tag) -> list[str]:
    """The table as tab-separated lines of its expanded cell grid."""
    grid: dict[tuple[int, int], tuple[str, bool, bool]] = {}  # (row, col) -> (text, from a row above, from a column left)
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            text = _cell_text(cell)
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = (text, dr > 0, dc > 0)
            c += cs
    lines = []
    for r in range(len(rows)):
        cols = sorted(c for (rr, c) in grid if rr == r)
        cells: list[str] = []
        for c in cols:
            text, from_above, from_left = grid[(r, c)]
            if from_left:
                continue  # a cell spanning columns is one cell: written once, so no figure shifts
            if from_above and re.fullmatch(r"[\d.,\-—/ ]*", text):
                cells.append("")  # a figure spanning rows is counted in its first row only
            else:
                cells.append(text)
        if any(x.strip() for x in cells) or len(cells) > 1:  # a row of empty cells is kept: its cells are blank
            lines.append("\t".join(cells))
    return lines


def _content_root(soup: BeautifulSoup) -> Tag:
    """The smallest element holding most section headings. Text lengths and heading hits are summed
    bottom-up in one pass, so 50,000 nested <div>s cost linear time, not a get_text() per element."""
    body: Tag = soup.body or soup  # type: ignore[assignment]
    order: list[Tag] = []
    stack = [body]
    while stack:
        el = stack.pop()
        order.append(el)
        stack.extend(c for c in el.children if isinstance(c, Tag))
    stats: dict[int, tuple[int, frozenset[str]]] = {}
    for el in reversed(order):
        length, hits = 0, set()
        for c in el.children:
            if isinstance(c, Tag):
                n, h = stats[id(c)]
                length, hits = length + n, hits | h
            elif isinstance(c, NavigableString):
                text = str(c)
                length += len(text)
                flat = text.replace(" ", "")
                hits.update(h for h in HEADINGS if h in flat)
        stats[id(el)] = (length, frozenset(hits))
    best, best_len = body, stats[id(body)][0]
    for el in order:
        n, h = stats[id(el)]
        if el.name in ROOTS and len(h) >= 4 and n < best_len:
            best, best_len = el, n
    return best


def _page_title(soup: BeautifulSoup) -> str | None:
    """The report's title from <h1>/<h2> or <title>, when it names a report."""
    for el in [*soup.find_all(["h1", "h2"]), soup.title]:
        if el is None:
            continue
        text = _WS.sub(" ", el.get_text(" ", strip=True)).strip()
        text = re.split(r"[_|－—-]{1,2}\s*\S*(?:网|政府|门户)\S*$", text)[0].strip()
        if "报告" in text and len(text) <= 80:
            return text
    return None


def _walk(root: Tag, out: list[str]) -> None:
    """Text of the content area in reading order; iterative, so deep nesting cannot overflow."""
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            out.append(node)  # a block separator pushed below
            continue
        if isinstance(node, NavigableString):
            s = str(node)
            if s.strip():
                out.append(_WS.sub(" ", s))
            continue
        if not isinstance(node, Tag):
            continue
        if node.name == "table":
            out.append("\n" + "\n".join(table_lines(node)) + "\n")
            continue
        block = node.name in BLOCKS
        if block:
            out.append("\n")
            stack.append("\n")
        stack.extend(reversed(list(node.children)))


def html_to_text(html: str, name: str = "") -> str:
    try:
        soup = BeautifulSoup(html, "lxml")
        for tag in soup.find_all(NOISE):
            tag.decompose()
        for a in soup.find_all("a"):
            if "附件" in a.get_text() or "下载" in a.get_text():
                a.decompose()
        root = _content_root(soup)
        parts: list[str] = []
        heading = _page_title(soup)
        if heading and heading not in root.get_text():
            parts.append(heading + "\n")  # the report's title often sits outside the article body
        _walk(root, parts)
    except RecursionError as exc:
        raise InputError(f"网页嵌套过深，无法解析：{name}", "请另存为纯文本或 PDF 后再检查") from exc
    text = "".join(parts)
    text = re.sub(r"[ \u3000]*\n[ \u3000]*", "\n", text)
    text = re.sub(r"\n{2,}", "\n", text).strip()
    if not text:
        raise InputError(f"网页中没有正文文字：{name}", "请确认保存的是报告页面本身")
    return text


_TABLE_TAG = re.compile(r"(?:<html>\s*<body>\s*)?<table\b|</table\s*>(?:\s*</body>\s*</html>)?", re.I)


def inline_tables(text: str) -> tuple[str, int]:
    """A Markdown or text file with tables written as HTML (PDF-to-Markdown converters such as MinerU
    write each table as one ``<html><body><table>…</table></body></html>`` line): each table becomes
    its tab-separated grid lines (as ``table_lines``), the text around it stays as it is. One pass over
    the tags (an opening tag without its closing one is left as text). Returns the text and how many
    tables were converted."""
    parts: list[str] = []
    count = 0
    done = 0  # text before this is in parts
    opened: int | None = None
    for m in _TABLE_TAG.finditer(text):
        if m.group()[1] != "/":
            opened = m.start() if opened is None else opened
            continue
        if opened is None:
            continue
        table = BeautifulSoup(text[opened:m.end()], "lxml").find("table")
        if isinstance(table, Tag):
            parts += [text[done:opened], "\n", "\n".join(table_lines(table)), "\n"]
            done = m.end()
            count += 1
        opened = None
    return "".join(parts) + text[done:], count
