#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks of trace.json (`rtvsim run --trace`, docs/outputs.md):

    test_trace.py --rtvsim build/app/rtvsim --source-dir . [--timing [--baseline-rtvsim OTHER]]

- the file is a trace-event JSON object ("traceEvents" array, "displayTimeUnit");
- every event has name, ph, ts, pid and tid, and every complete event ("X") a dur; ts and dur
  are JSON numbers with at most six decimals (microseconds exact to the picosecond);
- every (pid, tid) that carries events is named by "M" events;
- slices on one track never overlap (a viewer would nest or drop them);
- the CPU's run slices tile the run, and each domain's add up to its cpu_time_ps in
  summary.json within one timestamp unit (1 ps) per slice, as do _xen's and _idle's;
- IRQs, context switches (with cycles), hypercalls (number, name, cycles) and upcalls are
  there, and for edf_drift one track per RTOS task with one slice per started job;
- tracing changes no other output file (summary.json apart from its host section);
- the same run gives the same trace.json twice;
- counter tracks: each RTOS guest's drift equals tick_drift.csv row for row, each domain's
  CPU share equals cpu_usage.csv window for window;
- --trace-window FROM..TO keeps exactly the events in the window, slices cut at its edges.

With --timing it also runs graph1 for 200 s five times without and five times with --trace
and reports the wall times (reported, not asserted: timing is for bench/, docs/architecture.md, Testing rules). With
--baseline-rtvsim (a build without the trace hooks) it reports that build's times too, which
is what the cost of tracing *off* is measured against.
"""
import argparse
import decimal
import filecmp
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

ARGS = None
PS_PER_US = 1_000_000


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def run_rtvsim(exe, scenario, out, *extra):
    cmd = [exe, "run", os.path.join(ARGS.source_dir, scenario), "-o", out, "-q", *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")


def load_trace(path):
    with open(path) as f:
        text = f.read()
    # Decimal keeps the numbers exactly as written: no double rounding in the checks.
    return json.loads(text, parse_float=Decimal)


def is_number(v):
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool)


def decimals(v):
    if isinstance(v, int):
        return 0
    exp = v.as_tuple().exponent
    return -exp if exp < 0 else 0


def to_ps(v):
    ps = Decimal(v) * PS_PER_US
    check(ps == ps.to_integral_value(), f"{v} us is not a whole number of picoseconds")
    return int(ps)


def check_format(trace, name):
    check(isinstance(trace, dict), f"{name}: trace.json is not a JSON object")
    check(isinstance(trace.get("traceEvents"), list), f"{name}: no traceEvents array")
    check(isinstance(trace.get("displayTimeUnit"), str), f"{name}: no displayTimeUnit")
    events = trace["traceEvents"]
    check(events, f"{name}: no events")
    named_threads, named_processes, used = set(), set(), set()
    for e in events:
        for key in ("name", "ph", "ts", "pid", "tid"):
            check(key in e, f"{name}: event without {key}: {e}")
        check(isinstance(e["name"], str) and isinstance(e["ph"], str), f"{name}: bad name/ph in {e}")
        check(isinstance(e["pid"], int) and isinstance(e["tid"], int), f"{name}: bad pid/tid in {e}")
        check(is_number(e["ts"]) and e["ts"] >= 0, f"{name}: ts is not a non-negative number in {e}")
        check(decimals(e["ts"]) <= 6, f"{name}: ts with more than six decimals in {e}")
        ph = e["ph"]
        check(ph in ("X", "i", "M", "C"), f"{name}: unexpected phase {ph}")
        if ph == "C":
            # Counter tracks belong to a process (Perfetto's JSON importer: one track per argument).
            check(isinstance(e.get("args"), dict) and e["args"] and all(is_number(v) for v in e["args"].values()),
                  f"{name}: counter without numeric args: {e}")
            check(e["pid"] in named_processes or any(x.get("ph") == "M" and x["pid"] == e["pid"] for x in events),
                  f"{name}: counter of an unnamed process: {e}")
            continue
        if ph == "X":
            check("dur" in e and is_number(e["dur"]) and e["dur"] >= 0, f"{name}: X event without a dur: {e}")
            check(decimals(e["dur"]) <= 6, f"{name}: dur with more than six decimals in {e}")
        if ph == "i":
            check(e.get("s") in ("t", "p", "g"), f"{name}: instant without a scope: {e}")
        if ph == "M":
            if e["name"] == "thread_name":
                named_threads.add((e["pid"], e["tid"]))
            if e["name"] == "process_name":
                named_processes.add(e["pid"])
        else:
            used.add((e["pid"], e["tid"]))
    for pid, tid in used:
        check((pid, tid) in named_threads, f"{name}: track pid {pid} tid {tid} has no thread_name")
        check(pid in named_processes, f"{name}: pid {pid} has no process_name")
    return events


def thread_names(events):
    return {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"}


def process_names(events):
    return {e["pid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "process_name"}


def check_no_overlap(events, name):
    tracks = {}
    for e in events:
        if e["ph"] == "X":
            tracks.setdefault((e["pid"], e["tid"]), []).append((to_ps(e["ts"]), to_ps(e["ts"]) + to_ps(e["dur"])))
    for key, slices in tracks.items():
        slices.sort()
        for (b0, e0), (b1, e1) in zip(slices, slices[1:]):
            check(b1 >= e0, f"{name}: slices overlap on track {key}: [{b0}, {e0}) and [{b1}, {e1}) ps")
    return tracks


def check_cpu_slices(events, summary, name):
    threads = thread_names(events)
    cpu_pid = next(pid for pid, n in process_names(events).items() if n == "CPU")
    duration = summary["sim"]["duration_ps"]
    sums, counts, all_slices = {}, {}, []
    for e in events:
        if e["ph"] != "X" or e["pid"] != cpu_pid:
            continue
        track = threads[(e["pid"], e["tid"])]
        b, d = to_ps(e["ts"]), to_ps(e["dur"])
        sums[track] = sums.get(track, 0) + d
        counts[track] = counts.get(track, 0) + 1
        all_slices.append((b, b + d))
    expected = {d: v["cpu_time_ps"] for d, v in summary["domains"].items()}
    expected.update({d: v["cpu_time_ps"] for d, v in summary["pseudo_domains"].items()})
    for track, cpu_time in expected.items():
        got = sums.get(track, 0)
        # One timestamp unit (1 ps with six decimals of microseconds) per slice.
        check(abs(got - cpu_time) <= counts.get(track, 0),
              f"{name}: {track} run slices add up to {got} ps, summary.json says {cpu_time} ps")
    all_slices.sort()
    check(all_slices[0][0] == 0, f"{name}: the CPU's first slice starts at {all_slices[0][0]} ps")
    for (b0, e0), (b1, e1) in zip(all_slices, all_slices[1:]):
        check(b1 == e0, f"{name}: CPU slices leave a gap or overlap at {e0} ps (next starts {b1})")
    check(all_slices[-1][1] == duration, f"{name}: the CPU's slices end at {all_slices[-1][1]} ps, not {duration}")
    return sums, counts


def instants(events, prefix):
    return [e for e in events if e["ph"] == "i" and e["name"].startswith(prefix)]


def check_outputs_unchanged(plain, traced, name):
    for f in ("cpu_usage.csv", "tick_drift.csv", "jobs.csv"):
        check(filecmp.cmp(os.path.join(plain, f), os.path.join(traced, f), shallow=False),
              f"{name}: {f} differs with --trace")
    with open(os.path.join(plain, "summary.json")) as f:
        a = json.load(f)
    with open(os.path.join(traced, "summary.json")) as f:
        b = json.load(f)
    a.pop("host", None)
    b.pop("host", None)
    check(a == b, f"{name}: summary.json (without host) differs with --trace")
    check(not os.path.exists(os.path.join(plain, "trace.json")), f"{name}: trace.json written without --trace")


def check_graph1(tmp):
    plain, traced, again = (os.path.join(tmp, d) for d in ("graph1", "graph1-trace", "graph1-trace2"))
    run_rtvsim(ARGS.rtvsim, "scenarios/graph1.yaml", plain)
    run_rtvsim(ARGS.rtvsim, "scenarios/graph1.yaml", traced, "--trace")
    run_rtvsim(ARGS.rtvsim, "scenarios/graph1.yaml", again, "--trace")
    check_outputs_unchanged(plain, traced, "graph1")
    check(filecmp.cmp(os.path.join(traced, "trace.json"), os.path.join(again, "trace.json"), shallow=False),
          "graph1: two runs gave different trace.json")
    with open(os.path.join(traced, "summary.json")) as f:
        summary = json.load(f)
    events = check_format(load_trace(os.path.join(traced, "trace.json")), "graph1")
    check_no_overlap(events, "graph1")
    sums, counts = check_cpu_slices(events, summary, "graph1")
    irqs = instants(events, "irq")
    check(len(irqs) == summary["cpu"]["irqs_taken"],
          f"graph1: {len(irqs)} irq instants, summary.json says {summary['cpu']['irqs_taken']} IRQs taken")
    switches = instants(events, "context_switch")
    check(switches and all(is_number(e["args"]["cycles"]) and "prev" in e["args"] and "next" in e["args"] for e in switches),
          "graph1: context switches without prev, next and cycles")
    cs_cycles = sum(e["args"]["cycles"] for e in switches)
    check(cs_cycles == summary["hypervisor"]["context_switch_cycles"],
          f"graph1: context switch cycles {cs_cycles} != hypervisor.context_switch_cycles "
          f"{summary['hypervisor']['context_switch_cycles']}")
    print(f"graph1: {len(events)} events; run slices " +
          ", ".join(f"{t} {counts[t]} slices {sums[t]} ps" for t in sorted(sums)) +
          f"; {len(irqs)} IRQs, {len(switches)} context switches ({cs_cycles} cycles); matches summary.json exactly")


def check_edf_drift(tmp):
    plain, traced = os.path.join(tmp, "edf"), os.path.join(tmp, "edf-trace")
    run_rtvsim(ARGS.rtvsim, "scenarios/edf_drift.yaml", plain)
    run_rtvsim(ARGS.rtvsim, "scenarios/edf_drift.yaml", traced, "--trace")
    check_outputs_unchanged(plain, traced, "edf_drift")
    with open(os.path.join(traced, "summary.json")) as f:
        summary = json.load(f)
    events = check_format(load_trace(os.path.join(traced, "trace.json")), "edf_drift")
    tracks = check_no_overlap(events, "edf_drift")
    check_cpu_slices(events, summary, "edf_drift")

    hypercalls = instants(events, "hypercall")
    check(hypercalls, "edf_drift: no hypercall instants")
    for e in hypercalls:
        a = e["args"]
        check(isinstance(a.get("nr"), int) and isinstance(a.get("name"), str) and isinstance(a.get("cycles"), int),
              f"edf_drift: hypercall without nr, name and cycles: {e}")
    check(len(hypercalls) == summary["cpu"]["hypercalls"],
          f"edf_drift: {len(hypercalls)} hypercall instants, summary.json says {summary['cpu']['hypercalls']}")
    upcalls = instants(events, "upcall")
    check(len(upcalls) == summary["hypervisor"]["upcalls"],
          f"edf_drift: {len(upcalls)} upcall instants, summary.json says {summary['hypervisor']['upcalls']}")

    # One track per task, named after it, in a process per RTOS guest; one slice per started job.
    threads = thread_names(events)
    procs = process_names(events)
    with open(os.path.join(traced, "jobs.csv")) as f:
        header = f.readline().strip().split(",")
        jobs = [dict(zip(header, line.strip().split(","))) for line in f]
    for guest, g in summary["guests"].items():
        pid = next((p for p, n in procs.items() if n.startswith(guest)), None)
        check(pid is not None and pid != 1, f"edf_drift: no process for guest {guest}")
        for task in g["tasks"]:
            tid = next((t for (p, t), n in threads.items() if p == pid and n == task), None)
            check(tid is not None, f"edf_drift: no track for task {guest}/{task}")
            started = [j for j in jobs if j["domain"] == guest and j["task"] == task and j["start_s"]]
            slices = tracks.get((pid, tid), [])
            check(len(slices) == len(started),
                  f"edf_drift: task {task} has {len(slices)} job slices, jobs.csv has {len(started)} started jobs")
            for (b, e), j in zip(slices, started):  # both in job order
                check(b // 1000 == int(j["start_s"].replace(".", "")), f"edf_drift: {task} job starts at {b} ps, jobs.csv {j['start_s']}")
                if j["finish_s"]:
                    check(e // 1000 == int(j["finish_s"].replace(".", "")), f"edf_drift: {task} job ends at {e} ps, jobs.csv {j['finish_s']}")
    check_counters(events, traced, summary, "edf_drift")
    check_window(events, tmp)
    n_tasks = sum(len(g["tasks"]) for g in summary["guests"].values())
    print(f"edf_drift: {len(events)} events; {len(hypercalls)} hypercalls, {len(upcalls)} upcalls, "
          f"{n_tasks} task tracks whose job slices match jobs.csv")


def check_counters(events, run_dir, summary, name):
    procs = process_names(events)
    with open(os.path.join(run_dir, "tick_drift.csv")) as f:
        header = f.readline().strip().split(",")
        rows = [dict(zip(header, line.strip().split(","))) for line in f]
    for guest in summary["guests"]:
        pid = next(p for p, n in procs.items() if n == f"{guest} tasks")
        counters = [(e["ts"], e["args"]["drift_ticks"]) for e in events
                    if e["ph"] == "C" and e["pid"] == pid and e["name"] == "drift"]
        # Every row but the end-of-run one is a tick the guest handled.
        expected = [(Decimal(r["time_s"]) * 10**6, int(r["drift_ticks"])) for r in rows if r["domain"] == guest][:-1]
        check(len(counters) == len(expected) and all(a[1] == b[1] and abs(a[0] - b[0]) < Decimal("0.001")
                                                      for a, b in zip(counters, expected)),
              f"{name}: {guest}'s drift counter ({len(counters)} samples) differs from tick_drift.csv ({len(expected)})")
    with open(os.path.join(run_dir, "cpu_usage.csv")) as f:
        header = f.readline().strip().split(",")
        usage = [dict(zip(header, line.strip().split(","))) for line in f]
    shares = [e for e in events if e["ph"] == "C" and e["name"] == "cpu_share" and e["pid"] == 1]
    windows = sorted({r["window_start_s"] for r in usage}, key=Decimal)
    check(len(shares) == len(windows), f"{name}: {len(shares)} cpu_share counters, {len(windows)} windows")
    for e, w in zip(shares, windows):
        for r in (r for r in usage if r["window_start_s"] == w):
            check(e["args"][r["domain"]] == Decimal(r["cpu_share"]), f"{name}: cpu_share {e} vs {r}")


def check_window(full_events, tmp):
    out = os.path.join(tmp, "edf-window")
    run_rtvsim(ARGS.rtvsim, "scenarios/edf_drift.yaml", out, "--trace-window", "1s..1.25s")
    events = check_format(load_trace(os.path.join(out, "trace.json")), "edf_drift window")
    lo, hi = Decimal(10**6), Decimal("1.25") * 10**6

    def clipped(e):
        if e["ph"] == "X":
            b, end = max(e["ts"], lo), min(e["ts"] + e["dur"], hi)
            return (e["pid"], e["tid"], e["name"], b, end - b) if end > b or (e["ts"] >= lo and e["ts"] < hi) else None
        if e["ph"] in ("i", "C") and e["name"] != "cpu_share":
            return (e["pid"], e["tid"], e["name"], e["ts"]) if lo <= e["ts"] < hi else None
        return None

    want = [c for c in map(clipped, full_events) if c]
    got = [c for c in map(clipped, events) if c]
    check(got == want, f"window: {len(got)} events, the full trace has {len(want)} in 1s..1.25s")
    check(all(e["ph"] == "M" or (e["name"] == "cpu_share") or lo <= e["ts"] < hi or
              (e["ph"] == "X" and e["ts"] == lo) for e in events), "window: an event outside 1s..1.25s")
    print(f"window 1s..1.25s: {len(got)} events, exactly the full trace's cut to the window")


def timed_run(exe, traced, out):
    """(wall seconds of the whole process, the simulation's own host.wall_time_s, trace.json bytes)"""
    extra = ["--set", f"duration={ARGS.timing_duration}"] + (["--trace"] if traced else [])
    t0 = time.perf_counter()
    run_rtvsim(exe, ARGS.timing_scenario, out, *extra)
    wall = time.perf_counter() - t0
    with open(os.path.join(out, "summary.json")) as f:
        sim_wall = json.load(f)["host"]["wall_time_s"]
    trace = os.path.join(out, "trace.json")
    return wall, sim_wall, os.path.getsize(trace) if os.path.exists(trace) else 0


def report_timing(tmp):
    n = ARGS.repeats
    builds = [("this build, no --trace", ARGS.rtvsim, False), ("this build, --trace", ARGS.rtvsim, True)]
    if ARGS.baseline_rtvsim:
        builds.insert(0, ("baseline build (no hooks)", ARGS.baseline_rtvsim, False))
    results = {label: [] for label, _, _ in builds}
    size = 0
    # Interleaved, so that a slow spell of the host hits every variant alike.
    for i in range(n):
        for k, (label, exe, traced) in enumerate(builds):
            wall, sim_wall, bytes_ = timed_run(exe, traced, os.path.join(tmp, f"timing-{i}-{k}"))
            results[label].append((wall, sim_wall))
            size = max(size, bytes_)
    print(f"timing: {ARGS.timing_scenario} with duration={ARGS.timing_duration}, {n} runs each; "
          f"process wall s (and the simulation's own host.wall_time_s); trace.json {size / 1e6:.1f} MB")
    med = {}
    for label, _, _ in builds:
        walls = [w for w, _ in results[label]]
        sims = [s for _, s in results[label]]
        med[label] = (statistics.median(walls), statistics.median(sims), min(walls), min(sims))
        print(f"  {label:26s} median {med[label][0]:.3f} ({med[label][1]:.3f})  min {med[label][2]:.3f} "
              f"({med[label][3]:.3f})  runs {' '.join(f'{w:.3f}' for w in walls)}")

    def pct(a, b):
        return 100 * (a - b) / b

    off, on = med["this build, no --trace"], med["this build, --trace"]
    print(f"  --trace vs no --trace: {pct(on[0], off[0]):+.1f} % process wall, {pct(on[1], off[1]):+.1f} % simulation wall (medians)")
    if ARGS.baseline_rtvsim:
        base = med["baseline build (no hooks)"]
        print(f"  tracing off vs no hooks: {pct(off[0], base[0]):+.1f} % process wall, {pct(off[1], base[1]):+.1f} % "
              f"simulation wall (medians); minima {pct(off[2], base[2]):+.1f} %, {pct(off[3], base[3]):+.1f} %")


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--rtvsim", required=True)
    p.add_argument("--source-dir", required=True)
    p.add_argument("--timing", action="store_true", help="also report wall times with and without --trace")
    p.add_argument("--baseline-rtvsim", help="a build without the trace hooks, for --timing")
    p.add_argument("--timing-scenario", default="scenarios/graph1.yaml")
    p.add_argument("--timing-duration", default="200s")
    p.add_argument("--repeats", type=int, default=5)
    ARGS = p.parse_args()
    decimal.getcontext().prec = 40
    try:
        with tempfile.TemporaryDirectory(prefix="rtvsim-trace-") as tmp:
            check_graph1(tmp)
            check_edf_drift(tmp)
            if ARGS.timing:
                report_timing(tmp)
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
