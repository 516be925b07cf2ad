#!/usr/bin/env bash
# Sets up and runs every test: unit, store, CLI and end-to-end (real terminal through tmux).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh debug
scripts/setup-model.sh      # the integration tests run the real local model
swift build -q --build-tests
swift test --skip-build
