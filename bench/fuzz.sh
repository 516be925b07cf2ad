#!/usr/bin/env bash
# Fuzzing (issue 10): bench/fuzz.sh TARGET|all SECONDS
#
# Builds retoma-fuzz with libFuzzer and AddressSanitizer in .build-fuzz (the first build compiles the
# dependencies again, later ones only what changed), then runs each target for SECONDS on its corpus:
# Tests/FuzzCorpus/<target> (seeds and every input that once crashed, replayed by `swift test`) plus a
# working corpus in .build-fuzz/corpus/<target> that grows from run to run. A crashing input is written to
# Tests/FuzzCorpus/<target>/crash-… (timeout-…, oom-…, leak-…): fix the code and commit the file with the fix.
# Prints, per target, the executions run and the crashes found, appends them to bench/out/fuzz.tsv (the fuzz
# hours of RELIABILITY.md), and exits 1 when a target crashed, 2 when the build or a run failed otherwise.
# RETOMA_FUZZ_CONFIG=release builds optimised: about 70 s more to build from scratch, 1.5-4 times the
# executions per second (worth it for long runs).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: bench/fuzz.sh TARGET|all SECONDS   (targets: webhook config values prompt)" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
target_arg=$1 seconds=$2
[[ $seconds =~ ^[0-9]+$ ]] && (( seconds >= 1 && seconds <= 86400 )) || { echo "SECONDS must be a whole number from 1 to 86400 (got \"$seconds\")" >&2; exit 2; }

scratch=.build-fuzz
config=${RETOMA_FUZZ_CONFIG:-debug}
[[ $config == debug || $config == release ]] || { echo "RETOMA_FUZZ_CONFIG must be debug or release (got \"$config\")" >&2; exit 2; }
started=$(date +%s)
# -D FUZZING makes retoma-fuzz hand its arguments to libFuzzer instead of replaying files.
# (gold warns about every AddressSanitizer helper it cannot export: noise.)
if ! swift build -q --scratch-path "$scratch" -c "$config" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
        --product retoma-fuzz 2>&1 | { grep -v "Cannot export local symbol '__asan" || true; }; then
    echo "bench/fuzz.sh: the fuzz build failed (swift build --scratch-path $scratch -Xswiftc -sanitize=fuzzer,address)" >&2
    exit 2
fi
echo "fuzz build ($config): $(( $(date +%s) - started )) s"
bin="$scratch/$config/retoma-fuzz"

known=$("$bin" --list | awk 'NR > 1 { print $1 }')
if [[ $target_arg == all ]]; then
    targets=$known
elif grep -qx -- "$target_arg" <<<"$known"; then
    targets=$target_arg
else
    echo "unknown target \"$target_arg\"; known: $(echo $known)" >&2
    exit 2
fi

mkdir -p bench/out "$scratch/logs"
artifacts() { find "Tests/FuzzCorpus/$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort; }
crashed=0 failed=0
for t in $targets; do
    work="$scratch/corpus/$t" regress="Tests/FuzzCorpus/$t" log="$scratch/logs/$t.log"
    mkdir -p "$work"
    before=$(artifacts "$t")
    # Swift's own crash reporter would hold a crashing run for seconds: libFuzzer reports the crash itself.
    # Leak checks are off: the Swift runtime and Foundation keep caches that LeakSanitizer reports as leaks.
    set +e
    t0=$(date +%s)
    # timeout: a hang outside any one input (libFuzzer's own -timeout covers those) still ends the run.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:handle_sigill=1 timeout -k 10 $(( seconds + 60 )) \
        "$bin" "$t" "$work" "$regress" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        ${RETOMA_FUZZ_SEED:+-seed="$RETOMA_FUZZ_SEED"} \
        -artifact_prefix="$regress/" -print_final_stats=1 >"$log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - t0 ))
    set -e
    execs=$(awk '/stat::number_of_executed_units/ { n = $2 } END { print n + 0 }' "$log")
    new=$(comm -13 <(echo "$before") <(artifacts "$t") | sed '/^$/d')
    count=$(sed '/^$/d' <<<"$new" | wc -l)
    printf '%-8s %10d executions in %4d s, %d crash(es)\n' "$t" "$execs" "$elapsed" "$count"
    printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$elapsed" "$execs" "$count" >>bench/out/fuzz.tsv
    if (( count > 0 )); then
        crashed=1
        sed 's/^/    /' <<<"$new"
        grep -m 3 -E 'fuzz invariant|Fatal error|ERROR: (AddressSanitizer|libFuzzer)|deadly signal' "$log" | sed 's/^/    /' || true
        echo "    log: $log; replay with a plain build: swift build --product retoma-fuzz && .build/debug/retoma-fuzz $t <file>"
    elif (( status != 0 )); then
        failed=1
        echo "    $t exited $status without writing an input; the end of $log:" >&2
        tail -n 5 "$log" | sed 's/^/    /' >&2
    fi
done
(( crashed )) && exit 1
(( failed )) && exit 2
exit 0
