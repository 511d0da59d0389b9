#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Sweeps on the engines that already exist (docs/sweep.md), through the command line:

    test_engines.py [CHECK...] --rtvsim build/app/rtvsim --source-dir .

Checks:
  parallel  rtvsim sweep --plan, then GNU parallel on jobs.txt: first half the points and
            --collect lists the others as missing, then the rest; sweep.csv equals that of
            `rtvsim sweep -j 2` apart from the host_ columns.
  slurm     the same through a single-node Slurm (tools/slurm-local.sh start), with the
            array split in two scripts by --slurm-max-array. Slurm not coming up is a
            failure, not a skip.
"""
import csv
import os
import subprocess
import sys
import tempfile
import time

import check_main

ARGS = None
BVT = "scenarios/bvt_weights.yaml"
VARY = ["--vary", "domains[dom1].weight=1..5", "--set", "duration=2s"]


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def run(cmd, expect=0, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    check(proc.returncode == expect, f"{' '.join(cmd)} exited {proc.returncode}, expected {expect}\n"
                                     f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def rtvsim(*args, expect=0):
    return run([ARGS.rtvsim, *args], expect=expect)


def sweep_rows(out):
    with open(os.path.join(out, "sweep.csv"), newline="") as f:
        rows = list(csv.reader(f))
    keep = [i for i, name in enumerate(rows[0]) if not name.startswith("host_")]
    return [[r[i] for i in keep] for r in rows]


def plan(out, *extra):
    rtvsim("sweep", os.path.join(ARGS.source_dir, BVT), *VARY, "--plan", out, "-q", *extra)
    with open(os.path.join(out, "jobs.txt")) as f:
        return f.read().splitlines()


def reference():
    out = os.path.join(tempfile.mkdtemp(prefix="rtvsim-engines-"), "local")
    rtvsim("sweep", os.path.join(ARGS.source_dir, BVT), *VARY, "-o", out, "-j", "2", "-q")
    return sweep_rows(out)


def check_parallel():
    out = os.path.join(tempfile.mkdtemp(prefix="rtvsim-engines-"), "parallel")
    jobs = plan(out)
    check(len(jobs) == 5, f"{len(jobs)} lines in jobs.txt")
    run(["parallel", "-j", "2"], input="\n".join(jobs[:2]) + "\n")
    proc = rtvsim("sweep", "--collect", out, expect=1)
    missing = [l.split()[-1] for l in proc.stderr.splitlines() if "sweep: missing " in l]
    check(missing == ["points/2-weight=3", "points/3-weight=4", "points/4-weight=5"], f"missing: {proc.stderr}")
    statuses = [r[2] for r in sweep_rows(out)[1:]]
    check(statuses == ["ok", "ok", "missing", "missing", "missing"], f"statuses {statuses}")
    run(["parallel", "-j", "2"], input="\n".join(jobs[2:]) + "\n")
    rtvsim("sweep", "--collect", out)
    check(sweep_rows(out) == reference(), "GNU parallel and -j 2 give different sweep.csv")
    print("parallel: half-finished collect lists 3 missing; the whole equals -j 2")


def check_slurm():
    script = os.path.join(ARGS.source_dir, "tools", "slurm-local.sh")
    was_up = subprocess.run([script, "status"], capture_output=True).returncode == 0
    start = subprocess.run([script, "start"], capture_output=True, text=True)
    check(start.returncode == 0, f"Slurm did not come up:\n{start.stderr}")
    env = dict(os.environ)
    env["SLURM_CONF"] = run([script, "env"]).stdout.split("=", 1)[1].strip()
    try:
        out = os.path.join(tempfile.mkdtemp(prefix="rtvsim-engines-"), "slurm")
        plan(out, "--slurm-max-array", "3", "--slurm-mem", "256M", "--slurm-time", "5", "-j", "2")
        scripts = sorted(f for f in os.listdir(out) if f.endswith(".sbatch"))
        check(scripts == ["slurm-0.sbatch", "slurm-1.sbatch"], f"scripts {scripts}")
        with open(os.path.join(out, "slurm-1.sbatch")) as f:
            text = f.read()
        for line in ("#SBATCH --array=0-1%2", "#SBATCH --mem=256M", "#SBATCH --time=5", "#SBATCH --cpus-per-task=1"):
            check(line in text, f"slurm-1.sbatch lacks {line}:\n{text}")
        # Submitted together and polled (sbatch --wait polls every few seconds).
        ids = [run(["sbatch", "--parsable", os.path.join(out, s)], env=env).stdout.strip().split(";")[0]
               for s in scripts]
        deadline = time.monotonic() + 120
        while run(["squeue", "-h", "-j", ",".join(ids)], env=env).stdout.strip():
            check(time.monotonic() < deadline, "the Slurm jobs did not finish in 120 s")
            time.sleep(0.2)
        rtvsim("sweep", "--collect", out)
        check(sweep_rows(out) == reference(), "Slurm and -j 2 give different sweep.csv")
        print("slurm: 5 points in 2 array scripts; sweep.csv equals -j 2")
    finally:
        if not was_up:
            subprocess.run([script, "stop"], capture_output=True)


CHECKS = {"parallel": check_parallel, "slurm": check_slurm}


if __name__ == "__main__":
    sys.exit(check_main.run_checks(CHECKS, globals()))
