// SPDX-License-Identifier: Apache-2.0
// Bit layouts of the ARMv5 VMSA as the ARM926EJ-S implements it: CP15 register fields the MMU
// reads, first- and second-level descriptors, access permissions and domains.
// "ref" = docs/sources.md (topic number given); "TRM" = ARM926EJ-S
// Technical Reference Manual, ARM DDI0198D.
#pragma once

#include <cstdint>

namespace rtv::mmu {

// ---- CP15 c1, control register (ref 4.5; TRM 2.3.5) -----------------------------------------
inline constexpr std::uint32_t sctlr_m = 1u << 0;  // MMU enable (ref 4.5)
inline constexpr std::uint32_t sctlr_a = 1u << 1;  // alignment fault checking (ref 4.5)
inline constexpr std::uint32_t sctlr_s = 1u << 8;  // system protection, used with AP = 00 (ref 4.2, 4.5)
inline constexpr std::uint32_t sctlr_r = 1u << 9;  // ROM protection, used with AP = 00 (ref 4.2, 4.5)
// Reset value: softgun's ARM926 model (ref 4.5), i.e. [6:3] SBO and bits 18 and 16 set; M, A, S, R
// and the caches are off at reset ("all defined control bits are set to zero on reset except the V
// and B bits", Digi NS9215 HW reference p.88). Which bits of [19:16] read as one is UNCONFIRMED
// (QEMU says 0x00090078); the MMU only reads M, A, S and R, which both sources agree are 0.
inline constexpr std::uint32_t sctlr_reset = 0x0005'0078;

// ---- CP15 c2, translation table base (ref 4.1) ----------------------------------------------
inline constexpr std::uint32_t ttb_base_mask = 0xFFFF'C000;  // TTB[31:14], 16 KiB aligned (ref 4.1)

// ---- CP15 c13 op2 0, FCSE PID (ref 4.5) -----------------------------------------------------
inline constexpr std::uint32_t fcse_pid_mask = 0xFE00'0000;     // PID in [31:25] (ref 4.5)
inline constexpr std::uint32_t fcse_region_mask = 0xFE00'0000;  // VA[31:25] == 0 selects remapping (ref 4.5)

// ---- First-level descriptors (ref 4.1; TRM 3.2) ---------------------------------------------
inline constexpr std::uint32_t desc_type_mask = 0x3;   // bits [1:0] of both levels (ref 4.1)
inline constexpr std::uint32_t l1_type_fault = 0x0;    // ref 4.1
inline constexpr std::uint32_t l1_type_coarse = 0x1;   // ref 4.1
inline constexpr std::uint32_t l1_type_section = 0x2;  // ref 4.1
inline constexpr std::uint32_t l1_type_fine = 0x3;     // ref 4.1

inline constexpr unsigned l1_index_shift = 20;  // MVA[31:20] indexes the table (ref 4.1)
inline constexpr std::uint32_t l1_index_byte_mask =
    0x3FFC;                                     // (MVA >> 18) & 0x3FFC = MVA[31:20] << 2 (ref 4.1)
inline constexpr unsigned l1_domain_shift = 5;  // domain [8:5] in all L1 types (ref 4.1)
inline constexpr std::uint32_t l1_domain_mask = 0xF;
inline constexpr std::uint32_t coarse_base_mask = 0xFFFF'FC00;   // coarse table base [31:10] (ref 4.1)
inline constexpr std::uint32_t fine_base_mask = 0xFFFF'F000;     // fine table base [31:12] (ref 4.1)
inline constexpr std::uint32_t section_base_mask = 0xFFF0'0000;  // section base [31:20] (ref 4.1)
inline constexpr unsigned section_ap_shift = 10;                 // section AP [11:10] (ref 4.1)

// ---- Second-level descriptors (ref 4.1; TRM 3.2) --------------------------------------------
inline constexpr std::uint32_t l2_type_fault = 0x0;  // ref 4.1
inline constexpr std::uint32_t l2_type_large = 0x1;  // 64 KiB (ref 4.1)
inline constexpr std::uint32_t l2_type_small = 0x2;  // 4 KiB (ref 4.1)
inline constexpr std::uint32_t l2_type_tiny = 0x3;   // 1 KiB, fine tables only (ref 4.1)

// Index of the second-level descriptor, as a byte offset into the table (ref 4.1).
inline constexpr unsigned coarse_index_shift = 10;              // (MVA >> 10) & 0x3FC = MVA[19:12] << 2
inline constexpr std::uint32_t coarse_index_byte_mask = 0x3FC;  // 256 entries
inline constexpr unsigned fine_index_shift = 8;                 // (MVA >> 8) & 0xFFC = MVA[19:10] << 2
inline constexpr std::uint32_t fine_index_byte_mask = 0xFFC;    // 1024 entries

inline constexpr std::uint32_t large_base_mask = 0xFFFF'0000;  // large page base [31:16] (ref 4.1)
inline constexpr std::uint32_t small_base_mask = 0xFFFF'F000;  // small page base [31:12] (ref 4.1)
inline constexpr std::uint32_t tiny_base_mask = 0xFFFF'FC00;   // tiny page base [31:10] (ref 4.1)
inline constexpr unsigned page_ap_shift = 4;                   // AP0 at [5:4] ... AP3 at [11:10] (ref 4.1)
inline constexpr std::uint32_t page_aps_mask = 0xFF;           // AP3..AP0 after the shift
// The subpage of a large page is MVA[15:14], of a small page MVA[11:10] (ref 4.1).
inline constexpr unsigned large_subpage_shift = 14;
inline constexpr unsigned small_subpage_shift = 10;

// C and B, identical in sections and pages (ref 4.1, 4.6).
inline constexpr std::uint32_t desc_c = 1u << 3;
inline constexpr std::uint32_t desc_b = 1u << 2;

// ---- Mapping sizes (ref 4.1) ----------------------------------------------------------------
inline constexpr unsigned section_shift = 20;  // 1 MiB
inline constexpr unsigned large_shift = 16;    // 64 KiB
inline constexpr unsigned small_shift = 12;    // 4 KiB
inline constexpr unsigned tiny_shift = 10;     // 1 KiB

// ---- Access permissions and domains (ref 4.2) -----------------------------------------------
inline constexpr std::uint32_t ap_none = 0x0;     // no access unless S/R say otherwise (ref 4.2)
inline constexpr std::uint32_t ap_priv_rw = 0x1;  // privileged RW, user none (ref 4.2)
inline constexpr std::uint32_t ap_user_ro = 0x2;  // privileged RW, user RO (ref 4.2)
inline constexpr std::uint32_t ap_all_rw = 0x3;   // RW for both (ref 4.2)

inline constexpr std::uint32_t dacr_no_access = 0x0;  // domain fault (ref 4.2)
inline constexpr std::uint32_t dacr_client = 0x1;     // AP checked (ref 4.2)
inline constexpr std::uint32_t dacr_reserved =
    0x2;                                            // domain fault, as no access (ref 4.2, ARM720T fig. 7-14)
inline constexpr std::uint32_t dacr_manager = 0x3;  // no AP check (ref 4.2)
inline constexpr unsigned domain_count = 16;        // DACR: 16 x 2 bits (ref 4.2)

// ---- CP15 c10, TLB lockdown register (TRM 2.3.11, p.2-32) -----------------------------------
inline constexpr unsigned lockdown_victim_shift = 26;  // victim [28:26], entry 0..7 (TRM 2.3.11)
inline constexpr std::uint32_t lockdown_victim_mask = 0x7;
inline constexpr std::uint32_t lockdown_p = 1u
                                            << 0;  // P (preserve): walks fill the lockdown part (TRM 2.3.11)

}  // namespace rtv::mmu
