#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A seeded generator of random valid ARMv5TE instruction streams (ARM and Thumb) for the
lock-step comparison of rtvsim's ISS against QEMU (tools/iss_fuzz/lockstep.py).

The output is one GNU assembler file: a static Linux program without libc that loads every
register from a random table, runs a straight line of random instructions, switching
between ARM and Thumb state, and exits. Constraints (ARM DDI 0100I):
- every memory access stays inside a 4 KiB sandbox whose base r11 holds throughout (r11 is
  never a destination); each load/store is preceded by the instruction that sets its base
  (and index) register, so any base and index register may be used;
- no UNPREDICTABLE forms: no PC in register-shifted operands, no S-suffixed writes of PC,
  multiplies with distinct registers where the manual demands them, no writeback with the
  base in the transfer, LDRD/STRD with an even, non-r14 first register and 8-byte alignment,
  no user-bank (^) LDM/STM (UNPREDICTABLE in User mode), MSR only on the flags field;
- word and halfword accesses are aligned: QEMU does not rotate unaligned word loads as ARMv5
  does (ARM DDI 0100I A2.8), a known departure tested separately against the manual;
- control flow only forward, to labels in the stream (conditional branches, BL, BLX to the
  other state, BX through ADR), so every path reaches the end.
"""
import argparse
import random

REGS_ARM = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14]  # destinations: not r11 (sandbox), sp, pc
CONDS = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", ""]
SANDBOX = 4096
MID = 2048  # bases point at the middle; offsets stay within +-1020 (+ index <= 255 * 4)


def r(n):
    return {13: "sp", 14: "lr", 15: "pc"}.get(n, f"r{n}")


class Gen:
    def __init__(self, seed, count):
        self.rng = random.Random(seed)
        self.count = count
        self.out = []
        self.label = 0
        self.emitted = 0
        self.pending = []  # (instructions left, label) forward branch targets

    def pick(self, seq):
        return self.rng.choice(seq)

    def new_label(self):
        self.label += 1
        return f".Lf{self.label}"

    def emit(self, text):
        self.out.append("    " + text)
        self.emitted += 1

    def place_labels(self):
        # Branch targets go between blocks only, never between an access and the
        # instructions that set its base register.
        keep = []
        for left, lab in self.pending:
            if left <= 1:
                self.out.append(f"{lab}:")
            else:
                keep.append((left - 1, lab))
        self.pending = keep

    def flush_labels(self):
        for _, lab in self.pending:
            self.out.append(f"{lab}:")
        self.pending = []

    def cond(self):
        return self.pick(CONDS) if self.rng.random() < 0.3 else ""

    def imm_rot(self):
        v = self.rng.randrange(256)
        rot = self.rng.randrange(16) * 2
        return ((v >> rot) | (v << (32 - rot))) & 0xFFFFFFFF if rot else v

    # ---- ARM -------------------------------------------------------------------------------
    def arm_operand2(self, allow_pc=True, reg_shift=True):
        k = self.rng.random()
        src = REGS_ARM + ([11, 13] + ([15] if allow_pc else []))
        if k < 0.3:
            return f"#{self.imm_rot()}", False
        rm = self.pick(src)
        if k < 0.45:
            return r(rm), False
        if k < 0.8 or not reg_shift:
            sh = self.pick(["lsl", "lsr", "asr", "ror", "rrx"])
            if sh == "rrx":
                return f"{r(rm)}, rrx", False
            lo = 0 if sh == "lsl" else 1
            hi = 31 if sh in ("lsl", "ror") else 32
            return f"{r(rm)}, {sh} #{self.rng.randint(lo, hi)}", False
        # Register-controlled shift: no PC anywhere (UNPREDICTABLE, ARM DDI 0100I A5.1.5).
        rm = self.pick(REGS_ARM + [11, 13])
        rs = self.pick(REGS_ARM + [11, 13])
        return f"{r(rm)}, {self.pick(['lsl', 'lsr', 'asr', 'ror'])} {r(rs)}", True

    def arm_shift_amounts(self):
        # A register-controlled shift by 0, 32 or more than 32 needs such values in a register.
        rs = self.pick(REGS_ARM)
        self.emit(f"mov {r(rs)}, #{self.pick([0, 1, 31, 32, 33, 40, 255, 256 + 4, self.rng.randrange(256)])}")

    def arm_dp(self):
        op = self.pick(["and", "eor", "sub", "rsb", "add", "adc", "sbc", "rsc", "orr", "mov", "bic", "mvn",
                        "tst", "teq", "cmp", "cmn"])
        s = "s" if self.rng.random() < 0.5 else ""
        c = self.cond()
        if self.rng.random() < 0.1:
            self.arm_shift_amounts()
        op2, reg_shift = self.arm_operand2()
        if op in ("tst", "teq", "cmp", "cmn"):
            rn = self.pick(REGS_ARM + [11, 13] + ([] if reg_shift else [15]))
            self.emit(f"{op}{c} {r(rn)}, {op2}")
        elif op in ("mov", "mvn"):
            self.emit(f"{op}{s}{c} {r(self.pick(REGS_ARM))}, {op2}")
        else:
            # PC as Rn only with a register operand (with an immediate GAS would make it ADR).
            rn = self.pick(REGS_ARM + [11, 13] + ([] if reg_shift or op2.startswith("#") else [15]))
            self.emit(f"{op}{s}{c} {r(self.pick(REGS_ARM))}, {r(rn)}, {op2}")

    def arm_mul(self):
        c = self.cond()
        s = "s" if self.rng.random() < 0.4 else ""
        k = self.rng.randrange(4)
        regs = self.rng.sample(REGS_ARM, 4)
        if k == 0:  # MUL Rd != Rm
            self.emit(f"mul{s}{c} {r(regs[0])}, {r(regs[1])}, {r(regs[2])}")
        elif k == 1:
            self.emit(f"mla{s}{c} {r(regs[0])}, {r(regs[1])}, {r(regs[2])}, {r(regs[3])}")
        else:  # RdLo, RdHi, Rm distinct
            op = self.pick(["umull", "umlal", "smull", "smlal"])
            self.emit(f"{op}{s}{c} {r(regs[0])}, {r(regs[1])}, {r(regs[2])}, {r(regs[3])}")

    def arm_dsp(self):
        c = self.cond()
        regs = self.rng.sample(REGS_ARM, 4)
        xy = self.pick(["bb", "bt", "tb", "tt"])
        y = self.pick(["b", "t"])
        k = self.rng.randrange(7)
        if k == 0:
            self.emit(f"smla{xy}{c} {r(regs[0])}, {r(regs[1])}, {r(regs[2])}, {r(regs[3])}")
        elif k == 1:
            self.emit(f"smlaw{y}{c} {r(regs[0])}, {r(regs[1])}, {r(regs[2])}, {r(regs[3])}")
        elif k == 2:
            self.emit(f"smul{xy}{c} {r(regs[0])}, {r(regs[1])}, {r(regs[2])}")
        elif k == 3:
            self.emit(f"smulw{y}{c} {r(regs[0])}, {r(regs[1])}, {r(regs[2])}")
        elif k == 4:
            self.emit(f"smlal{xy}{c} {r(regs[0])}, {r(regs[1])}, {r(regs[2])}, {r(regs[3])}")
        elif k == 5:
            self.emit(f"{self.pick(['qadd', 'qsub', 'qdadd', 'qdsub'])}{c} {r(regs[0])}, {r(regs[1])}, {r(regs[2])}")
        else:
            self.emit(f"clz{c} {r(regs[0])}, {r(self.pick(REGS_ARM + [11, 13]))}")

    def set_base(self, rb, align, span=1020):
        off = MID + self.rng.randrange(-span // align, span // align) * align
        self.emit(f"add {r(rb)}, r11, #{off & ~0xff}")
        if off & 0xff:
            self.emit(f"add {r(rb)}, {r(rb)}, #{off & 0xff}")

    def arm_ldst(self):
        c = self.cond()
        size = self.pick(["", "b", "h", "sh", "sb", "d"])
        align = {"": 4, "b": 1, "h": 2, "sh": 2, "sb": 1, "d": 8}[size]
        load = self.rng.random() < 0.55
        if size in ("sh", "sb"):
            load = True
        if size == "d":
            rd = self.pick([0, 2, 4, 6, 8])
            rn, rm = self.rng.sample([x for x in REGS_ARM if x not in (rd, rd + 1)], 2)
        else:
            rd = self.pick(REGS_ARM)
            rn, rm = self.rng.sample([x for x in REGS_ARM if x != rd], 2)
        self.set_base(rn, align)
        mode = self.pick(["off", "pre", "post"])
        wb = "!" if mode == "pre" else ""
        sign = self.pick(["", "-"])
        if self.rng.random() < 0.5 or size in ("d",) and self.rng.random() < 0.5:
            imm = self.rng.randrange(0, 256 if size in ("h", "sh", "sb", "d") else 1024, align)
            addr = f"[{r(rn)}, #{sign}{imm}]" if mode != "post" else f"[{r(rn)}], #{sign}{imm}"
        else:
            self.emit(f"mov {r(rm)}, #{self.rng.randrange(0, 64) * align}")
            shift = ""
            if size in ("", "b") and self.rng.random() < 0.5:
                # A scaled index that keeps the address aligned and inside the sandbox.
                shift = ", lsl #2" if size == "" else self.pick([", lsl #2", ", lsl #1", ", lsr #1", ", asr #2"])
                if size == "":
                    self.emit(f"mov {r(rm)}, #{self.rng.randrange(0, 64)}")
            addr = f"[{r(rn)}, {sign}{r(rm)}{shift}]{wb}" if mode != "post" else f"[{r(rn)}], {sign}{r(rm)}{shift}"
            wb = ""
        if mode == "pre" and addr.startswith(f"[{r(rn)}, #"):
            addr += "!"
        op = ("ldr" if load else "str") + size + c
        pair = f"{r(rd + 1)}, " if size == "d" else ""
        self.emit(f"{op} {r(rd)}, {pair}{addr}")

    def arm_ldm(self):
        c = self.cond()
        mode = self.pick(["ia", "ib", "da", "db"])
        rn = self.pick(REGS_ARM)
        others = [x for x in REGS_ARM if x != rn]
        regs = sorted(self.rng.sample(others, self.rng.randint(1, 6)))
        self.set_base(rn, 4, 900)
        wb = "!" if self.rng.random() < 0.5 else ""
        op = "ldm" if self.rng.random() < 0.5 else "stm"
        self.emit(f"{op}{mode}{c} {r(rn)}{wb}, {{{', '.join(r(x) for x in regs)}}}")

    def arm_swp(self):
        rd, rm, rn = self.rng.sample(REGS_ARM, 3)
        b = self.pick(["", "b"])
        self.set_base(rn, 4)
        self.emit(f"swp{b}{self.cond()} {r(rd)}, {r(rm)}, [{r(rn)}]")

    def arm_status(self):
        if self.rng.random() < 0.5:
            self.emit(f"mrs{self.cond()} {r(self.pick(REGS_ARM))}, cpsr")
        elif self.rng.random() < 0.5:
            self.emit(f"msr{self.cond()} cpsr_f, #{self.rng.randrange(32) << 27}")
        else:
            self.emit(f"msr{self.cond()} cpsr_f, {r(self.pick(REGS_ARM))}")

    def arm_branch(self):
        lab = self.new_label()
        k = self.rng.random()
        if k < 0.6:
            self.emit(f"b{self.cond()} {lab}")
        else:
            self.emit(f"bl{self.cond()} {lab}")
        self.pending.append((self.rng.randint(1, 6), lab))

    def arm_literal(self):
        self.emit(f"ldr{self.cond()} {r(self.pick(REGS_ARM))}, ={self.rng.randrange(1 << 32)}")

    def arm_misc(self):
        self.emit(f"pld [r11, #{self.rng.randrange(0, 1024)}]")

    # ---- Thumb -----------------------------------------------------------------------------
    def lo(self):
        return self.rng.randrange(8)

    def th_base(self, rb, align, span=248):
        self.emit(f"mov {r(rb)}, r11")
        off = MID - 256 + self.rng.randrange(0, span // align) * align
        # r11 + MID - 256 in 8-bit steps: 1792 = 7 * 255 + 7.
        for _ in range(7):
            self.emit(f"adds {r(rb)}, #255")
        self.emit(f"adds {r(rb)}, #{7 + (off - (MID - 256))}")

    def th_alu(self):
        k = self.rng.randrange(8)
        a, b, c = self.lo(), self.lo(), self.lo()
        if k == 0:
            op = self.pick(["lsls", "lsrs", "asrs"])
            amount = self.rng.randint(0, 31) if op == "lsls" else self.rng.randint(1, 32)
            self.emit(f"{op} {r(a)}, {r(b)}, #{amount}")
        elif k == 1:
            self.emit(f"{self.pick(['adds', 'subs'])} {r(a)}, {r(b)}, {r(c) if self.rng.random() < 0.5 else '#' + str(self.rng.randrange(8))}")
        elif k == 2:
            self.emit(f"{self.pick(['movs', 'cmp', 'adds', 'subs'])} {r(a)}, #{self.rng.randrange(256)}")
        elif k == 3:
            op = self.pick(["ands", "eors", "lsls", "lsrs", "asrs", "adcs", "sbcs", "rors", "tst", "negs", "cmp",
                            "cmn", "orrs", "muls", "bics", "mvns"])
            if op == "negs":
                self.emit(f"negs {r(a)}, {r(b)}")
            elif op == "muls":
                self.emit(f"muls {r(a)}, {r(b)}, {r(a)}")
            else:
                self.emit(f"{op} {r(a)}, {r(b)}")
        elif k == 4:
            # High-register forms (at least one high register), never writing pc, sp or r11.
            hi = self.pick([8, 9, 10, 12, 14])
            op = self.pick(["add", "cmp", "mov"])
            if self.rng.random() < 0.5:
                self.emit(f"{op} {r(a)}, {r(self.pick([8, 9, 10, 11, 12, 13, 14]))}")
            else:
                self.emit(f"{op} {r(hi)}, {r(a)}")
        elif k == 5:
            self.emit(f"add {r(a)}, sp, #{self.rng.randrange(256) * 4}")
        elif k == 6:
            self.emit(f"add {r(a)}, pc, #{self.rng.randrange(256) * 4}")
        else:
            self.emit(f"ldr {r(a)}, ={self.rng.randrange(1 << 32)}")

    def th_ldst(self):
        rb, ro, rd = self.rng.sample(range(8), 3)
        k = self.rng.randrange(4)
        if k == 0:  # register offset
            op = self.pick(["ldr", "str", "ldrb", "strb", "ldrh", "strh", "ldrsb", "ldrsh"])
            align = 4 if op in ("ldr", "str") else 2 if "h" in op else 1
            self.th_base(rb, align)
            self.emit(f"movs {r(ro)}, #{self.rng.randrange(0, 64) * align}")
            self.emit(f"{op} {r(rd)}, [{r(rb)}, {r(ro)}]")
        elif k == 1:  # immediate offset
            op, align, lim = self.pick([("ldr", 4, 124), ("str", 4, 124), ("ldrb", 1, 31), ("strb", 1, 31),
                                        ("ldrh", 2, 62), ("strh", 2, 62)])
            self.th_base(rb, align)
            self.emit(f"{op} {r(rd)}, [{r(rb)}, #{self.rng.randrange(0, lim + 1, align)}]")
        elif k == 2:  # sp-relative and push/pop
            self.th_base(rb, 4)
            self.emit(f"mov sp, {r(rb)}")
            if self.rng.random() < 0.5:
                self.emit(f"{self.pick(['ldr', 'str'])} {r(rd)}, [sp, #{self.rng.randrange(0, 256) * 4}]")
            else:
                regs = sorted(self.rng.sample(range(8), self.rng.randint(1, 4)))
                lst = ", ".join(r(x) for x in regs)
                if self.rng.random() < 0.5:
                    self.emit(f"push {{{lst}{', lr' if self.rng.random() < 0.3 else ''}}}")
                else:
                    self.emit(f"pop {{{lst}}}")
            if self.rng.random() < 0.3:
                self.emit(f"{self.pick(['add', 'sub'])} sp, #{self.rng.randrange(0, 128) * 4}")
        else:  # stmia / ldmia without the base in the list
            self.th_base(rb, 4)
            regs = sorted(self.rng.sample([x for x in range(8) if x != rb], self.rng.randint(1, 5)))
            self.emit(f"{self.pick(['ldmia', 'stmia'])} {r(rb)}!, {{{', '.join(r(x) for x in regs)}}}")

    def th_branch(self):
        lab = self.new_label()
        if self.rng.random() < 0.7:
            self.emit(f"b{self.pick(CONDS[:-1])} {lab}")
        elif self.rng.random() < 0.5:
            self.emit(f"b {lab}")
        else:
            self.emit(f"bl {lab}")
        self.pending.append((self.rng.randint(1, 5), lab))

    # ---- state switches --------------------------------------------------------------------
    def to_thumb(self):
        self.flush_labels()
        lab = self.new_label()
        k = self.rng.random()
        if k < 0.5:
            self.emit(f"blx {lab}")
        else:
            rx = self.pick(REGS_ARM[:-1])
            self.emit(f"adr {r(rx)}, {lab} + 1")
            self.emit(f"{self.pick(['bx', 'blx'])} {r(rx)}")
        self.out += ["    .thumb", "    .align 1", f"    .thumb_func", f"{lab}:"]

    def to_arm(self):
        self.flush_labels()
        lab = self.new_label()
        if self.rng.random() < 0.5:
            self.emit(f"blx {lab}")
        else:
            # At a word-aligned A: rx = (A + 4) & ~3 = A + 4, where the ARM code starts.
            rx = self.lo()
            self.out.append("    .align 2")
            self.emit(f"add {r(rx)}, pc, #0")
            self.emit(f"bx {r(rx)}")
        self.out += ["    .arm", "    .align 2", f"{lab}:"]

    def ltorg(self, thumb):
        lab = self.new_label()
        self.flush_labels()
        self.emit(f"b {lab}")
        self.out += ["    .ltorg", "    .align 2" if not thumb else "    .align 1", f"{lab}:"]

    def generate(self):
        o = self.out
        o += ["    .syntax unified", "    .arch armv5te", "    .data", "    .align 12", "sandbox:"]
        for _ in range(SANDBOX // 4):
            o.append(f"    .word {self.rng.randrange(1 << 32)}")
        o += ["    .text", "    .arm", "    .global _start", "_start:", "    ldr r11, =sandbox",
              "    ldm r11, {r0-r10, r12, lr}", "    add sp, r11, #2048",
              f"    msr cpsr_f, #{self.rng.randrange(32) << 27}", "    .global stream_start", "stream_start:"]
        thumb = False
        block = 0
        arm_kinds = [(self.arm_dp, 40), (self.arm_mul, 6), (self.arm_dsp, 8), (self.arm_ldst, 16),
                     (self.arm_ldm, 5), (self.arm_swp, 2), (self.arm_status, 3), (self.arm_branch, 6),
                     (self.arm_literal, 3), (self.arm_misc, 1)]
        th_kinds = [(self.th_alu, 55), (self.th_ldst, 25), (self.th_branch, 10)]
        while self.emitted < self.count:
            kinds = th_kinds if thumb else arm_kinds
            fn = self.rng.choices([k[0] for k in kinds], [k[1] for k in kinds])[0]
            fn()
            self.place_labels()
            block += 1
            if block % (20 if thumb else 60) == 0:
                self.ltorg(thumb)
            if self.rng.random() < 0.01:
                if thumb:
                    self.to_arm()
                else:
                    self.to_thumb()
                thumb = not thumb
        self.flush_labels()
        if thumb:
            self.to_arm()
        o += ["    mov r0, #0", "    mov r7, #1", "    svc 0", "    .ltorg"]
        return "\n".join(o) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=20000, help="random instructions (approximate)")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    with open(a.output, "w") as f:
        f.write(Gen(a.seed, a.count).generate())


if __name__ == "__main__":
    main()
