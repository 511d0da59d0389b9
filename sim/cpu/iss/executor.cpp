// SPDX-License-Identifier: Apache-2.0
#include "sim/cpu/iss/executor.hpp"

#include <utility>

#include "sim/cpu/iss/alu.hpp"
#include "sim/cpu/iss/engine.hpp"
#include "sim/cpu/iss/timing.hpp"

namespace rtv::cpu::iss::exec {

namespace {

bool carry(const engine& e) { return (*e.cpsr & flag_c) != 0; }

void set_nzc(engine& e, std::uint32_t result, bool c) {
    *e.cpsr = (*e.cpsr & ~(flag_n | flag_z | flag_c)) | nz_of(result) | (c ? flag_c : 0u);
}
void set_nz(engine& e, std::uint32_t result) { *e.cpsr = (*e.cpsr & ~(flag_n | flag_z)) | nz_of(result); }

// The register Rn as an address base: the Thumb PC-relative forms see the PC word-aligned.
std::uint32_t base_of(const engine& e, const decoded& d) {
    const std::uint32_t b = e.r[d.rn];
    return (d.rn == 15 && (d.flags & f_pc_align)) ? b & ~3u : b;
}

// --- data processing (A4.1: AND ... MVN; A5.1 shifter operands) ------------------------------

// SHIFT: the shift type of an immediate shift, a constant so that each handler holds one case.
template <unsigned SH, unsigned SHIFT>
inline shifted operand2(const engine& e, const decoded& d) {
    if constexpr (SH == sh_imm) {
        // A5.1.3: the carry is bit 31 of the value when the rotation is not zero.
        return {d.imm, d.rs ? (d.imm >> 31) != 0 : carry(e)};
    } else if constexpr (SH == sh_reg_imm) {
        return shift_by_immediate(e.r[d.rm], SHIFT, d.rs, carry(e));
    } else {
        // A register-controlled shift reads the PC as the instruction's address + 12 (A5.1.1 note).
        const std::uint32_t v = d.rm == 15 ? e.r[15] + 4 : e.r[d.rm];
        return shift_by_register(v, d.shift, e.r[d.rs], carry(e));
    }
}

constexpr bool writes_rd(unsigned op) { return op < 8 || op > 11; }  // not TST, TEQ, CMP, CMN

// A data-processing result written to the PC: out of line, so that the handlers need no stack
// frame for this rare case. A4.1.x: with S, CPSR = SPSR (exception return); the PC is written
// either way.
template <bool S>
[[gnu::noinline, gnu::cold]] void data_op_writes_pc(engine& e, std::uint32_t result) {
    if (S) e.restore_cpsr_from_spsr();
    e.branch_to(result);
}

// One handler per opcode, shifter kind, immediate shift type, S bit and destination (the PC or
// not; the decoder picks it), so that a handler computes no shifter carry that it does not use
// and tests no field it was made for.
// PRED: a conditional form without S to a register (the decoder moves the condition to d.op and
// leaves the entry unconditional): the result is kept only if the condition passes, with no
// branch on it (its cycles are the same either way).
template <unsigned OP, unsigned SH, unsigned SHIFT, bool S, bool TO_PC, bool PRED = false>
void data_op(engine& e, const decoded& d) {
    const shifted s = operand2<SH, SHIFT>(e, d);
    std::uint32_t a = e.r[d.rn];
    if constexpr (SH == sh_reg_reg) {
        if (d.rn == 15) a += 4;
    }
    // (f_pc_align is only ever set on Thumb's PC-relative LDR, never on a data-processing form.)
    const std::uint32_t b = s.value;
    std::uint32_t result = 0;
    std::uint32_t nzcv = 0;  // the arithmetic operations' four flags
    constexpr bool logical = OP == 0 || OP == 1 || OP == 8 || OP == 9 || OP == 12 || OP == 13 || OP == 14 || OP == 15;
    constexpr bool writes = writes_rd(OP);
    switch (OP) {
    case 0: result = a & b; break;   // AND
    case 1: result = a ^ b; break;   // EOR
    case 2: { const flagged r = subtract(a, b); result = r.value; nzcv = r.nzcv; break; }  // SUB
    case 3: { const flagged r = subtract(b, a); result = r.value; nzcv = r.nzcv; break; }  // RSB
    case 4: { const flagged r = add(a, b); result = r.value; nzcv = r.nzcv; break; }  // ADD
    case 5: { const sum r = add_with_carry(a, b, carry(e)); result = r.value; nzcv = nz_of(r.value) | r.cv; break; }  // ADC
    case 6: { const sum r = add_with_carry(a, ~b, carry(e)); result = r.value; nzcv = nz_of(r.value) | r.cv; break; }  // SBC
    case 7: { const sum r = add_with_carry(b, ~a, carry(e)); result = r.value; nzcv = nz_of(r.value) | r.cv; break; }  // RSC
    case 8: result = a & b; break;   // TST
    case 9: result = a ^ b; break;   // TEQ
    case 10: { const flagged r = subtract(a, b); result = r.value; nzcv = r.nzcv; break; }  // CMP
    case 11: { const flagged r = add(a, b); result = r.value; nzcv = r.nzcv; break; }  // CMN
    case 12: result = a | b; break;  // ORR
    case 13: result = b; break;      // MOV
    case 14: result = a & ~b; break; // BIC
    case 15: result = ~b; break;     // MVN
    }
    if constexpr (writes && TO_PC) {
        data_op_writes_pc<S>(e, result);
        return;
    }
    if constexpr (PRED) {
        static_assert(writes && !S && !TO_PC, "only conditional register writes are predicated");
        const std::uint32_t old = e.r[d.rd];
        e.r[d.rd] = condition_passed(*e.cpsr, d.op) ? result : old;
        return;
    }
    if (writes) e.r[d.rd] = result;
    if (S) {
        if (logical)
            set_nzc(e, result, s.carry);  // V unchanged
        else
            *e.cpsr = (*e.cpsr & ~flags_nzcv) | nzcv;
    }
}

// A handler's operand form: 0 immediate, 1-4 register shifted by an immediate (LSL, LSR, ASR,
// ROR), 5 register shifted by a register. The tables below are indexed by form, and each
// entry's template arguments come back from it.
constexpr unsigned data_op_forms = 6;
constexpr unsigned form_of(unsigned shifter_kind, unsigned shift) {
    return shifter_kind == sh_imm ? 0 : shifter_kind == sh_reg_reg ? 5 : 1 + shift;
}
constexpr unsigned shifter_of(unsigned form) { return form == 0 ? sh_imm : form == 5 ? sh_reg_reg : sh_reg_imm; }
constexpr unsigned shift_of(unsigned form) { return form >= 1 && form <= 4 ? form - 1 : 0; }

// The handlers by (opcode, S, form, to the PC).
template <unsigned I>
constexpr exec_fn data_op_at() {
    constexpr unsigned to_pc = I % 2, j = I / 2;
    constexpr unsigned op = j / (2 * data_op_forms), s = (j / data_op_forms) % 2, form = j % data_op_forms;
    return &data_op<op, shifter_of(form), shift_of(form), s != 0, to_pc != 0>;
}
template <std::size_t... I>
constexpr std::array<exec_fn, sizeof...(I)> make_data_ops(std::index_sequence<I...>) {
    return {{data_op_at<I>()...}};
}
constexpr std::array<exec_fn, 16 * 2 * data_op_forms * 2> data_ops =
    make_data_ops(std::make_index_sequence<16 * 2 * data_op_forms * 2>{});

// The predicated handlers by (opcode, form): none for the compares, nor for a register shifted
// by a register (it costs a cycle more than a failed condition, so it stays conditional).
template <unsigned I>
constexpr exec_fn predicated_data_op_at() {
    constexpr unsigned op = I / data_op_forms, form = I % data_op_forms;
    if constexpr (writes_rd(op) && shifter_of(form) != sh_reg_reg)
        return &data_op<op, shifter_of(form), shift_of(form), false, false, true>;
    else
        return nullptr;
}
template <std::size_t... I>
constexpr std::array<exec_fn, sizeof...(I)> make_predicated_data_ops(std::index_sequence<I...>) {
    return {{predicated_data_op_at<I>()...}};
}
constexpr std::array<exec_fn, 16 * data_op_forms> predicated_data_ops =
    make_predicated_data_ops(std::make_index_sequence<16 * data_op_forms>{});

std::int32_t half(std::uint32_t v, bool top) {
    return top ? static_cast<std::int16_t>(v >> 16) : static_cast<std::int16_t>(v & 0xFFFFu);
}

void set_q(engine& e) { *e.cpsr |= flag_q; }

// Q-flag addition (A4.1.46 SMLA<x><y>: "if OverflowFrom(...) then Q Flag = 1").
std::uint32_t add_q(engine& e, std::int32_t a, std::int32_t b) {
    const std::int64_t wide = std::int64_t{a} + b;
    if (wide != static_cast<std::int32_t>(wide)) set_q(e);
    return static_cast<std::uint32_t>(static_cast<std::int32_t>(wide));
}

}  // namespace

exec_fn data_processing(unsigned opcode, unsigned shifter_kind, unsigned shift, bool s, bool to_pc) {
    return data_ops[((opcode * 2 + (s ? 1 : 0)) * data_op_forms + form_of(shifter_kind, shift)) * 2 + (to_pc ? 1 : 0)];
}

exec_fn predicated_data_processing(unsigned opcode, unsigned shifter_kind, unsigned shift) {
    return predicated_data_ops[opcode * data_op_forms + form_of(shifter_kind, shift)];
}

// --- multiplies ------------------------------------------------------------------------------

void mul(engine& e, const decoded& d) {
    std::uint32_t result = e.r[d.rm] * e.r[d.rs];
    if (d.flags & f_acc) result += e.r[d.rn];
    e.r[d.rd] = result;
    if (d.flags & f_s) set_nz(e, result);  // C and V unaffected in ARMv5 (A4.1.40)
    e.produced(d.rd, *e.cycle + ((d.flags & f_s) ? timing::mul_s_result_latency : timing::mul_result_latency), true);
}

void mul_long(engine& e, const decoded& d) {
    // rd = RdHi, rn = RdLo
    std::uint64_t result;
    if (d.flags & f_signed)
        result = static_cast<std::uint64_t>(std::int64_t{static_cast<std::int32_t>(e.r[d.rm])} *
                                            std::int64_t{static_cast<std::int32_t>(e.r[d.rs])});
    else
        result = std::uint64_t{e.r[d.rm]} * e.r[d.rs];
    if (d.flags & f_acc) result += (std::uint64_t{e.r[d.rd]} << 32) | e.r[d.rn];
    e.r[d.rn] = static_cast<std::uint32_t>(result);
    e.r[d.rd] = static_cast<std::uint32_t>(result >> 32);
    if (d.flags & f_s)
        *e.cpsr = (*e.cpsr & ~(flag_n | flag_z)) | ((result >> 63) ? flag_n : 0u) | (result == 0 ? flag_z : 0u);
    const std::uint64_t ready = *e.cycle + ((d.flags & f_s) ? timing::mul_s_result_latency : timing::mul_result_latency);
    e.produced(d.rn, ready, true);
    e.produced(d.rd, ready, true);
}

// op bit 0: x (top half of Rm), bit 1: y (top half of Rs), bit 2: multiply only.
void smla_xy(engine& e, const decoded& d) {
    const std::int32_t p = half(e.r[d.rm], d.op & 1) * half(e.r[d.rs], d.op & 2);
    e.r[d.rd] = (d.op & 4) ? static_cast<std::uint32_t>(p) : add_q(e, p, static_cast<std::int32_t>(e.r[d.rn]));
    e.produced(d.rd, *e.cycle + timing::mul_result_latency, true);
}

// op bit 1: y, bit 2: multiply only (SMULWy).
void smlaw_y(engine& e, const decoded& d) {
    const std::int64_t p = std::int64_t{static_cast<std::int32_t>(e.r[d.rm])} * half(e.r[d.rs], d.op & 2);
    const auto top = static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(p) >> 16));
    e.r[d.rd] = (d.op & 4) ? static_cast<std::uint32_t>(top) : add_q(e, top, static_cast<std::int32_t>(e.r[d.rn]));
    e.produced(d.rd, *e.cycle + timing::mul_result_latency, true);
}

void smlal_xy(engine& e, const decoded& d) {
    // rd = RdHi, rn = RdLo
    const std::int64_t p = half(e.r[d.rm], d.op & 1) * half(e.r[d.rs], d.op & 2);
    const std::uint64_t acc = ((std::uint64_t{e.r[d.rd]} << 32) | e.r[d.rn]) + static_cast<std::uint64_t>(p);
    e.r[d.rn] = static_cast<std::uint32_t>(acc);
    e.r[d.rd] = static_cast<std::uint32_t>(acc >> 32);
    e.produced(d.rn, *e.cycle + timing::mul_result_latency, true);
    e.produced(d.rd, *e.cycle + timing::mul_result_latency, true);
}

void q_arith(engine& e, const decoded& d) {
    bool sat = false;
    std::int64_t n = static_cast<std::int32_t>(e.r[d.rn]);
    if (d.op & 2) n = saturate32(2 * n, sat);  // QDADD, QDSUB
    const std::int64_t m = static_cast<std::int32_t>(e.r[d.rm]);
    const std::int32_t r = saturate32((d.op & 1) ? m - n : m + n, sat);
    e.r[d.rd] = static_cast<std::uint32_t>(r);
    if (sat) set_q(e);
}

void clz(engine& e, const decoded& d) {
    const std::uint32_t v = e.r[d.rm];
    e.r[d.rd] = v ? static_cast<std::uint32_t>(__builtin_clz(v)) : 32u;
}

// --- status registers (A4.1.38 MRS, A4.1.39 MSR) --------------------------------------------

void mrs(engine& e, const decoded& d) {
    arm_state& s = e.state();
    // SPSR in USR/SYS is UNPREDICTABLE: the model reads the CPSR.
    e.r[d.rd] = (d.flags & f_signed) && s.has_spsr() ? s.spsr() : *e.cpsr;
}

void msr(engine& e, const decoded& d) {
    constexpr std::uint32_t user_mask = 0xF800'0000u, priv_mask = 0x0000'00DFu, state_mask = 0x0000'0020u;
    const std::uint32_t operand = d.shifter == sh_imm ? d.imm : e.r[d.rm];
    std::uint32_t mask = 0;
    for (unsigned f = 0; f < 4; ++f)
        if (d.op & (1u << f)) mask |= 0xFFu << (8 * f);
    arm_state& s = e.state();
    if (d.flags & f_signed) {  // SPSR
        if (!s.has_spsr()) return;  // UNPREDICTABLE: ignored
        mask &= user_mask | priv_mask | state_mask;
        s.set_spsr((s.spsr() & ~mask) | (operand & mask));
        return;
    }
    mask &= e.privileged() ? (user_mask | priv_mask) : user_mask;
    e.write_cpsr((*e.cpsr & ~mask) | (operand & mask));
}

// --- branches (A4.1.5 B/BL, A4.1.8-10 BLX/BX, A7.1.17-18 Thumb BL/BLX) ------------------------

void bx(engine& e, const decoded& d) {
    const std::uint32_t target = e.r[d.rm];
    if (d.flags & f_link) e.r[14] = e.link_address();
    e.branch_exchange(target);
}

void branch(engine& e, const decoded& d) {
    const std::uint32_t target = e.r[15] + d.imm;
    if (d.flags & f_link) e.r[14] = e.link_address();
    if (d.op == 1) {  // BLX <imm>: to Thumb
        e.branch_exchange(target | 1u);
        return;
    }
    e.branch_to(target);
}

// B without link in either state: the PC as read (a multiple of four in ARM state, of two in
// Thumb state) plus an even displacement (a multiple of four in ARM state) is aligned already.
void branch_plain(engine& e, const decoded& d) { e.jump_to(e.r[15] + d.imm); }

void thumb_bl_prefix(engine& e, const decoded& d) { e.r[14] = e.r[15] + d.imm; }

void thumb_bl_suffix(engine& e, const decoded& d) {
    const std::uint32_t target = e.r[14] + d.imm;
    e.r[14] = e.link_address();
    if (d.op == 1)
        e.branch_exchange(target & ~3u);  // BLX: to ARM
    else
        e.branch_to(target);
}

void thumb_adr(engine& e, const decoded& d) { e.r[d.rd] = (e.r[15] & ~3u) + d.imm; }

// --- loads and stores (A5.2, A5.3) -----------------------------------------------------------

namespace {
// FastOnly: make the access only in the common case (engine::try_load_hit, store_slot and store_to; an
// LSL register offset), and return false, with nothing changed, otherwise (the handler then runs
// this again out of line with the general path).
template <bool Load, bool Byte, bool RegisterOffset, bool Pre, bool Up, bool Writeback, bool FastOnly>
[[gnu::always_inline]] inline bool load_store_body(engine& e, const decoded& d) {
    // Thumb's PC-relative LDR (the only user of f_pc_align) decodes to LDR, immediate offset,
    // pre-indexed, up, no writeback: the other forms read Rn as it is.
    constexpr bool may_align_pc = Load && !Byte && !RegisterOffset && Pre && Up && !Writeback;
    const std::uint32_t base = may_align_pc ? base_of(e, d) : e.r[d.rn];
    std::uint32_t offset;
    if constexpr (RegisterOffset) {
        // LSL (index scaling) in the fast path; the other shifts, rare in addresses, out of line
        // (a call here would cost every access of the handler a stack frame).
        if constexpr (FastOnly) {
            if (d.shift != 0) return false;
            offset = e.r[d.rm] << d.rs;
        } else {
            offset = shift_by_immediate(e.r[d.rm], d.shift, d.rs, carry(e)).value;
        }
    } else {
        offset = d.imm;
    }
    const std::uint32_t indexed = Up ? base + offset : base - offset;
    const std::uint32_t address = Pre ? indexed : base;
    // LDRT/STRT exist only post-indexed (P = 0, W = 1). They and loads to the PC have the
    // general handler (load_store()), never the fast path.
    const bool user = !FastOnly && !Pre && Writeback && (d.flags & f_user) != 0;
    constexpr unsigned size = Byte ? 1 : 4;
    if constexpr (Load) {
        std::uint32_t v = 0;
        if constexpr (FastOnly) {
            if (!e.try_load_hit(address, size, v, user)) return false;
        } else {
            if (!e.load(address, size, v, user)) return true;
        }
        bool rotated = Byte;
        if (!Byte && (address & 3u)) {  // ARMv5: an unaligned word is rotated (A4.1.23)
            v = ror32(v, 8 * (address & 3u));
            rotated = true;
        }
        if (Writeback) e.r[d.rn] = indexed;
        if (!FastOnly && d.rd == 15) {
            e.load_pc(v);
        } else {
            e.r[d.rd] = v;
            e.produced(d.rd, *e.cycle + (rotated ? timing::load_rotated_latency : timing::load_word_latency));
        }
    } else {
        // A stored PC is the instruction's address + 8 (IMPLEMENTATION DEFINED +8 or +12, A2.4.3).
        const std::uint32_t v = e.r[d.rd];
        if constexpr (FastOnly) {
            // The base first (nothing can fail once the slot is found), so that the store is the
            // handler's last act and its out-of-line part a tail call.
            const auto* slot = e.store_slot(address, size, user);
            if (!slot) return false;
            if (Writeback) e.r[d.rn] = indexed;
            e.store_to(slot, address, size, v);
        } else {
            if (!e.store(address, size, v, user)) return true;
            if (Writeback) e.r[d.rn] = indexed;
        }
    }
    return true;
}

template <bool Load, bool Byte, bool RegisterOffset, bool Pre, bool Up, bool Writeback>
[[gnu::noinline, gnu::cold]] void load_store_slow(engine& e, const decoded& d) {
    load_store_body<Load, Byte, RegisterOffset, Pre, Up, Writeback, false>(e, d);
}

// LDR/STR/LDRB/STRB[T] (A5.2), one handler per direction, size, offset kind and addressing mode
// (P, U, W), so that the access size is a constant of the memory fast path and the address
// arithmetic has no tests.
template <bool Load, bool Byte, bool RegisterOffset, bool Pre, bool Up, bool Writeback>
void load_store_op(engine& e, const decoded& d) {
    if (!load_store_body<Load, Byte, RegisterOffset, Pre, Up, Writeback, true>(e, d))
        load_store_slow<Load, Byte, RegisterOffset, Pre, Up, Writeback>(e, d);
}

// Handler index: general, load, byte, register offset, P, U, W as the bits 6-0.
template <std::size_t... I>
constexpr std::array<exec_fn, sizeof...(I)> make_load_stores(std::index_sequence<I...>) {
    return {{((I & 64) != 0
                  ? &load_store_slow<(I & 32) != 0, (I & 16) != 0, (I & 8) != 0, (I & 4) != 0, (I & 2) != 0, (I & 1) != 0>
                  : &load_store_op<(I & 32) != 0, (I & 16) != 0, (I & 8) != 0, (I & 4) != 0, (I & 2) != 0, (I & 1) != 0>)...}};
}
constexpr std::array<exec_fn, 128> load_stores = make_load_stores(std::make_index_sequence<128>{});
}  // namespace

exec_fn load_store(bool load, bool byte, bool register_offset, bool pre, bool up, bool writeback, bool general) {
    return load_stores[(general ? 64 : 0) | (load ? 32 : 0) | (byte ? 16 : 0) | (register_offset ? 8 : 0) |
                       (pre ? 4 : 0) | (up ? 2 : 0) | (writeback ? 1 : 0)];
}

void load_store_extra(engine& e, const decoded& d) {
    const std::uint32_t base = base_of(e, d);
    const std::uint32_t offset = d.shifter == sh_imm ? d.imm : e.r[d.rm];
    const std::uint32_t indexed = (d.flags & f_up) ? base + offset : base - offset;
    const std::uint32_t address = (d.flags & f_pre) ? indexed : base;
    if (d.flags & f_load) {
        std::uint32_t v = 0;
        const unsigned size = d.op == 2 ? 1 : 2;
        if (!e.load(address, size, v)) return;
        if (d.op == 2) v = static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(v)));
        if (d.op == 3) v = static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int16_t>(v)));
        if (d.flags & f_wb) e.r[d.rn] = indexed;
        if (d.rd == 15) {
            e.load_pc(v);  // UNPREDICTABLE; treated as a load to the PC
        } else {
            e.r[d.rd] = v;
            e.produced(d.rd, *e.cycle + timing::load_rotated_latency);
        }
    } else {
        if (!e.store(address, 2, e.r[d.rd])) return;
        if (d.flags & f_wb) e.r[d.rn] = indexed;
    }
}

void load_store_double(engine& e, const decoded& d) {
    const std::uint32_t base = e.r[d.rn];
    const std::uint32_t offset = d.shifter == sh_imm ? d.imm : e.r[d.rm];
    const std::uint32_t indexed = (d.flags & f_up) ? base + offset : base - offset;
    const std::uint32_t address = (d.flags & f_pre) ? indexed : base;
    const unsigned rt2 = (d.rd + 1u) & 15u;
    if (!e.probe(address, 8, !(d.flags & f_load))) return;  // alignment (A4.1.24) and translation
    if (d.flags & f_load) {
        std::uint32_t lo = 0, hi = 0;
        if (!e.load(address, 4, lo) || !e.load(address + 4, 4, hi)) return;
        if (d.flags & f_wb) e.r[d.rn] = indexed;
        e.r[d.rd] = lo;
        e.r[rt2] = hi;
        e.produced(d.rd, *e.cycle);
        e.produced(rt2, *e.cycle + timing::load_word_latency);  // T8.2 LDRD: 3 if the last word is used next
    } else {
        if (!e.store(address, 4, e.r[d.rd]) || !e.store(address + 4, 4, e.r[rt2])) return;
        if (d.flags & f_wb) e.r[d.rn] = indexed;
    }
}

namespace {
struct block {
    std::uint32_t start, new_base;
    unsigned count;
};
block block_of(const engine& e, const decoded& d) {
    const unsigned n = static_cast<unsigned>(__builtin_popcount(d.imm & 0xFFFFu));
    const std::uint32_t base = e.r[d.rn];
    block b;
    b.count = n;
    if (d.flags & f_up) {
        b.start = (d.flags & f_pre) ? base + 4 : base;
        b.new_base = base + 4 * n;
    } else {
        b.start = (d.flags & f_pre) ? base - 4 * n : base - 4 * n + 4;
        b.new_base = base - 4 * n;
    }
    return b;
}
}  // namespace

void load_multiple(engine& e, const decoded& d) {
    const block b = block_of(e, d);
    const std::uint32_t list = d.imm & 0xFFFFu;
    if (list == 0) return;  // UNPREDICTABLE: nothing transferred
    std::uint32_t values[16];
    std::uint32_t a = b.start;
    for (unsigned i = 0; i < 16; ++i) {
        if (!(list & (1u << i))) continue;
        if (!e.load(a, 4, values[i])) return;  // the base is restored: no register has changed
        a += 4;
    }
    const bool pc = (list & 0x8000u) != 0;
    const bool user_bank = (d.flags & f_user) && !pc;
    if ((d.flags & f_wb) && !(list & (1u << d.rn))) e.r[d.rn] = b.new_base;
    arm_state& s = e.state();
    unsigned last = 0;
    for (unsigned i = 0; i < 15; ++i) {
        if (!(list & (1u << i))) continue;
        if (user_bank)
            s.set_user_reg(i, values[i]);
        else
            e.r[i] = values[i];
        e.produced(i, *e.cycle);
        last = i;
    }
    if (pc) {
        if (d.flags & f_user) {  // LDM ^ with the PC: exception return (A4.1.22)
            e.restore_cpsr_from_spsr();
            e.branch_to(values[15]);
        } else {
            e.load_pc(values[15]);
        }
    } else {
        e.produced(last, *e.cycle + timing::load_word_latency);
    }
}

void store_multiple(engine& e, const decoded& d) {
    const block b = block_of(e, d);
    const std::uint32_t list = d.imm & 0xFFFFu;
    if (list == 0) return;
    const arm_state& s = e.state();
    std::uint32_t a = b.start;
    for (unsigned i = 0; i < 16; ++i) {
        if (!(list & (1u << i))) continue;
        std::uint32_t v = (d.flags & f_user) ? s.user_reg(i) : e.r[i];
        if (!e.store(a, 4, v)) return;
        a += 4;
    }
    if (d.flags & f_wb) e.r[d.rn] = b.new_base;
}

void swap(engine& e, const decoded& d) {
    const std::uint32_t address = e.r[d.rn];
    const bool byte = d.op == 1;
    std::uint32_t old = 0;
    if (!e.swap(address, byte ? 1 : 4, e.r[d.rm], old)) return;
    if (!byte && (address & 3u)) old = ror32(old, 8 * (address & 3u));
    e.r[d.rd] = old;
    e.produced(d.rd, *e.cycle + (byte ? timing::load_rotated_latency : timing::load_word_latency));
}

// --- exceptions and the rest -------------------------------------------------------------------

void swi(engine& e, const decoded&) { e.raise(pending_exception::swi); }
void bkpt(engine& e, const decoded&) { e.raise(pending_exception::bkpt); }
void undefined(engine& e, const decoded&) { e.undefined(); }
void nop(engine&, const decoded&) {}

void coprocessor_transfer(engine& e, const decoded& d) {
    if (!e.cp15_transfer(d, !(d.flags & f_load))) e.undefined();
}

}  // namespace rtv::cpu::iss::exec
