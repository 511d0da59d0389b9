// SPDX-License-Identifier: Apache-2.0
#include "sim/core/stats.hpp"

#include <stdexcept>

namespace rtv::core {

void stats_registry::add(const std::string& name, const std::uint64_t* counter) {
    add(name, [counter]() -> value { return *counter; });
}

void stats_registry::add(const std::string& name, getter g) {
    if (!m_entries.emplace(name, std::move(g)).second)
        throw std::logic_error("statistic registered twice: " + name);
}

std::map<std::string, stats_registry::value> stats_registry::snapshot() const {
    std::map<std::string, value> out;
    for (const auto& [name, g] : m_entries) out.emplace(name, g());
    return out;
}

}  // namespace rtv::core
