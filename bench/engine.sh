#!/usr/bin/env bash
# Engine benchmarks (issue 4), release build:
#  - finding the due deals among N deals (default 1,000,000): must be an index range search under 5 ms;
#  - the delay from a deal's due time to the start of its send with the governor open (p99 under 1 s),
#    the engine's CPU while nothing is due, and its peak memory (under 100 MB);
#  - saving a column's settings, which reschedules all N deals in batches: the longest transaction, and the longest
#    wait of a lease renewal and of a board write made meanwhile through another connection pool;
#  - `retoma engine --once --dry-run --json` over all N deals: time and peak memory.
# Usage: bench/engine.sh [deals] [due-deals] [window-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
deals="${1:-1000000}"
due="${2:-300}"
window="${3:-60}"

scripts/setup.sh release >/dev/null
swift build -c release --product retoma-engine-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
db="$out/bench.db"

echo "cpu: $(nproc) cores"
"$bin/retoma-engine-bench" populate "$db" "$deals"
"$bin/retoma-engine-bench" lookup "$db"
"$bin/retoma-engine-bench" reschedule "$db"
"$bin/retoma-engine-bench" engine "$db" "$due" "$window"
# Peak memory of the whole evaluation, read from the kernel after the process ends.
start=$(date +%s%N)
RETOMA_GOVERNOR_MIN_GAP_S=0 RETOMA_GOVERNOR_JITTER_S=0 "$bin/retoma" engine --once --dry-run --json --db "$db" \
    > "$out/once.json" &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
    kb=$(awk '/VmHWM/ { print $2 }' /proc/"$pid"/status 2>/dev/null || echo 0)
    [ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
    sleep 0.05
done
wait "$pid"
end=$(date +%s%N)
decisions=$(grep -c '"deal"' "$out/once.json" || true)
echo "engine --once --dry-run --json over $decisions deals: $(( (end - start) / 1000000 )) ms, peak resident memory $((peak / 1024)) MB"
