// SPDX-License-Identifier: Apache-2.0
#include "sim/cpu/cpu_costs.hpp"

namespace rtv::cpu {

const std::vector<core::cost_entry<cpu_costs>>& cpu_costs::entries() {
    static const std::vector<core::cost_entry<cpu_costs>> table = {
        {"exception_entry", &cpu_costs::exception_entry, "ARM9E-S TRM DDI0165B 5.3 (imx21-arm926.md 5)"},
        {"memory_access", &cpu_costs::memory_access, "ARM9EJ-S TRM DDI0222B table 8.2, LDR/STR"},
        {"peripheral_access", &cpu_costs::peripheral_access, "estimate: 2 IPG cycles at HCLK/2 via AIPI"},
    };
    return table;
}

}  // namespace rtv::cpu
