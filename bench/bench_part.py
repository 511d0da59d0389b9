#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Helpers of the bench parts (bench/parts/*.sh): the JSON document of bench/bench_json.md
and, for simple parts, `--measure "NAME|METRIC|COMMAND"`: runs COMMAND three times (it
prints `<label> <count> <seconds>`) and records the best count / seconds."""
import argparse
import datetime
import json
import os
import platform
import shlex
import subprocess
import sys


def host():
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def write(part, path, rows):
    with open(path, "w") as f:
        json.dump({"format_version": 1, "part": part, "host": host(), "rows": rows}, f, indent=2)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("part")
    ap.add_argument("out")
    ap.add_argument("--measure", action="append", default=[])
    a = ap.parse_args()
    rows = []
    for m in a.measure:
        name, metric, cmd = m.split("|", 2)
        best = 0.0
        for _ in range(3):
            out = subprocess.run(shlex.split(cmd), capture_output=True, text=True, check=True).stdout.split()
            best = max(best, float(out[1]) / float(out[2]))
        rows.append({"name": name, "metric": metric, "value": best, "unit": "events/s"})
    write(a.part, a.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
