#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Differential fuzzing of the ISS against QEMU 7.2 (qemu-arm -cpu arm926,vfp=off): random
# valid ARM/Thumb instruction streams, every register and the CPSR compared after every
# instruction (tools/iss_fuzz/lockstep.py describes the method).
#
#   tools/iss_fuzz.sh N [SEED]     # compare at least N instructions (default 1000000), seed 1
#
# The suite runs a fixed slice of 10^5 (CTest label `oracle`); long runs are this script.
# Failing programs and traces are kept under out/iss_fuzz/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

count=${1:-1000000}
seed=${2:-1}
tools/build.sh >/dev/null
exec /usr/bin/python3 tools/iss_fuzz/lockstep.py --rtvsim "$PWD/${BUILD_DIR:-build}/app/rtvsim" \
    --count "$count" --seed "$seed" --workdir "$PWD/out/iss_fuzz" -j "$(nproc)"
