#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Binary guests (guest: elf) through the rtvsim command line: the example guest boots under
the Xen-ARM model and prints exactly its text; bad images are scenario errors located at the
`image:` key (exit status 2); the run directory records the image's absolute path and SHA-256.

    test_binary_guests.py CHECK --rtvsim build/app/rtvsim --hello build/firmware/xen-arm-hello/xen_hello.elf
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

ARGS = None

# What examples/xen-arm-hello/main.c prints with hypervisor.time_update: none (the shared
# time never moves, as in the imported Xen-ARM tree) and the default 10 ms tick: two upcalls
# have counted VIRQ_TIMER by the time the wait loop sees the first.
HELLO_CONSOLE = ("hello: a para-virtual guest on Xen-ARM\n"
                 "hello: poll returned, shared time 0 ns\n"
                 "hello: VIRQ_TIMER events handled: 2\n")


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def rtvsim(*args):
    return subprocess.run([ARGS.rtvsim, *args], capture_output=True, text=True)


def scenario_file(folder, image, extra_domains=""):
    """A one-domain scenario (more after it with extra_domains); the image value is on line 6,
    column 12."""
    path = os.path.join(folder, "s.yaml")
    with open(path, "w") as f:
        f.write("name: elfcheck\n"
                "duration: 200ms\n"
                "domains:\n"
                "  - name: hello\n"
                "    guest: elf\n"
                f"    image: {image}\n"
                "    memory: 4MiB\n" + extra_domains)
    return path


def check_hello():
    work = tempfile.mkdtemp(prefix="rtvsim-elf-")
    # The image beside the scenario, named relatively: the run directory must make it absolute.
    shutil.copy(ARGS.hello, os.path.join(work, "hello.elf"))
    out = os.path.join(work, "out")
    proc = rtvsim("run", scenario_file(work, "hello.elf"), "-o", out, "-q")
    check(proc.returncode == 0, f"run exited {proc.returncode}: {proc.stderr}")
    with open(os.path.join(out, "console", "hello.log")) as f:
        text = f.read()
    check(text == HELLO_CONSOLE, f"console:\n{text!r}\nexpected\n{HELLO_CONSOLE!r}")
    with open(os.path.join(out, "summary.json")) as f:
        s = json.load(f)
    d = s["domains"]["hello"]
    image = os.path.join(work, "hello.elf")
    with open(image, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    check(d["image"] == image, f"summary image {d['image']}")
    check(d["image_sha256"] == sha, f"summary image_sha256 {d['image_sha256']} != {sha}")
    check(s["hypervisor"]["upcalls"] >= 1, f"no upcall: {s['hypervisor']['upcalls']}")
    with open(os.path.join(out, "scenario.yaml")) as f:
        resolved = f.read()
    check(f"image: {image}\n" in resolved, f"scenario.yaml does not hold the absolute image path:\n{resolved}")
    # The resolved scenario runs from anywhere, with the same result.
    out2 = os.path.join(work, "out2")
    proc = subprocess.run([ARGS.rtvsim, "run", os.path.join(out, "scenario.yaml"), "-o", out2, "-q"],
                          capture_output=True, text=True, cwd="/")
    check(proc.returncode == 0, f"rerun exited {proc.returncode}: {proc.stderr}")
    with open(os.path.join(out2, "console", "hello.log")) as f:
        check(f.read() == HELLO_CONSOLE, "the rerun printed something else")
    print(f"hello: console {len(text)} bytes as expected, {s['hypervisor']['upcalls']} upcalls, "
          f"{s['hypervisor']['hypercalls']} hypercalls, sha256 {sha[:16]}...")


def expect_image_error(work, image, message_part, extra_domains=""):
    path = scenario_file(work, image, extra_domains)
    proc = rtvsim("check", path)
    check(proc.returncode == 2, f"{image}: exit {proc.returncode}, expected 2: {proc.stderr}")
    prefix = f"rtvsim: {path}:6:12: domains[0].image: "
    check(proc.stderr.startswith(prefix), f"{image}: message not located at the image key:\n{proc.stderr}")
    check(message_part in proc.stderr, f"{image}: message lacks '{message_part}':\n{proc.stderr}")
    return proc.stderr.strip()


def patched(work, name, offset, data):
    with open(ARGS.hello, "rb") as f:
        b = bytearray(f.read())
    b[offset:offset + len(data)] = data
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(bytes(b))
    return path


def check_bad_images():
    work = tempfile.mkdtemp(prefix="rtvsim-elf-bad-")
    with open(ARGS.hello, "rb") as f:
        raw = f.read()
    cases = [
        ("missing.elf", "no such file"),
        (patched(work, "text.elf", 0, b"#!/bin/sh"), "not an ELF file"),
        (patched(work, "elf64.elf", 4, b"\x02"), "not ELF32"),
        (patched(work, "be.elf", 5, b"\x02"), "not little-endian"),
        (patched(work, "x86.elf", 18, b"\x03\x00"), "not an ARM image"),
        (patched(work, "noxen.elf", raw.index(b"__xen_guest"), b"__xen_gueXX"), "no '__xen_guest' section"),
    ]
    for image, part in cases:
        print(expect_image_error(work, image, part))
    # The example is linked at the first partition (0xC1000000): as a second domain its
    # segment lies outside that domain's partition (0xC1400000).
    shutil.copy(ARGS.hello, os.path.join(work, "hello.elf"))
    first = "  - name: first\n    guest: busy\n    memory: 4MiB\n"
    path = os.path.join(work, "s.yaml")
    with open(path, "w") as f:
        f.write("domains:\n" + first + "  - name: hello\n    guest: elf\n    image: hello.elf\n")
    proc = rtvsim("check", path)
    check(proc.returncode == 2, f"second domain: exit {proc.returncode}: {proc.stderr}")
    expected = f"rtvsim: {path}:7:12: domains[1].image: "
    check(proc.stderr.startswith(expected), f"not located at the image key:\n{proc.stderr}")
    check("is outside the domain's partition [0xc1400000, +4 MiB)" in proc.stderr, proc.stderr)
    print(proc.stderr.strip())
    # The image key is for elf guests only; an elf guest needs one.
    with open(path, "w") as f:
        f.write("domains:\n  - name: a\n    guest: busy\n    image: hello.elf\n")
    proc = rtvsim("check", path)
    check(proc.returncode == 2 and f"{path}:4:5: domains[0].image: image is only for elf guests" in proc.stderr,
          proc.stderr)
    with open(path, "w") as f:
        f.write("domains:\n  - name: a\n    guest: elf\n")
    proc = rtvsim("check", path)
    check(proc.returncode == 2 and "missing required key 'image'" in proc.stderr, proc.stderr)


def check_mixed():
    """Graph 1's shape with a binary busy guest beside a native one: equal weights, so each
    gets half of the CPU; context switches go between the ISS and the native engine."""
    work = tempfile.mkdtemp(prefix="rtvsim-elf-mixed-")
    path = os.path.join(work, "mixed.yaml")
    with open(path, "w") as f:
        f.write("duration: 500ms\n"
                "domains:\n"
                f"  - {{name: dom0, guest: elf, image: {ARGS.busy}, memory: 8MiB}}\n"
                "  - {name: dom1, guest: busy, memory: 8MiB}\n")
    out = os.path.join(work, "out")
    proc = rtvsim("run", path, "-o", out, "-q")
    check(proc.returncode == 0, f"run exited {proc.returncode}: {proc.stderr}")
    with open(os.path.join(out, "summary.json")) as f:
        s = json.load(f)
    shares = {n: s["domains"][n]["cpu_share"] for n in ("dom0", "dom1")}
    for n, share in shares.items():
        check(abs(share - 0.5) <= 0.01, f"{n} share {share}")
    switches = s["domains"]["dom0"]["context_switches_in"]
    check(switches >= 20, f"dom0 switched in only {switches} times")
    print(f"mixed: dom0 (binary) {shares['dom0']:.4f}, dom1 (native) {shares['dom1']:.4f}, {switches} switches in")

    # A model uC/OS-II guest beside the binary busy guest: its upcalls come after IRQs taken
    # from ARM code, which Xen switches away from. It must see what it sees beside a model
    # busy guest of the same share: every VIRQ it is sent, drift within one tick.
    scenario = os.path.join(ARGS.source_dir, "scenarios", "time_correction.yaml")
    results = {}
    for kind, sets in (("model", []), ("binary", ["domains[0].guest=elf", f"domains[0].image={ARGS.busy}"])):
        out = os.path.join(work, "tc-" + kind)
        args = ["run", scenario, "-o", out, "-q", "--set", "duration=2s"]
        for s in sets:
            args += ["--set", s]
        proc = rtvsim(*args)
        check(proc.returncode == 0, f"time_correction with a {kind} busy guest: {proc.stderr}")
        with open(os.path.join(out, "summary.json")) as f:
            results[kind] = json.load(f)["guests"]["ucos"]
    for kind, g in results.items():
        check(g["max_abs_drift_ticks"] <= 1, f"{kind}: drift {g['max_abs_drift_ticks']}")
        check(g["port"]["upcalls"] > 80, f"{kind}: {g['port']['upcalls']} upcalls")
    check(results["binary"]["virqs_handled"] == results["model"]["virqs_handled"],
          f"virqs_handled {results['binary']['virqs_handled']} beside the binary guest, "
          f"{results['model']['virqs_handled']} beside the model one")
    print(f"mixed: ucos handled {results['binary']['virqs_handled']} VIRQs beside the binary busy guest "
          f"({results['model']['virqs_handled']} beside the model one)")


CHECKS = {"hello": check_hello, "bad_images": check_bad_images, "mixed": check_mixed}


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("check", choices=sorted(CHECKS))
    p.add_argument("--rtvsim", required=True)
    p.add_argument("--hello", required=True)
    p.add_argument("--busy", help="the binary busy guest (mixed)")
    p.add_argument("--source-dir", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ARGS = p.parse_args()
    ARGS.rtvsim = os.path.abspath(ARGS.rtvsim)
    if ARGS.busy:
        ARGS.busy = os.path.abspath(ARGS.busy)
    CHECKS[ARGS.check]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
