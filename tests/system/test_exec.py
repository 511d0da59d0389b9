#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks of `rtvsim exec` on the ARM programs written here (tests/iss_programs/):

  programs     every program, ARM and Thumb builds, gives the same stdout and exit status
               under rtvsim exec as under qemu-arm -cpu arm926,vfp=off (needs QEMU: label oracle)
  determinism  --stats twice gives identical instruction and cycle counts; the seed fixes
               getrandom/AT_RANDOM, simulated time is reproducible
  fast_paths   the ISS's fast paths off give the same counts as on
  cycles       the hand-timed loops of cycles_loop.S cost what docs/models/arm926_iss.md
               computes from the ARM9EJ-S TRM
  manual       where QEMU departs from the ARM ARM (unaligned LDR), rtvsim against the manual
  errors       bad inputs give clear messages and rtvsim's own exit statuses; faults and
               SIGPIPE end the program with 128 + signal
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

QEMU = [shutil.which("qemu-arm") or "qemu-arm", "-cpu", "arm926,vfp=off"]
# One variable: qemu-arm hands the environment to the program in reverse order (its envlist),
# Linux and rtvsim in the order given.
ENV = {"RTV_TEST": "set"}
failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, env=ENV, timeout=120, **kw)


def stats(rtvsim, args, extra=()):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        p = run([rtvsim, "exec", "--stats", f.name, *extra, *args])
        if p.returncode != 0:
            raise RuntimeError(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
        return json.load(open(f.name)), p.stdout


def programs(a, prog):
    tree = tempfile.mkdtemp(prefix="rtv-exec-")
    try:
        with open(os.path.join(tree, "hello.txt"), "w") as f:
            f.write("hello world, rtvsim\n")
        for n in ("b", "a"):
            open(os.path.join(tree, n), "w").close()
        os.symlink("hello.txt", os.path.join(tree, "link"))
        cases = [["crc", "20"], ["sort", "3000"], ["mix", "20000"]]
        for isa in ("arm", "thumb"):
            for args in cases:
                exe = prog(f"bench-{isa}")
                q, r = run(QEMU + [exe, *args]), run([a.rtvsim, "exec", exe, *args])
                check(q.stdout == r.stdout and q.returncode == r.returncode == 0 and q.stdout,
                      f"bench-{isa} {' '.join(args)}: {r.stdout.decode().strip()!r} as qemu-arm")
            exe = prog(f"syscalls-{isa}")
            args = ["files", tree, "memory", "time", "random", "args", "auxv", "exit", "3"]
            q, r = run(QEMU + [exe, *args]), run([a.rtvsim, "exec", exe, *args])
            check(q.stdout == r.stdout and q.returncode == r.returncode == 3,
                  f"syscalls-{isa} (files, brk/mmap, time, getrandom, argv/env, auxv, exit 3): "
                  f"{len(r.stdout)} bytes, status {r.returncode} as qemu-arm")
            if q.stdout != r.stdout:
                print("  qemu:\n" + q.stdout.decode() + "  rtvsim:\n" + r.stdout.decode())
            for part, status in (("segv", 139), ("undef", 132)):
                q, r = run(QEMU + [exe, part]), run([a.rtvsim, "exec", exe, part])
                check(r.returncode == status and -q.returncode + 128 == status,
                      f"syscalls-{isa} {part}: rtvsim {r.returncode}, qemu-arm killed by signal {-q.returncode}")
    finally:
        shutil.rmtree(tree)


def determinism(a, prog):
    exe = prog("bench-thumb")
    s1, o1 = stats(a.rtvsim, [exe, "mix", "3000"])
    s2, o2 = stats(a.rtvsim, [exe, "mix", "3000"])
    check(s1["instructions"] == s2["instructions"] and s1["cycles"] == s2["cycles"] and o1 == o2,
          f"twice: {s1['instructions']} instructions, {s1['cycles']} cycles both times")
    nc, _ = stats(a.rtvsim, [exe, "mix", "3000"], ["--no-caches"])
    check(nc["instructions"] == s1["instructions"] and nc["cycles"] > s1["cycles"],
          f"--no-caches: same instructions, more cycles ({nc['cycles']} > {s1['cycles']})")
    sx = prog("syscalls-arm")
    r1 = run([a.rtvsim, "exec", sx, "randomhex", "timehex"]).stdout
    r2 = run([a.rtvsim, "exec", sx, "randomhex", "timehex"]).stdout
    r3 = run([a.rtvsim, "exec", "--seed", "7", sx, "randomhex", "timehex"]).stdout
    check(r1 == r2 and r1 and r1.split(b"\n")[0] != r3.split(b"\n")[0],
          "getrandom and AT_RANDOM follow --seed; simulated time is the same on every run")
    half, _ = stats(a.rtvsim, [exe, "mix", "3000"], ["--cpu-clock", "133MHz"])
    check(half["cycles"] == s1["cycles"] and abs(half["simulated_seconds"] - 2 * s1["simulated_seconds"]) < 1e-9,
          "--cpu-clock 133MHz: same cycles, twice the simulated time")


def fast_paths(a, prog):
    # The ISS's fast paths must never change a count (docs/models/arm926_iss.md): glibc programs, ARM and Thumb.
    for isa in ("arm", "thumb"):
        for args in (["crc", "3"], ["sort", "500"], ["mix", "2000"]):
            on, _ = stats(a.rtvsim, [prog(f"bench-{isa}"), *args])
            off, _ = stats(a.rtvsim, [prog(f"bench-{isa}"), *args], ["--no-fast-paths"])
            keys = ["instructions", "cycles", "icache_misses", "dcache_misses", "tlb_misses", "interlock_cycles"]
            check(all(on[k] == off[k] for k in keys),
                  f"bench-{isa} {' '.join(args)}: fast paths on {on['cycles']} cycles, off {off['cycles']}")


def cycles(a, prog):
    # Per iteration, from ARM DDI 0222B table 8.2 (ARM) and its Thumb table, as worked out in
    # docs/models/arm926_iss.md: loop 1 = SUBS (1) + taken BNE (3) = 4 cycles, 2 instructions;
    # loop 2 = LDR (1) + ADDS using the loaded word (1 + 1 interlock) + SUBS (1) + BNE (3) =
    # 7 cycles, 4 instructions. 1000 more iterations add exactly 1000 times that.
    expect = {1: (2, 4), 2: (4, 7)}
    for isa in ("arm", "thumb"):
        for loop, (insns, cyc) in expect.items():
            small, _ = stats(a.rtvsim, [prog(f"cycles-{isa}-loop{loop}-1")])
            large, _ = stats(a.rtvsim, [prog(f"cycles-{isa}-loop{loop}-1001")])
            di, dc = large["instructions"] - small["instructions"], large["cycles"] - small["cycles"]
            check(di == 1000 * insns and dc == 1000 * cyc,
                  f"cycles {isa} loop {loop}: 1000 iterations = {di} instructions, {dc} cycles "
                  f"(expected {1000 * insns}, {1000 * cyc}; CPI {dc / max(di, 1):.3f})")
            if loop == 1:
                print(f"      whole program {isa} loop 1 N=1001: {large['instructions']} instructions, "
                      f"{large['cycles']} cycles, CPI {large['cpi']:.3f}")


def manual(a, prog):
    # Where QEMU departs from the ARM ARM, rtvsim is checked against the manual instead.
    # Unaligned LDR (ARM DDI 0100I A4.1.23, A2.8): the aligned word rotated right by
    # 8 * address[1:0]; the bytes 00 11 22 33 at offsets 0..3 give these four words.
    expected = b"unaligned: 33221100 00332211 11003322 22110033\n"
    for isa in ("arm", "thumb"):
        out = run([a.rtvsim, "exec", prog(f"syscalls-{isa}"), "unaligned"]).stdout
        check(out == expected, f"{isa}: unaligned LDR rotates as ARMv5 does: {out.decode().strip()}")


def errors(a, prog):
    tmp = tempfile.mkdtemp(prefix="rtv-exec-err-")
    try:
        def expect(args, status, text, what):
            p = run([a.rtvsim, "exec", *args])
            err = p.stderr.decode()
            check(p.returncode == status and text in err, f"{what}: status {p.returncode}, says {err.strip()[:100]!r}")

        txt = os.path.join(tmp, "notes.txt")
        open(txt, "w").write("not a program\n")
        expect([txt], 1, "not an ELF file", "a text file")
        expect(["/bin/true"], 1, "64-bit ELF", "the host's x86-64 /bin/true")
        good = open(prog("bench-arm"), "rb").read()
        x86 = bytearray(good)
        x86[18:20] = (3).to_bytes(2, "little")
        open(os.path.join(tmp, "x86"), "wb").write(x86)
        expect([os.path.join(tmp, "x86")], 1, "not an ARM program", "an ELF32 for another machine")
        noentry = bytearray(good)
        noentry[24:28] = bytes(4)
        open(os.path.join(tmp, "noentry"), "wb").write(noentry)
        expect([os.path.join(tmp, "noentry")], 1, "no entry point", "an ELF without entry point")
        expect([os.path.join(tmp, "missing")], 1, "cannot open", "a missing file")
        expect(["--frobnicate", prog("bench-arm")], 2, "unknown option", "an unknown option")
        expect(["--cpu-clock", "5GHz", prog("bench-arm")], 2, "between", "a clock out of range")
        expect([], 2, "no program", "no program")
        src = os.path.join(tmp, "dyn.c")
        open(src, "w").write("int main(void) { return 0; }\n")
        dyn = os.path.join(tmp, "dyn")
        subprocess.run([shutil.which("arm-linux-gnueabi-gcc"), "-o", dyn, src], check=True)
        expect([dyn], 1, "dynamically linked", "a dynamically linked program")
        h = run([a.rtvsim, "exec", "--help"])
        check(h.returncode == 0 and b"--trace-regs" in h.stdout and b"--no-caches" in h.stdout, "--help documents the options")
        p = subprocess.run(f"{a.rtvsim} exec {prog('syscalls-thumb')} flood | head -n 2; echo ${{PIPESTATUS[0]}}",
                           shell=True, executable="/bin/bash", capture_output=True, timeout=60)
        check(p.stdout.split()[-1] == b"141", f"a write to a closed pipe ends the program with 141 ({p.stdout.split()[-1]!r})")
        p = run([a.rtvsim, "exec", prog("syscalls-arm"), "segv"])
        check(p.returncode == 139 and b"data abort at 0x10" in p.stderr, f"a NULL-page store: 139, {p.stderr.decode().strip()!r}")
    finally:
        shutil.rmtree(tmp)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("check", choices=["programs", "determinism", "fast_paths", "cycles", "manual", "errors"])
    ap.add_argument("--rtvsim", required=True)
    ap.add_argument("--programs", required=True, help="the build's iss_programs directory")
    a = ap.parse_args()

    def prog(name):
        path = os.path.join(a.programs, name)
        if not os.path.exists(path):
            raise SystemExit(f"test_exec: FAIL: {path} missing (built by the iss_programs target)")
        return path

    globals()[a.check](a, prog)
    print(f"test_exec {a.check}: {'FAIL' if failures else 'ok'} ({len(failures)} failed)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
