#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Lock-step comparison of privileged behaviour: the directed bare-metal program
tests/iss_programs/privileged/privileged.S (modes, banked registers, exceptions and their
returns, MMU faults with FSR/FAR, CP15) under
  qemu-system-arm -M versatilepb -cpu arm926,vfp=off -icount shift=0,sleep=off -singlestep -d cpu,nochain
(linked for RAM at 0) and under `rtvsim exec --bare-metal --trace-regs` (linked for the
i.MX21's SDRAM at 0xC0000000; the MMU maps both at virtual 0 before `compare_start`), fast
paths on and off. Every register and the CPSR are compared after every instruction from
`compare_start` on. Accepted and counted: QEMU's CPSR bit 8 (ARMv6's A bit, reserved on
ARMv5) and CP15 c1 bits [19:16] (implementation-defined should-be-one bits)."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lockstep  # noqa: E402

QEMU = [shutil.which("qemu-system-arm") or "qemu-system-arm", "-M", "versatilepb", "-cpu", "arm926,vfp=off",
        "-icount", "shift=0,sleep=off", "-semihosting", "-nographic", "-monitor", "none", "-serial", "none",
        "-singlestep", "-d", "cpu,nochain"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rtvsim", required=True)
    ap.add_argument("--programs", required=True, help="the build's iss_programs directory")
    a = ap.parse_args()
    q_elf = os.path.join(a.programs, "privileged-qemu.elf")
    r_elf = os.path.join(a.programs, "privileged-rtvsim.elf")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="rtv-privileged-") as tmp:
        qlog = os.path.join(tmp, "qemu.log")
        q = subprocess.run(QEMU + ["-D", qlog, "-kernel", q_elf], capture_output=True, timeout=60,
                           env=dict(os.environ, QEMU_AUDIO_DRV="none"))
        if q.returncode != 0:
            print(f"privileged: qemu-system-arm failed ({q.returncode}): {q.stderr.decode()[-300:]}")
            return 1
        qb = lockstep.blocks(qlog)
        start = lockstep.symbol(r_elf, "compare_start")
        for fast in (True, False):
            rlog = os.path.join(tmp, f"rtvsim-{fast}.log")
            r = subprocess.run([a.rtvsim, "exec", "--bare-metal", "--trace-regs", rlog]
                               + ([] if fast else ["--no-fast-paths"]) + [r_elf], capture_output=True, timeout=60)
            rb = lockstep.blocks(rlog)
            compared, _, bit8, error = lockstep.compare(qb, rb, start, allow_bit8=True)
            ok = r.returncode == 0 and error is None and compared >= 100
            failed += not ok
            print(f"privileged (fast paths {'on' if fast else 'off'}): {compared} instructions compared, "
                  f"{bit8} differing only in QEMU's CPSR bit 8 or c1 bits [19:16]: {'ok' if ok else 'FAIL'}")
            if error:
                print(error)
            if r.returncode != 0:
                print(f"  rtvsim exit status {r.returncode}: {r.stderr.decode()[-300:]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
