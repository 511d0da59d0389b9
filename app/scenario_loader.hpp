// SPDX-License-Identifier: Apache-2.0
// Reads a scenario file (YAML) plus `--set path=value` overrides into a checked `scenario`.
//
// The schema, with units, defaults and ranges, is documented in docs/scenario.md. Every
// error is thrown as a scenario_error whose message starts with where the offending value
// came from: `FILE:LINE:COLUMN: ` for the file (1-based, from yaml-cpp's marks) or
// `--set TEXT: ` for an override, so the CLI can print it as is and exit with status 2.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/scenario.hpp"

namespace rtv::app {

class scenario_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// SDRAM kept for Xen itself (its image, heap and frame table) and never given to a domain.
// A constant for now; it becomes a platform parameter when the hypervisor model sizes its heap.
inline constexpr std::uint64_t xen_reserved_bytes = 16ULL << 20;

// Loads `path`, applies the overrides in order (later ones win), then checks everything.
scenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides = {});

// The same from text already in memory; `file_label` stands for the file name in messages
// and gives the default scenario name (its stem).
scenario load_scenario_text(const std::string& text, const std::string& file_label,
                            const std::vector<std::string>& set_overrides = {});

// Every key the loader accepts, as dotted paths; sequence items are written `domains[].name`.
// Cost names (`costs.<name>`) are not listed: they come from known_cost_names().
std::vector<std::string> scenario_keys();

}  // namespace rtv::app
