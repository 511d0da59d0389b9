# SPDX-License-Identifier: Apache-2.0
"""A smoke check of the binary uC/OS-II guest before rtvsim can run it: ucos_guest.elf runs
under qemu-arm (user mode, which is where a Xen-ARM guest kernel runs too) and this
gdb-multiarch script stands in for a *minimal* Xen-ARM: it serves the hypercalls the guest
makes, keeps a shared_info page at 0xFFF00000, sends VIRQ_TIMER with event-channel
coalescing, delivers upcalls as entry.S's do_upcall does and returns from them as
restore_trap_frame does. It is NOT rtvsim's hypervisor model and measures nothing: time is
compressed (a tick every K passes of the job loop, or per idle-loop pass), there is no
scheduler and no cost. It checks that the image boots, relocates itself, switches tasks,
handles ticks in both tick modes, blocks, releases and finishes jobs, and rejects a missing
configuration; the numbers it prints are for a human.

Run by tools/firmware_smoke.sh (not part of the suite: about a minute per case)."""
import os
import struct
import subprocess

import gdb

ELF = os.environ["FW_ELF"]
CASE = os.environ["FW_CASE"]
TICKS = int(os.environ.get("FW_TICKS", "60"))
SH = 0xFFF00000                # rtvsim's shared_info address (docs/guest_abi.md)
LOOP_PASSES_PER_TICK = 200     # compressed time: 800 cycles of job loop per tick

# Cases: (policy, tick_mode, idle, lose every n-th VIRQ (0: none), tasks).
#   task = (kind, priority, period, deadline, wcet cycles, release)
CASES = {
    "fp-naive": (0, 0, 0, 0, [(0, 3, 10, 10, 2000, 1), (0, 5, 20, 20, 4000, 0)]),
    "fp-naive-lossy": (0, 0, 0, 4, [(0, 3, 10, 10, 2000, 1), (0, 5, 20, 20, 4000, 0)]),
    "edf-corrected-lossy": (1, 1, 0, 4, [(0, 9, 10, 10, 2000, 1), (0, 5, 20, 25, 4000, 1)]),
    "fp-block": (0, 0, 1, 0, [(0, 3, 10, 10, 2000, 1), (0, 5, 20, 20, 4000, 0)]),
    "no-config": None,
    "hello": "hello",  # examples/xen-arm-hello: a tick at each SCHEDOP_poll or yield
    "busy": "busy",    # busy_guest.elf with an 800-cycle chunk over a 4 KiB working set
}


def symbols():
    out = {}
    for line in subprocess.run(["arm-none-eabi-nm", ELF], capture_output=True, text=True, check=True).stdout.splitlines():
        f = line.split()
        if len(f) == 3:
            out[f[2]] = int(f[0], 16)
    return out


SYM = symbols()


def rd(a, n=4):
    return bytes(gdb.selected_inferior().read_memory(a, n))


def wr(a, data):
    gdb.selected_inferior().write_memory(a, data)


def r32(a):
    return struct.unpack("<I", rd(a))[0]


def w32(a, v):
    wr(a, struct.pack("<I", v & 0xFFFFFFFF))


def r8(a):
    return rd(a, 1)[0]


def w8(a, v):
    wr(a, bytes([v & 0xFF]))


def reg(n):
    return int(gdb.parse_and_eval("$" + n)) & 0xFFFFFFFF


def setreg(n, v):
    gdb.execute("set $%s = %d" % (n, v & 0xFFFFFFFF))


gdb.execute("set pagination off")
gdb.execute("target remote :" + os.environ["FW_PORT"])
BIAS = reg("pc") - SYM["_start"]  # qemu-arm loads the PIE where it likes


def A(name):
    return SYM[name] + BIAS


# shared_info: an mmap2 (Linux call 192) through the image's own `svc #0` (set_trap_table's stub).
saved = {r: reg(r) for r in ("r0", "r1", "r2", "r3", "r4", "r5", "r7", "pc")}
for r, v in dict(r7=192, r0=SH, r1=0x1000, r2=3, r3=0x32, r4=0xFFFFFFFF, r5=0, pc=A("HYPERVISOR_set_trap_table")).items():
    setreg(r, v)
gdb.execute("stepi", to_string=True)
assert reg("r0") == SH, "could not map shared_info"
for r, v in saved.items():
    setreg(r, v)
setreg("r12", reg("sp") - 0x3000)  # start_info (the guest only keeps the pointer)
w8(SH + 1, 1)                      # upcalls masked, as the domain builder leaves them

case = CASES[CASE]
hello, busy = case == "hello", case == "busy"
if hello or busy:
    lose, tasks = 0, []
    if busy:  # the working set: 4 KiB of the stack region qemu-arm gave us
        wr(A("rtv_busy_config"), struct.pack("<8I", 0x59535542, 1, 32, (reg("sp") - 0x8000) & ~31, 4096, 800, 0, 0))
elif case is not None:
    policy, tick_mode, idle, lose, tasks = case
    blk = struct.pack("<12I", 0x534F4355, 1, 1136, policy, tick_mode, idle, 100, 7, len(tasks), 0, 0, 0)
    blk += b"\0" * 64
    for kind, prio, period, deadline, wcet, release in tasks:
        blk += struct.pack("<12I16s", kind, prio, period, 0, 0, deadline, wcet, 0, 0, 0, release, 0, b"task")
    wr(A("rtv_ucos_config"), blk + b"\0" * (1136 - len(blk)))
else:
    lose, tasks = 0, []

traps, ports, console = {}, {"next": 1, "virq": None}, []
state = {"ticks": 0, "upcalls": 0, "shutdown": None, "idle_hits": 0, "loop_hits": 0}


def publish_time():  # the version protocol, as Xen writes it
    v = (r32(SH + 72) + 1) | 1
    w32(SH + 72, v)
    ns = state["ticks"] * 10_000_000
    w32(SH + 96, ns)
    w32(SH + 100, ns >> 32)
    w32(SH + 72, v + 1)


def send(port):  # evtchn_set_pending
    word, bit = port // 32, 1 << (port % 32)
    pending = r32(SH + 112 + 4 * word)
    if pending & bit:
        return  # coalesced: the tick is lost
    w32(SH + 112 + 4 * word, pending | bit)
    if r32(SH + 240 + 4 * word) & bit:
        return
    w32(SH + 4, r32(SH + 4) | (1 << word))
    w8(SH, 1)


def tick():
    state["ticks"] += 1
    publish_time()
    if lose and state["ticks"] % lose == 0:
        return  # a VIRQ_TIMER the guest never sees (it was not running)
    if ports["virq"] is not None:
        send(ports["virq"])


def return_to_guest():  # entry.S: deliver an upcall if pending and unmasked
    if r8(SH + 1) == 0 and r8(SH) != 0:
        state["upcalls"] += 1
        w8(SH + 1, 1)
        w32(SH + 8, reg("sp"))
        w32(SH + 12, reg("lr"))
        w32(SH + 20, (reg("cpsr") & 0xF0000000) | 0x13)
        setreg("lr", reg("pc"))
        setreg("pc", traps[6])


STUBS = {A(n): nr for n, nr in [("HYPERVISOR_set_trap_table", 0), ("HYPERVISOR_set_timer_op", 15),
                                  ("HYPERVISOR_event_channel_op", 16), ("HYPERVISOR_xen_version", 17),
                                  ("HYPERVISOR_console_io", 18), ("HYPERVISOR_physdev_op", 19),
                                  ("HYPERVISOR_sched_op", 29)] if n in SYM}
if hello:
    RESTORE, LOOP, IDLE = A("upcall_entry") + 64, None, None  # the example's `swi #23`
    assert struct.unpack("<I", rd(RESTORE))[0] == 0xEF000017, "the example's restore_trap_frame moved"
else:
    RESTORE = A("rtv_resume_frame") - 4 if not busy else None  # its `swi #23`
    LOOP = A("rtv_burn_cycles") + 8
    IDLE = A("OSTaskIdleHook") if not busy else None
for a in list(STUBS) + [RESTORE, LOOP, IDLE]:
    if a is not None:
        gdb.execute("break *%#x" % a, to_string=True)

while state["shutdown"] is None and state["ticks"] < TICKS:
    gdb.execute("continue", to_string=True)
    pc = reg("pc")
    if pc in STUBS:
        nr, r0, r1, r2, res = STUBS[pc], reg("r0"), reg("r1"), reg("r2"), 0
        if nr == 0:
            traps.update({i: r32(r0 + 8 * i + 4) for i in range(8)})
        elif nr == 16 and r32(r0) in (1, 2):  # bind_virq, bind_pirq
            w32(r0 + 12, ports["next"])
            if r32(r0) == 1:
                ports["virq"] = ports["next"]
            ports["next"] += 1
        elif nr == 18:
            console.append(rd(r2, r1).decode(errors="replace"))
            res = r1
        elif nr == 29 and r0 == 2:
            state["shutdown"] = r32(r1)
            break
        elif nr == 29 and r0 == 1:  # block: unmask, sleep to the next tick
            w8(SH + 1, 0)
            tick()
        elif nr == 29 and hello and r0 in (0, 3):  # yield, poll: time passes
            tick()
        elif nr == 17:
            res = 0x30002
        elif nr not in (15, 19):
            res = -38
        setreg("r0", res)
        setreg("pc", pc + 4)
        return_to_guest()
    elif pc == RESTORE:  # hypercalls.S do_restore_trap_frame
        setreg("pc", r32(SH + 12))
        setreg("sp", r32(SH + 8))
        setreg("cpsr", (reg("cpsr") & 0x0FFFFFFF) | (r32(SH + 20) & 0xF0000000))
        w8(SH + 1, 0)
        return_to_guest()
    elif pc == LOOP:
        state["loop_hits"] += 1
        if state["loop_hits"] % LOOP_PASSES_PER_TICK == 0:
            tick()
            return_to_guest()
    elif pc == IDLE:
        state["idle_hits"] += 1
        if state["idle_hits"] % 2:  # after the upcall the hook is entered again at once
            tick()
            return_to_guest()

if hello:
    text = "".join(console)
    print("console:", " | ".join(line for line in text.splitlines() if line))
    ok = state["shutdown"] == 0 and "poll returned" in text and "VIRQ_TIMER events handled: " in text
    print("PASS" if ok else "FAIL: the example did not print its three lines and power off")
    gdb.execute("kill", to_string=True)
    raise SystemExit
if busy:
    rounds = r32(A("rtv_busy_rounds"))
    print("busy rounds %d after %d ticks" % (rounds, state["ticks"]))
    ok = state["shutdown"] is None and rounds >= state["ticks"] - 1 and traps.get(6, 0) != 0
    print("PASS" if ok else "FAIL: the busy guest did not loop")
    gdb.execute("kill", to_string=True)
    raise SystemExit
st = A("rtv_ucos_state")
w = struct.unpack("<20I", rd(st, 80))
s = dict(zip(["magic", "booted", "config_error", "n_tasks", "current", "upcalls", "virqs", "device_events",
              "time_reads", "time_retries", "clock_jumps", "blocks", "faults", "hypercall_errors", "timer_port"], w))
os_time = r32(A("OSTime"))
jobs = [struct.unpack("<8I", rd(st + 80 + 32 * i, 32))[:2] for i in range(len(tasks))]
print("console:", "".join(console).strip() or "(nothing)")
print("ticks sent %d, upcalls %d, OSTime %d, OSCtxSwCtr %d, OSIdleCtr %d" %
      (state["ticks"], state["upcalls"], os_time, r32(A("OSCtxSwCtr")), r32(A("OSIdleCtr"))))
print("state:", {k: v for k, v in s.items() if k != "magic"})
print("jobs (released, finished):", jobs)

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


if case is None:
    check(state["shutdown"] == 3 and s["config_error"] == 1 and "not valid" in "".join(console),
          "an unfilled configuration block is reported and the domain crashes itself")
else:
    n = state["ticks"]
    check(s["booted"] == 1 and s["config_error"] == 0 and s["faults"] == 0 and s["hypercall_errors"] == 0,
          "booted cleanly")
    check(state["shutdown"] is None, "still running")
    # The last tick's VIRQ may still be pending when the check stops.
    delivered = n - (n // lose if lose else 0)
    check(s["virqs"] in (delivered, delivered - 1), "every delivered VIRQ_TIMER handled")
    if tick_mode == 0:
        check(os_time == s["virqs"], "naive: one tick per VIRQ")
    else:
        check(os_time >= n - 2 and s["clock_jumps"] > 0, "corrected: the clock catches up with shared time")
    check(r32(A("OSCtxSwCtr")) > 0, "tasks switched")
    for i, (released, finished) in enumerate(jobs):
        check(released >= 2 and finished >= released - 1, "task %d released and finished its jobs" % i)
    if idle:
        check(s["blocks"] > 0, "the idle task blocked")
print("PASS" if not failures else "FAIL: " + "; ".join(failures))
gdb.execute("kill", to_string=True)
