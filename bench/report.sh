#!/usr/bin/env bash
# Results report (issue 14): N deals (default 1,000,000) with M messages (default 5,000,000: our first message, then
# follow-ups and replies) over 90 days in four columns, written in bulk and their results built as migration v11
# does; then `Store.results` for the last 7, 30 and 90 days in process, and `retoma report --json` as a process.
# Release build. Usage: bench/report.sh [deals] [messages]
set -euo pipefail
cd "$(dirname "$0")/.."
deals="${1:-1000000}"
messages="${2:-$((deals * 5))}"

scripts/setup.sh release >/dev/null
swift build -c release --product retoma-engine-bench >/dev/null
swift build -c release --product retoma >/dev/null
bin="$(swift build -c release --show-bin-path)"
out="$(mktemp -d)"
chmod 700 "$out"
trap 'rm -rf "$out"' EXIT
echo "cpu: $(nproc) cores"
"$bin/retoma-engine-bench" populate-report "$out/bench.db" "$deals" "$messages"
"$bin/retoma-engine-bench" report "$out/bench.db"
for days in 30 90; do
    since=$(TZ=America/Sao_Paulo date -d "-$((days - 1)) days" +%F)
    best=""
    for _ in 1 2 3 4 5; do
        t0=$(date +%s%N)
        "$bin/retoma" report --db "$out/bench.db" --since "$since" --json >/dev/null
        t=$(( ($(date +%s%N) - t0) / 1000000 ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "retoma report --since $since --json (last $days days, the whole process): best of 5 ${best} ms"
done
