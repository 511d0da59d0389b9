// SPDX-License-Identifier: Apache-2.0
// The resolved scenario as JSON, for summary.json: every default filled in, every quantity an
// integer in the unit its key names (`duration_ps`, `cpu_clock_hz`, `ctx_allow_ns`), so that
// a run directory echoes exactly what ran and tools never parse units. Addresses are numbers,
// each with a `_hex` twin (`virtual_base_hex: "0xC0000000"`) for reading.
#pragma once

#include <nlohmann/json.hpp>

#include "app/scenario.hpp"

namespace rtv::app {

// The scenario's word for a guest kind ("busy", "ucos", ...).
const char* guest_kind_name(guest_kind g);

// The path the scenario was read from is left out: it depends on where the file sits on the
// host, and this object is compared byte for byte in regression tests.
nlohmann::json resolved_json(const scenario& sc);

}  // namespace rtv::app
