#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Whole-scenario checks of rtvsim: the experiments' expected outcomes, determinism and the
command line's error handling. Each check is one CTest case:

    system_checks.py CHECK --rtvsim build/app/rtvsim --source-dir .

Expected figures come from first principles (the GPT period rule, 1/mcu_advance) or from
the rules of Xen-ARM's BVT as shipped (docs/models/xen_arm.md), never from a previous run.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import check_main

ARGS = None


def run(*args, expect=0):
    proc = subprocess.run([ARGS.rtvsim, *args], capture_output=True, text=True)
    if proc.returncode != expect:
        raise AssertionError(f"rtvsim {' '.join(args)} exited {proc.returncode}, expected {expect}\n"
                             f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def simulate(scenario, *sets, out=None):
    out = out or tempfile.mkdtemp(prefix="rtvsim-check-")
    set_args = [a for s in sets for a in ("--set", s)]
    run("run", os.path.join(ARGS.source_dir, scenario), "-o", out, "-q", *set_args)
    with open(os.path.join(out, "summary.json")) as f:
        return out, json.load(f)


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def read_usage(run_dir):
    rows = []
    with open(os.path.join(run_dir, "cpu_usage.csv")) as f:
        header = f.readline().strip()
        check(header == "window_start_s,window_end_s,domain,cpu_share,runstate_share", f"bad header {header}")
        for line in f:
            start, end, dom, share, rs = line.strip().split(",")
            rows.append((start, end, dom, float(share), float(rs)))
    return rows


def check_graph1():
    out, s = simulate("scenarios/graph1.yaml")
    for name in ("dom0", "dom1"):
        share = s["domains"][name]["cpu_share"]
        check(0.49 <= share <= 0.51, f"{name} overall share {share}")
    rows = read_usage(out)
    windows = {}
    for start, end, dom, share, _ in rows:
        windows.setdefault((start, end), {})[dom] = share
    check(len(windows) == 10, f"expected 10 whole windows, got {len(windows)}")
    for key, doms in windows.items():
        check(set(doms) == {"dom0", "dom1", "_xen", "_idle"}, f"rows of window {key}: {sorted(doms)}")
        for name in ("dom0", "dom1"):
            check(0.47 <= doms[name] <= 0.53, f"window {key}: {name} {doms[name]}")
        total = sum(doms.values())
        check(abs(total - 1.0) < 1e-8, f"window {key} sums to {total}")
    print(f"graph1: dom0 {s['domains']['dom0']['cpu_share']:.4f} dom1 {s['domains']['dom1']['cpu_share']:.4f}")


def guest_shares(s):
    return s["domains"]["dom0"]["guest_share"], s["domains"]["dom1"]["guest_share"]


# Xen-ARM's BVT as shipped (both quirks): shares of weight 1 against weight w (docs/models/xen_arm.md).
SHIPPED = {2: 0.400, 3: 1 / 3, 10: 0.200}


def ideal_share(w):
    """dom0's share when shares follow 1/mcu_advance, mcu_advance = trunc(10/weight)."""
    a, b = 10, int(10 / w)
    return (1 / a) / (1 / a + 1 / b)


def check_bvt_weights():
    for w in (2, 3, 10):
        for quirks in ((), ("hypervisor.quirks.bvt_slice_units=false",),
                       ("hypervisor.quirks.recharge_on_continue=false",)):
            _, s = simulate("scenarios/bvt_weights.yaml", f"domains[dom1].weight={w}", "duration=100s", *quirks)
            a, b = guest_shares(s)
            expected = SHIPPED[w] if not quirks else ideal_share(w)
            check(abs(a - expected) <= 0.005 and abs(b - (1 - expected)) <= 0.005,
                  f"weight 1:{w} {quirks or 'as shipped'}: {a:.4f}/{b:.4f}, expected {expected:.4f}")
            print(f"1:{w} {quirks[0] if quirks else 'as shipped'}: {a:.4f}/{b:.4f}")


def expected_ticks(hz, seconds):
    """GPT1 from 32 kHz in restart mode, compare LATCH-1: compares at edge LATCH-1 + k*LATCH
    after the enable, counted while they lie before the end of the run."""
    latch = (32768 + hz // 2) // hz
    edges = seconds * 32768
    return -(-(edges - (latch - 1)) // latch)  # ceil


def check_hz():
    for hz, figure in ((100, 9990), (1000, 99296)):
        _, s = simulate("scenarios/graph1.yaml", "duration=100s", f"hypervisor.hz={hz}")
        ticks = s["hypervisor"]["ticks"]
        check(expected_ticks(hz, 100) == figure, "first-principles tick count disagrees with the issue's figure")
        check(ticks == figure, f"hz {hz}: {ticks} ticks, expected {figure}")
        print(f"hz {hz}: {ticks} ticks in 100 s")


def strip_host(path):
    with open(path) as f:
        j = json.load(f)
    j.pop("host", None)
    return j


def check_determinism():
    for scenario in sorted(glob.glob(os.path.join(ARGS.source_dir, "scenarios", "*.yaml"))):
        rel = os.path.relpath(scenario, ARGS.source_dir)
        # A binary guest runs on the ISS: a short slice of it (its full runs: tools/crossval.sh).
        sets = ["duration=50ms"] if rel.endswith("_elf.yaml") else []
        a, _ = simulate(rel, *sets)
        b, _ = simulate(rel, *sets)
        for name in sorted(os.listdir(a)):
            pa, pb = os.path.join(a, name), os.path.join(b, name)
            if os.path.isdir(pa):
                continue
            if name == "summary.json":
                check(strip_host(pa) == strip_host(pb), f"{rel}: summary.json differs outside host")
            else:
                with open(pa, "rb") as fa, open(pb, "rb") as fb:
                    check(fa.read() == fb.read(), f"{rel}: {name} differs between two runs")
        print(f"{rel}: identical")


LOCATION = re.compile(r"\.yaml:\d+:\d+: ")


def check_bad_scenarios():
    bad = sorted(glob.glob(os.path.join(ARGS.source_dir, "tests", "data", "bad", "*.yaml")))
    check(len(bad) >= 4, "bad scenario files missing")
    for path in bad:
        for cmd in ("check", "run"):
            extra = ["-o", tempfile.mkdtemp()] if cmd == "run" else []
            proc = run(cmd, path, *extra, expect=2)
            err = proc.stderr.strip()
            check(LOCATION.search(err), f"{path}: message does not name file:line:column: {err}")
            check("Traceback" not in err and "terminate" not in err, f"{path}: crash: {err}")
        print(f"{os.path.basename(path)}: {err}")
    proc = run("check", os.path.join(ARGS.source_dir, "scenarios/graph1.yaml"), "--set", "domains[dom1].weight=11",
               expect=2)
    check("--set domains[dom1].weight=11" in proc.stderr, f"override error does not name the override: {proc.stderr}")
    run("frobnicate", expect=2)
    run("run", expect=2)
    print("overrides and usage errors: exit 2")


def check_isolation():
    out, s = simulate("scenarios/isolation.yaml")
    faults = s["faults"]
    check(len(faults) == 1, f"expected one fault, got {faults}")
    f = faults[0]
    check(f["domain"] == "rtos" and f["address"] == "0xC1000000", f"fault {f}")
    check(f["fsr"] == "0x05", f"translation fault (section) has FSR 0x05, got {f['fsr']}")
    check(f["action"] == "killed" and s["domains"]["rtos"]["killed"], "rtos should be destroyed")
    for name in ("dom0", "other"):
        d = s["domains"][name]
        check(not d["partition"]["changed"], f"{name}'s partition changed")
    rows = read_usage(out)
    late = [r for r in rows if r[0] == "4.000000000"]
    for start, end, dom, share, _ in late:
        if dom in ("dom0", "other"):
            check(0.49 <= share <= 0.51, f"{dom} should share the CPU after the kill: {share}")
    rtos = s["domains"]["rtos"]["memory"]
    check(rtos["accesses"] > 1000 and rtos["faults"] == 1, f"identity-mapped accesses: {rtos}")
    print(f"isolation: {f}; dom0/other partitions unchanged; rtos {rtos['accesses']} accesses at VA == PA")


def check_identity_fault():
    # A busy guest identity-mapped at its partition; one word just past the partition.
    base = None
    _, s = simulate("scenarios/isolation.yaml", "domains[rtos].rogue.at=0s")
    base = s["domains"]["rtos"]["partition"]["base"]
    size = s["domains"]["rtos"]["partition"]["size_bytes"]
    past = base + size
    _, s = simulate("scenarios/isolation.yaml", f"domains[rtos].rogue.address={past:#x}",
                    "domains[rtos].rogue.write=false")
    f = s["faults"][0]
    check(f["address"] == f"0x{past:08X}" and f["fsr"] == "0x05", f"one byte past the partition: {f}")
    # With inject and no abort handler the platform hangs: exit 1 and a clear message.
    proc = run("run", os.path.join(ARGS.source_dir, "scenarios/isolation.yaml"), "-o", tempfile.mkdtemp(),
               "--set", "domains[rtos].on_fault=inject", expect=1)
    check("no abort handler" in proc.stderr and "hangs" in proc.stderr, f"hang message: {proc.stderr}")
    print(f"past the partition: FAR {f['address']} FSR {f['fsr']}; inject without handler: exit 1")


def check_working_set():
    per_switch, walks = [], []
    for ws in ("0B", "4KiB", "8KiB", "16KiB", "64KiB"):
        _, s = simulate("scenarios/graph1.yaml", f"domains[0].working_set={ws}", f"domains[1].working_set={ws}")
        h = s["hypervisor"]
        switches = h["scheduler"]["context_switches"]
        per_switch.append(h["context_switch_cycles"] / switches)
        walks.append(s["mmu"]["walks"] / switches)
        a, b = s["domains"]["dom0"]["cpu_share"], s["domains"]["dom1"]["cpu_share"]
        check(abs(a - b) < 0.005, f"{ws}: shares differ {a} {b}")
        print(f"working set {ws}: {per_switch[-1]:.0f} cycles per switch, {walks[-1]:.1f} walks per switch")
    check(all(x < y for x, y in zip(per_switch[:4], per_switch[1:4])), f"not strictly rising: {per_switch}")
    check(abs(per_switch[4] - per_switch[3]) <= 0.05 * per_switch[3], f"64 KiB vs 16 KiB: {per_switch}")
    check(all(x < y for x, y in zip(walks, walks[1:])), f"walks per switch not rising: {walks}")


def read_drift(run_dir):
    import csv
    with open(os.path.join(run_dir, "tick_drift.csv")) as f:
        return list(csv.DictReader(f))


def check_timer_loss():
    out, s = simulate("scenarios/timer_loss.yaml")
    last = read_drift(out)[-1]
    ratio = int(last["virqs_handled"]) / int(last["ticks_expected"])
    drift_ms = float(last["drift_ms"])
    check(0.48 <= ratio <= 0.52, f"naive, idle spin: virqs/expected {ratio}")
    check(-5200 <= drift_ms <= -4800, f"naive, idle spin: drift {drift_ms} ms")
    out, s = simulate("scenarios/timer_loss.yaml", "domains[ucos].ucos.idle=block")
    last = read_drift(out)[-1]
    block_ratio = int(last["virqs_handled"]) / int(last["ticks_expected"])
    check(block_ratio > 0.9, f"idle block should lose almost nothing: {block_ratio}")
    print(f"timer_loss: spin ratio {ratio:.4f}, drift {drift_ms} ms; block ratio {block_ratio:.4f}")


def check_time_correction():
    out, _ = simulate("scenarios/time_correction.yaml")
    rows = read_drift(out)
    worst = max(abs(int(r["drift_ticks"])) for r in rows)
    check(worst <= 1, f"precise: |drift| reaches {worst} ticks")
    out_none, _ = simulate("scenarios/time_correction.yaml", "hypervisor.time_update=none")
    out_naive, _ = simulate("scenarios/timer_loss.yaml", "duration=100s")
    none = int(read_drift(out_none)[-1]["drift_ticks"])
    naive = int(read_drift(out_naive)[-1]["drift_ticks"])
    check(abs(none - naive) <= 0.05 * abs(naive), f"none: final drift {none} vs naive {naive}")
    # A reader whose loads always straddle a tick (a 10.15 ms gap between the version and
    # the time loads): every read is torn, it retries, and it never uses what it read.
    _, torn = simulate("scenarios/time_correction.yaml", "costs.ucos_port_time_read_gap=2700000", "duration=1s")
    port = torn["guests"]["ucos"]["port"]
    check(port["time_retries"] > 10, f"torn reads should be retried: {port}")
    check(torn["guests"]["ucos"]["os_time_ticks"] == 0, "a torn value was used")
    print(f"time_correction: precise max |drift| {worst} over {len(rows)} rows; none {none} vs naive {naive} ticks; "
          f"torn reads retried {port['time_retries']} times, never used")


def misses(s, task):
    return s["guests"]["rtos"]["tasks"][task]["missed"], s["guests"]["rtos"]["tasks"][task]["released"]


def check_edf_drift():
    _, s = simulate("scenarios/edf_drift.yaml")
    total = sum(t["missed"] for t in s["guests"]["rtos"]["tasks"].values())
    check(total == 0, f"EDF, corrected, precise: {total} misses")
    _, s = simulate("scenarios/edf_drift.yaml", "domains[rtos].ucos.tick_mode=naive")
    m, n = misses(s, "bulk")
    check(m > 0, "EDF with the naive handler should miss deadlines of the event-driven task bulk")
    _, f = simulate("scenarios/edf_drift.yaml", "domains[rtos].ucos.tick_mode=naive",
                    "domains[rtos].ucos.policy=fixed-priority")
    fm, fn = misses(f, "ev")
    check(fm == 0, f"fixed priority, naive: the top event task missed {fm}")
    # Fixed priority decides without the clock: bulk (under ev) misses the same jobs with
    # either clock. Its periodic `log` is released by the guest clock, so with the naive
    # (half-speed) clock it is released every 200 ms of true time against 100 ms deadlines.
    _, fc = simulate("scenarios/edf_drift.yaml", "domains[rtos].ucos.policy=fixed-priority")
    check(misses(fc, "bulk") == misses(f, "bulk"), f"FP bulk misses differ: {misses(fc, 'bulk')} vs {misses(f, 'bulk')}")
    check(misses(fc, "log")[0] == 0, f"FP, corrected: log missed {misses(fc, 'log')}")
    lm, ln = misses(f, "log")
    check(lm >= ln - 1, f"FP, naive: log should miss (nearly) every job, missed {lm}/{ln}")
    print(f"edf_drift: corrected 0 misses; naive EDF bulk {m}/{n} = {m / n:.3f}; FP naive ev {fm}/{fn}; FP bulk "
          f"{misses(f, 'bulk')[0]}/{misses(f, 'bulk')[1]} with either clock; FP log naive {lm}/{ln}, corrected 0")


def check_fuzz():
    for quirk in ("true", "false"):
        _, s = simulate("tests/data/fuzz.yaml", f"hypervisor.quirks.timer_list_no_resort={quirk}")
        h = s["hypervisor"]
        check("failure" not in s, f"fuzz run failed: {s.get('failure')}")
        check(h["hypercalls"] >= 10000, f"only {h['hypercalls']} hypercalls")
        check(h["invariant_checks"] >= 10000, f"only {h['invariant_checks']} invariant checks")
        check(not s["domains"]["dom0"]["partition"]["changed"], "dom0's partition changed")
        share = s["domains"]["dom0"]["cpu_share"]
        if quirk == "false":
            check(share >= 0.5 - 0.01, f"dom0 share {share} below its entitlement - 0.01")
        print(f"fuzz (no_resort={quirk}): {h['hypercalls']} hypercalls, {h['hypercall_errors']} errors, "
              f"{h['invariant_checks']} checks passed, dom0 unchanged, dom0 share {share:.4f}")


def check_timer_starvation():
    _, s = simulate("scenarios/timer_starvation.yaml")
    starved = s["domains"]["dom0"]["cpu_share"]
    check(starved < 0.05, f"with the quirk dom0 should starve: {starved}")
    _, s = simulate("scenarios/timer_starvation.yaml", "hypervisor.quirks.timer_list_no_resort=false")
    fair = s["domains"]["dom0"]["cpu_share"]
    check(fair >= 0.49, f"without the quirk dom0 should get its half: {fair}")
    print(f"timer_starvation: dom0 share {starved:.4f} with the quirk, {fair:.4f} without")


def check_weight_sweep():
    import csv
    out = os.path.join(tempfile.mkdtemp(prefix="rtvsim-sweep-"), "weights")
    run("sweep", os.path.join(ARGS.source_dir, "scenarios/bvt_weights.yaml"), "--vary", "domains[dom1].weight=1..10",
        "--vary", "hypervisor.quirks.recharge_on_continue=true,false", "--set", "duration=100s", "-j", "2", "-o", out, "-q")
    with open(os.path.join(out, "sweep.csv")) as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == 20 and all(r["status"] == "ok" for r in rows), "every point should be ok")
    shipped = {1: 0.500, 2: 0.600, 3: 0.667, 4: 0.727, 5: 0.727, 6: 0.800, 7: 0.800, 8: 0.800, 9: 0.800, 10: 0.800}
    for r in rows:
        w = int(r["domains[dom1].weight"])
        share = float(r["guest_share[dom1]"])
        if r["hypervisor.quirks.recharge_on_continue"] == "true":
            expected = shipped[w]
        else:
            a, b = 10, int(10 / w)
            expected = (1 / b) / (1 / a + 1 / b)
        check(abs(share - expected) <= 0.005, f"weight {w}, recharge {r['hypervisor.quirks.recharge_on_continue']}: "
                                              f"{share:.4f}, expected {expected:.3f}")
    proc = subprocess.run(["/usr/bin/python3", os.path.join(ARGS.source_dir, "tools/plot/rtvplot.py"), "sweep", out],
                          capture_output=True, text=True)
    check(proc.returncode == 0 and os.path.getsize(os.path.join(out, "sweep_guest_share_dom1.png")) > 0,
          f"sweep plot: {proc.stderr}")
    print("weight sweep: 20 points ok; as shipped " +
          " ".join(f"{float(r['guest_share[dom1]']):.3f}" for r in rows if r["hypervisor.quirks.recharge_on_continue"] == "true") +
          "; corrected " +
          " ".join(f"{float(r['guest_share[dom1]']):.3f}" for r in rows if r["hypervisor.quirks.recharge_on_continue"] == "false"))


# Xen-ARM's clock: GPT1 counts 32768 Hz and restarts every LATCH = (32768 + 50) / 100 = 328
# counts, so by true time T it has ticked floor(T * 32768 / 328) times; each tick adds exactly
# 10 ms to the jiffy clock.
LATCH_100HZ = (32768 + 50) // 100


def jiffies_by(seconds):
    return (seconds * 32768) // LATCH_100HZ


def final_drift(out):
    return int(read_drift(out)[-1]["drift_ticks"])


def check_time_modes():
    T = 100  # time_correction.yaml runs 100 s
    base = "scenarios/time_correction.yaml"
    # none: the shared time never moves, the corrected handler counts VIRQs: it loses exactly
    # the ticks it did not receive (about half: equal BVT shares).
    out, s = simulate(base, "hypervisor.time_update=none")
    g = s["guests"]["ucos"]
    none = final_drift(out)
    check(g["ticks_expected"] == 100 * T - 1, f"ticks expected {g['ticks_expected']}: the guest starts in the first jiffy")
    check(none == g["os_time_ticks"] - g["ticks_expected"], f"none: drift {none} is not the ticks not counted")
    check(abs(none + (100 * T) / 2) <= 0.01 * 100 * T, f"none: drift {none}, about half of {100 * T} expected")
    # jiffies: the guest's clock is the jiffy count, floor(100 * 32768 / 328) = 9990 against
    # 9999 expected ticks: exactly -9 (each tick is 1/1024 of a tick long: -floor(k / 1024)).
    jiffies_expected = jiffies_by(T) - (100 * T - 1)
    out, s = simulate(base, "hypervisor.time_update=jiffies")
    jif = final_drift(out)
    check(jiffies_expected == -9 and jif == jiffies_expected, f"jiffies: final drift {jif}, expected {jiffies_expected}")
    rows = read_drift(out)
    for r in rows:
        k = round(float(r["time_s"]) * 32768 / LATCH_100HZ)
        check(abs(int(r["drift_ticks"]) + k // 1024) <= 1, f"jiffies: drift {r['drift_ticks']} after tick {k}")
    # precise: within one tick all along.
    out, _ = simulate(base, "hypervisor.time_update=precise")
    prec = final_drift(out)
    worst = max(abs(int(r["drift_ticks"])) for r in read_drift(out))
    check(worst <= 1, f"precise: |drift| reaches {worst}")
    # switch_in only: the guest handles the VIRQ of the tick that ended its run after its next
    # switch-in, where update_dom_time(next) has just written the time; while it runs the
    # handler's fallback counts one tick per VIRQ. So the clock matches the per-tick variant.
    out, _ = simulate(base, "hypervisor.time_update=jiffies", "hypervisor.time_update_at=[switch_in]")
    sw = final_drift(out)
    check(sw == jif, f"jiffies at switch_in only: {sw}, with ticks too: {jif}")
    out, _ = simulate(base, "hypervisor.time_update=precise", "hypervisor.time_update_at=[switch_in]")
    swp = final_drift(out)
    check(abs(swp) <= 1, f"precise at switch_in only: {swp}")
    print(f"time modes at 100 s: none {none} (expected about {-(100 * T) // 2}), jiffies {jif} (expected "
          f"{jiffies_expected}), precise {prec} (max |drift| {worst}), switch_in only: jiffies {sw}, precise {swp}")


def shares(s):
    return s["domains"]["dom0"]["cpu_share"], s["domains"]["dom1"]["cpu_share"]


def check_sedf():
    # 10 ms and 20 ms of every 40 ms, no extratime: slice / period each, idle the rest.
    _, s = simulate("scenarios/sedf.yaml")
    a, b = shares(s)
    check(abs(a - 0.25) <= 0.01 and abs(b - 0.50) <= 0.01, f"sedf: {a:.4f} {b:.4f}")
    idle = s["pseudo_domains"]["_idle"]["cpu_share"] if "pseudo_domains" in s else None
    # extratime: the 10 ms left per period goes by L1 score (period << 10) / slice, 4096 : 2048,
    # so 1 : 2: 0.25 + 0.25 / 3 and 0.50 + 0.25 * 2 / 3.
    _, s = simulate("scenarios/sedf.yaml", "domains[dom0].sedf.extratime=true", "domains[dom1].sedf.extratime=true")
    xa, xb = shares(s)
    check(abs(xa - (0.25 + 0.25 / 3)) <= 0.01 and abs(xb - (0.50 + 0.25 * 2 / 3)) <= 0.01, f"sedf extratime: {xa} {xb}")
    # 3 ms in 10 ms: the slice timer fires at the next tick (a whole jiffy run), the 7 ms
    # overrun sends the domain to its next period: every other tick, 0.50.
    _, s = simulate("scenarios/sedf.yaml", "domains[dom0].sedf.slice=3ms", "domains[dom0].sedf.period=10ms")
    qa, qb = shares(s)
    check(abs(qa - 0.50) <= 0.01, f"sedf 3ms/10ms: {qa}")
    print(f"sedf: 10/40 20/40 -> {a:.4f} {b:.4f} (idle {idle}); extratime -> {xa:.4f} {xb:.4f}; "
          f"3ms/10ms -> {qa:.4f} (dom1 20/40 {qb:.4f})")


def check_credit():
    # As shipped no tick ever runs: round-robin in 30 ms slices whatever weights and caps say.
    _, s = simulate("scenarios/credit.yaml")
    a, b = shares(s)
    check(abs(a - 0.5) <= 0.01 and abs(b - 0.5) <= 0.01, f"credit as shipped: {a} {b}")
    _, s = simulate("scenarios/credit.yaml", "domains[dom1].credit.cap=25")
    check(shares(s) == (a, b), f"credit as shipped: a cap changed the shares: {shares(s)}")
    # With the accounting tick: 300 credits per 30 ms by weight 256 : 512.
    _, s = simulate("scenarios/credit.yaml", "hypervisor.quirks.credit_no_tick=false", "duration=100s")
    wa, wb = shares(s)
    check(abs(wa - 1 / 3) <= 0.02 and abs(wb - 2 / 3) <= 0.02, f"credit by weight: {wa} {wb}")
    # A 25 % cap: capped at 75 credits per 30 ms, parked below -75.
    _, s = simulate("scenarios/credit.yaml", "hypervisor.quirks.credit_no_tick=false", "domains[dom1].credit.cap=25")
    ca, cb = shares(s)
    check(abs(cb - 0.25) <= 0.02, f"credit cap 25 %: {cb}")
    print(f"credit: as shipped {a:.4f} {b:.4f} (cap 25 % changes nothing); tick on: 256:512 -> {wa:.4f} {wb:.4f} "
          f"(100 s); cap 25 % -> {ca:.4f} {cb:.4f}")


def check_unused_keys():
    # BVT weights under SEDF: accepted, warned about, listed in summary.json.
    proc = run("check", os.path.join(ARGS.source_dir, "scenarios/timer_loss.yaml"), "--set", "hypervisor.scheduler=sedf")
    check("domains[0].weight: unused" in proc.stderr and "domains[1].weight: unused" in proc.stderr,
          f"no warning: {proc.stderr}")
    _, s = simulate("scenarios/timer_loss.yaml", "hypervisor.scheduler=sedf", "duration=100ms")
    unused = [d.get("unused_keys") for d in s["scenario"]["domains"]]
    check(unused == [["weight"], ["weight"]], f"unused keys {unused}")
    print(f"unused keys: {unused}")


def check_code_size():
    """A guest's code footprint is refetched through the I-cache after every switch to it."""
    lines = 16 * 1024 // 32  # 16 KiB of code in 32-byte lines (ARM926EJ-S, DDI 0198D 4.1)
    _, base = simulate("scenarios/edf_drift.yaml", "duration=2s")
    _, s = simulate("scenarios/edf_drift.yaml", "duration=2s", "domains[rtos].code_size=16KiB")
    m = s["domains"]["rtos"]["memory"]
    check(base["domains"]["rtos"]["memory"]["code_refills"] == 0, "code_size 0 fetches nothing")
    # Xen-ARM invalidates the I-cache on every switch to a guest, so each refill misses on
    # every line: the count is a whole number of footprints, one per switch to the guest.
    bursts = m["code_refills"] // lines
    check(m["code_refills"] > 0 and m["code_refills"] % lines == 0, f"refills {m['code_refills']} not whole footprints")
    switches_in = s["domains"]["rtos"]["context_switches_in"]
    check(0 < bursts <= switches_in, f"{bursts} refills for {switches_in} switches in")
    # Each line fill costs at least a two-word-per-beat SDRAM line fill: 2 x (1 + latency)
    # cycles, 28 at the default latency of 13 (docs/models/bus_memory.md).
    fill = 2 * (1 + s["scenario"]["platform"]["sdram_latency_cycles"])
    check(m["code_refill_cycles"] >= m["code_refills"] * fill, f"{m['code_refill_cycles']} cycles for {m['code_refills']} fills")
    print(f"code_size 16KiB: {bursts} refills of {lines} lines, {m['code_refill_cycles'] / max(bursts, 1):.0f} cycles each")


CHECKS = {
    "code_size": check_code_size,
    "weight_sweep": check_weight_sweep,
    "fuzz": check_fuzz,
    "timer_starvation": check_timer_starvation,
    "timer_loss": check_timer_loss,
    "time_correction": check_time_correction,
    "edf_drift": check_edf_drift,
    "isolation": check_isolation,
    "identity_fault": check_identity_fault,
    "working_set": check_working_set,
    "graph1": check_graph1,
    "bvt_weights": check_bvt_weights,
    "hz": check_hz,
    "determinism": check_determinism,
    "bad_scenarios": check_bad_scenarios,
    "time_modes": check_time_modes,
    "sedf": check_sedf,
    "credit": check_credit,
    "unused_keys": check_unused_keys,
}


if __name__ == "__main__":
    sys.exit(check_main.run_checks(CHECKS, globals()))
