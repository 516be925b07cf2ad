#!/usr/bin/env bash
# The local writer over the drafts evaluation set (Tests/Fixtures/draft-eval/conversations.json): the model
# started as Retoma starts it, N drafts per conversation (default 3), each through DraftGate and DraftFit.
# Prints the gate's pass rate, the mean fit and the time per draft; writes every draft with its verdict to
# bench/out/drafts-<model>.jsonl for a person to read.
# Usage: bench/drafts.sh [N] [gemma|smollm2|FILE.gguf] [first temperature, default the configured 0.7]
# The time is the model's; a debug build of the bench is enough (and shares the tests' build folder).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-3}"
model="${2:-gemma}"
scripts/setup-model.sh
swift build --product retoma-bench -q
"$(swift build --show-bin-path)/retoma-bench" drafts "$n" "$model" ${3:+"$3"}
