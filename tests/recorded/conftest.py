"""Cassette replay for the LLM edge (vcrpy through pytest-recording).

Requests match on method, the path after /v1 and the canonical JSON body (never on host or port),
so a cassette replays whatever base URL it was recorded against. Record mode is "none": a missing
cassette fails the test instead of calling out. Keys and authorization headers are filtered.

Re-record (with a real OpenAI-compatible server running, see README "Recording cassettes"):
    XXGK_RECORD_BASE_URL=http://127.0.0.1:8765/v1 python -m pytest tests/recorded --record-mode=rewrite
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE_URL = os.environ.get("XXGK_RECORD_BASE_URL", "http://127.0.0.1:8765/v1")
MODEL = os.environ.get("XXGK_RECORD_MODEL", "smollm2-135m-instruct")


def _v1_path(r1, r2) -> None:
    def tail(uri_path: str) -> str:
        return uri_path.split("/v1", 1)[-1]
    assert tail(r1.path) == tail(r2.path)


def _canonical(body: bytes | str | None) -> object:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body


def _json_body(r1, r2) -> None:
    assert _canonical(r1.body) == _canonical(r2.body)


def pytest_recording_configure(config, vcr) -> None:
    vcr.register_matcher("v1_path", _v1_path)
    vcr.register_matcher("json_body", _json_body)


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return {"filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization", "cookie"],
            "match_on": ["method", "v1_path", "json_body"], "decode_compressed_response": True}


@pytest.fixture(scope="module")
def vcr_cassette_dir(request) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.split(".")[-1])


@pytest.fixture(autouse=True)
def _cassette_must_exist(request, vcr_cassette_dir, record_mode) -> None:
    if record_mode != "none":
        return
    path = Path(vcr_cassette_dir) / f"{request.node.name}.yaml"
    if not path.exists():
        pytest.fail(f"cassette {path.relative_to(ROOT)} is missing: re-record it (README, 'Recording cassettes')")


@pytest.fixture
def llm_config():
    from agents.config import load_config

    return load_config({"enabled": True, "model": MODEL, "base_url": BASE_URL, "mode": "tools",
                        "transport_retries": 1, "validation_retries": 2}, env={})
