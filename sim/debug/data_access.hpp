// SPDX-License-Identifier: Apache-2.0
// The data memory an instruction is about to access, computed from its encoding and the
// registers before it runs: how the stub detects watchpoint hits exactly and before the
// access, as the ARM926EJ-S's own watchpoint unit does (a watchpoint is taken before the
// instruction completes, ARM DDI 0198E 9.x; GDB then steps over it itself).
// Loads and stores of ARMv5TE (ARM DDI 0100I A5.2-A5.5: LDR/STR[B|H|SB|SH|D|T], LDM/STM,
// SWP[B]) and Thumb (A7: LDR/STR forms, PUSH/POP, LDMIA/STMIA). Coprocessor transfers
// (LDC/STC) are not covered.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/cpu/arm_state.hpp"

namespace rtv::debug {

struct data_access {
    std::uint32_t address = 0;
    std::uint32_t length = 0;
    bool read = false, write = false;
};

// The access of instruction `insn` (16 bits in Thumb state) at `pc` if it executes with the
// registers in `s`; nullopt if it accesses no data memory or its condition fails.
std::optional<data_access> next_data_access(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t insn, bool thumb);

}  // namespace rtv::debug
