#!/usr/bin/env bash
# The due lookup among N deals (default 1,000,000) on PostgreSQL (issue 13), release build: `retoma-engine-bench
# populate` writes them into an empty database through the store's bulk path, then `lookup` times
# `Store.dueDeals(atOrBefore:limit: 25)` at 2,000 random instants (median, p99, max; also as an engine among several
# asks, skipping others' claims) and prints PostgreSQL's EXPLAIN now and half a year on.
# Usage: bench/postgres-lookup.sh URL [deals]   (URL: an empty database, e.g. `createdb` on the server that
# `scripts/postgres.sh start` starts and prints)
set -euo pipefail
cd "$(dirname "$0")/.."
url="${1:?usage: bench/postgres-lookup.sh postgres://user@host:port/empty-db [deals]}"
deals="${2:-1000000}"

scripts/setup.sh release >/dev/null
swift build -c release --product retoma-engine-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
echo "cpu: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/retoma-engine-bench" populate "$url" "$deals"
"$bin/retoma-engine-bench" lookup "$url"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
