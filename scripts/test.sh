#!/usr/bin/env bash
# Sets up and runs every test: unit, store, CLI and end-to-end (real terminal through tmux).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh debug
scripts/setup-model.sh      # the integration tests run the real local model
swift build -q --build-tests
# A throwaway PostgreSQL server for the PostgreSQL driver's tests (installed from Debian's packages when missing).
RETOMA_TEST_POSTGRES_URL="$(scripts/postgres.sh start)"
export RETOMA_TEST_POSTGRES_URL
trap 'scripts/postgres.sh stop' EXIT
# One test at a time: the end-to-end tests time real processes and terminals on two cores, and share tmux.
swift test --skip-build --no-parallel
# Every suite that runs on a store (store, engine, channels and webhook) again on that PostgreSQL server: one
# behavioural suite for both backends (a test about SQLite files themselves is reported skipped there, with why).
# The CLI and terminal suites pick their database per test (the PostgreSQL ones are among them).
RETOMA_TEST_BACKEND=postgres swift test --skip-build --no-parallel --filter 'RetomaStoreTests|RetomaEngineTests|RetomaChannelsTests'
# Every fuzz target for RETOMA_FUZZ_SECONDS each (10 by default; 60 for a nightly-style run): a crash, or a
# fuzz build that fails, fails the run. The crashing input lands in Tests/FuzzCorpus (see bench/fuzz.sh).
# A fixed seed keeps this gate repeatable; bench/fuzz.sh without RETOMA_FUZZ_SEED explores anew each run.
RETOMA_FUZZ_SEED="${RETOMA_FUZZ_SEED:-1}" bench/fuzz.sh all "${RETOMA_FUZZ_SECONDS:-10}"
