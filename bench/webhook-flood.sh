#!/usr/bin/env bash
# The webhook listener under a flood (issue 10, item 8), release build, loopback only: the engine sends deals
# that fall due over a window through the sandbox channel, with the listener up, first alone and then while a
# child process holds slow connections against the listener (slowloris: part of a request, then a header line
# a second, reconnecting a second after each close). Prints the due → send delay (median, p99) of both runs,
# what the flood got (503 at once over the cap, 408 at the timeout) and how signed webhooks were answered.
# Stops by itself. Usage: bench/webhook-flood.sh [connections] [sends] [window-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-2000}"
sends="${2:-200}"
window="${3:-30}"

scripts/setup.sh release >/dev/null
swift build -c release --product retoma-webhook-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
"$bin/retoma-webhook-bench" run "$connections" "$sends" "$window"
