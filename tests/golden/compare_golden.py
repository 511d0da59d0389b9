#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Golden regression of rtvsim's simulated results (docs/architecture.md, Testing rules).

For every scenario in scenarios/*.yaml, tests/golden/<scenario>.json holds the simulated
part of its summary.json: everything but the host-dependent `host` section, plus a
`_golden` header that records how the golden run was made (the scenario file and the
--set overrides of the table below). Files are pretty-printed with sorted keys, so they
are stable and diff well.

    compare_golden.py NAME... --rtvsim build/app/rtvsim --source-dir .   # compare (CTest golden.NAME)
    compare_golden.py --update [NAME...] --rtvsim ... --source-dir ...   # rewrite (tools/regen_golden.sh)
    compare_golden.py --check-files --source-dir ...                     # one golden per scenario, no strays
    compare_golden.py --list                                             # names and overrides

A comparison runs the scenario into a temporary directory and compares exactly (the
canonical JSON text, so 1 and 1.0 differ). On a mismatch it prints the changed values,
a unified diff of the pretty-printed JSON (at most --max-diff-lines lines), the command
that reproduces the run, and exits 1. Exit 2: bad command line.
"""
import argparse
import difflib
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

# Overrides for the golden runs, by scenario name: `--set` values passed to rtvsim. Only to
# keep CI fast: give a scenario a shorter duration here when its run gets slow (as a rule,
# more than about 2 s of wall time in a Release build). The overrides are recorded in each
# golden file's `_golden.overrides`, and tools/regen_golden.sh uses this same table.
# At the time of writing every scenario runs in well under a second (time_correction's
# 100 s of simulated time in about 0.1 s), so every golden covers its full scenario.
OVERRIDES = {
    # "time_correction": ["duration=10s"],
}

HEADER = "_golden"
DEFAULT_MAX_DIFF_LINES = 80
MAX_CHANGED_VALUES = 20


def golden_dir(source_dir):
    return os.path.join(source_dir, "tests", "golden")


def scenario_names(source_dir):
    # Binary-guest twins (*_elf) have no golden: their summary names the image by absolute
    # path and hash (tests/system/test_binary_ucos.py checks them).
    names = (os.path.splitext(os.path.basename(p))[0]
             for p in glob.glob(os.path.join(source_dir, "scenarios", "*.yaml")))
    return sorted(n for n in names if not n.endswith("_elf"))


def canonical(obj):
    """The one text form of a golden: 2-space indent, sorted keys, trailing newline."""
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def header(name):
    return {"scenario": f"scenarios/{name}.yaml", "overrides": list(OVERRIDES.get(name, []))}


def rtvsim_command(rtvsim, source_dir, name, out):
    cmd = [rtvsim, "run", os.path.join(source_dir, "scenarios", f"{name}.yaml"), "-o", out, "-q"]
    for s in OVERRIDES.get(name, []):
        cmd += ["--set", s]
    return cmd


def simulate(rtvsim, source_dir, name, out):
    """Runs the scenario into `out`; returns its simulated summary with the golden header,
    or raises RuntimeError with rtvsim's output."""
    cmd = rtvsim_command(rtvsim, source_dir, name, out)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        raise RuntimeError(f"cannot run {rtvsim}: {e}")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
    path = os.path.join(out, "summary.json")
    try:
        with open(path) as f:
            summary = json.load(f)
    except (OSError, ValueError) as e:
        raise RuntimeError(f"{' '.join(cmd)}: cannot read {path}: {e}")
    summary.pop("host", None)
    if HEADER in summary:
        raise RuntimeError(f"summary.json has a key {HEADER!r} of its own: rename the golden header")
    summary[HEADER] = header(name)
    return summary


def changed_values(golden, actual, path=""):
    """Yields 'path: golden -> actual' for every leaf that differs (in key order)."""
    if isinstance(golden, dict) and isinstance(actual, dict):
        for k in sorted(set(golden) | set(actual)):
            p = f"{path}.{k}" if path else k
            if k not in actual:
                yield f"{p}: removed (was {json.dumps(golden[k])[:60]})"
            elif k not in golden:
                yield f"{p}: added ({json.dumps(actual[k])[:60]})"
            else:
                yield from changed_values(golden[k], actual[k], p)
    elif isinstance(golden, list) and isinstance(actual, list) and len(golden) == len(actual):
        for i, (g, a) in enumerate(zip(golden, actual)):
            yield from changed_values(g, a, f"{path}[{i}]")
    elif json.dumps(golden) != json.dumps(actual):
        g, a = json.dumps(golden), json.dumps(actual)
        if len(g) > 60 or len(a) > 60:
            yield f"{path}: changed"
        else:
            yield f"{path}: {g} -> {a}"


def compare(args, name):
    rel = os.path.join("tests", "golden", f"{name}.json")
    path = os.path.join(golden_dir(args.source_dir), f"{name}.json")
    if not os.path.exists(os.path.join(args.source_dir, "scenarios", f"{name}.yaml")):
        print(f"golden {name}: no scenario scenarios/{name}.yaml", file=sys.stderr)
        return 1
    if not os.path.exists(path):
        print(f"golden {name}: {rel} does not exist; create it with tools/regen_golden.sh", file=sys.stderr)
        return 1
    try:
        with open(path) as f:
            golden = json.load(f)
    except ValueError as e:
        print(f"golden {name}: {rel} is not valid JSON: {e}", file=sys.stderr)
        return 1
    out = tempfile.mkdtemp(prefix=f"rtvsim-golden-{name}-")
    try:
        actual = simulate(args.rtvsim, args.source_dir, name, out)
    except RuntimeError as e:
        print(f"golden {name}: FAILED to run: {e}", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)
        return 1
    g_text, a_text = canonical(golden), canonical(actual)
    if g_text == a_text:
        shutil.rmtree(out, ignore_errors=True)
        print(f"golden {name}: {rel} matches ({len(a_text.splitlines())} lines, overrides: "
              f"{' '.join(OVERRIDES.get(name, [])) or 'none'})")
        return 0

    cmd = rtvsim_command(args.rtvsim, args.source_dir, name, out)
    print(f"golden {name}: MISMATCH: the simulated results differ from {rel}", file=sys.stderr)
    changes = list(changed_values(golden, actual))
    print(f"\n{len(changes)} changed value(s) (golden -> actual):", file=sys.stderr)
    for line in changes[:MAX_CHANGED_VALUES]:
        print(f"  {line}", file=sys.stderr)
    if len(changes) > MAX_CHANGED_VALUES:
        print(f"  ... and {len(changes) - MAX_CHANGED_VALUES} more", file=sys.stderr)
    diff = list(difflib.unified_diff(g_text.splitlines(), a_text.splitlines(),
                                     fromfile=f"{rel} (golden)", tofile=f"{name} (this build)", lineterm=""))
    print(f"\nunified diff ({len(diff)} lines):", file=sys.stderr)
    for line in diff[:args.max_diff_lines]:
        print(line, file=sys.stderr)
    if len(diff) > args.max_diff_lines:
        print(f"... {len(diff) - args.max_diff_lines} more diff lines not shown", file=sys.stderr)
    print(f"\nthe run is kept in {out}; to reproduce: {' '.join(cmd)}", file=sys.stderr)
    print("if the change is intended: tools/regen_golden.sh, then review git diff tests/golden", file=sys.stderr)
    return 1


def update(args, names):
    os.makedirs(golden_dir(args.source_dir), exist_ok=True)
    status = 0
    for name in names:
        out = tempfile.mkdtemp(prefix=f"rtvsim-golden-{name}-")
        try:
            actual = simulate(args.rtvsim, args.source_dir, name, out)
        except RuntimeError as e:
            print(f"golden {name}: FAILED to run, golden left as it was: {e}", file=sys.stderr)
            status = 1
            continue
        finally:
            shutil.rmtree(out, ignore_errors=True)
        path = os.path.join(golden_dir(args.source_dir), f"{name}.json")
        text = canonical(actual)
        old = None
        if os.path.exists(path):
            with open(path) as f:
                old = f.read()
        if old != text:
            tmp = path + ".tmp"
            with open(tmp, "w") as f:
                f.write(text)
            os.replace(tmp, path)
        state = "created" if old is None else ("unchanged" if old == text else "updated")
        print(f"golden {name}: {state} tests/golden/{name}.json "
              f"(overrides: {' '.join(OVERRIDES.get(name, [])) or 'none'})")
    return status


def stray_goldens(source_dir):
    names = set(scenario_names(source_dir))
    return sorted(p for p in glob.glob(os.path.join(golden_dir(source_dir), "*.json"))
                  if os.path.splitext(os.path.basename(p))[0] not in names)


def check_files(args):
    names = scenario_names(args.source_dir)
    missing = [n for n in names if not os.path.exists(os.path.join(golden_dir(args.source_dir), f"{n}.json"))]
    strays = stray_goldens(args.source_dir)
    unknown = sorted(set(OVERRIDES) - set(names))
    for n in missing:
        print(f"golden files: scenarios/{n}.yaml has no tests/golden/{n}.json (tools/regen_golden.sh)", file=sys.stderr)
    for p in strays:
        print(f"golden files: {os.path.relpath(p, args.source_dir)} has no scenario (tools/regen_golden.sh removes it)",
              file=sys.stderr)
    for n in unknown:
        print(f"golden files: OVERRIDES names {n!r}, which is not a scenario", file=sys.stderr)
    if missing or strays or unknown:
        return 1
    print(f"golden files: {len(names)} scenarios, {len(names)} golden files")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("names", nargs="*", help="scenario names (file names in scenarios/ without .yaml)")
    p.add_argument("--rtvsim", help="the rtvsim executable")
    p.add_argument("--source-dir", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   help="the source tree (default: the one holding this script)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true",
                      help="rewrite the golden files of NAMEs (all scenarios if none) and remove strays")
    mode.add_argument("--check-files", action="store_true", help="check that goldens and scenarios match one to one")
    mode.add_argument("--list", action="store_true", help="print each scenario with its golden overrides")
    p.add_argument("--max-diff-lines", type=int, default=DEFAULT_MAX_DIFF_LINES)
    args = p.parse_args()
    args.source_dir = os.path.abspath(args.source_dir)

    if args.list:
        for n in scenario_names(args.source_dir):
            print(f"{n}\t{' '.join(OVERRIDES.get(n, [])) or '-'}")
        return 0
    if args.check_files:
        return check_files(args)
    if not args.rtvsim:
        p.error("--rtvsim is required")
    if not (os.path.isfile(args.rtvsim) and os.access(args.rtvsim, os.X_OK)):
        print(f"error: rtvsim not found or not executable: {args.rtvsim}", file=sys.stderr)
        return 2
    known = scenario_names(args.source_dir)
    bad = [n for n in args.names if n not in known]
    if bad:
        print(f"error: unknown scenario(s) {', '.join(bad)}; known: {', '.join(known)}", file=sys.stderr)
        return 2
    if args.update:
        status = update(args, args.names or known)
        if not args.names:
            for path in stray_goldens(args.source_dir):
                os.remove(path)
                print(f"golden: removed {os.path.relpath(path, args.source_dir)} (no such scenario)")
        return status
    if not args.names:
        p.error("name at least one scenario to compare (or --update, --check-files, --list)")
    return max(compare(args, n) for n in args.names)


if __name__ == "__main__":
    sys.exit(main())
