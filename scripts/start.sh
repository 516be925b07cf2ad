#!/usr/bin/env bash
# Quick start: set up, build, seed the demo board (once) and open it.
# Says what it is doing when there is work to do (a first run compiles for a few minutes); stays quiet otherwise.
# Arguments go to the board: scripts/start.sh --lang en --theme light
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "start: $*"; }
elapsed() { local s=$(( $(date +%s) - $1 )); if [ "$s" -ge 60 ]; then echo "$(( s / 60 )) min $(( s % 60 )) s"; else echo "$s s"; fi; }

# SwiftPM links the release build here. Swift itself may not be on PATH yet (setup.sh finds it).
bin=".build/release/retoma"
if [ ! -x "$bin" ]; then
    say "compiling Retoma and its libraries (the first time takes a few minutes: about 6–8 on 2 cores, PostgreSQL's client included)…"
    building=1
elif [ -n "$(find Package.swift Sources -newer "$bin" -print -quit 2>/dev/null)" ]; then
    say "compiling what changed since the last build…"
    building=1
fi
step=$(date +%s)
scripts/setup.sh release
[ -z "${building:-}" ] || say "compiled in $(elapsed "$step")"

# The local model writes the follow-ups when no AI provider is configured (see README, "AI").
if [ -z "${RETOMA_AI_BASE_URL:-}" ] && ! scripts/setup-model.sh --check; then
    say "building the local AI model server, once (about 5–9 minutes the first time)…"
    step=$(date +%s)
    scripts/setup-model.sh
    say "local model ready in $(elapsed "$step")"
fi

# `demo` takes the board's --db and --lang, not its other options (--theme, --board, --no-engine).
demo_args=()
args=("$@")
for (( i = 0; i < ${#args[@]}; i++ )); do
    case "${args[i]}" in
        --db|--lang) (( i + 1 < ${#args[@]} )) && demo_args+=("${args[i]}" "${args[i + 1]}"); i=$(( i + 1 )) ;;
        --db=*|--lang=*) demo_args+=("${args[i]}") ;;
    esac
done
# Creates the demo board "Vendas" the first time and says so; afterwards one line saying it is there.
"$bin" demo ${demo_args[@]+"${demo_args[@]}"}
exec "$bin" "$@"
