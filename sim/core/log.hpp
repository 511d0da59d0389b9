// SPDX-License-Identifier: Apache-2.0
// Logging through spdlog with the simulated time, not wall time, on every line.
//
// Lines look like `[   0.010009765625 s] [hv] [info] tick 1`: stable enough to diff, since
// nothing in them depends on the host. The core registers its local (decoupled) time as
// the time source so that lines from hypervisor paths carry the cycle they happen at.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "sim/core/clock.hpp"

namespace rtv::core {

// The named logger of one component; all share one sink (stderr) and one format.
std::shared_ptr<spdlog::logger> logger(const std::string& component);

void set_log_level(spdlog::level::level_enum level);

// Where log lines take their time from; defaults to SystemC's time stamp.
void set_time_source(std::function<picoseconds()> source);
picoseconds log_time();

}  // namespace rtv::core
