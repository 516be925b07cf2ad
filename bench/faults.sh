#!/usr/bin/env bash
# Kill and pause trials: bench/faults.sh [TRIALS] [SEED]  (default 100 trials, seed 1; about 13 s a trial; the debug build: what is measured is correctness)
# Half the trials kill -9 the engine mid-send and start another; half SIGSTOP it past its lease while another
# takes over, then resume it. Prints, per trial and in total, what the customers received. Exit 1 on any
# duplicate, any message delivered while the ledger says it was not sent, or any saved configuration lost.
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-100}"
seed="${2:-1}"
swift build -q --product retoma
exec python3 bench/faults.py "$(swift build --show-bin-path)/retoma" "$trials" "$seed"
