#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The whole test suite: a Release build in build/ and its tests, then the same suite built
# with AddressSanitizer and UBSan in build-asan/ (docs/architecture.md, Testing rules). Exit status: non-zero if
# either pass fails. RTV_SANITIZE=0 skips the sanitizer pass (a quicker local run).
# LeakSanitizer is off: it cannot follow the stacks of SystemC's coroutine threads.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

status=0
tools/build.sh "$@" </dev/null
ctest --test-dir build --output-on-failure -j"$(nproc)" </dev/null || status=1

if [[ "${RTV_SANITIZE:-1}" != 0 ]]; then
    echo "== the same suite under AddressSanitizer + UBSan (build-asan/) =="
    BUILD_DIR=build-asan BUILD_TYPE=Release tools/build.sh -DRTV_SANITIZE=ON "$@" </dev/null
    ASAN_OPTIONS=detect_leaks=0:detect_stack_use_after_return=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -j"$(nproc)" </dev/null || status=1
fi
exit "$status"
