"""OpenAI-compatible providers users run, as data: base URL, the instructor mode that works there, and
whether the answers carry a reasoning model's <think> block. Chosen with ``--provider`` (or
``provider`` in the config file, ``XXGK_PROVIDER``); anything given explicitly (--base-url, --mode)
wins over the preset. The API key is never part of a preset."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    name: str
    label_zh: str
    base_url: str
    mode: str  # instructor mode: tools, json_schema, json, md_json
    strip_think: bool = False  # reasoning models wrap their thoughts in <think>…</think>
    key_env: str | None = None  # where such users usually keep the key (a hint only)
    example_model: str = ""


PROVIDERS: dict[str, Provider] = {p.name: p for p in [
    Provider("deepseek", "DeepSeek", "https://api.deepseek.com/v1", "tools", True, "DEEPSEEK_API_KEY", "deepseek-chat"),
    Provider("dashscope", "阿里云百炼（通义千问）", "https://dashscope.aliyuncs.com/compatible-mode/v1", "tools", True,
             "DASHSCOPE_API_KEY", "qwen-plus"),
    Provider("glm", "智谱 GLM", "https://open.bigmodel.cn/api/paas/v4", "tools", False, "ZHIPUAI_API_KEY", "glm-4-plus"),
    Provider("moonshot", "月之暗面 Kimi", "https://api.moonshot.cn/v1", "tools", False, "MOONSHOT_API_KEY",
             "moonshot-v1-32k"),
    Provider("vllm", "vLLM（本地或内网）", "http://127.0.0.1:8000/v1", "json_schema", True, None, "Qwen2.5-7B-Instruct"),
    Provider("ollama", "Ollama（本地）", "http://127.0.0.1:11434/v1", "json", True, None, "qwen2.5:7b"),
    Provider("llamacpp", "llama.cpp server（本地）", "http://127.0.0.1:8080/v1", "tools", True, None, "local"),
]}


def preset(name: str) -> Provider:
    from agents.errors import ProviderConfigError

    key = name.strip().lower()
    if key not in PROVIDERS:
        raise ProviderConfigError(f"未知的模型服务：{name}", "可选：" + "、".join(PROVIDERS))
    return PROVIDERS[key]
