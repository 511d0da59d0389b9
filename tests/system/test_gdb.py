#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks of the GDB stub (docs/debugging.md) with Debian's gdb-multiarch:

  exec       `rtvsim exec --gdb 0` on tests/iss_programs/gdb_target.c: break at a function,
             info registers, x/4x, stepi, write and read watchpoints, continue to the exit;
             then a session that quits while halted (GDB detaches, the run goes on); the
             Thumb build: break, stepi, write and access watchpoints. The
             program's output, exit status and --stats (all but host time) are the same as
             without the debugger.
  run        the acceptance check of the binary guests: `rtvsim run
             scenarios/time_correction_elf.yaml --gdb ucos:0` (shortened): break at the tick
             handler (OSTimeTick), print OSTime, stepi, next, continue to the end of the run;
             every output file is the same as without the debugger (summary.json but its
             host section); a domain that is not `guest: elf` is refused with exit 2.
  interrupt  a raw protocol client: Ctrl-C (0x03) stops a running program with SIGINT,
             registers read while halted, `k` ends the run.

Port 0 everywhere (the stub prints the port it got), so that tests can run in parallel. The
timeouts only guard against a hang; nothing asserts on wall-clock time.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

HANG_GUARD_S = 300
failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def start_with_gdb(cmd):
    """Starts rtvsim with --gdb 0 in `cmd`; returns the process and the port it printed."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    m = re.search(r"gdb: listening on 127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        raise RuntimeError(f"no port announced: {line!r}")
    return p, int(m.group(1))


def gdb_batch(port, program, commands):
    args = ["gdb-multiarch", "-batch", "-nx", "-ex", f"target remote 127.0.0.1:{port}"]
    for c in commands:
        args += ["-ex", c]
    args.append(program)
    return subprocess.run(args, capture_output=True, text=True, timeout=HANG_GUARD_S).stdout


def without_host_time(stats):
    return {k: v for k, v in stats.items() if k not in ("host_seconds", "mips")}


def exec_run(rtvsim, program, stats_file, gdb_commands=None):
    """rtvsim exec, with a GDB session when gdb_commands is given: (stdout, status, stats, gdb output)."""
    cmd = [rtvsim, "exec", "--stats", stats_file]
    transcript = ""
    if gdb_commands is None:
        p = subprocess.run(cmd + [program], capture_output=True, text=True, timeout=HANG_GUARD_S)
        out, status = p.stdout, p.returncode
    else:
        p, port = start_with_gdb(cmd + ["--gdb", "0", program])
        transcript = gdb_batch(port, program, gdb_commands)
        out, _ = p.communicate(timeout=HANG_GUARD_S)
        status = p.returncode
    with open(stats_file) as f:
        return out, status, without_host_time(json.load(f)), transcript


def exec_check(a):
    program = os.path.join(a.programs, "gdb_target-arm")
    with tempfile.TemporaryDirectory(prefix="rtv-gdb-") as tmp:
        ref = exec_run(a.rtvsim, program, os.path.join(tmp, "ref.json"))
        check(ref[0] == "counter=15 sum=35 samples[2]=33333333\n" and ref[1] == 35, "the program alone runs")

        session = exec_run(a.rtvsim, program, os.path.join(tmp, "gdb.json"), [
            "info registers pc", "break bump", "continue", "info registers", "x/4x &samples",
            "stepi", "info registers pc", "watch counter", "continue", "delete",
            "rwatch samples[2]", "continue", "delete", "continue"])
        t = session[3]
        check("<_start>" in t, "stopped before the first instruction (at _start)")
        check("Breakpoint 1, bump (step=step@entry=1)" in t, "breakpoint at bump hit")
        check(re.search(r"^r0\s+0x1\s", t, re.M) is not None, "info registers: r0 = 1 (the argument)")
        check(re.search(r"^cpsr\s+0x[0-9a-f]*10\s", t, re.M) is not None, "info registers: cpsr in User mode")
        check("0x11111111\t0x22222222\t0x33333333\t0x44444444" in t, "x/4x reads the initialised array")
        check(re.search(r"^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <bump\+4>", t, re.M) is not None, "stepi moves one instruction")
        check("Old value = 0\nNew value = 1" in t, "write watchpoint stops at the store to counter")
        check("read watchpoint 3: samples[2]\n\nValue = 858993459" in t, "read watchpoint stops at the load")
        check("exited with code 043" in t, "continue runs to the exit (status 35)")
        check(session[:3] == ref[:3], "output, status and statistics identical to the run without GDB")

        quit_halted = exec_run(a.rtvsim, program, os.path.join(tmp, "detach.json"),
                               ["break bump", "continue", "continue", "print counter"])
        check("$1 = 1" in quit_halted[3], "second hit of bump, counter = 1")
        check(quit_halted[:3] == ref[:3], "GDB quitting while halted detaches: the run completes unchanged")

        thumb = os.path.join(a.programs, "gdb_target-thumb")
        tref = exec_run(a.rtvsim, thumb, os.path.join(tmp, "tref.json"))
        ts = exec_run(a.rtvsim, thumb, os.path.join(tmp, "tgdb.json"), [
            "break bump", "continue", "info registers cpsr", "stepi", "info registers pc", "watch counter",
            "continue", "delete", "awatch samples[1]", "continue"])
        check(re.search(r"^cpsr\s+0x[0-9a-f]*30\s", ts[3], re.M) is not None, "Thumb: breakpoint hit in Thumb state")
        check(re.search(r"<bump\+2>", ts[3]) is not None, "Thumb: stepi moves one 16-bit instruction")
        check("Old value = 0\nNew value = 1" in ts[3], "Thumb: write watchpoint")
        check("exited with code 043" in ts[3], "Thumb: a watchpoint on data never accessed does not stop")
        check(ts[:3] == tref[:3], "Thumb: output, status and statistics identical to the run without GDB")
        if failures:
            print(t, ts[3])


def run_outputs(out_dir):
    """Every file of a run directory, summary.json without its host section (wall time)."""
    files = {}
    for root, _, names in os.walk(out_dir):
        for n in names:
            path = os.path.join(root, n)
            rel = os.path.relpath(path, out_dir)
            if rel == "summary.json":
                with open(path) as f:
                    s = json.load(f)
                s.pop("host", None)
                files[rel] = json.dumps(s, sort_keys=True)
            else:
                with open(path, "rb") as f:
                    files[rel] = f.read()
    return files


def run_check(a):
    scenario = os.path.join(a.source_dir, "scenarios", "time_correction_elf.yaml")
    image = os.path.join(a.firmware_dir, "ucos_guest.elf")
    env = dict(os.environ, RTV_FIRMWARE_DIR=a.firmware_dir)
    with tempfile.TemporaryDirectory(prefix="rtv-gdb-run-") as tmp:
        base = [a.rtvsim, "run", scenario, "--set", "duration=500ms", "-q"]
        ref = subprocess.run(base + ["-o", os.path.join(tmp, "ref")], capture_output=True, text=True,
                             env=env, timeout=HANG_GUARD_S)
        check(ref.returncode == 0, f"time_correction_elf runs without GDB ({ref.stderr.strip()})")

        p = subprocess.Popen(base + ["-o", os.path.join(tmp, "gdb"), "--gdb", "ucos:0"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
        m = re.search(r"gdb: listening on 127\.0\.0\.1:(\d+)", p.stderr.readline())
        check(m is not None, "the stub announces its port")
        t = gdb_batch(int(m.group(1)), image, [
            "break OSTimeTick", "continue", "print OSTime", "continue", "print OSTime", "stepi",
            "info registers pc", "next", "delete", "continue"]) if m else ""
        p.communicate(timeout=HANG_GUARD_S)
        check(p.returncode == 0, "the debugged run completes")
        check("Breakpoint 1, OSTimeTick ()" in t, "breakpoint at the tick handler OSTimeTick")
        check("$1 = 0\n" in t and "$2 = 1\n" in t, "OSTime read from guest memory: 0, then 1 at the next tick")
        check(re.search(r"^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <OSTimeTick\+4>", t, re.M) is not None,
              "stepi: one instruction (symbols relocated by qOffsets)")
        check("exited normally" in t, "continue runs to the end of the scenario")
        check(run_outputs(os.path.join(tmp, "gdb")) == run_outputs(os.path.join(tmp, "ref")),
              "every output of the run identical to the run without GDB")
        if failures:
            print(t)

        bad = subprocess.run(base + ["-o", os.path.join(tmp, "bad"), "--gdb", "dom0:0"], capture_output=True,
                             text=True, env=env, timeout=HANG_GUARD_S)
        check(bad.returncode == 2 and "not a `guest: elf` domain" in bad.stderr, "--gdb on a model guest: exit 2")


class rsp:
    """The least of a GDB remote protocol client: enough to send packets and Ctrl-C."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_S)
        self.buf = b""

    def byte(self):
        if not self.buf:
            self.buf = self.s.recv(4096)
            if not self.buf:
                raise EOFError
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def packet(self):
        while self.byte() != b"$":
            pass
        data = b""
        while (b := self.byte()) != b"#":
            data += b
        self.byte(), self.byte()
        self.s.sendall(b"+")
        return data.decode()

    def send(self, payload, reply=True):
        cs = sum(payload.encode()) & 0xFF
        self.s.sendall(f"${payload}#{cs:02x}".encode())
        while self.byte() != b"+":
            pass
        return self.packet() if reply else None


def interrupt_check(a):
    program = os.path.join(a.programs, "bench-arm")
    p, port = start_with_gdb([a.rtvsim, "exec", "--gdb", "0", program, "mix", "1000000000"])
    c = rsp(port)
    check(c.send("qSupported:swbreak+").startswith("PacketSize="), "qSupported answered")
    check(c.send("?").startswith("T05"), "halted at the first instruction (SIGTRAP)")
    check(c.send("vCont?") == "", "vCont? answered empty (not supported)")
    check(c.send("qAttached") == "1", "qAttached: attached (GDB detaches on quit)")
    c.send("c", reply=False)
    time.sleep(0.5)  # let it run; any moment will do
    c.s.sendall(b"\x03")
    check(c.packet().startswith("T02"), "Ctrl-C stops the running target with SIGINT")
    regs = c.send("g")
    check(len(regs) == 17 * 8, "g: r0-r15 and cpsr while halted")
    check(c.send("m0,4").startswith("E"), "m on an unmapped address is an error")
    c.send("k", reply=False)
    p.communicate(timeout=HANG_GUARD_S)
    check(p.returncode == 1, "k ends the run (the program did not exit: status 1)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("check", choices=["exec", "run", "interrupt"])
    ap.add_argument("--rtvsim", required=True)
    ap.add_argument("--programs", help="build/iss_programs")
    ap.add_argument("--source-dir", help="the source tree (scenarios/)")
    ap.add_argument("--firmware-dir", help="build/firmware")
    a = ap.parse_args()
    {"exec": exec_check, "run": run_check, "interrupt": interrupt_check}[a.check](a)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)


if __name__ == "__main__":
    main()
