#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Bench part `iss` (bench/parts/iss.sh): rtvsim's ISS in MIPS on the project's CPU-bound
programs (CRC, sort, Dhrystone-like mix; tests/iss_programs/) with the MMU and caches on,
next to QEMU on the same work:
- `rtvsim exec --stats` on the static Linux ARM build (instructions from its statistics);
- `qemu-arm -cpu arm926,vfp=off` on the same binary and arguments (instruction count: rtvsim's;
  the same program executes the same instructions, which the lock-step test checks);
- `qemu-system-arm -M versatilepb -cpu arm926,vfp=off -icount shift=0` on the bare-metal
  build of the same kernel (instruction count from the program's own measurement on QEMU's
  virtual clock, bench_bare.c).
Every tool is timed the same way: the wall time of the whole process at the benchmark size
and at a minimal size, best of five each; its MIPS is the difference in instructions over
the difference in time, so that no tool's start-up (QEMU's machine set-up and first
translations, rtvsim's SystemC elaboration and ELF load) counts for or against it. rtvsim's
own figure of its simulation loop alone (`--stats` mips) is printed beside it. Ratios are
rtvsim's MIPS over QEMU's.
The runs are interleaved: each of the five rounds runs every command of a kernel once, so that
a stretch of time in which the machine is busy with something else slows all the tools alike
instead of the three runs of one (on a shared machine such stretches last seconds, longer than
a run).
The programs run with an empty environment (`env -i`), as the tests run them: the environment
lies on the program's stack, and its size moves the stack against the data in the simulated
D-cache (with some sizes the mix program's stores miss on every iteration), so that with the
caller's environment the simulated work, and so rtvsim's speed, would depend on who ran it."""
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

KERNELS = [("crc", "300", "1"), ("sort", "200000", "100"), ("mix", "500000", "1")]  # kernel, size, minimal size
QEMU_USER = [shutil.which("qemu-arm") or "qemu-arm", "-cpu", "arm926,vfp=off"]
QEMU_SYSTEM = [shutil.which("qemu-system-arm") or "qemu-system-arm", "-M", "versatilepb", "-cpu", "arm926,vfp=off",
               "-icount", "shift=0", "-semihosting", "-nographic", "-monitor", "none", "-serial", "none"]
RUNS = 5


def wall(cmd, env=None):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, check=True, env={} if env is None else env)
    return time.perf_counter() - t0, p


def rtvsim_run(rtvsim, exe, kernel, n):
    """One timed run: wall time and its --stats."""
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        t, _ = wall([rtvsim, "exec", "--stats", f.name, exe, kernel, n])
        return t, json.load(open(f.name))


def qemu_user_run(exe, kernel, n):
    """One timed run: wall time (the instruction count is rtvsim's)."""
    return wall(QEMU_USER + [exe, kernel, n])[0], None


def qemu_system_run(elf, env):
    """One timed run: wall time and the instructions the program counted."""
    t, p = wall(QEMU_SYSTEM + ["-kernel", elf], env=env)
    m = re.search(rb"icount_ticks (\d+)", p.stdout + p.stderr)
    if not m:
        raise SystemExit(f"iss_bench: {elf} reported no instruction count")
    return t, int(m.group(1)) * 1000  # one SP804 tick = 1000 instructions at shift=0


def interleaved_best(runs):
    """runs: name -> a function making one timed run, returning (seconds, result). Each of RUNS
    rounds makes one run of each, in turn; returns name -> (shortest time, that run's result)."""
    best = {}
    for _ in range(RUNS):
        for name, run in runs.items():
            t, result = run()
            if name not in best or t < best[name][0]:
                best[name] = (t, result)
    return best


def steady_mips(instructions, seconds):
    if seconds <= 0:
        raise SystemExit("iss_bench: the benchmark size ran no longer than the minimal size")
    return instructions / seconds / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build")
    ap.add_argument("out")
    a = ap.parse_args()
    rtvsim = os.path.join(a.build, "app", "rtvsim")
    progs = os.path.join(a.build, "iss_programs")
    exe = os.path.join(progs, "bench-arm")
    env = {"QEMU_AUDIO_DRV": "none"}  # qemu-system-arm: no audio back-end (the guest sees no environment)
    rows = []
    for kernel, n, small in KERNELS:
        elf = lambda size: os.path.join(progs, f"bench-{kernel}-{size}.elf")  # noqa: E731
        best = interleaved_best({
            "rtvsim big": lambda: rtvsim_run(rtvsim, exe, kernel, n),
            "rtvsim small": lambda: rtvsim_run(rtvsim, exe, kernel, small),
            "qemu-arm big": lambda: qemu_user_run(exe, kernel, n),
            "qemu-arm small": lambda: qemu_user_run(exe, kernel, small),
            "qemu-system big": lambda: qemu_system_run(elf(n), env),
            "qemu-system small": lambda: qemu_system_run(elf(small), env),
        })
        (t_big, s_big), (t_small, s_small) = best["rtvsim big"], best["rtvsim small"]
        insns = s_big["instructions"] - s_small["instructions"]
        r_mips = steady_mips(insns, t_big - t_small)
        u_mips = steady_mips(insns, best["qemu-arm big"][0] - best["qemu-arm small"][0])
        (q_big, q_insns_big), (q_small, q_insns_small) = best["qemu-system big"], best["qemu-system small"]
        q_insns = q_insns_big - q_insns_small
        q_mips = steady_mips(q_insns, q_big - q_small)

        label = f"{kernel} {n}"
        rows += [
            {"name": f"{label}: rtvsim exec (MMU+caches), {insns / 1e6:.1f} M instr, CPI {s_big['cpi']:.3f}",
             "metric": "mips", "value": round(r_mips, 2), "unit": "MIPS"},
            {"name": f"{label}: rtvsim exec, its simulation loop alone (--stats)",
             "metric": "mips", "value": round(s_big["mips"], 2), "unit": "MIPS"},
            {"name": f"{label}: qemu-arm -cpu arm926,vfp=off", "metric": "mips", "value": round(u_mips, 2), "unit": "MIPS"},
            {"name": f"{label}: qemu-system-arm versatilepb -icount shift=0, {q_insns / 1e6:.1f} M instr",
             "metric": "mips", "value": round(q_mips, 2), "unit": "MIPS"},
            {"name": f"{label}: rtvsim / qemu-arm", "metric": "ratio", "value": round(r_mips / u_mips, 3), "unit": "x"},
            {"name": f"{label}: rtvsim / qemu-system-arm -icount", "metric": "ratio",
             "value": round(r_mips / q_mips, 3), "unit": "x"},
        ]
    bench_part.write("iss", a.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
