// SPDX-License-Identifier: Apache-2.0
#include "app/cost_names.hpp"

#include <stdexcept>

namespace rtv::app {

std::vector<std::string> known_cost_names() {
    std::vector<std::string> names;
    core::collect_cost_names(cpu::cpu_costs::entries(), names);
    core::collect_cost_names(hv::hv_costs::entries(), names);
    core::collect_cost_names(rtos::ucos_costs::entries(), names);
    return names;
}

void apply_cost_overrides(const std::map<std::string, std::uint64_t>& overrides, cpu::cpu_costs& cpu,
                          hv::hv_costs& hv, rtos::ucos_costs& ucos) {
    for (const auto& [name, cycles] : overrides) {
        if (core::set_cost(cpu, cpu::cpu_costs::entries(), name, cycles)) continue;
        if (core::set_cost(hv, hv::hv_costs::entries(), name, cycles)) continue;
        if (core::set_cost(ucos, rtos::ucos_costs::entries(), name, cycles)) continue;
        throw std::invalid_argument("unknown cost: " + name);
    }
}

std::map<std::string, std::map<std::string, std::uint64_t>> resolved_costs(const cpu::cpu_costs& cpu,
                                                                           const hv::hv_costs& hv,
                                                                           const rtos::ucos_costs& ucos) {
    std::map<std::string, std::map<std::string, std::uint64_t>> out;
    core::collect_costs(cpu, cpu::cpu_costs::entries(), out["cpu"]);
    core::collect_costs(hv, hv::hv_costs::entries(), out["hypervisor"]);
    core::collect_costs(ucos, rtos::ucos_costs::entries(), out["ucos"]);
    return out;
}

}  // namespace rtv::app
