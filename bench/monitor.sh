#!/usr/bin/env bash
# Monitor benchmark (issue 7): the real binary in tmux with the send monitor open while 1,000 engine events
# per second arrive through the mailbox (a synthetic source, RETOMA_BENCH_EVENTS_PER_S). Measures key press →
# frame for 200 keys per run (monitor selection moves, then board focus moves) and peak resident memory after
# the stream ran long enough to fill the monitor's window many times over.
# Usage: bench/monitor.sh [events_per_second] [runs] [deals]
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-1000}"
runs="${2:-3}"
deals="${3:-1000}"

scripts/setup.sh release >/dev/null
bin="$(swift build -c release --show-bin-path)/retoma"
out="$(mktemp -d)"
trap 'tmux -L retoma-bench-mon kill-server 2>/dev/null || true; rm -rf "$out"' EXIT
db="$out/bench.db"
"$bin" demo --db "$db" --deals "$deals" >/dev/null

all_keys="$out/keys.txt"
: > "$all_keys"
rss_kb=()
for run in $(seq 1 "$runs"); do
    trace="$out/trace-$run"
    tmux -L retoma-bench-mon -f /dev/null new-session -d -x 160 -y 48 \
        "exec env LANG=C.UTF-8 TERM=xterm-256color RETOMA_TRACE=$trace RETOMA_BENCH_EVENTS_PER_S=$rate $bin --db $db --no-engine"
    for _ in $(seq 1 500); do grep -q first_board_frame "$trace" 2>/dev/null && break; sleep 0.01; done
    pid=$(grep '^pid=' "$trace" | cut -d= -f2)
    tmux -L retoma-bench-mon send-keys -t 0 m
    sleep 3                                   # 3,000 events: the window (2,000) is already full
    for i in $(seq 1 100); do
        case $((i % 4)) in 0|1) k=k;; *) k=j;; esac
        tmux -L retoma-bench-mon send-keys -t 0 "$k"; sleep 0.01
    done
    tmux -L retoma-bench-mon send-keys -t 0 Escape
    for i in $(seq 1 100); do
        case $((i % 8)) in 0|1|2) k=j;; 3) k=l;; 4|5|6) k=k;; *) k=h;; esac
        tmux -L retoma-bench-mon send-keys -t 0 "$k"; sleep 0.01
    done
    sleep 2
    rss_kb+=("$(awk '/VmHWM/ { print $2 }' /proc/"$pid"/status)")
    tmux -L retoma-bench-mon send-keys -t 0 q
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
    grep '^key_frame_ns=' "$trace" | cut -d= -f2 | tr ',' '\n' | grep -v '^$' >> "$all_keys"
    tmux -L retoma-bench-mon kill-server 2>/dev/null || true
done
key_stats=$(sort -n "$all_keys" | awk '{ a[NR] = $1 } END { printf "%d %.2f %.2f %.2f", NR, a[int((NR + 1) / 2)] / 1e6, a[int(NR * 0.95)] / 1e6, a[NR] / 1e6 }')
read -r n med p95 worst <<< "$key_stats"
max_rss=$(printf '%s\n' "${rss_kb[@]}" | sort -n | tail -1)
echo "events: $rate/s, runs: $runs, deals: $deals, cpu: $(nproc) cores"
echo "key press → frame with the monitor open ($n keys): median ${med} ms, p95 ${p95} ms, worst ${worst} ms"
echo "peak resident memory after ~$(( 7 * rate )) events per run: $((max_rss / 1024)) MB (${max_rss} kB)"
