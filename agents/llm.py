"""The only place that imports openai and instructor.

``LLMExtractor.extract`` renders a prompt file, asks any OpenAI-compatible endpoint through
instructor (validation errors go back to the model as re-asks), retries transport faults (429, 5xx,
timeouts, refused connections) with exponential back-off via tenacity, strips <think> blocks of
reasoning models before parsing, and turns every failure into an ExtractionError that says why.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any, TypeVar

import httpx
import instructor
import openai
from instructor.core import InstructorRetryException
from pydantic import BaseModel
from tenacity import Retrying, retry_if_exception, stop_after_attempt, stop_after_delay, wait_exponential

import prompts
from agents.config import LLMConfig
from agents.errors import ExtractionError, ProviderConfigError
from schemas.llm import rejected_quotes

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
MODES = {"tools": instructor.Mode.TOOLS, "json_schema": instructor.Mode.JSON_SCHEMA,
         "json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}
THINK = re.compile(r"<think>.*?(?:</think>|$)", re.S)
PLACEHOLDER_KEY = "sk-no-key-needed"  # local servers (llama.cpp, vLLM, Ollama) accept any key


def strip_think(text: str | None) -> str | None:
    """Reasoning models (DeepSeek-R1 …) wrap their thoughts in <think>…</think> before the answer."""
    return THINK.sub("", text).strip() if text and "<think>" in text else text


def _strip_think_hook(response: Any) -> None:
    for choice in getattr(response, "choices", None) or []:
        msg = getattr(choice, "message", None)
        if msg is not None and isinstance(getattr(msg, "content", None), str):
            msg.content = strip_think(msg.content)


def is_transport_fault(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError | openai.RateLimitError | openai.InternalServerError):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500


def describe(exc: BaseException) -> str:
    """A one-line Chinese reason for the verdict; never includes the key."""
    if isinstance(exc, openai.APITimeoutError):
        return "连接模型服务超时"
    if isinstance(exc, openai.APIConnectionError):
        return "无法连接模型服务（连接被拒绝或网络不通）"
    if isinstance(exc, openai.RateLimitError):
        return "模型服务限流（HTTP 429），重试后仍失败"
    if isinstance(exc, openai.AuthenticationError):
        return "模型服务拒绝了 API key（HTTP 401）"
    if isinstance(exc, openai.PermissionDeniedError):
        return "模型服务拒绝访问（HTTP 403）"
    if isinstance(exc, openai.NotFoundError):
        return "模型服务找不到该模型或接口地址（HTTP 404）"
    if isinstance(exc, openai.APIStatusError):
        return f"模型服务返回错误（HTTP {exc.status_code}）"
    if isinstance(exc, openai.APIResponseValidationError | ValueError):
        return "模型服务的回答不是有效的 JSON"
    return f"调用模型失败（{type(exc).__name__}）"


class LLMExtractor:
    """Structured extraction through an OpenAI-compatible endpoint."""

    def __init__(self, cfg: LLMConfig, http_client: httpx.Client | None = None) -> None:
        if not cfg.model:
            raise ProviderConfigError("未指定模型名称", "请设置 XXGK_MODEL 或使用 --model")
        self.cfg = cfg
        self.name = cfg.engine_name
        key = cfg.api_key.get_secret_value() if cfg.api_key else PLACEHOLDER_KEY
        try:
            client = openai.OpenAI(base_url=cfg.base_url, api_key=key, timeout=cfg.timeout_s, max_retries=0,
                                   http_client=http_client)
        except openai.OpenAIError as exc:
            raise ProviderConfigError(f"无法创建模型客户端：{exc}", "请检查 base_url") from exc
        logging.getLogger("instructor").setLevel(logging.CRITICAL)  # its failures reach the verdict instead
        self.client = instructor.from_openai(client, mode=MODES[cfg.mode])
        if cfg.strip_think:
            self.client.on("completion:response", _strip_think_hook)
        self._local = threading.local()  # HTTP calls made by the current extract() in this thread
        self.client.on("completion:kwargs", self._count_call)
        self._dead: str | None = None  # set when the endpoint stayed unreachable after every retry

    @property
    def dead(self) -> str | None:
        """Why the endpoint is no longer called (the circuit breaker is open), or None."""
        return self._dead

    def _count_call(self, *args: Any, **kwargs: Any) -> None:
        self._local.calls = getattr(self._local, "calls", 0) + 1

    def _retrying(self) -> Retrying:
        return Retrying(stop=stop_after_attempt(max(1, self.cfg.transport_retries)) | stop_after_delay(self.cfg.deadline_s),
                        wait=wait_exponential(multiplier=self.cfg.retry_wait_s, max=30),
                        retry=retry_if_exception(is_transport_fault), reraise=True)

    def extract(self, response_model: type[T], prompt_id: str, *, context: dict[str, Any] | None = None,
                **variables: Any) -> tuple[T, dict[str, int]]:
        messages = prompts.load(prompt_id).render(**variables)
        usage = {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0}
        if self._dead is not None:  # a dead endpoint is not called again: one wait, not one per table
            raise ExtractionError(f"{self._dead}，此后不再调用模型", usage=usage)
        self._local.calls = 0
        try:
            for attempt in self._retrying():
                with attempt:
                    try:
                        obj, completion = self.client.chat.completions.create_with_completion(
                            model=self.cfg.model, response_model=response_model, messages=messages,
                            max_retries=self.cfg.validation_retries, context=context, temperature=0,
                            max_tokens=self.cfg.max_tokens, stream=False)
                    except InstructorRetryException as exc:
                        if isinstance(exc.__cause__, openai.OpenAIError) and not exc.failed_attempts:
                            raise exc.__cause__ from exc  # a transport or HTTP fault, not a bad answer
                        raise
        except InstructorRetryException as exc:
            add_usage(usage, getattr(exc, "total_usage", None))
            usage["calls"] = self._local.calls
            rejected = [q for a in (exc.failed_attempts or []) for q in rejected_quotes(a.exception)]
            raise ExtractionError(f"模型 {exc.n_attempts} 次回答都未通过校验：{_first_line(exc)}",
                                  attempts=exc.n_attempts or 0, usage=usage, rejected=list(dict.fromkeys(rejected))) from exc
        except (openai.AuthenticationError, openai.PermissionDeniedError, openai.NotFoundError) as exc:
            # a wrong key, model name or URL is a configuration error (exit 3), not a reason to carry on
            raise ProviderConfigError(describe(exc), "请检查 API key、模型名称（--model）和接口地址（--base-url）") from exc
        except (openai.OpenAIError, ValueError) as exc:
            usage["calls"] = self._local.calls
            if is_transport_fault(exc) and not isinstance(exc, openai.RateLimitError):
                self._dead = describe(exc)  # circuit breaker: the endpoint is down
            raise ExtractionError(describe(exc), attempts=usage["calls"], usage=usage) from exc
        add_usage(usage, getattr(obj, "_total_usage", None) or getattr(completion, "usage", None))
        usage["calls"] = self._local.calls
        return obj, usage


def _first_line(exc: BaseException) -> str:
    """The validation message the model was last told (pydantic's 'Value error, …' line)."""
    text = str(getattr(exc, "__cause__", None) or exc)
    for line in text.splitlines():
        if "Value error," in line:
            return line.split("Value error,", 1)[1].split(" [type=")[0].strip()[:300]
    return text.strip().splitlines()[0][:200] if text.strip() else type(exc).__name__


def add_usage(usage: dict[str, int], u: Any) -> None:
    if u is None:
        return
    get = u.get if isinstance(u, dict) else lambda k, d=0: getattr(u, k, d)
    usage["prompt_tokens"] += int(get("prompt_tokens", 0) or 0)
    usage["completion_tokens"] += int(get("completion_tokens", 0) or 0)


class RateLimited:
    """An extractor wrapper allowing at most ``per_minute`` model calls a minute across threads."""

    def __init__(self, inner: Any, per_minute: float) -> None:
        self.inner, self.name = inner, inner.name
        self.gap = 60.0 / per_minute
        self.next_at = 0.0
        self.lock = threading.Lock()

    def extract(self, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            now = time.monotonic()
            wait = max(0.0, self.next_at - now)
            self.next_at = max(now, self.next_at) + self.gap
        if wait:
            time.sleep(wait)
        return self.inner.extract(*args, **kwargs)


def build_extractor(cfg: LLMConfig, http_client: httpx.Client | None = None) -> LLMExtractor | RateLimited | None:
    """The one way the model is built, for `xxgk check` and the digest alike: rate-limited when
    ``requests_per_minute`` is set."""
    if not cfg.enabled:
        return None
    extractor = LLMExtractor(cfg, http_client)
    return RateLimited(extractor, cfg.requests_per_minute) if cfg.requests_per_minute else extractor
