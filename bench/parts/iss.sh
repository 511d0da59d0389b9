#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Bench part `iss`: the ISS in MIPS on the CRC, sort and mixed programs with MMU and caches
# on, next to qemu-arm and qemu-system-arm -icount shift=0 on the same work, and the ratios
# (bench/iss_bench.py explains how each figure is taken). Usage: iss.sh BUILD_DIR OUT_JSON
set -euo pipefail
build=$1
out=$2
cmake --build "$build" --target rtvsim iss_programs >/dev/null
exec /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/../iss_bench.py" "$build" "$out"
