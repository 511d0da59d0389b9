// SPDX-License-Identifier: Apache-2.0
// Thumb decoding (ARM DDI 0100I A6.2, the Thumb instruction set encoding). Each Thumb
// instruction that has an ARM equivalent (A6.1 lists it) is decoded as that ARM instruction,
// re-encoded, and marked 2 bytes long: the executor reads the PC as the instruction's address
// + 4 in Thumb state, so the shared handlers see the Thumb semantics. The forms without an
// exact ARM equivalent have their own handlers: the PC-relative ADD and LDR (PC word-aligned),
// the conditional and unconditional branches (halfword offsets), the BL/BLX halves, SWI with
// an 8-bit number, BKPT.
#include "sim/cpu/iss/arm_decoder.hpp"

#include "sim/cpu/iss/executor.hpp"
#include "sim/cpu/iss/timing.hpp"

namespace rtv::cpu::iss {

namespace {

constexpr std::uint32_t bits(std::uint32_t v, unsigned hi, unsigned lo) { return (v >> lo) & ((1u << (hi - lo + 1)) - 1u); }
constexpr bool bit(std::uint32_t v, unsigned n) { return ((v >> n) & 1u) != 0; }
std::int32_t sext(std::uint32_t v, unsigned width) {
    const unsigned s = 32 - width;
    return static_cast<std::int32_t>(v << s) >> s;
}

// The ARM instruction (condition AL) that does what Thumb instruction `t` does, or 0 when
// `t` has no plain ARM equivalent.
std::uint32_t arm_equivalent(std::uint32_t t) {
    const std::uint32_t rd = bits(t, 2, 0), rn = bits(t, 5, 3), r3 = bits(t, 8, 6);
    switch (bits(t, 15, 11)) {
    case 0x00: case 0x01: case 0x02: {  // LSL/LSR/ASR #imm5 (A7.1.38, 40, 11)
        return 0xE1B00000u | rd << 12 | bits(t, 10, 6) << 7 | bits(t, 12, 11) << 5 | rn;
    }
    case 0x03: {  // ADD/SUB register or 3-bit immediate
        const bool sub = bit(t, 9);
        if (bit(t, 10)) return (sub ? 0xE2500000u : 0xE2900000u) | rn << 16 | rd << 12 | r3;
        return (sub ? 0xE0500000u : 0xE0900000u) | rn << 16 | rd << 12 | r3;
    }
    case 0x04: return 0xE3B00000u | bits(t, 10, 8) << 12 | bits(t, 7, 0);                          // MOV #imm8
    case 0x05: return 0xE3500000u | bits(t, 10, 8) << 16 | bits(t, 7, 0);                          // CMP #imm8
    case 0x06: return 0xE2900000u | bits(t, 10, 8) << 16 | bits(t, 10, 8) << 12 | bits(t, 7, 0);   // ADD #imm8
    case 0x07: return 0xE2500000u | bits(t, 10, 8) << 16 | bits(t, 10, 8) << 12 | bits(t, 7, 0);   // SUB #imm8
    case 0x08:
        if (!bit(t, 10)) {  // data processing, register (A6.2)
            const std::uint32_t rm = rn;
            switch (bits(t, 9, 6)) {
            case 0: return 0xE0100000u | rd << 16 | rd << 12 | rm;            // AND
            case 1: return 0xE0300000u | rd << 16 | rd << 12 | rm;            // EOR
            case 2: return 0xE1B00010u | rd << 12 | rm << 8 | 0u << 5 | rd;   // LSL Rd, Rs
            case 3: return 0xE1B00010u | rd << 12 | rm << 8 | 1u << 5 | rd;   // LSR
            case 4: return 0xE1B00010u | rd << 12 | rm << 8 | 2u << 5 | rd;   // ASR
            case 5: return 0xE0B00000u | rd << 16 | rd << 12 | rm;            // ADC
            case 6: return 0xE0D00000u | rd << 16 | rd << 12 | rm;            // SBC
            case 7: return 0xE1B00010u | rd << 12 | rm << 8 | 3u << 5 | rd;   // ROR
            case 8: return 0xE1100000u | rd << 16 | rm;                       // TST
            case 9: return 0xE2700000u | rm << 16 | rd << 12;                 // NEG = RSBS Rd, Rm, #0
            case 10: return 0xE1500000u | rd << 16 | rm;                      // CMP
            case 11: return 0xE1700000u | rd << 16 | rm;                      // CMN
            case 12: return 0xE1900000u | rd << 16 | rd << 12 | rm;           // ORR
            case 13: return 0xE0100090u | rd << 16 | rd << 8 | rm;            // MUL = MULS Rd, Rm, Rd
            case 14: return 0xE1D00000u | rd << 16 | rd << 12 | rm;           // BIC
            default: return 0xE1F00000u | rd << 12 | rm;                      // MVN
            }
        } else {  // special data processing and branch/exchange (A6.2)
            const std::uint32_t hd = rd | (bit(t, 7) ? 8u : 0u), hm = bits(t, 6, 3);
            switch (bits(t, 9, 8)) {
            case 0: return 0xE0800000u | hd << 16 | hd << 12 | hm;  // ADD (no flags)
            case 1: return 0xE1500000u | hd << 16 | hm;             // CMP
            case 2: return 0xE1A00000u | hd << 12 | hm;             // MOV (no flags)
            default: return (bit(t, 7) ? 0xE12FFF30u : 0xE12FFF10u) | hm;  // BX / BLX
            }
        }
    case 0x0A: case 0x0B: {  // load/store register offset
        static constexpr std::uint32_t ops[8] = {0xE7800000u, 0xE18000B0u, 0xE7C00000u, 0xE19000D0u,
                                                 0xE7900000u, 0xE19000B0u, 0xE7D00000u, 0xE19000F0u};
        return ops[bits(t, 11, 9)] | rn << 16 | rd << 12 | r3;
    }
    case 0x0C: return 0xE5800000u | rn << 16 | rd << 12 | bits(t, 10, 6) << 2;  // STR #imm5*4
    case 0x0D: return 0xE5900000u | rn << 16 | rd << 12 | bits(t, 10, 6) << 2;  // LDR
    case 0x0E: return 0xE5C00000u | rn << 16 | rd << 12 | bits(t, 10, 6);       // STRB
    case 0x0F: return 0xE5D00000u | rn << 16 | rd << 12 | bits(t, 10, 6);       // LDRB
    case 0x10: case 0x11: {  // STRH/LDRH #imm5*2
        const std::uint32_t off = bits(t, 10, 6) << 1;
        return (bit(t, 11) ? 0xE1D000B0u : 0xE1C000B0u) | rn << 16 | rd << 12 | (off >> 4) << 8 | (off & 15u);
    }
    case 0x12: return 0xE58D0000u | bits(t, 10, 8) << 12 | bits(t, 7, 0) << 2;  // STR Rd, [SP, #imm*4]
    case 0x13: return 0xE59D0000u | bits(t, 10, 8) << 12 | bits(t, 7, 0) << 2;  // LDR Rd, [SP, #imm*4]
    case 0x15: return 0xE28D0F00u | bits(t, 10, 8) << 12 | bits(t, 7, 0);       // ADD Rd, SP, #imm*4
    case 0x16: case 0x17:
        if (bits(t, 11, 8) == 0)  // ADD/SUB SP, #imm7*4
            return (bit(t, 7) ? 0xE24DDF00u : 0xE28DDF00u) | bits(t, 6, 0);
        if (bits(t, 11, 9) == 2)  // PUSH {list[, LR]} = STMDB SP!
            return 0xE92D0000u | bits(t, 7, 0) | (bit(t, 8) ? 0x4000u : 0u);
        if (bits(t, 11, 9) == 6)  // POP {list[, PC]} = LDMIA SP!
            return 0xE8BD0000u | bits(t, 7, 0) | (bit(t, 8) ? 0x8000u : 0u);
        return 0;
    case 0x18: return 0xE8A00000u | bits(t, 10, 8) << 16 | bits(t, 7, 0);  // STMIA Rn!
    case 0x19: {  // LDMIA Rn!: no write-back when Rn is loaded (the loaded value wins)
        const std::uint32_t n = bits(t, 10, 8);
        const bool in_list = bit(t, n);
        return (in_list ? 0xE8900000u : 0xE8B00000u) | n << 16 | bits(t, 7, 0);
    }
    default: return 0;
    }
}

decoded thumb_special(decoded d, std::uint32_t t) {
    switch (bits(t, 15, 11)) {
    case 0x09:  // LDR Rd, [PC, #imm*4] (A7.1.30): PC word-aligned
        d = decode_arm(0xE59F0000u | bits(t, 10, 8) << 12 | bits(t, 7, 0) << 2);
        d.flags |= f_pc_align;
        return d;
    case 0x14:  // ADD Rd, PC, #imm*4 (A7.1.5)
        d.fn = exec::thumb_adr;
        d.rd = static_cast<std::uint8_t>(bits(t, 10, 8));
        d.imm = bits(t, 7, 0) << 2;
        d.cycles = timing::data_op;
        return d;
    case 0x1A: case 0x1B: {
        const unsigned cond = bits(t, 11, 8);
        if (cond == 15) {  // SWI imm8
            d.fn = exec::swi;
            d.imm = bits(t, 7, 0);
            d.cycles = 0;
            return d;
        }
        if (cond == 14) break;  // undefined
        d.fn = exec::branch_plain;
        d.cond = static_cast<std::uint8_t>(cond);
        d.imm = static_cast<std::uint32_t>(sext(bits(t, 7, 0), 8) * 2);
        d.cycles = timing::branch;
        return d;
    }
    case 0x1C:  // B
        d.fn = exec::branch_plain;
        d.imm = static_cast<std::uint32_t>(sext(bits(t, 10, 0), 11) * 2);
        d.cycles = timing::branch;
        return d;
    case 0x1D:  // BLX suffix (bit 0 set is undefined, A7.1.18)
        if (bit(t, 0)) break;
        d.fn = exec::thumb_bl_suffix;
        d.op = 1;
        d.imm = bits(t, 10, 0) << 1;
        d.reads = 1u << 14;
        d.cycles = timing::branch;
        return d;
    case 0x1E:  // BL/BLX prefix
        d.fn = exec::thumb_bl_prefix;
        d.imm = static_cast<std::uint32_t>(sext(bits(t, 10, 0), 11) * 4096);
        d.cycles = timing::thumb_bl_prefix;
        return d;
    case 0x1F:  // BL suffix
        d.fn = exec::thumb_bl_suffix;
        d.imm = bits(t, 10, 0) << 1;
        d.reads = 1u << 14;
        d.cycles = timing::branch;
        return d;
    case 0x17:
        if (bits(t, 10, 8) == 6) {  // BKPT (A7.1.16)
            d.fn = exec::bkpt;
            d.imm = bits(t, 7, 0);
            d.cycles = 0;
            return d;
        }
        break;
    default: break;
    }
    d.fn = exec::undefined;
    d.cycles = 0;
    return d;
}

}  // namespace

decoded decode_thumb(std::uint16_t insn) {
    const std::uint32_t t = insn;
    const std::uint32_t arm = arm_equivalent(t);
    decoded d;
    if (arm)
        d = decode_arm(arm);
    else
        d = thumb_special(d, t);
    d.raw = t;
    d.size = 2;
    d.flags |= f_valid | f_thumb;
    finish_decoding(d);
    return d;
}

}  // namespace rtv::cpu::iss
