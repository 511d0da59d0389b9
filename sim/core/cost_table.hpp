// SPDX-License-Identifier: Apache-2.0
// Named cost tables (cycles of a hardware or software path), one per layer (STYLE.md).
//
// A layer declares its costs as plain integer fields of a struct (cheap to read on hot
// paths) and lists them once with their name and the source of the default value, so a
// scenario's `costs:` section can override any of them by name and summary.json can echo
// the resolved table.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rtv::core {

template <class Table>
struct cost_entry {
    const char* name;
    std::uint64_t Table::*field;
    const char* source;  // where the default comes from
};

// Sets `name` in `t` if the table has it; returns whether it did.
template <class Table>
bool set_cost(Table& t, const std::vector<cost_entry<Table>>& entries, const std::string& name,
              std::uint64_t cycles) {
    for (const auto& e : entries)
        if (name == e.name) {
            t.*(e.field) = cycles;
            return true;
        }
    return false;
}

template <class Table>
void collect_costs(const Table& t, const std::vector<cost_entry<Table>>& entries,
                   std::map<std::string, std::uint64_t>& out) {
    for (const auto& e : entries) out[e.name] = t.*(e.field);
}

template <class Table>
void collect_cost_names(const std::vector<cost_entry<Table>>& entries, std::vector<std::string>& out) {
    for (const auto& e : entries) out.emplace_back(e.name);
}

}  // namespace rtv::core
