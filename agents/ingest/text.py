"""Bytes to text: BOMs, UTF-8, GB18030/GBK and what charset-normalizer can tell; binary is refused."""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from agents.errors import InputError

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


# characters that end a line as "\n" does (str.splitlines reads them so; Python's own split("\n") and
# the readers do not): a vertical tab (Word's manual line break in text it exports), NEL, and Unicode's
# line and paragraph separators (U+2028/U+2029, which some web editors and crawlers put between a
# table's rows). Each becomes "\n", one character for one, so offsets do not move; a file whose lines
# ended so was once one line, its rows read as cells of one another (5 wrong numbers in a converter's
# Markdown). A form feed stays: it is pdftotext's page break, which the column reader uses.
_LINE_ENDS = re.compile("[\x0b\x85\u2028\u2029]")


_READABLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\s\u2000-\u206f]")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark (it looks binary: every ASCII character has a NUL byte):
    the byte order whose text reads as Chinese and ASCII."""
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:20_000]
        score = len(_READABLE.findall(sample)) / max(1, len(sample))
        if best is None or score > best[0]:
            best = (score, text, enc)
    return (best[1], best[2]) if best is not None and best[0] >= 0.95 else None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return b"\x00" in head


class Decoded(NamedTuple):
    text: str
    encoding: str
    cut: int = 0
    """Bytes of an incomplete character at the very end, dropped: the file was cut off there (a download
    or a copy that stopped part-way), so what followed is not in it."""
    replaced: int = 0
    """Byte sequences that are not UTF-8 in a file that otherwise is, each read as U+FFFD (see _mostly_utf8)."""


MAX_BAD_SEQUENCES = 8


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few byte sequences that are not (a stray byte a crawler's join or a broken copy left):
    the text with each as U+FFFD, which no figure is read through, and how many there are. None where
    there are more than a few, or too few good characters past ASCII to say the file is UTF-8 (a GBK
    file's Chinese is bad UTF-8 throughout). The file was once refused whole for one bad byte."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = len(text) - len(text.encode("ascii", "ignore")) - bad
    return (text, bad) if 0 < bad <= MAX_BAD_SEQUENCES and wide >= max(50, 20 * bad) else None


def _cut_at_end(data: bytes, encoding: str, error: UnicodeDecodeError) -> tuple[str, int] | None:
    """``data`` decoded where its only fault (``error``) is a multi-byte character cut off at the very
    end (the file was truncated): the text before it, and how many bytes were dropped."""
    if error.end != len(data) or error.start < len(data) - 3:
        return None
    try:
        return data[:error.start].decode(encoding), len(data) - error.start
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, name: str = "") -> Decoded:
    """Decoded text with newlines normalised, the encoding used, the bytes of a character cut off at
    the end (dropped), and how many bad sequences of a UTF-8 file that otherwise is were read as U+FFFD."""
    if not data.strip():
        raise InputError(f"文件为空：{name}" if name else "文件为空", "请确认选择的是年度报告文件")
    text, encoding, cut, replaced = None, None, 0, 0
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(enc), enc
            except UnicodeDecodeError:
                pass
            break
    if text is None and _looks_binary(data) and (found := _utf16_without_bom(data)) is not None:
        text, encoding = found
    if text is None:
        if _looks_binary(data):
            raise InputError(f"不是文本文件（含二进制数据）：{name}", "请提供 .txt/.md/.html/.pdf/.docx 格式的年度报告")
        for enc in ("utf-8", "gb18030"):  # each whole, or cut off inside its last character
            try:
                text, encoding = data.decode(enc), enc
                break
            except UnicodeDecodeError as exc:
                if (got := _cut_at_end(data, enc, exc)) is not None:
                    (text, cut), encoding = got, enc
                    break
                if enc == "utf-8" and (mostly := _mostly_utf8(data)) is not None:
                    (text, replaced), encoding = mostly, enc
                    break
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:2_000_000]).best()
        if best is None:
            raise InputError(f"无法识别文件编码：{name}", "请另存为 UTF-8 编码的文本")
        text, encoding = str(best), best.encoding
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _LINE_ENDS.search(text):
        text = _LINE_ENDS.sub("\n", text)
    if not text.strip():
        raise InputError(f"文件只有空白字符：{name}", "请确认选择的是年度报告文件")
    bad = len(_CONTROL.findall(text[:200_000]))
    if bad > max(20, len(text[:200_000]) // 100):
        raise InputError(f"文件内容不是可读文本（{bad} 个控制字符或乱码）：{name}", "请确认文件编码或格式")
    return Decoded(text, encoding or "utf-8", cut, replaced)
