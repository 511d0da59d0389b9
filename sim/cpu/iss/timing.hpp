// SPDX-License-Identifier: Apache-2.0
// The ISS's cycle counts: one table, each row with its source. Counts are for cache hits and
// zero-wait memory; the memory system (cache line fills, write-backs, uncached accesses,
// table walks, the write buffer) adds what the cache and MMU models charge.
//
// Sources: ARM9EJ-S TRM, ARM DDI 0222B, table 8.2 "ARM instruction cycle counts" ("T8.2");
// ARM9E-S TRM, ARM DDI 0165B, chapter 8 and section 5.3 ("DDI0165B"); ARM7EJ-S TRM,
// ARM DDI 0214B, section 9.9.1, the same ARM9E-family multiplier ("DDI0214B").
// Rows marked UNSOURCED were not found in a retrievable public copy of these manuals (the
// stored copy of table 8.2 ends after the LDM rows, and the Thumb table 8.3 was not
// retrieved); docs/models/arm926_iss.md lists them.
#pragma once

#include <cstdint>

namespace rtv::cpu::iss::timing {

// --- data processing ----------------------------------------------------------------------
inline constexpr std::uint8_t data_op = 1;                // T8.2 "Data Op, normal case"; CLZ 1 (T8.2)
inline constexpr std::uint8_t data_op_register_shift = 2; // T8.2 "with register controlled shift"
inline constexpr std::uint8_t data_op_pc_arithmetic = 3;  // T8.2 "PC destination, ADD/SUB/RSB/ADC/SBC"
inline constexpr std::uint8_t data_op_pc_logical = 4;     // T8.2 "PC destination, RSC/ORR/EOR/MOV/BIC"; "with operand shift" 4
// A register-controlled shift that writes the PC: UNSOURCED; the shift cycle added to row 4.
inline constexpr std::uint8_t data_op_pc_register_shift = 5;
inline constexpr std::uint8_t condition_failed = 1;       // T8.2: an instruction whose condition fails takes 1 cycle

// --- branches -----------------------------------------------------------------------------
inline constexpr std::uint8_t branch = 3;                 // B, BL, BX, BLX: 3 (DDI0165B 8.5)
// Thumb BL/BLX is two instructions: the prefix is a data operation writing LR (1, as an ADD);
// the suffix branches (3). Thumb table 8.3: UNSOURCED.
inline constexpr std::uint8_t thumb_bl_prefix = 1;

// --- multiplies (no early termination: times do not depend on the operands, DDI0214B 9.9.1) --
inline constexpr std::uint8_t mul = 2;                    // MUL, MLA: 2 (DDI0214B)
inline constexpr std::uint8_t mul_s = 4;                  // MULS, MLAS: 4 (DDI0214B)
inline constexpr std::uint8_t mul_long = 3;               // UMULL/SMULL/UMLAL/SMLAL: 3 (DDI0214B)
inline constexpr std::uint8_t mul_long_s = 5;             // ... with S: 5 (DDI0214B)
inline constexpr std::uint8_t mul_halfword = 1;           // SMULxy/SMLAxy/SMULWy/SMLAWy: 1; UNSOURCED (from recollection of DDI0165B)
inline constexpr std::uint8_t mul_halfword_long = 2;      // SMLALxy: 2; UNSOURCED (same)
// Result latency: a dependent instruction issued right after waits this long (+1 "if the next
// instruction needs the result", DDI0214B). The S forms wait inside the instruction.
inline constexpr std::uint8_t mul_result_latency = 1;
inline constexpr std::uint8_t mul_s_result_latency = 0;
inline constexpr std::uint8_t q_arith = 1;                // QADD/QSUB/QDADD/QDSUB: 1; UNSOURCED

// --- loads and stores ---------------------------------------------------------------------
inline constexpr std::uint8_t ldr = 1;                    // T8.2 LDR normal case
inline constexpr std::uint8_t ldr_scaled = 2;             // T8.2 LDR "shifted offset"
inline constexpr std::uint8_t ldr_pc = 5;                 // T8.2 LDR "PC is destination register"
inline constexpr std::uint8_t ldr_pc_scaled = 6;          // T8.2 LDR "PC destination, scaled register offset"
inline constexpr std::uint8_t str = 1;                    // T8.2 STR normal case
inline constexpr std::uint8_t str_scaled = 2;             // T8.2 STR "scaled offset"
inline constexpr std::uint8_t ldrd = 2;                   // T8.2 LDRD normal case
inline constexpr std::uint8_t strd = 2;                   // T8.2 STRD all cases
inline constexpr std::uint8_t ldm_one = 2;                // T8.2 LDM "loading 1 register, not the PC"
// LDM of n > 1 registers: n (T8.2). With the PC: n + 4, UNSOURCED (the row is cut off in the
// retrieved copy; chosen so that one register plus the PC matches LDR to PC, 5).
inline constexpr std::uint8_t ldm_pc_extra = 4;
// STM of n registers: n, at least 2; UNSOURCED (row not retrieved; mirrors LDM).
inline constexpr std::uint8_t stm_min = 2;
inline constexpr std::uint8_t swp = 2;                    // SWP/SWPB: 2; UNSOURCED
inline constexpr std::uint8_t pld = 1;                    // PLD: a data op without a result; UNSOURCED
// Load-use interlocks (T8.2; DDI0165B p. 8-22): a word is available one cycle after the load
// ends, a byte, halfword or unaligned word (rotated in the Write stage) two cycles after.
inline constexpr std::uint8_t load_word_latency = 1;
inline constexpr std::uint8_t load_rotated_latency = 2;

// --- status registers, coprocessors, exceptions -----------------------------------------------
inline constexpr std::uint8_t mrs = 1;                    // MRS: 1; UNSOURCED
inline constexpr std::uint8_t msr_flags = 1;              // MSR of the flags field only: 1; UNSOURCED
inline constexpr std::uint8_t msr_control = 3;            // MSR writing the control field: 3; UNSOURCED
// MCR/MRC p15: the CP15 model charges them (cache_costs cp15_mcr / cp15_mrc).
// SWI, undefined, BKPT, aborts, IRQ, FIQ: exception entry (cpu_costs exception_entry = 3, DDI0165B 5.3).

}  // namespace rtv::cpu::iss::timing
