// SPDX-License-Identifier: Apache-2.0
// The cost tables of every layer, by name: the loader checks `costs:` keys against them and
// the run applies the overrides and echoes the resolved tables.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hv_model/hv_costs.hpp"
#include "rtos_model/ucos/ucos_costs.hpp"
#include "sim/cpu/cpu_costs.hpp"

namespace rtv::app {

std::vector<std::string> known_cost_names();

// Applies `overrides` (already checked by the loader) to the two tables.
void apply_cost_overrides(const std::map<std::string, std::uint64_t>& overrides, cpu::cpu_costs& cpu,
                          hv::hv_costs& hv, rtos::ucos_costs& ucos);

// Every cost with its resolved value, under "cpu" and "hypervisor".
std::map<std::string, std::map<std::string, std::uint64_t>> resolved_costs(const cpu::cpu_costs& cpu,
                                                                           const hv::hv_costs& hv,
                                                                           const rtos::ucos_costs& ucos);

}  // namespace rtv::app
