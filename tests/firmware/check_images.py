#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the cross-built guest images without running them (no ISS needed): each is an ARM
ELF32 little-endian image whose entry is its _start, with Xen-ARM's __xen_guest note, only
ARM-state code, every SWI an ARM-state `swi #n` with a number Xen-ARM's hypercall_table
serves, and the symbols the simulator's domain builder and observer use, with the sizes the
shared headers give. The firmware images are static PIEs whose only dynamic relocations are
R_ARM_RELATIVE and that have no text relocations.

Usage: check_images.py UCOS_ELF BUSY_ELF HELLO_ELF"""
import re
import subprocess
import sys

READELF, NM, OBJDUMP = "arm-none-eabi-readelf", "arm-none-eabi-nm", "arm-none-eabi-objdump"
# Slots of entry.S hypercall_table that are not do_ni_hypercall (andreiw/xen3-arm-tegra @8caa5e6).
XEN_ARM_HYPERCALLS = {0, 1, 4, 6, 7, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 26, 28, 29, 30, 33}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def symbols(elf):
    """name -> (value, size) of defined symbols."""
    out = {}
    for line in run(NM, "-S", "--defined-only", elf).splitlines():
        f = line.split()
        if len(f) == 4:
            out[f[3]] = (int(f[0], 16), int(f[1], 16))
        elif len(f) == 3:
            out[f[2]] = (int(f[0], 16), 0)
    return out


def check_image(elf, kind, required):
    header = run(READELF, "-h", elf)
    check("Class:                             ELF32" in header, f"{elf}: not ELF32")
    check("little endian" in header, f"{elf}: not little-endian")
    check(re.search(r"Machine:\s+ARM\b", header), f"{elf}: not ARM")
    check(f"Type:                              {kind}" in header, f"{elf}: ELF type is not {kind}")
    check("soft-float ABI" in header, f"{elf}: not the soft-float ABI")
    entry = int(re.search(r"Entry point address:\s+(0x[0-9a-f]+)", header).group(1), 16)
    syms = symbols(elf)
    check("_start" in syms and syms["_start"][0] == entry, f"{elf}: entry {entry:#x} is not _start")
    for name, size in required.items():
        check(name in syms, f"{elf}: symbol {name} missing")
        if name in syms and size is not None:
            check(syms[name][1] == size, f"{elf}: {name} has size {syms[name][1]}, the header says {size}")

    note = run(READELF, "-p", "__xen_guest", elf)
    check("LOADER=generic" in note and "XEN_VER=xen-3.0" in note, f"{elf}: __xen_guest note as Xen-ARM wants it")

    # Loadable segments: the entry inside one of them.
    segs = re.findall(r"LOAD\s+0x[0-9a-f]+ (0x[0-9a-f]+) 0x[0-9a-f]+ 0x[0-9a-f]+ (0x[0-9a-f]+)", run(READELF, "-lW", elf))
    check(segs, f"{elf}: no loadable segment")
    check(any(int(v, 16) <= entry < int(v, 16) + int(m, 16) for v, m in segs), f"{elf}: entry outside the segments")

    # ARM state only: no Thumb mapping symbols ($t), and every SWI is a 32-bit ARM encoding.
    mapping = run(READELF, "-sW", elf)
    check(not re.search(r"\s\$t(\.|\s|$)", mapping), f"{elf}: contains Thumb code")
    swis = re.findall(r"^\s*[0-9a-f]+:\s+([0-9a-f]+)\s+(?:svc|swi)\w*\s+(0x[0-9a-f]+|\d+)", run(OBJDUMP, "-d", elf), re.M)
    check(swis, f"{elf}: no hypercall site found")
    for word, imm in swis:
        check(len(word) == 8, f"{elf}: SWI {word} is not an ARM-state instruction")
        check(int(imm, 0) in XEN_ARM_HYPERCALLS, f"{elf}: swi #{int(imm, 0)} is not a Xen-ARM hypercall")
    return syms, segs


def check_pie(elf):
    dyn = run(READELF, "-dW", elf)
    check("TEXTREL" not in dyn, f"{elf}: has text relocations")
    rels = re.findall(r"^[0-9a-f]{8}\s+[0-9a-f]{8}\s+(R_ARM_\w+)", run(READELF, "-rW", elf), re.M)
    check(all(r == "R_ARM_RELATIVE" for r in rels), f"{elf}: relocations other than R_ARM_RELATIVE: {set(rels)}")


def main():
    ucos, busy, hello = sys.argv[1:4]
    hooks = ["rtv_hook_tick_done", "rtv_hook_job_released", "rtv_hook_job_finished", "OSTaskSwHook"]
    syms, _ = check_image(ucos, "DYN", {
        "rtv_ucos_config": 1136, "rtv_ucos_state": 80 + 32 * 16, "OSTime": 4, "OSIdleCtr": 4, "OSCtxSwCtr": 4,
        "OSTCBCur": 4, "OSPrioCur": 1, **{h: None for h in hooks}})
    check(len({syms[h][0] for h in hooks if h in syms}) == len(hooks), f"{ucos}: two hooks share an address")
    check_pie(ucos)
    check_image(busy, "DYN", {"rtv_busy_config": 32, "rtv_busy_rounds": 4})
    check_pie(busy)
    _, segs = check_image(hello, "EXEC", {"main": None, "upcall_entry": None})
    # Linked for the first domain's partition: 0xC1000000, 1 MiB at least.
    check(all(0xC1000000 <= int(v, 16) and int(v, 16) + int(m, 16) <= 0xC1100000 for v, m in segs),
          f"{hello}: a segment outside 0xC1000000..0xC1100000")
    for f in failures:
        print("FAIL:", f)
    print(f"{len(failures)} failure(s) in 3 images")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
