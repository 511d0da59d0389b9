#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds rtvsim, runs the paper's Graph 1 scenario and plots it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

run=out/graph1
tools/build.sh
build/app/rtvsim run scenarios/graph1.yaml -o "$run"
/usr/bin/python3 tools/plot/rtvplot.py cpu-usage "$run"

echo
echo "Run directory: $run/"
for f in "$run"/*; do echo "    ${f##*/}"; done
echo "Graph 1:       $run/cpu_usage.png and $run/cpu_usage.svg"
/usr/bin/python3 -c '
import json, sys
path = sys.argv[1]
try:
    domains = json.load(open(path)).get("domains") or {}
    shares = {name: float(d["cpu_share"]) for name, d in domains.items()}
except (OSError, ValueError, KeyError, TypeError, AttributeError):
    shares = {}
if shares:
    print("CPU share over the whole run:")
    for name, share in shares.items():
        print("    %-12s %6.2f %%" % (name, 100.0 * share))
else:
    print("Summary:       " + path)
' "$run/summary.json"
