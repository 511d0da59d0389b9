// SPDX-License-Identifier: Apache-2.0
#include "sim/cpu/iss/arm_decoder.hpp"

#include "sim/cpu/iss/alu.hpp"
#include "sim/cpu/iss/executor.hpp"
#include "sim/cpu/iss/timing.hpp"

namespace rtv::cpu::iss {

namespace {

constexpr std::uint32_t bits(std::uint32_t v, unsigned hi, unsigned lo) { return (v >> lo) & ((1u << (hi - lo + 1)) - 1u); }
constexpr bool bit(std::uint32_t v, unsigned n) { return ((v >> n) & 1u) != 0; }
constexpr std::uint16_t reg_bit(unsigned r) { return static_cast<std::uint16_t>(1u << r); }

decoded undefined_insn(decoded d) {
    d.fn = exec::undefined;
    d.cycles = 0;  // the exception entry (cpu_costs::exception_entry) is all it costs
    d.reads = d.cport = 0;
    return d;
}

// A5.1: the data-processing instructions.
decoded data_processing(decoded d, std::uint32_t i) {
    const unsigned opcode = bits(i, 24, 21);
    d.op = static_cast<std::uint8_t>(opcode);
    d.rn = static_cast<std::uint8_t>(bits(i, 19, 16));
    d.rd = static_cast<std::uint8_t>(bits(i, 15, 12));
    if (bit(i, 20)) d.flags |= f_s;
    const bool uses_rn = opcode != 13 && opcode != 15;
    if (uses_rn) d.reads |= reg_bit(d.rn);
    bool shifted_operand = false;
    if (bit(i, 25)) {
        const unsigned rot = 2 * bits(i, 11, 8);
        d.shifter = sh_imm;
        d.imm = ror32(bits(i, 7, 0), rot);
        d.rs = static_cast<std::uint8_t>(rot);
        d.cycles = timing::data_op;
    } else {
        d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
        d.shift = static_cast<std::uint8_t>(bits(i, 6, 5));
        d.reads |= reg_bit(d.rm);
        if (bit(i, 4)) {
            d.shifter = sh_reg_reg;
            d.rs = static_cast<std::uint8_t>(bits(i, 11, 8));
            d.reads |= reg_bit(d.rs);
            d.cycles = timing::data_op_register_shift;
            shifted_operand = true;
        } else {
            d.shifter = sh_reg_imm;
            d.rs = static_cast<std::uint8_t>(bits(i, 11, 7));
            d.cycles = timing::data_op;
            shifted_operand = d.rs != 0 || d.shift != lsl;
        }
    }
    const bool writes = opcode < 8 || opcode > 11;
    if (writes && d.rd == 15) {
        const bool arithmetic = opcode == 2 || opcode == 3 || opcode == 4 || opcode == 5 || opcode == 6;
        if (d.shifter == sh_reg_reg)
            d.cycles = timing::data_op_pc_register_shift;
        else if (arithmetic && !shifted_operand)
            d.cycles = timing::data_op_pc_arithmetic;
        else
            d.cycles = timing::data_op_pc_logical;
    }
    d.fn = exec::data_processing(opcode, d.shifter, d.shift, (d.flags & f_s) != 0, writes && d.rd == 15);
    // A conditional register write without S takes as many cycles whether its condition passes
    // or fails (T8.2): its handler applies the condition, so that the loop has no branch on a
    // condition that is often data-dependent (MOVNE after a TST of a data bit). The entry is
    // unconditional and carries the condition in `op`, which these handlers do not otherwise read.
    static_assert(timing::condition_failed == timing::data_op, "a predicated instruction costs the same either way");
    if (d.cond != 14 && !(d.flags & f_s) && writes && d.rd != 15 && d.cycles == timing::condition_failed) {
        if (const exec_fn f = exec::predicated_data_processing(opcode, d.shifter, d.shift)) {
            d.fn = f;
            d.op = d.cond;
            d.cond = 14;
        }
    }
    return d;
}

// A3.13.3 / A4.1.40-43: MUL, MLA, UMULL, UMLAL, SMULL, SMLAL.
decoded multiply(decoded d, std::uint32_t i) {
    d.rd = static_cast<std::uint8_t>(bits(i, 19, 16));
    d.rn = static_cast<std::uint8_t>(bits(i, 15, 12));
    d.rs = static_cast<std::uint8_t>(bits(i, 11, 8));
    d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
    if (bit(i, 20)) d.flags |= f_s;
    if (bit(i, 21)) d.flags |= f_acc;
    d.reads = reg_bit(d.rs) | reg_bit(d.rm);
    if (bit(i, 23)) {  // long
        if (bit(i, 22)) d.flags |= f_signed;
        if (d.flags & f_acc) d.cport = reg_bit(d.rd) | reg_bit(d.rn);
        d.fn = exec::mul_long;
        d.cycles = (d.flags & f_s) ? timing::mul_long_s : timing::mul_long;
    } else {
        if (d.flags & f_acc) d.cport = reg_bit(d.rn);
        d.fn = exec::mul;
        d.cycles = (d.flags & f_s) ? timing::mul_s : timing::mul;
    }
    return d;
}

// A5.3: LDRH/STRH/LDRSB/LDRSH/LDRD/STRD.
decoded extra_load_store(decoded d, std::uint32_t i) {
    d.rn = static_cast<std::uint8_t>(bits(i, 19, 16));
    d.rd = static_cast<std::uint8_t>(bits(i, 15, 12));
    if (bit(i, 24)) d.flags |= f_pre;
    if (bit(i, 23)) d.flags |= f_up;
    if (!bit(i, 24) || bit(i, 21)) d.flags |= f_wb;
    if (bit(i, 22)) {
        d.shifter = sh_imm;
        d.imm = (bits(i, 11, 8) << 4) | bits(i, 3, 0);
    } else {
        d.shifter = sh_reg_imm;
        d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
        d.reads |= reg_bit(d.rm);
    }
    d.reads |= reg_bit(d.rn);
    const unsigned sh = bits(i, 6, 5);
    if (bit(i, 20)) {
        d.flags |= f_load;
        d.op = static_cast<std::uint8_t>(sh);  // 1 H, 2 SB, 3 SH
        d.fn = exec::load_store_extra;
        d.cycles = d.rd == 15 ? timing::ldr_pc : timing::ldr;
        return d;
    }
    if (sh == 1) {  // STRH
        d.op = 1;
        d.cport = reg_bit(d.rd);
        d.fn = exec::load_store_extra;
        d.cycles = timing::str;
        return d;
    }
    // LDRD (sh 2) / STRD (sh 3): Rd odd is UNDEFINED in ARMv5TE (A4.1.24, A4.1.102 notes treat
    // it as UNPREDICTABLE); the model raises undefined.
    if (d.rd & 1u) return undefined_insn(d);
    d.fn = exec::load_store_double;
    if (sh == 2) {
        d.flags |= f_load;
        d.cycles = timing::ldrd;
    } else {
        d.cport = reg_bit(d.rd) | reg_bit((d.rd + 1u) & 15u);
        d.cycles = timing::strd;
    }
    return d;
}

// BX, BXJ, BLX (register): Rm in [3:0].
decoded branch_exchange(decoded d, std::uint32_t i, bool link) {
    d.fn = exec::bx;
    if (link) d.flags |= f_link;
    d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
    d.reads = reg_bit(d.rm);
    d.cycles = timing::branch;
    return d;
}

// A3.16 / A4.1.x: the miscellaneous instructions (bits 27-23 = 00010, bit 20 = 0).
decoded miscellaneous(decoded d, std::uint32_t i) {
    const unsigned op = bits(i, 22, 21);
    const unsigned low = bits(i, 7, 4);
    if (bit(i, 7) && !bit(i, 4)) {  // A3.16.2 signed multiplies
        d.rd = static_cast<std::uint8_t>(bits(i, 19, 16));
        d.rn = static_cast<std::uint8_t>(bits(i, 15, 12));
        d.rs = static_cast<std::uint8_t>(bits(i, 11, 8));
        d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
        const unsigned x = bit(i, 5) ? 1u : 0u, y = bit(i, 6) ? 2u : 0u;
        d.reads = reg_bit(d.rs) | reg_bit(d.rm);
        d.flags |= f_acc;  // the C-port operand below is an accumulator (MLA-chain rule)
        switch (op) {
        case 0:  // SMLAxy
            d.op = static_cast<std::uint8_t>(x | y);
            d.cport = reg_bit(d.rn);
            d.fn = exec::smla_xy;
            d.cycles = timing::mul_halfword;
            return d;
        case 1:  // SMLAWy (x = 0) / SMULWy (x = 1)
            d.op = static_cast<std::uint8_t>(y | (x ? 4u : 0u));
            if (!x) d.cport = reg_bit(d.rn);
            d.fn = exec::smlaw_y;
            d.cycles = timing::mul_halfword;
            return d;
        case 2:  // SMLALxy
            d.op = static_cast<std::uint8_t>(x | y);
            d.cport = reg_bit(d.rd) | reg_bit(d.rn);
            d.fn = exec::smlal_xy;
            d.cycles = timing::mul_halfword_long;
            return d;
        default:  // SMULxy
            d.op = static_cast<std::uint8_t>(x | y | 4u);
            d.fn = exec::smla_xy;
            d.cycles = timing::mul_halfword;
            return d;
        }
    }
    switch (low) {
    case 0x0:
        if (op & 1u) {  // MSR register
            d.fn = exec::msr;
            d.shifter = sh_reg_imm;
            d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
            d.reads = reg_bit(d.rm);
            d.op = static_cast<std::uint8_t>(bits(i, 19, 16));
            if (op & 2u) d.flags |= f_signed;
            d.cycles = (d.op & 1u) && !(op & 2u) ? timing::msr_control : timing::msr_flags;
        } else {  // MRS
            d.fn = exec::mrs;
            d.rd = static_cast<std::uint8_t>(bits(i, 15, 12));
            if (op & 2u) d.flags |= f_signed;
            d.cycles = timing::mrs;
        }
        return d;
    case 0x1:
        if (op == 1) return branch_exchange(d, i, false);  // BX
        if (op == 3) {  // CLZ
            d.fn = exec::clz;
            d.rd = static_cast<std::uint8_t>(bits(i, 15, 12));
            d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
            d.reads = reg_bit(d.rm);
            d.cycles = timing::data_op;
            return d;
        }
        return undefined_insn(d);
    case 0x2:
        // BXJ: Jazelle is not modelled, BXJ behaves as BX (A4.1.11)
        if (op == 1) return branch_exchange(d, i, false);
        return undefined_insn(d);
    case 0x3:
        if (op == 1) return branch_exchange(d, i, true);  // BLX register
        return undefined_insn(d);
    case 0x5:  // QADD, QSUB, QDADD, QDSUB
        d.fn = exec::q_arith;
        d.op = static_cast<std::uint8_t>(op == 0 ? 0 : op == 1 ? 1 : op == 2 ? 2 : 3);
        d.rn = static_cast<std::uint8_t>(bits(i, 19, 16));
        d.rd = static_cast<std::uint8_t>(bits(i, 15, 12));
        d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
        d.reads = reg_bit(d.rn) | reg_bit(d.rm);
        d.cycles = timing::q_arith;
        return d;
    case 0x7:
        if (op == 1) {  // BKPT
            d.fn = exec::bkpt;
            d.imm = (bits(i, 19, 8) << 4) | bits(i, 3, 0);
            d.cycles = 0;
            return d;
        }
        return undefined_insn(d);
    default:
        return undefined_insn(d);
    }
}

decoded load_store(decoded d, std::uint32_t i) {
    d.rn = static_cast<std::uint8_t>(bits(i, 19, 16));
    d.rd = static_cast<std::uint8_t>(bits(i, 15, 12));
    d.reads = reg_bit(d.rn);
    const bool p = bit(i, 24), w = bit(i, 21);
    if (p) d.flags |= f_pre;
    if (bit(i, 23)) d.flags |= f_up;
    if (!p || w) d.flags |= f_wb;
    if (!p && w) d.flags |= f_user;  // LDRT/STRT/LDRBT/STRBT
    d.op = bit(i, 22) ? 1 : 0;
    bool scaled = false;
    if (bit(i, 25)) {
        d.shifter = sh_reg_imm;
        d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
        d.shift = static_cast<std::uint8_t>(bits(i, 6, 5));
        d.rs = static_cast<std::uint8_t>(bits(i, 11, 7));
        d.reads |= reg_bit(d.rm);
        scaled = d.rs != 0 || d.shift != lsl;
        if (scaled) d.flags |= f_scaled;
    } else {
        d.shifter = sh_imm;
        d.imm = bits(i, 11, 0);
    }
    // LDRT/STRT and loads to the PC (interworking) take the general handler.
    d.fn = exec::load_store(bit(i, 20), d.op == 1, d.shifter == sh_reg_imm, p, bit(i, 23), !p || w,
                            (!p && w) || (bit(i, 20) && d.rd == 15));
    if (bit(i, 20)) {
        d.flags |= f_load;
        if (d.rd == 15)
            d.cycles = scaled ? timing::ldr_pc_scaled : timing::ldr_pc;
        else
            d.cycles = scaled ? timing::ldr_scaled : timing::ldr;
    } else {
        d.cport = reg_bit(d.rd);
        d.cycles = scaled ? timing::str_scaled : timing::str;
    }
    return d;
}

unsigned lowest(std::uint32_t list) { return static_cast<unsigned>(__builtin_ctz(list)); }

}  // namespace

// The base count and register masks of LDM/STM (shared with Thumb PUSH/POP/LDMIA/STMIA).
void finish_block_transfer(decoded& d) {
    const std::uint32_t list = d.imm & 0xFFFFu;
    const unsigned n = static_cast<unsigned>(__builtin_popcount(list));
    d.reads = reg_bit(d.rn);
    if (d.flags & f_load) {
        d.fn = exec::load_multiple;
        if (list & 0x8000u)
            d.cycles = static_cast<std::uint8_t>(n + timing::ldm_pc_extra);
        else
            d.cycles = n <= 1 ? timing::ldm_one : static_cast<std::uint8_t>(n);
    } else {
        d.fn = exec::store_multiple;
        d.cycles = static_cast<std::uint8_t>(n < timing::stm_min ? timing::stm_min : n);
        // DDI0165B p. 8-22: the first stored register is read in the second cycle.
        if (list) {
            d.rs = static_cast<std::uint8_t>(lowest(list));
            d.flags |= f_second;
        }
    }
}

namespace {
decoded decode_arm_encoding(std::uint32_t i) {
    decoded d;
    d.raw = i;
    d.size = 4;
    d.flags = f_valid;
    d.cond = static_cast<std::uint8_t>(i >> 28);
    if (d.cond == 15) {
        // A3.13.1: the unconditional space of ARMv5TE.
        if ((i & 0x0D70F000u) == 0x0550F000u) {  // PLD
            d.fn = exec::nop;
            d.cycles = timing::pld;
            d.cond = 14;
            return d;
        }
        if (bits(i, 27, 25) == 5) {  // BLX <immediate>
            d.fn = exec::branch;
            d.flags |= f_link;
            d.op = 1;
            d.imm = static_cast<std::uint32_t>(static_cast<std::int32_t>(i << 8) >> 6) | (bit(i, 24) ? 2u : 0u);
            d.cycles = timing::branch;
            d.cond = 14;
            return d;
        }
        d.cond = 14;
        return undefined_insn(d);  // coprocessor *2 forms: no coprocessor answers them
    }
    switch (bits(i, 27, 25)) {
    case 0:
        if (bit(i, 4) && bit(i, 7)) {
            if (bits(i, 6, 5) == 0) {
                if (bits(i, 24, 23) == 0 && !bit(i, 22)) return multiply(d, i);
                if (bits(i, 24, 23) == 1) return multiply(d, i);
                if (bit(i, 24) && bits(i, 21, 20) == 0 && bits(i, 11, 8) == 0) {  // SWP, SWPB
                    d.fn = exec::swap;
                    d.op = bit(i, 22) ? 1 : 0;
                    d.rn = static_cast<std::uint8_t>(bits(i, 19, 16));
                    d.rd = static_cast<std::uint8_t>(bits(i, 15, 12));
                    d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));
                    d.reads = reg_bit(d.rn);
                    d.cport = reg_bit(d.rm);
                    d.cycles = timing::swp;
                    return d;
                }
                return undefined_insn(d);
            }
            return extra_load_store(d, i);
        }
        if (bits(i, 24, 23) == 2 && !bit(i, 20)) return miscellaneous(d, i);
        return data_processing(d, i);
    case 1:
        if (bits(i, 24, 23) == 2 && !bit(i, 20)) {
            if (!bit(i, 21)) return undefined_insn(d);
            d.fn = exec::msr;  // MSR immediate
            d.shifter = sh_imm;
            d.imm = ror32(bits(i, 7, 0), 2 * bits(i, 11, 8));
            d.op = static_cast<std::uint8_t>(bits(i, 19, 16));
            if (bit(i, 22)) d.flags |= f_signed;
            d.cycles = (d.op & 1u) && !bit(i, 22) ? timing::msr_control : timing::msr_flags;
            return d;
        }
        return data_processing(d, i);
    case 2:
        return load_store(d, i);
    case 3:
        if (bit(i, 4)) return undefined_insn(d);  // A3.13.2: architecturally undefined
        return load_store(d, i);
    case 4:
        d.rn = static_cast<std::uint8_t>(bits(i, 19, 16));
        d.imm = bits(i, 15, 0);
        if (bit(i, 24)) d.flags |= f_pre;
        if (bit(i, 23)) d.flags |= f_up;
        if (bit(i, 22)) d.flags |= f_user;
        if (bit(i, 21)) d.flags |= f_wb;
        if (bit(i, 20)) d.flags |= f_load;
        finish_block_transfer(d);
        return d;
    case 5:
        d.fn = bit(i, 24) ? exec::branch : exec::branch_plain;
        if (bit(i, 24)) d.flags |= f_link;
        d.imm = static_cast<std::uint32_t>(static_cast<std::int32_t>(i << 8) >> 6);
        d.cycles = timing::branch;
        return d;
    case 6:
        return undefined_insn(d);  // LDC/STC/MCRR/MRRC: CP15 has none (ARM926EJ-S TRM 2.3), others are absent
    default:
        if (bit(i, 24)) {
            d.fn = exec::swi;
            d.imm = bits(i, 23, 0);
            d.cycles = 0;  // SWI costs its exception entry
            return d;
        }
        if (bit(i, 4) && bits(i, 11, 8) == 15) {  // MCR/MRC p15
            d.fn = exec::coprocessor_transfer;
            if (bit(i, 20)) d.flags |= f_load;
            d.rd = static_cast<std::uint8_t>(bits(i, 15, 12));
            d.rn = static_cast<std::uint8_t>(bits(i, 19, 16));  // CRn
            d.rm = static_cast<std::uint8_t>(bits(i, 3, 0));    // CRm
            d.op = static_cast<std::uint8_t>(bits(i, 23, 21));  // opcode_1
            d.rs = static_cast<std::uint8_t>(bits(i, 7, 5));    // opcode_2
            if (!bit(i, 20)) d.reads = reg_bit(d.rd);
            d.cycles = 0;  // the CP15 model charges MCR/MRC
            return d;
        }
        return undefined_insn(d);  // CDP, and MCR/MRC to absent coprocessors
    }
}
}  // namespace

decoded decode_arm(std::uint32_t i) {
    decoded d = decode_arm_encoding(i);
    // Only a multiply-accumulate treats its C-port reads apart (an accumulator the multiplier
    // produced is forwarded); every other instruction waits for them as for its other reads.
    if (!(d.flags & f_acc)) {
        d.reads = static_cast<std::uint16_t>(d.reads | d.cport);
        d.cport = 0;
    }
    finish_decoding(d);
    return d;
}

void finish_decoding(decoded& d) {
    if (d.cport != 0 || (d.flags & f_second)) d.flags |= f_extra_waits;
    if (d.fn == exec::branch_plain) d.cond |= cond_loop_branch;
}

}  // namespace rtv::cpu::iss
