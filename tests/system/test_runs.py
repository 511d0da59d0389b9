#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks of the run contract (docs/outputs.md) through the command line:

    test_runs.py [CHECK...] --rtvsim build/app/rtvsim --source-dir .

Checks: provenance (summary.json's host section, scenario order, hex checksums), progress
(a progress line on a terminal only),
scenario_yaml (a run's scenario.yaml reproduces it byte for byte), replace (a re-run leaves
no file of the previous run), refuse (a directory that is not a run directory, an
unwritable -o), signal (SIGINT/SIGTERM leave complete-but-partial outputs), fast_paths (runs
with --no-fast-paths give the same bytes).
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import check_main

ARGS = None


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def scenario(name):
    return os.path.join(ARGS.source_dir, "scenarios", f"{name}.yaml")


def rtvsim(*args, expect=0):
    proc = subprocess.run([ARGS.rtvsim, *args], capture_output=True, text=True)
    check(proc.returncode == expect, f"rtvsim {' '.join(args)} exited {proc.returncode}, expected {expect}\n"
                                     f"stderr: {proc.stderr}")
    return proc


def load(path):
    with open(path) as f:
        return json.load(f)


def files(root):
    out = set()
    for d, _, names in os.walk(root):
        out |= {os.path.relpath(os.path.join(d, n), root) for n in names}
    return out


def check_provenance():
    out = os.path.join(tempfile.mkdtemp(prefix="rtvsim-runs-"), "run")
    args = ["run", scenario("large_platform"), "-o", out, "-q", "--set", "duration=200ms"]
    rtvsim(*args)
    s = load(os.path.join(out, "summary.json"))
    host = s["host"]
    check(host["command_line"][1:] == args, f"command_line {host['command_line']}")
    check(os.path.basename(host["command_line"][0]) == "rtvsim", "argv[0]")
    version = rtvsim("--version").stdout.split()[1]
    check(host["rtvsim_version"] == version, f"version {host['rtvsim_version']} vs {version}")
    commit = host["git_commit"]
    check(commit == "unknown" or (len(commit) == 40 and all(c in "0123456789abcdef" for c in commit)),
          f"git_commit {commit!r}")
    check(isinstance(host["git_dirty"], bool), "git_dirty")
    order = [d["name"] for d in s["scenario"]["domains"]]
    check(list(s["domains"]) == order, f"domains {list(s['domains'])} not in scenario order {order}")
    guests = [d["name"] for d in s["scenario"]["domains"] if d["guest"] == "ucos"]
    check(list(s["guests"]) == guests, f"guests {list(s['guests'])} not in order {guests}")
    for name, d in s["domains"].items():
        for key in ("checksum_start", "checksum_end"):
            v = d["partition"][key]
            check(isinstance(v, str) and v.startswith("0x") and len(v) == 18 and int(v, 16) >= 0,
                  f"{name}.{key} = {v!r}")
    check(s["complete"] is True, "complete")
    print(f"host: {commit} {host['rtvsim_version']}, domains in scenario order, checksums hex")


def check_scenario_yaml():
    base = tempfile.mkdtemp(prefix="rtvsim-runs-")
    a, b = os.path.join(base, "a"), os.path.join(base, "b")
    sets = ["duration=300ms", "domains[ctl].weight=2.5", "hypervisor.quirks.recharge_on_continue=false"]
    rtvsim("run", scenario("large_platform"), "-o", a, "-q", "--trace", *[x for s in sets for x in ("--set", s)])
    rtvsim("run", os.path.join(a, "scenario.yaml"), "-o", b, "-q", "--trace")
    differ = check_main.run_dir_differences(a, b)
    check(not differ, f"the run from scenario.yaml differs: {differ}")
    s = load(os.path.join(b, "summary.json"))["scenario"]
    check(s["duration_ps"] == 300 * 10**9, "duration not carried")
    check(s["hypervisor"]["quirks"]["recharge_on_continue"] is False, "quirk not carried")
    print(f"scenario.yaml with 3 --set reproduces {len(files(a))} files byte for byte")


def check_replace():
    out = os.path.join(tempfile.mkdtemp(prefix="rtvsim-runs-"), "run")
    rtvsim("run", scenario("large_platform"), "-o", out, "-q", "--trace", "--set", "duration=100ms")
    check("trace.json" in files(out), "no trace.json in the first run")
    rtvsim("run", scenario("graph1"), "-o", out, "-q", "--set", "duration=100ms")
    fresh = os.path.join(os.path.dirname(out), "fresh")
    rtvsim("run", scenario("graph1"), "-o", fresh, "-q", "--set", "duration=100ms")
    check(files(out) == files(fresh), f"left over from the first run: {sorted(files(out) - files(fresh))}")
    check(sorted(os.listdir(os.path.dirname(out))) == ["fresh", "run"], "a staging directory was left behind")
    print(f"re-run leaves only {sorted(files(out))}")


def check_refuse():
    base = tempfile.mkdtemp(prefix="rtvsim-runs-")
    other = os.path.join(base, "notes")
    os.mkdir(other)
    with open(os.path.join(other, "mine.txt"), "w") as f:
        f.write("keep me\n")
    start = time.monotonic()
    proc = rtvsim("run", scenario("large_platform"), "-o", other, "-q", expect=2)
    check("not an rtvsim run directory" in proc.stderr, proc.stderr)
    check(os.listdir(other) == ["mine.txt"], "the directory was touched")
    afile = os.path.join(base, "a_file")
    open(afile, "w").close()
    proc = rtvsim("run", scenario("large_platform"), "-o", afile, "-q", expect=2)
    check("not a directory" in proc.stderr, proc.stderr)
    # An -o whose parent cannot be created: refused before the 10 s of simulated time run.
    proc = rtvsim("run", scenario("large_platform"), "-o", os.path.join(afile, "sub", "run"), "-q", expect=2)
    check("cannot" in proc.stderr, proc.stderr)
    check(sorted(os.listdir(base)) == ["a_file", "notes"], f"left behind: {os.listdir(base)}")
    check(time.monotonic() - start < 5, "refusals took long: simulated first?")
    print("refused: a foreign directory, a file, an unwritable -o")


def check_signal():
    for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        out = os.path.join(tempfile.mkdtemp(prefix="rtvsim-runs-"), "run")
        proc = subprocess.Popen([ARGS.rtvsim, "run", scenario("large_platform"), "-o", out,
                                 "--set", "duration=3600s"], stderr=subprocess.PIPE, text=True)
        time.sleep(0.7)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        check(proc.returncode == code, f"{sig.name}: exit {proc.returncode}, expected {code}: {err}")
        s = load(os.path.join(out, "summary.json"))
        check(s["complete"] is False and s.get("interrupted") is True, f"{sig.name}: complete/interrupted")
        stopped_ps = round(float(s["sim"]["stopped_at_s"]) * 1e12)
        check(0 < stopped_ps < 3600 * 10**12, f"stopped_at_s {s['sim']['stopped_at_s']}")
        with open(os.path.join(out, "tick_drift.csv")) as f:
            rows = f.read().splitlines()
        check(len(rows) > 1, "no tick rows")
        last = max(float(r.split(",")[0]) for r in rows[1:])
        check(abs(last - stopped_ps / 1e12) < 1e-9, f"tick rows end at {last}, stopped at {stopped_ps / 1e12}")
        check("\r" not in err, "a progress line on a non-terminal")
        print(f"{sig.name}: exit {code}, stopped at {s['sim']['stopped_at_s']} s, complete false")


def check_progress():
    # On a terminal (a pty here), a run longer than 2 s redraws a progress line on stderr; -q none.
    import pty
    import select
    seen = {}
    for quiet in (False, True):
        out = os.path.join(tempfile.mkdtemp(prefix="rtvsim-runs-"), "run")
        master, slave = pty.openpty()
        args = [ARGS.rtvsim, "run", scenario("large_platform"), "-o", out, "--set", "duration=3600s"]
        proc = subprocess.Popen(args + (["-q"] if quiet else []), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=slave, env=dict(os.environ, TERM="xterm"))
        os.close(slave)
        text = b""
        end = time.monotonic() + (2.6 if quiet else 6)
        while time.monotonic() < end and b"ETA" not in text:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    text += os.read(master, 65536)
                except OSError:
                    break
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        os.close(master)
        seen[quiet] = text.decode(errors="replace")
    check("\r" in seen[False] and "sim s per wall s" in seen[False] and "ETA" in seen[False],
          f"no progress line on a terminal: {seen[False]!r}")
    check("sim s per wall s" not in seen[True], f"-q showed progress: {seen[True]!r}")
    print("progress: a redrawn line on a terminal, none with -q")


def check_fast_paths():
    # The engines' fast paths (the native translation cache and batched memory steps) change no
    # output byte: working sets and TLB refills (large_platform), faults and partitions
    # (isolation), a plain two-guest run (timer_loss); trace.json included.
    root = tempfile.mkdtemp(prefix="rtvsim-runs-")
    for name, duration in (("large_platform", "2s"), ("isolation", "1s"), ("timer_loss", "2s")):
        dirs = []
        for extra in ([], ["--no-fast-paths"]):
            out = os.path.join(root, name + ("-slow" if extra else "-fast"))
            rtvsim("run", scenario(name), "-o", out, "-q", "--trace", "--set", f"duration={duration}", *extra)
            dirs.append(out)
        differ = check_main.run_dir_differences(*dirs)
        check(not differ, f"{name}: differs without fast paths: {differ}")
    rtvsim("sweep", scenario("graph1"), "--vary", "duration=1s", "-o", os.path.join(root, "s"), "--no-fast-paths",
           expect=2)
    print("fast_paths: large_platform, isolation and timer_loss give the same bytes without them")


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}


if __name__ == "__main__":
    sys.exit(check_main.run_checks(CHECKS, globals()))
