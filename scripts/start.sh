#!/usr/bin/env bash
# Quick start: set up, build, seed the demo board (once) and open it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
# The local model writes the follow-ups when no AI provider is configured (see README, "AI").
[ -n "${RETOMA_AI_BASE_URL:-}" ] || scripts/setup-model.sh
bin="$(swift build -c release --show-bin-path)/retoma"
"$bin" demo "$@"
exec "$bin" "$@"
