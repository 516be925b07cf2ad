#!/usr/bin/env bash
# Quick start: set up, build, seed the demo board (once) and open it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
bin="$(swift build -c release --show-bin-path)/retoma"
"$bin" demo "$@"
exec "$bin" "$@"
