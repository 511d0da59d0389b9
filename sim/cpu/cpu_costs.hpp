// SPDX-License-Identifier: Apache-2.0
// Cycle costs of the ARM926EJ-S core's own paths (not of any software running on it).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/cost_table.hpp"

namespace rtv::cpu {

struct cpu_costs {
    // Exception entry once the current instruction completes (imx21-arm926.md 5: ~3 cycles,
    // ARM9E-S TRM DDI0165B 5.3).
    std::uint64_t exception_entry = 3;
    // A load or store that hits no wait state (ARM9EJ-S TRM DDI0222B table 8.2: LDR/STR 1).
    std::uint64_t memory_access = 1;
    // A 32-bit peripheral access over AHB and the AIPI bridge. Estimate: no published figure;
    // the AIPI runs on the IPG clock (HCLK/2), about four CPU cycles per IPG cycle, two IPG
    // cycles per access.
    std::uint64_t peripheral_access = 8;

    static const std::vector<core::cost_entry<cpu_costs>>& entries();
};

}  // namespace rtv::cpu
