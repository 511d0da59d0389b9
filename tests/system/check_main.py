# SPDX-License-Identifier: Apache-2.0
"""The command line every system-check script shares: `SCRIPT [CHECK...] --rtvsim PATH
--source-dir DIR`. It parses the arguments, sets them as the script's global ARGS, runs the
named checks (every check, in name order, when none is named) and turns a failed assertion
into exit status 1 with the check's name; an unknown name is 2."""
import argparse
import json
import os
import sys


def run_checks(checks, script_globals):
    p = argparse.ArgumentParser()
    p.add_argument("checks", nargs="*")
    p.add_argument("--rtvsim", required=True)
    p.add_argument("--source-dir", required=True)
    args = p.parse_args()
    args.rtvsim = os.path.abspath(args.rtvsim)
    script_globals["ARGS"] = args
    for name in args.checks or sorted(checks):
        if name not in checks:
            print(f"unknown check {name}", file=sys.stderr)
            return 2
        try:
            checks[name]()
        except AssertionError as e:
            print(f"FAIL {name}: {e}", file=sys.stderr)
            return 1
    return 0


def _flat(x, prefix=""):
    if isinstance(x, dict):
        for k, v in x.items():
            yield from _flat(v, f"{prefix}.{k}" if prefix else k)
    else:
        yield prefix, x


def run_dir_differences(a, b, summary_may_differ=()):
    """How two run directories differ: files in one only, files whose bytes differ, and
    summary.json figures (dotted paths, the host section left out) that differ other than
    those in `summary_may_differ`. An empty list when they agree."""
    def files(root):
        return {os.path.relpath(os.path.join(d, n), root) for d, _, names in os.walk(root) for n in names}

    fa, fb = files(a), files(b)
    out = [f"{f}: in one directory only" for f in sorted(fa ^ fb)]
    for f in sorted(fa & fb):
        pa, pb = os.path.join(a, f), os.path.join(b, f)
        if f == "summary.json":
            with open(pa) as x, open(pb) as y:
                sa, sb = json.load(x), json.load(y)
            sa.pop("host", None)
            sb.pop("host", None)
            va, vb = dict(_flat(sa)), dict(_flat(sb))
            out += [f"summary.json: {k}" for k in sorted(set(va) | set(vb))
                    if va.get(k) != vb.get(k) and k not in summary_may_differ]
        else:
            with open(pa, "rb") as x, open(pb, "rb") as y:
                if x.read() != y.read():
                    out.append(f"{f}: bytes differ")
    return out
