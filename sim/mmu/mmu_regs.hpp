// SPDX-License-Identifier: Apache-2.0
// The CP15 registers the MMU reads. The CP15 model owns one instance (it is the first part
// of its register file) and the MMU keeps a reference to it, so a write to c1/c2/c3/c13
// takes effect on the next translation.
#pragma once

#include <cstdint>

#include "sim/mmu/descriptors.hpp"

namespace rtv::mmu {

struct mmu_regs {
    std::uint32_t sctlr = sctlr_reset;  // c1: M bit 0, A bit 1, S bit 8, R bit 9 (ref 4.5)
    std::uint32_t ttb = 0;              // c2, base in [31:14]
    std::uint32_t dacr = 0;             // c3, 16 x 2 bits
    std::uint32_t fcse_pid = 0;         // c13 op2 0, PID in [31:25]
};

}  // namespace rtv::mmu
