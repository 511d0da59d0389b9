// SPDX-License-Identifier: Apache-2.0
// A registry of named simulation statistics that the output writers read.
//
// Components own their counters (plain integers, cheap to bump on hot paths) and register
// them under a dotted name such as `hv.ticks`; the writers turn the dots into nested JSON
// objects. Only simulated, deterministic figures belong here (host figures live in the
// app's `host` section).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>

namespace rtv::core {

class stats_registry {
public:
    using value = std::variant<std::uint64_t, std::int64_t, double, std::string>;
    using getter = std::function<value()>;

    // A counter the component keeps and bumps itself.
    void add(const std::string& name, const std::uint64_t* counter);
    // A value computed when the registry is read.
    void add(const std::string& name, getter g);

    // Every registered statistic, sorted by name.
    std::map<std::string, value> snapshot() const;

private:
    std::map<std::string, getter> m_entries;
};

}  // namespace rtv::core
