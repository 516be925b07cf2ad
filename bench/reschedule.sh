#!/usr/bin/env bash
# Saving a column's follow-up settings over N deals (default 1,000,000) all in that column, release build: the
# settings in one short transaction, then the deals rescheduled in batches, each its own transaction. Measures the
# longest transaction of the save and, through a second connection pool (as another process), the longest wait of
# an engine lease renewed every 100 ms and of a board write every 50 ms. Usage: bench/reschedule.sh [deals]
set -euo pipefail
cd "$(dirname "$0")/.."
deals="${1:-1000000}"

scripts/setup.sh release >/dev/null
swift build -c release --product retoma-engine-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "cpu: $(nproc) cores"
"$bin/retoma-engine-bench" populate "$out/bench.db" "$deals"
"$bin/retoma-engine-bench" reschedule "$out/bench.db"
