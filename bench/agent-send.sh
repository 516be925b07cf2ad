#!/usr/bin/env bash
# An agent's message starts within 100 ms of Enter when the governor allows (issue 11), even with follow-ups
# queued and the worker busy with a slow model: the time from Engine.sendAsAgent (what the deal screen calls on
# Enter) to the channel's send, over TRIALS trials (p50, p95, max). Release build.
# Usage: bench/agent-send.sh [trials] [queued follow-ups]
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-100}"
queued="${2:-1000}"
swift build -c release --product retoma-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
"$bin/retoma-bench" agent-send "$trials" "$queued"
