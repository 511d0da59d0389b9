#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks of `rtvsim sweep` (docs/sweep.md) through the command line:

    test_sweep.py [CHECK...] --rtvsim build/app/rtvsim --source-dir .

With no CHECK, every check runs. Checks: basic, invalid_value, resume, jobs, failures,
rtos_guest, command_line. Expected shares come from the rules of Xen-ARM's BVT as shipped
(docs/models/xen_arm.md), as in system_checks.py; every other figure is compared with the point's
own summary.json, never with a previous run.
"""
import argparse
import csv
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ARGS = None
BVT = "scenarios/bvt_weights.yaml"
WEIGHT = "domains[dom1].weight"
RECHARGE = "hypervisor.quirks.recharge_on_continue"


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def scenario(path):
    return os.path.join(ARGS.source_dir, path)


def sweep(out, *args, expect=0):
    cmd = [ARGS.rtvsim, "sweep", scenario(BVT), "-o", out, *args]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != expect:
        raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}, expected {expect}\n"
                             f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def read_csv(out):
    with open(os.path.join(out, "sweep.csv"), newline="") as f:
        rows = list(csv.reader(f))
    check(rows, "sweep.csv is empty")
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]], rows


def without_host(rows):
    """sweep.csv's rows with the host-dependent columns left out."""
    keep = [i for i, name in enumerate(rows[0]) if not name.startswith("host_")]
    return [[r[i] for i in keep] for r in rows]


def summary(out, row):
    with open(os.path.join(out, row["dir"], "summary.json")) as f:
        return json.load(f)


def fixed9(v):
    return f"{v:.9f}"


def tmpdir(name):
    return tempfile.mkdtemp(prefix=f"rtvsim-sweep-{name}-")


def check_row_against_summary(out, row, domains):
    s = summary(out, row)
    for d in domains:
        check(row[f"cpu_share[{d}]"] == fixed9(s["domains"][d]["cpu_share"]),
              f"{row['dir']}: cpu_share[{d}] {row[f'cpu_share[{d}]']} vs summary {s['domains'][d]['cpu_share']}")
        check(row[f"guest_share[{d}]"] == fixed9(s["domains"][d]["guest_share"]),
              f"{row['dir']}: guest_share[{d}] {row[f'guest_share[{d}]']}")
    check(row["context_switches"] == str(s["hypervisor"]["scheduler"]["context_switches"]),
          f"{row['dir']}: context_switches {row['context_switches']}")
    check(re.fullmatch(r"\d+\.\d{6}", row["host_wall_time_s"]), f"host_wall_time_s {row['host_wall_time_s']}")
    check(re.fullmatch(r"\d+\.\d{3}", row["host_sim_seconds_per_wall_second"]),
          f"host_sim_seconds_per_wall_second {row['host_sim_seconds_per_wall_second']}")
    check(abs(float(row["host_wall_time_s"]) - s["host"]["wall_time_s"]) < 1e-6, "host_wall_time_s vs summary")


def check_basic():
    out = tmpdir("basic")
    proc = sweep(out, "--vary", f"{WEIGHT}=1,2,3", "--set", "duration=2s", "-j", "2")
    header, rows, _ = read_csv(out)
    expected_header = [WEIGHT, "dir", "status", "exit_status", "error",
                       "cpu_share[dom0]", "cpu_share[dom1]", "guest_share[dom0]", "guest_share[dom1]",
                       "context_switches", "host_wall_time_s", "host_sim_seconds_per_wall_second"]
    check(header == expected_header, f"header {header}")
    check([r[WEIGHT] for r in rows] == ["1", "2", "3"], f"weights {[r[WEIGHT] for r in rows]}")
    check([r["dir"] for r in rows] == ["points/0-weight=1", "points/1-weight=2", "points/2-weight=3"],
          f"dirs {[r['dir'] for r in rows]}")
    # Xen-ARM's BVT as shipped: weight 1 against 1, 2, 3 gives dom1 1/2, 0.600, 2/3 of the guests' time.
    for row, share in zip(rows, (0.5, 0.6, 2 / 3)):
        check(row["status"] == "ok" and row["exit_status"] == "0" and row["error"] == "", f"row {row}")
        check(abs(float(row["guest_share[dom1]"]) - share) < 0.01,
              f"weight {row[WEIGHT]}: guest_share[dom1] {row['guest_share[dom1]']}, expected about {share:.3f}")
        check(re.fullmatch(r"0\.\d{9}", row["cpu_share[dom0]"]), f"cpu_share format {row['cpu_share[dom0]']}")
        check_row_against_summary(out, row, ("dom0", "dom1"))
        with open(os.path.join(out, "logs", row["dir"][len("points/"):] + ".json")) as f:
            rec = json.load(f)
        check(rec["status"] == "ok" and rec["exit_status"] == 0, f"point record {rec}")
        check(rec["command"][:2] == ["run", os.path.abspath(scenario(BVT))], f"command {rec['command']}")
        check(rec["command"][-4:] == ["--set", "duration=2s", "--set", f"{WEIGHT}={row[WEIGHT]}"],
              f"command {rec['command']}")
    with open(os.path.join(out, "sweep.json")) as f:
        sj = json.load(f)
    check(sj["format_version"] == 2, "sweep.json format_version")
    check(sj["scenario"] == os.path.abspath(scenario(BVT)), f"sweep.json scenario {sj['scenario']}")
    check(sj["set"] == ["duration=2s"], f"sweep.json set {sj['set']}")
    check(sj["vary"] == [{"path": WEIGHT, "short_name": "weight", "values": ["1", "2", "3"]}],
          f"sweep.json vary {sj['vary']}")
    check(sj["domains"] == ["dom0", "dom1"] and sj["rtos_guests"] == [], "sweep.json domains")
    check([(p["index"], p["dir"], p["values"]) for p in sj["points"]] ==
          [(i, f"points/{i}-weight={i + 1}", {WEIGHT: str(i + 1)}) for i in range(3)],
          f"sweep.json points {sj['points']}")
    # Not a terminal: one plain line per point.
    lines = [l for l in proc.stderr.splitlines() if re.match(r"rtvsim: sweep: \[\s*\d/3\] points/\S+ ok", l)]
    check(len(lines) == 3, f"progress lines:\n{proc.stderr}")
    check("\r" not in proc.stderr and "\033" not in proc.stderr, "terminal codes on a pipe")
    print("basic: guest_share[dom1] " + " ".join(r["guest_share[dom1]"] for r in rows))
    shutil.rmtree(out)


def check_invalid_value():
    out = tmpdir("invalid")
    proc = sweep(out, "--vary", f"{WEIGHT}=1,11,3", "--set", "duration=2s", expect=1)
    header, rows, _ = read_csv(out)
    check(len(rows) == 3, f"{len(rows)} rows")
    bad = rows[1]
    check(bad[WEIGHT] == "11" and bad["status"] == "failed" and bad["exit_status"] == "2", f"row {bad}")
    check(bad["error"].startswith(f"rtvsim: --set {WEIGHT}=11: ") and "out of range" in bad["error"],
          f"error {bad['error']}")
    check(all(bad[c] == "" for c in header[5:]), f"metrics of a failed point: {bad}")
    for row in (rows[0], rows[2]):
        check(row["status"] == "ok" and row["exit_status"] == "0" and row["error"] == "", f"row {row}")
        check_row_against_summary(out, row, ("dom0", "dom1"))
    # The value was checked before anything ran.
    first = proc.stderr.splitlines()[0]
    check(f"{WEIGHT}=11 will fail" in first, f"first stderr line: {first}")
    # The error column is always quoted.
    with open(os.path.join(out, "sweep.csv")) as f:
        text = f.read()
    check(',"rtvsim: --set ' in text and ',"",' in text, "error column not quoted")
    print(f"invalid_value: {bad['error']}")
    shutil.rmtree(out)


def wait_for(predicate, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


def point_status(out, name):
    try:
        with open(os.path.join(out, "logs", name + ".json")) as f:
            return json.load(f)["status"]
    except (OSError, ValueError):
        return None


def points_running(out):
    """Whether a process is still running a point of the sweep in `out` (its cwd)."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{pid}/cwd") == os.path.realpath(out):
                with open(f"/proc/{pid}/stat") as f:
                    if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                        return True
        except OSError:
            pass
    return False


def check_resume():
    # Points long enough (about 0.4 s each) that the sweep is caught in the middle.
    args = ["--vary", f"{WEIGHT}=1..6", "--set", "duration=1000s", "-j", "1"]
    out = tmpdir("resume")
    cmd = [ARGS.rtvsim, "sweep", scenario(BVT), "-o", out, *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: glob.glob(os.path.join(out, "points", "*", "summary.json")), 60, "a summary.json")
        # Let the sweep record the point, so that it counts as complete.
        wait_for(lambda: point_status(out, "0-weight=1") == "ok", 10, "point 0's record")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    check(proc.returncode == -signal.SIGKILL, f"the sweep ended with {proc.returncode} before it was killed")
    check(not os.path.exists(os.path.join(out, "sweep.csv")), "sweep.csv written by an interrupted sweep")
    # The point being run died with its sweep.
    wait_for(lambda: not points_running(out), 10, "the killed sweep's points to end")
    statuses = {n: point_status(out, n) for n in os.listdir(os.path.join(out, "points")) if not n.startswith(".")}
    complete = sorted(n for n, s in statuses.items() if s == "ok")
    check(complete and len(complete) < 6, f"point records after the kill: {statuses}")
    stamps = {n: os.stat(os.path.join(out, "points", n, "summary.json")).st_mtime_ns for n in complete}

    sweep(out, *args, expect=2)  # not empty, and no --resume
    resumed = sweep(out, *args, "--resume")
    check(f"{len(complete)} already complete, skipped" in resumed.stderr, f"resume said:\n{resumed.stderr}")
    for n, stamp in stamps.items():
        after = os.stat(os.path.join(out, "points", n, "summary.json")).st_mtime_ns
        check(after == stamp, f"{n} was run again")
    _, rows, resumed_rows = read_csv(out)
    check(all(r["status"] == "ok" for r in rows) and len(rows) == 6, f"rows {rows}")

    whole = tmpdir("whole")
    sweep(whole, *args)
    _, _, whole_rows = read_csv(whole)
    check(without_host(resumed_rows) == without_host(whole_rows),
          "resumed sweep.csv differs from an uninterrupted one:\n" +
          "\n".join(map(str, without_host(resumed_rows))) + "\nvs\n" + "\n".join(map(str, without_host(whole_rows))))

    # Everything complete: a resume runs nothing and writes the same sweep.csv.
    again = sweep(out, *args, "--resume")
    check("6 already complete, skipped" in again.stderr, f"second resume said:\n{again.stderr}")
    _, _, again_rows = read_csv(out)
    check(again_rows == resumed_rows, "a resume with nothing to do changed sweep.csv")
    print(f"resume: killed after {complete}, resumed the other {6 - len(complete)}")
    shutil.rmtree(out)
    shutil.rmtree(whole)


def check_jobs():
    args = ["--vary", f"{WEIGHT}=1..3", "--vary", f"{RECHARGE}=true,false", "--set", "duration=2s"]
    outs = {}
    for j in ("1", "2"):
        outs[j] = tmpdir(f"j{j}")
        sweep(outs[j], *args, "-j", j)
    _, rows1, all1 = read_csv(outs["1"])
    _, rows2, all2 = read_csv(outs["2"])
    check(without_host(all1) == without_host(all2), "-j 1 and -j 2 give different sweep.csv")
    check(all1[0][:2] == [WEIGHT, RECHARGE], f"header {all1[0]}")
    expected = [(w, q) for w in ("1", "2", "3") for q in ("true", "false")]
    check([(r[WEIGHT], r[RECHARGE]) for r in rows1] == expected, "points not in cartesian order")
    check([r["dir"] for r in rows1] ==
          [f"points/{i}-weight={w},recharge_on_continue={q}" for i, (w, q) in enumerate(expected)],
          f"dirs {[r['dir'] for r in rows1]}")
    # Without recharge_on_continue, BVT gives the intended 1/mcu_advance shares: 2/3 at weight 2.
    share = {(r[WEIGHT], r[RECHARGE]): float(r["guest_share[dom1]"]) for r in rows1}
    check(abs(share[("2", "true")] - 0.6) < 0.01 and abs(share[("2", "false")] - 2 / 3) < 0.01,
          f"shares at weight 2: {share}")
    print("jobs: -j 1 and -j 2 agree on " + str(len(rows1)) + " points")
    for out in outs.values():
        shutil.rmtree(out)


def check_failures():
    # A point killed by --timeout is failed with its error; the other one is ok.
    out = tmpdir("timeout")
    sweep(out, "--vary", "duration=1s,100000s", "--timeout", "1", "-j", "2", expect=1)
    _, rows, _ = read_csv(out)
    check(rows[0]["status"] == "ok", f"row {rows[0]}")
    check(rows[1]["status"] == "failed" and rows[1]["exit_status"] == str(128 + signal.SIGKILL) and
          rows[1]["error"] == "timed out after 1 s", f"row {rows[1]}")
    shutil.rmtree(out)
    # Every point failing still writes sweep.csv, with status 1.
    out = tmpdir("allbad")
    sweep(out, "--vary", f"{WEIGHT}=0,11", expect=1)
    _, rows, _ = read_csv(out)
    check([r["status"] for r in rows] == ["failed", "failed"], f"rows {rows}")
    shutil.rmtree(out)
    print("failures: timeout and invalid values recorded")


def check_command_line():
    base = tmpdir("cli")
    cases = [
        (["--vary", f"{WEIGHT}"], "expected path=v1,v2"),
        (["--vary", f"{WEIGHT}=3..1"], "is empty"),
        (["--vary", f"{WEIGHT}=1,,2"], "an empty value"),
        (["--vary", "domains[dom9].weight=1"], "no item of 'domains' is named 'dom9'"),
        (["--vary", "domains[dom1].wieght=1"], "no such scenario key"),
        (["--vary", f"{WEIGHT}=1", "--vary", f"{WEIGHT}=2"], "given twice"),
        (["--vary", f"{WEIGHT}=1", "-j", "0"], "at least 1"),
        (["--vary", f"{WEIGHT}=1", "--set", "duration=forever"], "duration"),
    ]
    for i, (args, message) in enumerate(cases):
        out = os.path.join(base, str(i))
        proc = sweep(out, *args, expect=2)
        check(message in proc.stderr, f"{args}: stderr {proc.stderr!r} lacks {message!r}")
        check(not os.path.exists(out), f"{args}: {out} was created")
    proc = subprocess.run([ARGS.rtvsim, "sweep", scenario(BVT), "--vary", f"{WEIGHT}=1"], capture_output=True,
                          text=True)
    check(proc.returncode == 2 and "needs -o DIR" in proc.stderr, f"no -o: {proc.returncode} {proc.stderr}")
    proc = subprocess.run([ARGS.rtvsim, "sweep", scenario("no/such.yaml"), "--vary", f"{WEIGHT}=1", "-o",
                           os.path.join(base, "x")], capture_output=True, text=True)
    check(proc.returncode == 2 and "cannot open" in proc.stderr, f"no scenario: {proc.returncode} {proc.stderr}")
    # An existing non-empty directory needs --resume.
    full = os.path.join(base, "full")
    os.makedirs(full)
    open(os.path.join(full, "something"), "w").close()
    proc = sweep(full, "--vary", f"{WEIGHT}=1", expect=2)
    check("--resume" in proc.stderr, f"non-empty DIR: {proc.stderr}")
    print("command_line: every bad command line exits 2 before anything runs")
    shutil.rmtree(base)


def check_rtos_guest():
    # An RTOS guest adds its tick and deadline columns; naive ticks fall behind, corrected ones do not.
    out = tmpdir("rtos")
    cmd = [ARGS.rtvsim, "sweep", scenario("scenarios/edf_drift.yaml"), "-o", out, "-q",
           "--vary", "domains[rtos].ucos.tick_mode=naive,corrected", "--set", "duration=5s"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    check(proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr}")
    check(proc.stderr == "", f"-q printed {proc.stderr!r}")
    header, rows, _ = read_csv(out)
    metrics = ["ticks_lost", "final_drift_ticks", "max_abs_drift_ticks", "deadline_miss_ratio"]
    check(header[5:] == ["cpu_share[dom0]", "cpu_share[rtos]", "guest_share[dom0]", "guest_share[rtos]",
                         *[f"{m}[rtos]" for m in metrics],
                         "context_switches", "host_wall_time_s", "host_sim_seconds_per_wall_second"],
          f"header {header}")
    for row in rows:
        check(row["status"] == "ok", f"row {row}")
        check_row_against_summary(out, row, ("dom0", "rtos"))
        g = summary(out, row)["guests"]["rtos"]
        for m in metrics[:3]:
            check(row[f"{m}[rtos]"] == str(g[m]), f"{row['dir']}: {m} {row[f'{m}[rtos]']} vs {g[m]}")
        check(row["deadline_miss_ratio[rtos]"] == fixed9(g["deadline_miss_ratio"]), "deadline_miss_ratio")
    naive, corrected = (abs(int(r["final_drift_ticks[rtos]"])) for r in rows)
    check(naive > 10 * max(corrected, 1), f"drift naive {naive}, corrected {corrected}")
    shutil.rmtree(out)
    # Two varied paths with the same last key are told apart in directory names.
    out = tmpdir("names")
    sweep(out, "--vary", "domains[dom0].weight=1", "--vary", f"{WEIGHT}=2,3", "--set", "duration=1s")
    _, rows, _ = read_csv(out)
    check([r["dir"] for r in rows] ==
          ["points/0-dom0.weight=1,dom1.weight=2", "points/1-dom0.weight=1,dom1.weight=3"],
          f"dirs {[r['dir'] for r in rows]}")
    shutil.rmtree(out)
    print(f"rtos_guest: final drift naive {naive} ticks, corrected {corrected}")


def check_ranges():
    # Decimal ranges with steps, exactly; words; planned only (nothing runs).
    out = os.path.join(tmpdir("ranges"), "plan")
    proc = subprocess.run([ARGS.rtvsim, "sweep", scenario(BVT), "--plan", out, "-q",
                           "--vary", f"{WEIGHT}=1..3:0.5,0.25", "--vary", "hypervisor.clock=jiffies,precise"],
                          capture_output=True, text=True)
    check(proc.returncode == 0, f"plan exited {proc.returncode}: {proc.stderr}")
    with open(os.path.join(out, "sweep.json")) as f:
        vary = json.load(f)["vary"]
    check(vary[0]["values"] == ["1", "1.5", "2", "2.5", "3", "0.25"], f"values {vary[0]['values']}")
    check(vary[1]["values"] == ["jiffies", "precise"], f"values {vary[1]['values']}")
    for bad, message in ((f"{WEIGHT}=1..3:0", "must be positive"), (f"{WEIGHT}=3..1:0.5", "is empty")):
        proc = subprocess.run([ARGS.rtvsim, "sweep", scenario(BVT), "--plan", out + bad[-3:], "--vary", bad],
                              capture_output=True, text=True)
        check(proc.returncode == 2 and message in proc.stderr, f"{bad}: {proc.returncode} {proc.stderr}")
    # A sweep either traces every point or refuses --trace; a directory is not a scenario.
    proc = subprocess.run([ARGS.rtvsim, "sweep", scenario(BVT), "-o", out + "-t", "--vary", f"{WEIGHT}=1", "--trace"],
                          capture_output=True, text=True)
    check(proc.returncode == 2 and "outputs.trace=true" in proc.stderr, f"--trace: {proc.stderr}")
    proc = subprocess.run([ARGS.rtvsim, "sweep", scenario("scenarios"), "-o", out + "-d", "--vary", "duration=1s"],
                          capture_output=True, text=True)
    check(proc.returncode == 2 and "is a directory" in proc.stderr, f"directory: {proc.stderr}")
    print("ranges: 1..3:0.5 exactly, words, bad steps refused")


CHECKS = {
    "basic": check_basic,
    "invalid_value": check_invalid_value,
    "resume": check_resume,
    "jobs": check_jobs,
    "failures": check_failures,
    "rtos_guest": check_rtos_guest,
    "command_line": check_command_line,
    "ranges": check_ranges,
}


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checks", nargs="*", metavar="CHECK", help="one of: " + ", ".join(CHECKS))
    parser.add_argument("--rtvsim", required=True)
    parser.add_argument("--source-dir", required=True)
    ARGS = parser.parse_args()
    ARGS.rtvsim = os.path.abspath(ARGS.rtvsim)
    for name in ARGS.checks:
        if name not in CHECKS:
            parser.error(f"unknown check {name} (checks: {', '.join(CHECKS)})")
    failed = 0
    for name in ARGS.checks or list(CHECKS):
        try:
            CHECKS[name]()
        except AssertionError as e:
            failed += 1
            print(f"FAILED {name}: {e}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
