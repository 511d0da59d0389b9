// SPDX-License-Identifier: Apache-2.0
// Fault status codes of the ARM926EJ-S MMU, their priority and whether the FSR's domain field is
// valid for them. Source: ARM926EJ-S TRM DDI0198D table 3-9 (ref = docs/sources.md
// 4.3). The table lists the faults from the highest priority to the lowest.
#pragma once

#include <cstdint>

namespace rtv::mmu {

// FS[3:0] of the DFSR/IFSR (ref 4.3).
inline constexpr std::uint32_t fs_alignment = 0b0001;          // 00x1; the model reports 0001 (ref 4.3)
inline constexpr std::uint32_t fs_external_abort_l1 = 0b1100;  // external abort on translation, level 1
inline constexpr std::uint32_t fs_external_abort_l2 = 0b1110;  // external abort on translation, level 2
inline constexpr std::uint32_t fs_translation_section = 0b0101;
inline constexpr std::uint32_t fs_translation_page = 0b0111;
inline constexpr std::uint32_t fs_domain_section = 0b1001;
inline constexpr std::uint32_t fs_domain_page = 0b1011;
inline constexpr std::uint32_t fs_permission_section = 0b1101;
inline constexpr std::uint32_t fs_permission_page = 0b1111;
// 10x0: an external abort on the access itself (not the walk). The core raises it on a bus error;
// the MMU never does. 1000 = section, 1010 = page per the ARMv5 encoding (ref 4.3 gives 10x0).
inline constexpr std::uint32_t fs_external_abort_section = 0b1000;
inline constexpr std::uint32_t fs_external_abort_page = 0b1010;

inline constexpr std::uint32_t fsr_fs_mask = 0xF;  // FSR[3:0] (ref 4.3)
inline constexpr unsigned fsr_domain_shift = 4;    // FSR[7:4] (ref 4.3)

// The faults the MMU raises, in the priority order of TRM table 3-9 (0 = highest).
enum class fault_kind : std::uint8_t {
    alignment,
    external_abort_l1,
    external_abort_l2,
    translation_section,
    translation_page,
    domain_section,
    domain_page,
    permission_section,
    permission_page,
    external_abort,  // on the access itself (raised by the core, listed for completeness)
};
inline constexpr unsigned fault_kind_count = 10;

struct fault_info {
    fault_kind kind;
    std::uint32_t fs;
    bool domain_valid;  // TRM table 3-9 "domain field valid?"
    const char* name;   // for statistics
};

// TRM table 3-9, highest priority first; index = fault_kind.
inline constexpr fault_info fault_table[fault_kind_count] = {
    {fault_kind::alignment, fs_alignment, false, "alignment"},
    {fault_kind::external_abort_l1, fs_external_abort_l1, false, "external_abort_l1"},
    {fault_kind::external_abort_l2, fs_external_abort_l2, true, "external_abort_l2"},
    {fault_kind::translation_section, fs_translation_section, false, "translation_section"},
    {fault_kind::translation_page, fs_translation_page, true, "translation_page"},
    {fault_kind::domain_section, fs_domain_section, true, "domain_section"},
    {fault_kind::domain_page, fs_domain_page, true, "domain_page"},
    {fault_kind::permission_section, fs_permission_section, true, "permission_section"},
    {fault_kind::permission_page, fs_permission_page, true, "permission_page"},
    {fault_kind::external_abort, fs_external_abort_section, false, "external_abort"},
};

constexpr const fault_info& info(fault_kind k) { return fault_table[static_cast<unsigned>(k)]; }

// Priority rank (0 = highest) of a fault kind.
constexpr unsigned priority(fault_kind k) { return static_cast<unsigned>(k); }

// The FSR value of a fault: [7:4] the domain when the table says it is valid, else 0 (the
// hardware leaves it unpredictable; the model writes 0), [3:0] FS.
constexpr std::uint32_t make_fsr(fault_kind k, unsigned domain) {
    const fault_info& f = info(k);
    return (f.domain_valid ? (domain & 0xFu) << fsr_domain_shift : 0u) | f.fs;
}

}  // namespace rtv::mmu
