// SPDX-License-Identifier: Apache-2.0
// The handlers that execute decoded instructions (ARM DDI 0100I chapter A4 pseudo-code for
// the ARM instructions; A7 for Thumb, whose instructions mostly reuse the ARM handlers).
// Each handler runs after the condition passed and the interlocks were paid; it updates the
// registers, memory and flags, sets engine::next_pc for a branch, adds any cycles beyond the
// decoded base count (memory system), and raises exceptions through engine::exc.
#pragma once

#include "sim/cpu/iss/decoded.hpp"

namespace rtv::cpu::iss::exec {

// Data processing: opcode 0-15, shifter kind (sh_imm, sh_reg_imm, sh_reg_reg), shift type of a
// register shifted by an immediate, S bit, and whether the result goes to the PC (rd = 15).
exec_fn data_processing(unsigned opcode, unsigned shifter_kind, unsigned shift, bool s, bool to_pc);
// The same without S, to a register, for a conditional instruction whose handler applies the
// condition itself (from d.op); nullptr where there is none (compares, register-shifted registers).
exec_fn predicated_data_processing(unsigned opcode, unsigned shifter_kind, unsigned shift);

void mul(engine&, const decoded&);           // MUL, MLA
void mul_long(engine&, const decoded&);      // UMULL, UMLAL, SMULL, SMLAL
void smla_xy(engine&, const decoded&);       // SMLAxy, SMULxy (op: 0 accumulate, 1 multiply only)
void smlaw_y(engine&, const decoded&);       // SMLAWy, SMULWy
void smlal_xy(engine&, const decoded&);      // SMLALxy
void q_arith(engine&, const decoded&);       // QADD, QSUB, QDADD, QDSUB (op 0-3)
void clz(engine&, const decoded&);
void mrs(engine&, const decoded&);
void msr(engine&, const decoded&);           // shifter sh_imm: immediate, else register Rm
void bx(engine&, const decoded&);            // BX, BXJ, BLX (register; f_link)
void branch(engine&, const decoded&);        // B, BL (f_link), BLX immediate (op 1)
void branch_plain(engine&, const decoded&);  // B (no link), ARM or Thumb
void thumb_bl_prefix(engine&, const decoded&);
void thumb_bl_suffix(engine&, const decoded&);  // op 1: BLX suffix (to ARM)
void thumb_adr(engine&, const decoded&);     // ADD Rd, PC, #imm (Thumb ADD(5))
// LDR/STR/LDRB/STRB[T]: direction, size, offset kind (immediate or register) and addressing mode
// (P, U and whether the base is written back). `general`: the handler for every case, which
// LDRT/STRT (told apart by f_user) and loads to the PC must have; the others have a fast path
// for the common case and fall back to it.
exec_fn load_store(bool load, bool byte, bool register_offset, bool pre, bool up, bool writeback, bool general);
void load_store_extra(engine&, const decoded&);  // LDRH/STRH/LDRSB/LDRSH (op: 1 H, 2 SB, 3 SH)
void load_store_double(engine&, const decoded&); // LDRD/STRD
void load_multiple(engine&, const decoded&);
void store_multiple(engine&, const decoded&);
void swap(engine&, const decoded&);          // SWP, SWPB (op 1)
void swi(engine&, const decoded&);
void bkpt(engine&, const decoded&);
void undefined(engine&, const decoded&);
void nop(engine&, const decoded&);           // PLD
void coprocessor_transfer(engine&, const decoded&);  // MCR/MRC (f_load = MRC)

}  // namespace rtv::cpu::iss::exec
