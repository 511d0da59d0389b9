#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The binary guests through `rtvsim run`: shortened runs of the *_elf scenarios (the
project's firmware on the instruction-set simulator), each with bounds stated for its length
and against its model-guest twin run for the same length, and the check that the firmware
is really what runs (a one-line change of the corrected tick handler's C source, rebuilt,
gives the naive drift). Full-length runs: tools/crossval.sh.

    test_binary_ucos.py [CHECK...] --rtvsim build/app/rtvsim --source-dir .

The images are found as the scenarios name them, `${RTV_FIRMWARE_DIR}`: rtvsim's own
firmware directory beside its build (build/firmware), unless the environment says otherwise.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

import check_main

ARGS = None


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def simulate(scenario, *sets, env=None, extra=(), profile=None):
    out = tempfile.mkdtemp(prefix="rtvsim-binary-")
    cmd = [ARGS.rtvsim, "run", os.path.join(ARGS.source_dir, "scenarios", scenario), "-o", out, "-q", *extra]
    for s in sets:
        cmd += ["--set", s]
    e = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
    e.update(env or {})
    proc = subprocess.run(cmd, capture_output=True, text=True, env=e)
    check(proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}{proc.stderr}")
    with open(os.path.join(out, "summary.json")) as f:
        s = json.load(f)
    rows = []
    if os.path.exists(os.path.join(out, "tick_drift.csv")):
        with open(os.path.join(out, "tick_drift.csv")) as f:
            rows = list(csv.DictReader(f))
    if profile is not None:
        with open(os.path.join(out, "profile.csv")) as f:
            profile.update({r["function"]: r for r in csv.DictReader(f)})
    shutil.rmtree(out)
    return s, rows


def tick_rows(rows):
    """The rows taken when the guest handled a tick (all but the end-of-run row)."""
    return rows[:-1]


def ratio(rows):
    last = rows[-1]
    return int(last["virqs_handled"]) / int(last["ticks_expected"])


def check_graph1():
    # 1 s: one whole window of BVT's 50/50 (the model gives 0.500 in every window).
    s, _ = simulate("graph1_elf.yaml", "duration=1s")
    m, _ = simulate("graph1.yaml", "duration=1s")
    for d in ("dom0", "dom1"):
        b, mv = s["domains"][d]["cpu_share"], m["domains"][d]["cpu_share"]
        check(abs(b - mv) <= 0.01, f"{d}: binary share {b:.4f}, model {mv:.4f}")
    print(f"graph1_elf 1 s: shares {s['domains']['dom0']['cpu_share']:.4f} / {s['domains']['dom1']['cpu_share']:.4f}")


def check_timer_loss():
    # 1 s of the naive guest with a spinning idle task: it handles about half of the 100
    # ticks (model: 0.5), so it ends about 50 ticks (0.5 s) behind.
    profile = {}
    s, rows = simulate("timer_loss_elf.yaml", "duration=1s", extra=["--profile", "ucos"], profile=profile)
    _, mrows = simulate("timer_loss.yaml", "duration=1s")
    r, mr = ratio(rows), ratio(mrows)
    check(abs(r - mr) <= 0.01, f"virqs/expected binary {r:.4f}, model {mr:.4f}")
    drift, mdrift = int(rows[-1]["drift_ticks"]), int(mrows[-1]["drift_ticks"])
    check(-55 <= drift <= -45, f"naive drift after 1 s: {drift} ticks")
    g = s["guests"]["ucos"]
    check(g["tasks"]["t1"]["released"] >= 5, f"t1 jobs: {g['tasks']['t1']}")
    # The calibrated loop (docs/guest_abi.md section 12): t1's 5 ms at 266 MHz is 1330000
    # cycles, the call costs 4 * floor(wcet / 4) + 6 = 1330006 with warm caches. The profile
    # times from the function's first instruction to the first one back in the caller: less
    # the bl (3) and the movs (1), plus that instruction (1): 1330003.
    burn = profile["rtv_burn_cycles"]
    check(1330003 <= int(burn["min_cycles"]) <= 1330003 + 100, f"rtv_burn_cycles: {burn}")
    check(int(profile["OSTimeTick"]["calls"]) == int(rows[-1]["os_time_ticks"]), f"OSTimeTick: {profile['OSTimeTick']}")
    print(f"timer_loss_elf 1 s: rtv_burn_cycles(1330000) min {burn['min_cycles']} cycles; virqs/expected {r:.4f} (model {mr:.4f}), drift {drift} (model {mdrift}) ticks")


def check_time_correction():
    # 1.5 s with time_update precise: |drift| <= 1 at every tick row, as for 100 s (about 75
    # rows: the guest runs every other 10 ms tick).
    # The end row is taken while dom0 runs: the guest clock is as old as its last tick there,
    # up to two 10 ms ticks with BVT's 10 ms turns (docs/experiments.md, cross-validation).
    s, rows = simulate("time_correction_elf.yaml", "duration=1500ms")
    check(len(rows) >= 70, f"only {len(rows)} tick rows")
    worst = max(abs(int(r["drift_ticks"])) for r in tick_rows(rows))
    check(worst <= 1, f"corrected, precise: |drift| reaches {worst} ticks")
    end = int(rows[-1]["drift_ticks"])
    check(-2 <= end <= 0, f"corrected, precise: drift {end} at the end of the run")
    port = s["guests"]["ucos"]["port"]
    check(port["time_reads"] > 0, f"the corrected handler never read shared-info time: {port}")
    print(f"time_correction_elf 1.5 s: max |drift| {worst} over {len(rows)} rows, {port['time_reads']} time reads")


def check_edf_drift():
    # 1.5 s: no deadline missed with the corrected clock (the model misses none either).
    s, _ = simulate("edf_drift_elf.yaml", "duration=1500ms")
    tasks = s["guests"]["rtos"]["tasks"]
    missed = {t: v["missed"] for t, v in tasks.items()}
    check(sum(missed.values()) == 0, f"EDF, corrected: misses {missed}")
    check(tasks["ev"]["released"] >= 59, f"ev: {tasks['ev']} (GPT2 every 25 ms)")
    check(tasks["bulk"]["released"] >= 29, f"bulk: {tasks['bulk']} (GPT3 every 50 ms)")
    check(tasks["log"]["released"] >= 15, f"log: {tasks['log']} (every 100 ms)")
    print(f"edf_drift_elf 1.5 s: released {({t: v['released'] for t, v in tasks.items()})}, no misses")


# The one line of the corrected tick handler that reads shared-info time, and what it becomes:
# the time of the last look, so the handler always sees "no change" and counts one tick per VIRQ.
TIME_READ = "const uint64_t now = rtv_read_system_time(&VCPU0->time, &rtv_ucos_state.time_retries);"
NO_TIME_READ = "const uint64_t now = rtv_clock.last_ns;  /* variant: shared-info time not read */"


def check_firmware_variant():
    work = tempfile.mkdtemp(prefix="rtvsim-fw-variant-")
    try:
        src = os.path.join(work, "src")
        shutil.copytree(os.path.join(ARGS.source_dir, "rtos_model", "firmware"), src)
        port = os.path.join(src, "port", "xen_arm", "xen_port.c")
        text = open(port).read()
        check(text.count(TIME_READ) == 1, "the corrected tick handler's time read is not where this test expects it")
        open(port, "w").write(text.replace(TIME_READ, NO_TIME_READ))
        build = os.path.join(work, "build")
        for cmd in (["cmake", "-S", src, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                     "-DCMAKE_TOOLCHAIN_FILE=" + os.path.join(src, "cmake", "arm-none-eabi.cmake")],
                    ["cmake", "--build", build, "--target", "ucos_guest"]):
            proc = subprocess.run(cmd, capture_output=True, text=True)
            check(proc.returncode == 0, f"{' '.join(cmd)}: {proc.stdout}{proc.stderr}")
        # The unmodified image: within one tick. The variant: the naive drift (about half of
        # the 100 ticks lost in 1 s), as the model guest's naive handler gives.
        _, rows = simulate("time_correction_elf.yaml", "duration=1s")
        _, vrows = simulate("time_correction_elf.yaml", "duration=1s", env={"RTV_FIRMWARE_DIR": build})
        _, nrows = simulate("timer_loss.yaml", "duration=1s", "hypervisor.time_update=precise")
        good = max(abs(int(r["drift_ticks"])) for r in tick_rows(rows))
        variant, naive = int(vrows[-1]["drift_ticks"]), int(nrows[-1]["drift_ticks"])
        check(good <= 1, f"unmodified firmware: |drift| {good}")
        check(variant <= -45 and abs(variant - naive) <= 0.05 * abs(naive),
              f"variant without the time read: drift {variant} ticks, the model's naive handler {naive}")
        print(f"firmware variant: unmodified max |drift| {good}; without the time read {variant} ticks "
              f"(model naive {naive})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


# The counts of lookups that the ISS's fast paths skip because they would hit
# (docs/outputs.md, --no-fast-paths); every other figure must be the same.
SKIPPED_LOOKUPS = ("mmu.translations", "mmu.tlb_hits", "cpu.iss.tlb_hits", "cpu.iss.decoded_misses",
                   "cpu.iss.icache_hits", "cache.icache.hits")


def check_fast_paths():
    # With fast paths the binary guest's observer watches its hook addresses only and the ISS
    # keeps its hot loop; without them every instruction is a step() seen by the observer. The
    # outputs must agree byte for byte, trace included, but for the skipped-lookup counts.
    dirs = []
    for extra in ([], ["--no-fast-paths"]):
        out = tempfile.mkdtemp(prefix="rtvsim-binary-")
        cmd = [ARGS.rtvsim, "run", os.path.join(ARGS.source_dir, "scenarios", "timer_loss_elf.yaml"), "-o", out,
               "-q", "--trace", "--set", "duration=500ms", *extra]
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              env=dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1"))
        check(proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stderr}")
        dirs.append(out)
    differ = check_main.run_dir_differences(*dirs, summary_may_differ=SKIPPED_LOOKUPS)
    check(not differ, f"differs without fast paths: {differ}")
    # The observer saw the hooks in both runs: the guest's ticks are there.
    with open(os.path.join(dirs[0], "tick_drift.csv")) as f:
        ticks = tick_rows(list(csv.DictReader(f)))
    check(len(ticks) >= 20, f"only {len(ticks)} handled ticks in 500 ms")
    for d in dirs:
        shutil.rmtree(d)
    print(f"timer_loss_elf 500 ms: the same with and without fast paths, {len(ticks)} ticks")


def check_errors():
    """What the binary kernel's configuration block cannot take: exit 2, located, before any run."""
    cases = [
        (["hypervisor.virq_timer=periodic_timer"], ".yaml:25:12: domains[1].image:", "does not ask for a periodic timer"),
        (["domains[1].image=${RTV_FIRMWARE_DIR}/busy_guest.elf"], "domains[1].image:", "no 'rtv_ucos_config' symbol"),
    ]
    tasks = ",".join(f"{{name: t{i}, period: 100ms, wcet: 1ms, priority: {i}}}" for i in range(17))
    cases.append(([f"domains[1].ucos.tasks=[{tasks}]"], "domains[1].ucos.tasks", "at most 16 tasks"))
    for sets, where, what in cases:
        cmd = [ARGS.rtvsim, "check" if "tasks=" in sets[0] else "run",
               os.path.join(ARGS.source_dir, "scenarios", "timer_loss_elf.yaml"), "-q"]
        out = tempfile.mkdtemp(prefix="rtvsim-binary-")
        if cmd[1] == "run":
            cmd += ["-o", out]
        for x in sets:
            cmd += ["--set", x]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        shutil.rmtree(out, ignore_errors=True)
        check(proc.returncode == 2 and where in proc.stderr and what in proc.stderr,
              f"{' '.join(cmd)}: exit {proc.returncode}, {proc.stderr}")
    print(f"errors: {len(cases)} configurations refused with exit 2 at their place")


CHECKS = {"errors": check_errors, "fast_paths": check_fast_paths, "graph1": check_graph1, "timer_loss": check_timer_loss, "time_correction": check_time_correction,
          "edf_drift": check_edf_drift, "firmware_variant": check_firmware_variant}


if __name__ == "__main__":
    sys.exit(check_main.run_checks(CHECKS, globals()))
