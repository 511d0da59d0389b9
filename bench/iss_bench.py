#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Bench part `iss` (bench/parts/iss.sh): rtvsim's ISS in MIPS on the project's CPU-bound
programs (CRC, sort, Dhrystone-like mix; tests/iss_programs/) with the MMU and caches on,
next to QEMU on the same work:
- `rtvsim exec --stats` on the static Linux ARM build: instructions and host seconds of the
  simulation (its own figure);
- `qemu-arm -cpu arm926,vfp=off` on the same binary and arguments: wall time of the whole run;
  the instruction count is rtvsim's (the same program executes the same instructions: the
  lock-step test checks the ISS against QEMU instruction by instruction);
- `qemu-system-arm -M versatilepb -cpu arm926,vfp=off -icount shift=0` on the bare-metal
  build of the same kernel and size: wall time of the whole run, instruction count from the
  program's own measurement on QEMU's virtual clock (bench_bare.c).
Each figure is the best of three runs. Ratios are rtvsim's MIPS over QEMU's."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_part  # noqa: E402

KERNELS = [("crc", "300"), ("sort", "200000"), ("mix", "500000")]
QEMU_USER = [shutil.which("qemu-arm") or "qemu-arm", "-cpu", "arm926,vfp=off"]
QEMU_SYSTEM = [shutil.which("qemu-system-arm") or "qemu-system-arm", "-M", "versatilepb", "-cpu", "arm926,vfp=off",
               "-icount", "shift=0", "-semihosting", "-nographic", "-monitor", "none", "-serial", "none"]
RUNS = 3


def wall(cmd, **kw):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, check=True, **kw)
    return time.perf_counter() - t0, p


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build")
    ap.add_argument("out")
    a = ap.parse_args()
    rtvsim = os.path.join(a.build, "app", "rtvsim")
    progs = os.path.join(a.build, "iss_programs")
    env = dict(os.environ, QEMU_AUDIO_DRV="none")
    rows = []
    for kernel, n in KERNELS:
        exe = os.path.join(progs, "bench-arm")
        best = None
        for _ in range(RUNS):
            with tempfile.NamedTemporaryFile(suffix=".json") as f:
                subprocess.run([rtvsim, "exec", "--stats", f.name, exe, kernel, n], capture_output=True, check=True)
                s = json.load(open(f.name))
            if best is None or s["mips"] > best["mips"]:
                best = s
        insns = best["instructions"]
        q_user = min(wall(QEMU_USER + [exe, kernel, n])[0] for _ in range(RUNS))
        q_user_mips = insns / q_user / 1e6
        elf = os.path.join(progs, f"bench-{kernel}-{n}.elf")
        q_sys, ticks = None, None
        for _ in range(RUNS):
            t, p = wall(QEMU_SYSTEM + ["-kernel", elf], env=env)
            m = re.search(rb"icount_ticks (\d+)", p.stdout + p.stderr)
            if not m:
                raise SystemExit(f"iss_bench: {elf} reported no instruction count")
            ticks = int(m.group(1))
            q_sys = t if q_sys is None else min(q_sys, t)
        q_sys_mips = ticks * 1000 / q_sys / 1e6  # one SP804 tick = 1000 instructions at shift=0
        label = f"{kernel} {n}"
        rows += [
            {"name": f"{label}: rtvsim exec (MMU+caches), {insns / 1e6:.1f} M instr, CPI {best['cpi']:.3f}",
             "metric": "mips", "value": round(best["mips"], 2), "unit": "MIPS"},
            {"name": f"{label}: qemu-arm -cpu arm926,vfp=off", "metric": "mips", "value": round(q_user_mips, 2), "unit": "MIPS"},
            {"name": f"{label}: qemu-system-arm versatilepb -icount shift=0, {ticks / 1e3:.1f} M instr",
             "metric": "mips", "value": round(q_sys_mips, 2), "unit": "MIPS"},
            {"name": f"{label}: rtvsim / qemu-arm", "metric": "ratio", "value": round(best["mips"] / q_user_mips, 3), "unit": "x"},
            {"name": f"{label}: rtvsim / qemu-system-arm -icount", "metric": "ratio",
             "value": round(best["mips"] / q_sys_mips, 3), "unit": "x"},
        ]
    bench_part.write("iss", a.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
