#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Prints the parts of a tools/bench.sh run (out/bench/<part>.json) as one table."""
import argparse
import json
import sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+", help="part files, or part paths without --suffix")
    ap.add_argument("--suffix", default="", help="appended to each name (tools/bench.sh passes .json)")
    args = ap.parse_args()
    rows = []
    for name in args.files:
        path = name + args.suffix
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"print_table.py: cannot read {path}: {e}", file=sys.stderr)
            return 1
        for r in doc.get("rows", []):
            rows.append((doc.get("part", "?"), r["name"], r["value"], r.get("unit", "")))
    if not rows:
        print("print_table.py: no rows", file=sys.stderr)
        return 1
    w_part = max(len(r[0]) for r in rows)
    w_name = max(len(r[1]) for r in rows)
    print(f"{'part':<{w_part}}  {'what':<{w_name}}  {'value':>14}  unit")
    for part, name, value, unit in rows:
        v = f"{value:14.4g}" if isinstance(value, float) else f"{value:>14}"
        print(f"{part:<{w_part}}  {name:<{w_name}}  {v}  {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
