#!/usr/bin/env bash
# Two engines on one PostgreSQL database (issue 13), release build: COUNT deals (default 500) fall due evenly over
# SECS seconds (default 120); two engines of one WhatsApp number, each on its own connection, share them. Prints the
# delay from each deal's due time to the channel's send call (median, p99, max; target p99 under 1 s), how many each
# engine sent, and duplicates (must be 0; the run exits 2 on any duplicate or unsent deal).
# Usage: bench/engine-team.sh [URL|auto] [count] [window-seconds] [gap-seconds]
#   URL   a postgres:// URL of an EMPTY database (password from PGPASSWORD or ~/.pgpass, never in the URL);
#   auto  (the default) the local throwaway server of scripts/postgres.sh, on a fresh database made and dropped here.
#   gap   the governor's minimum gap between sends, default 0 (open, as bench/engine.sh measures SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-auto}"
count="${2:-500}"
window="${3:-120}"
gap="${4:-0}"

swift build -c release --product retoma-engine-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
if [ "$target" = auto ]; then
    server="$(scripts/postgres.sh start)"
    name="retoma_bench_team_$(date +%s)_$$"
    psql "$server" -qc "CREATE DATABASE $name"
    trap 'psql "$server" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true' EXIT
    base="${server%%\?*}"
    url="${base%/*}/$name"
    [ "$server" != "$base" ] && url="$url?${server#*\?}"
else
    url="$target"
fi

echo "cpu: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); PostgreSQL $(psql "$url" -Atc 'SHOW server_version' 2>/dev/null || echo '?')"
"$bin/retoma-engine-bench" engine-team "$url" "$count" "$window" "$gap"
