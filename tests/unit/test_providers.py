"""Provider presets as data, and a clear error when the [llm] extra is missing."""

from __future__ import annotations

import sys

import pytest

from agents.config import load_config
from agents.errors import ProviderConfigError
from agents.providers import PROVIDERS


def test_a_preset_fills_base_url_mode_and_think_stripping():
    cfg = load_config({"provider": "DeepSeek", "model": "deepseek-chat"}, env={"DEEPSEEK_API_KEY": "sk-test"})
    p = PROVIDERS["deepseek"]
    assert (cfg.provider, cfg.base_url, cfg.mode, cfg.strip_think) == ("deepseek", p.base_url, p.mode, True)
    assert cfg.api_key is not None and cfg.api_key.get_secret_value() == "sk-test"
    assert "sk-test" not in str(cfg.public())


def test_explicit_settings_win_over_the_preset():
    cfg = load_config({"provider": "ollama", "model": "qwen2.5:7b", "base_url": "http://10.0.0.5:11434/v1",
                       "mode": "md_json"}, env={})
    assert (cfg.base_url, cfg.mode) == ("http://10.0.0.5:11434/v1", "md_json")
    cfg = load_config({"model": "m"}, env={"XXGK_PROVIDER": "glm"})
    assert cfg.base_url == PROVIDERS["glm"].base_url and cfg.strip_think is False


def test_unknown_provider_names_the_known_ones():
    with pytest.raises(ProviderConfigError, match="未知的模型服务") as err:
        load_config({"provider": "nosuch", "model": "m"}, env={})
    assert "deepseek" in err.value.hint_zh


def test_model_configured_without_the_llm_extra_says_what_to_install(monkeypatch):
    from agents.verdict import graph_for

    monkeypatch.delitem(sys.modules, "agents.llm", raising=False)
    monkeypatch.setitem(sys.modules, "instructor", None)  # as if the [llm] extra were not installed
    cfg = load_config({"enabled": True, "model": "m", "base_url": "http://127.0.0.1:9/v1"}, env={})
    with pytest.raises(ProviderConfigError, match="llm 扩展") as err:
        graph_for(cfg)
    assert 'pip install -e ".[llm]"' in err.value.hint_zh
