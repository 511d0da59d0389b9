#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Bench part `kernel`: the bare SystemC 2.3.4 kernel's timed-event rate on this machine
# (bench/kernel_event_rate.cpp), the yardstick for rtvsim's own event rates. Reusable by
# any part that reports simulator speed. Usage: kernel.sh BUILD_DIR OUT_JSON
set -euo pipefail
build=$1
out=$2
cmake --build "$build" --target kernel_event_rate >/dev/null
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
exec /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/../bench_part.py" kernel "$out" \
    --measure "timed events, SC_METHOD re-notify 1 ns|events_per_s|$build/bench/kernel_event_rate method 5000000" \
    --measure "timed events, SC_THREAD wait(1 ns)|events_per_s|$build/bench/kernel_event_rate thread 2000000"
