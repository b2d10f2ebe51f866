"""LLM configuration: defaults < config file < environment < command line.

Environment: OPENAI_BASE_URL / XXGK_BASE_URL, OPENAI_API_KEY / XXGK_API_KEY, XXGK_MODEL,
XXGK_INSTRUCTOR_MODE (tools, json_schema, json, md_json). Config file: --config PATH, $XXGK_CONFIG,
./xxgk.toml or ~/.config/xxgk/config.toml, with an [llm] table of the same keys in lower case.
The API key is a SecretStr: it never appears in logs, outputs or cassettes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, SecretStr, ValidationError

from agents.errors import ProviderConfigError

Mode = Literal["tools", "json_schema", "json", "md_json"]
ENV = {"base_url": ("XXGK_BASE_URL", "OPENAI_BASE_URL"), "api_key": ("XXGK_API_KEY", "OPENAI_API_KEY"),
       "model": ("XXGK_MODEL",), "mode": ("XXGK_INSTRUCTOR_MODE",), "provider": ("XXGK_PROVIDER",)}


class LLMConfig(BaseModel):
    enabled: bool = False
    provider: str | None = None  # a preset from agents/providers.py: base URL, mode, <think> stripping
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = None
    mode: Mode = "tools"
    timeout_s: float = 120.0
    validation_retries: int = 2  # instructor re-asks after a validation error
    transport_retries: int = 3  # tenacity attempts on 429, 5xx, timeouts, refused connections
    retry_wait_s: float = 1.0  # first back-off; doubles each time
    deadline_s: float = 180.0  # no new attempt of one call starts after this long (a stalled server)
    max_tokens: int = 2048
    strip_think: bool = True  # drop <think>…</think> before parsing (harmless where a model never writes one)
    max_concurrency: int = 4  # digest: model calls in flight at once
    requests_per_minute: float | None = None  # model calls a minute (check and digest), None = unlimited

    @property
    def engine_name(self) -> str:
        return f"model:{self.model}"

    def public(self) -> dict[str, Any]:
        """What may be shown: everything but the key."""
        return self.model_dump(mode="json", exclude={"api_key"}) | {"api_key_set": self.api_key is not None}


def _config_file(path: str | None, env: Mapping[str, str]) -> dict[str, Any]:
    candidates = [path, env.get("XXGK_CONFIG"), "xxgk.toml", str(Path.home() / ".config" / "xxgk" / "config.toml")]
    for c in candidates:
        if c and Path(c).is_file():
            import tomllib  # only where a config file exists: most runs have none

            try:
                data = tomllib.loads(Path(c).read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ProviderConfigError(f"配置文件格式错误：{c}（{exc}）", "请检查 TOML 语法") from exc
            return dict(data.get("llm", {}))
        if c == path and path:
            raise ProviderConfigError(f"配置文件不存在：{path}")
    return {}


def load_config(cli: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None,
                path: str | None = None) -> LLMConfig:
    env = os.environ if env is None else env
    values: dict[str, Any] = _config_file(path, env)
    for key, names in ENV.items():
        for name in names:
            if env.get(name):
                values[key] = env[name]
                break
    explicit = None
    for key, value in (cli or {}).items():
        if key == "enabled":
            explicit = value
        elif value is not None:
            values[key] = value
    if values.get("provider"):
        from agents.providers import preset

        p = preset(str(values["provider"]))
        values["provider"] = p.name
        values.setdefault("base_url", p.base_url)  # an explicit --base-url or --mode wins over the preset
        values.setdefault("mode", p.mode)
        values.setdefault("strip_think", p.strip_think)
        if not values.get("api_key") and p.key_env and env.get(p.key_env):
            values["api_key"] = env[p.key_env]
    if explicit is not None:
        values["enabled"] = explicit
    elif "enabled" not in values:
        values["enabled"] = bool(values.get("model"))
    try:
        cfg = LLMConfig.model_validate(values)
    except ValidationError as exc:
        bad = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ProviderConfigError(f"模型配置无效：{bad}", "mode 可选 tools、json_schema、json、md_json") from exc
    if cfg.enabled and not cfg.model:
        raise ProviderConfigError("已启用模型但未指定模型名称", "请设置 XXGK_MODEL 或使用 --model")
    return cfg
