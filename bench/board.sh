#!/usr/bin/env bash
# Board benchmark (issues 2 and 15): N demo deals (10,000, 100,000, 1,000,000…), release build, the real binary in
# a real terminal (tmux, 160×45). Measures: how long `retoma demo --deals N` takes; the first frame with the board on
# screen from process start; key press → frame (median, p95) for focus moves, which read pages of cards as they go;
# peak resident memory; then the store's board reads themselves (`retoma-bench board`).
# Usage: bench/board.sh [deals] [runs]   (BOARD_DB=path: open a copy of that demo database instead of making one;
# BOARD_FILTER=":aguardando": type that `/` filter first, so the focus moves page through the filtered board;
# BOARD_URL=postgres://…: seed and open that empty PostgreSQL database instead of a file, issue 13)
set -euo pipefail
cd "$(dirname "$0")/.."
deals="${1:-10000}"
runs="${2:-5}"
keys_per_run=200

scripts/setup.sh release >/dev/null
swift build -c release --product retoma-bench >/dev/null
bindir="$(swift build -c release --show-bin-path)"
bin="$bindir/retoma"
out="$(mktemp -d)"
trap 'tmux -L retoma-bench kill-server 2>/dev/null || true; rm -rf "$out"' EXIT
db="${BOARD_URL:-$out/bench.db}"
# BOARD_DB=path reuses a demo database made earlier by `retoma demo --deals N` (a copy is opened).
demo_start=$(date +%s%N)
if [ -n "${BOARD_DB:-}" ]; then cp "$BOARD_DB" "$db"; else "$bin" demo --db "$db" --deals "$deals" >/dev/null; fi
demo_s=$(awk -v a="$demo_start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')

first_ms=()
all_keys="$out/keys.txt"
: > "$all_keys"
rss_kb=()
for run in $(seq 1 "$runs"); do
    trace="$out/trace-$run"
    rm -f "$trace"
    tmux -L retoma-bench -f /dev/null new-session -d -x 160 -y 45 \
        "date +%s%N > $out/t0-$run; exec env LANG=C.UTF-8 TERM=xterm-256color RETOMA_TRACE=$trace $bin --db '$db'"
    for _ in $(seq 1 500); do grep -q first_board_frame "$trace" 2>/dev/null && break; sleep 0.01; done
    t0=$(cat "$out/t0-$run")
    t1=$(grep first_board_frame "$trace" | cut -d= -f2)
    first_ms+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')")
    pid=$(grep '^pid=' "$trace" | cut -d= -f2)
    # The filter's own keys ("/", each character, Enter), each its own frame, are not counted below.
    skip=0
    if [ -n "${BOARD_FILTER:-}" ]; then
        tmux -L retoma-bench send-keys -t 0 /
        for ((c = 0; c < ${#BOARD_FILTER}; c++)); do
            sleep 0.05
            tmux -L retoma-bench send-keys -t 0 -l "${BOARD_FILTER:c:1}"
        done
        sleep 0.05
        tmux -L retoma-bench send-keys -t 0 Enter
        skip=$((${#BOARD_FILTER} + 2))
        sleep 2
    fi
    # Focus moves: down, right, up, left, spaced so each key is its own frame.
    for i in $(seq 1 $keys_per_run); do
        case $((i % 8)) in 0|1|2) k=j;; 3) k=l;; 4|5|6) k=k;; *) k=h;; esac
        tmux -L retoma-bench send-keys -t 0 "$k"
        sleep 0.005
    done
    sleep 0.3
    rss_kb+=("$(awk '/VmHWM/ { print $2 }' /proc/"$pid"/status)")
    tmux -L retoma-bench send-keys -t 0 q
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
    grep '^key_frame_ns=' "$trace" | cut -d= -f2 | tr ',' '\n' | grep -v '^$' | tail -n +$((skip + 1)) >> "$all_keys"
    tmux -L retoma-bench kill-server 2>/dev/null || true
done

sorted_first=$(printf '%s\n' "${first_ms[@]}" | sort -n)
median_first=$(echo "$sorted_first" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
max_first=$(echo "$sorted_first" | tail -1)
key_stats=$(sort -n "$all_keys" | awk '{ a[NR] = $1 } END { printf "%d %.2f %.2f %.2f", NR, a[int((NR + 1) / 2)] / 1e6, a[int(NR * 0.95)] / 1e6, a[NR] / 1e6 }')
max_rss=$(printf '%s\n' "${rss_kb[@]}" | sort -n | tail -1)
read -r n med p95 worst <<< "$key_stats"
echo "deals: $deals, runs: $runs, cpu: $(nproc) cores${BOARD_FILTER:+, filter: $BOARD_FILTER}"
if [ -n "${BOARD_URL:-}" ]; then echo "demo board created in ${demo_s} s on PostgreSQL"
elif [ -n "${BOARD_DB:-}" ]; then echo "demo board copied from $BOARD_DB ($(du -m "$db" | cut -f1) MB)"
else echo "demo board created in ${demo_s} s ($(du -m "$db" | cut -f1) MB)"; fi
echo "first board frame from process start: median ${median_first} ms, worst ${max_first} ms (runs: ${first_ms[*]})"
echo "key press → frame (focus moves, $n keys): median ${med} ms, p95 ${p95} ms, worst ${worst} ms"
echo "peak resident memory: $((max_rss / 1024)) MB (${max_rss} kB)"
# The store's own board reads are timed on SQLite files only (retoma-bench opens a path).
[ -n "${BOARD_URL:-}" ] || "$bindir/retoma-bench" board "$db"
