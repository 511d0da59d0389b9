#!/usr/bin/env bash
# Builds (see build.sh) and runs the whole test suite; the exit status is ctest's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools/build.sh "$@" </dev/null
exec ctest --test-dir build --output-on-failure -j"$(nproc)" </dev/null
