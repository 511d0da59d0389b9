// SPDX-License-Identifier: Apache-2.0
// One pre-decoded instruction: the handler that executes it and the fields it needs, taken
// out of the encoding once (ARM DDI 0100I chapters A3-A5 for ARM, A6-A7 for Thumb). A Thumb
// instruction decodes to the same handlers as its ARM equivalent (A6.1 lists one for each)
// wherever the semantics agree, so the two instruction sets share one executor.
#pragma once

#include <cstdint>

namespace rtv::cpu::iss {

class engine;
struct decoded;
using exec_fn = void (*)(engine&, const decoded&);

// Shifter operand kinds (A5.1).
enum shifter : std::uint8_t { sh_imm, sh_reg_imm, sh_reg_reg };
// Shift types (A5.1.5-A5.1.13): LSL, LSR, ASR, ROR (ROR #0 = RRX).
enum shift_type : std::uint8_t { lsl, lsr, asr, ror };

// flags bits
inline constexpr std::uint16_t f_s = 1u << 0;         // S: update flags / CPSR from SPSR
inline constexpr std::uint16_t f_up = 1u << 1;        // U: add the offset
inline constexpr std::uint16_t f_pre = 1u << 2;       // P: pre-indexed
inline constexpr std::uint16_t f_wb = 1u << 3;        // W / post-index: write the base back
inline constexpr std::uint16_t f_load = 1u << 4;      // L
inline constexpr std::uint16_t f_user = 1u << 5;      // LDRT/STRT, LDM/STM ^
inline constexpr std::uint16_t f_thumb = 1u << 6;     // decoded in Thumb state
inline constexpr std::uint16_t f_pc_align = 1u << 7;  // Thumb: PC reads as (PC & ~3)
inline constexpr std::uint16_t f_signed = 1u << 8;    // sign-extending load; signed multiply
inline constexpr std::uint16_t f_acc = 1u << 9;       // multiply-accumulate
inline constexpr std::uint16_t f_link = 1u << 10;     // BL / BLX
inline constexpr std::uint16_t f_scaled = 1u << 11;   // load/store with a shifted register offset
inline constexpr std::uint16_t f_second = 1u << 12;   // STM: register rs is first read in the second cycle
// The decoded-instruction cache's own mark (engine.hpp, decoded_page): the next instruction in
// this state (pc + size) lies in the same I-cache line and its entry is decoded.
inline constexpr std::uint16_t f_straight = 1u << 13;
// The load-use interlock must look beyond `reads`: C-port reads kept apart (a multiply-
// accumulate) or f_second. Set by the decoders (finish_decoding()) from those fields.
inline constexpr std::uint16_t f_extra_waits = 1u << 14;
inline constexpr std::uint16_t f_valid = 1u << 15;    // the entry holds a decoded instruction

// In decoded::cond, above the condition (bits 3-0): the handler is exec::branch_plain.
inline constexpr std::uint8_t cond_loop_branch = 1u << 4;

struct decoded {
    exec_fn fn = nullptr;
    std::uint32_t raw = 0;      // the encoding (a Thumb instruction in the low half)
    std::uint32_t imm = 0;      // immediate, offset, branch displacement or register list
    std::uint16_t flags = 0;
    std::uint16_t reads = 0;    // registers read in Execute (load-use interlocks)
    // Registers read through the C port (STR/STM data, MLA accumulator). decode_arm() leaves
    // them here only for a multiply-accumulate, whose accumulator may be forwarded; for every
    // other instruction they wait like the other reads and are merged into `reads`.
    std::uint16_t cport = 0;
    // Condition field (14 = always), plus cond_loop_branch for a B without link, which
    // engine::execute() can take without the handler: the common case then tests one byte.
    std::uint8_t cond = 14;
    std::uint8_t op = 0;        // data-processing opcode or sub-operation
    std::uint8_t rd = 0, rn = 0, rm = 0, rs = 0;
    std::uint8_t shift = lsl;   // shift_type
    std::uint8_t shifter = sh_imm;
    std::uint8_t cycles = 1;    // base cycles from the timing table (condition passed)
    std::uint8_t size = 4;      // instruction size in bytes: 4 (ARM) or 2 (Thumb)
};

}  // namespace rtv::cpu::iss
