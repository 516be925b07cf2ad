#!/usr/bin/env bash
# Prompt benchmark (issue 5): assembling the follow-up prompt for a deal with 5,000 messages (pure code,
# release build). Usage: bench/prompt.sh [messages] [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -q -c release --product retoma-bench
"$(swift build -c release --show-bin-path)/retoma-bench" prompt "${1:-5000}" "${2:-2000}"
