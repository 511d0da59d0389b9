# SPDX-License-Identifier: Apache-2.0
"""The command line every system-check script shares: `SCRIPT [CHECK...] --rtvsim PATH
--source-dir DIR`. It parses the arguments, sets them as the script's global ARGS, runs the
named checks (every check, in name order, when none is named) and turns a failed assertion
into exit status 1 with the check's name; an unknown name is 2."""
import argparse
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
