"""The few exceptions xxgk raises. Problems *in* a report are findings, not exceptions."""

from __future__ import annotations


class XxgkError(Exception):
    """Base class; ``message_zh`` is what the user sees, ``hint_zh`` what to do about it."""

    exit_code = 3

    def __init__(self, message_zh: str, hint_zh: str = "") -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.hint_zh = hint_zh

    def one_line(self) -> str:
        return f"{self.message_zh}{'（' + self.hint_zh + '）' if self.hint_zh else ''}"


class InputError(XxgkError):
    """The input cannot be read as a report: empty, binary, undecodable, too large, not a report."""

    exit_code = 2


class ProviderConfigError(XxgkError):
    """The LLM endpoint is configured wrongly (missing key, bad URL, unknown mode)."""

    exit_code = 3


class ExtractionError(XxgkError):
    """The model kept failing after its retries; the run falls back to the rules."""

    exit_code = 3

    def __init__(self, message_zh: str, hint_zh: str = "", *, attempts: int = 0,
                 usage: dict[str, int] | None = None, rejected: list[str] | None = None) -> None:
        super().__init__(message_zh, hint_zh)
        self.attempts = attempts
        self.usage = usage or {}
        self.rejected = rejected or []  # quotes the model gave that the report does not hold: never shown
