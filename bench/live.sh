#!/usr/bin/env bash
# A change seen by another terminal (issue 13): the board (release build, engine embedded) in tmux at 160×45 with
# RETOMA_TRACE; another process moves a card (`retoma deal move`) TRIALS times, each at a random moment; the time from
# just before that process starts (and from when it has exited, its commit done) to the first frame the board
# presents after reading the board again because of it (`external_change_frames_epoch_ns` in the trace).
# Usage: bench/live.sh [trials] [database]   (database: a postgres:// URL of an empty database; none: an SQLite file)
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-20}"
target="${2:-}"

scripts/setup.sh release >/dev/null
swift build -c release --product retoma >/dev/null
bin="$(swift build -c release --show-bin-path)/retoma"
out="$(mktemp -d)"
trap 'tmux -L retoma-live kill-server 2>/dev/null || true; rm -rf "$out"' EXIT
if [ -n "$target" ]; then db="$target"; kind="PostgreSQL (LISTEN/NOTIFY)"; else db="$out/live.db"; kind="SQLite file (data_version)"; fi
"$bin" demo --db "$db" >/dev/null
columns=($("$bin" board list --json --db "$db" | python3 -c 'import json,sys; print(*[c["id"] for c in json.load(sys.stdin)["boards"][0]["columns"]][:2])'))
deal=$("$bin" deal list --column "${columns[0]}" --json --db "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["deals"][0]["id"])')

trace="$out/trace"
tmux -L retoma-live -f /dev/null new-session -d -x 160 -y 45 \
    "exec env LANG=C.UTF-8 TERM=xterm-256color RETOMA_TRACE=$trace $bin --db '$db'"
for _ in $(seq 1 1000); do grep -q first_board_frame "$trace" 2>/dev/null && break; sleep 0.01; done
grep -q first_board_frame "$trace" || { echo "live.sh: the board never showed" >&2; exit 1; }
sleep 2
frames() { grep '^external_change_frames_epoch_ns=' "$trace" 2>/dev/null | cut -d= -f2 | tr ',' '\n' | grep -v '^$' || true; }

from_start=()
from_exit=()
for i in $(seq 1 "$trials"); do
    # A random moment against the board's once-a-second (SQLite) or five-times-a-second (PostgreSQL) look.
    sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.5 + r / 32768 }')"
    t0=$(date +%s%N)
    "$bin" deal move "$deal" --column "${columns[$((i % 2))]}" --yes --db "$db" >/dev/null
    t1=$(date +%s%N)
    # The first such frame after t0 (one move may commit more than once and be read again twice).
    frame=""
    for _ in $(seq 1 500); do
        frame=$(frames | awk -v t="$t0" '$1 > t { print; exit }')
        [ -n "$frame" ] && break
        sleep 0.01
    done
    [ -n "$frame" ] || { echo "live.sh: trial $i: the move never showed" >&2; exit 1; }
    from_start+=("$(awk -v a="$t0" -v b="$frame" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')")
    from_exit+=("$(awk -v a="$t1" -v b="$frame" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')")
done
tmux -L retoma-live send-keys -t 0 q

stats() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { printf "median %.1f ms, p95 %.1f ms, max %.1f ms", a[int((NR + 1) / 2)], a[int(NR * 0.95 + 0.999)], a[NR] }'; }
echo "database: $kind, trials: $trials, cpu: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "from just before the other process starts to the frame showing the move: $(stats "${from_start[@]}")"
echo "from its exit (the write committed) to that frame: $(stats "${from_exit[@]}")"
