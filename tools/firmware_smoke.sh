#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A smoke check of the binary uC/OS-II guest that needs neither rtvsim's ISS nor its Xen model:
# build/firmware/ucos_guest.elf runs under qemu-arm with gdb-multiarch standing in for a
# minimal Xen-ARM (tests/firmware/gdb_xen_stub.py says what it does and does not do).
# Not part of the suite: about a minute per case.
# Usage: tools/firmware_smoke.sh [case...]   (default: all; cases are listed in the script)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
elf="${BUILD_DIR:-build}/firmware/ucos_guest.elf"
[[ -f "$elf" ]] || { echo "no $elf: run tools/build.sh first" >&2; exit 2; }
cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=(fp-naive fp-naive-lossy edf-corrected-lossy fp-block no-config hello busy)
failed=0
for c in "${cases[@]}"; do
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    image="$elf"
    [[ "$c" != hello ]] || image="${BUILD_DIR:-build}/firmware/xen-arm-hello/xen_hello.elf"
    [[ "$c" != busy ]] || image="${BUILD_DIR:-build}/firmware/busy_guest.elf"
    qemu-arm -cpu arm926,vfp=off -g "$port" "$image" &
    qemu=$!
    sleep 0.3
    echo "== $c"
    out=$(FW_ELF="$image" FW_CASE="$c" FW_PORT="$port" timeout 600 gdb-multiarch -q -batch \
          -x tests/firmware/gdb_xen_stub.py 2>&1 | grep -E '^(console|ticks|state|jobs|busy|PASS|FAIL|Traceback|  File|gdb\.|[A-Za-z]*Error)' || true)
    echo "$out"
    wait "$qemu" 2>/dev/null || true
    grep -q '^PASS' <<<"$out" || failed=1
done
exit $failed
