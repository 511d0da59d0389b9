// Writes a run directory (docs/outputs.md): summary.json, cpu_usage.csv, console/<dev>.log.
// Everything but summary.json's `host` section is a pure function of the scenario.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "app/simulation.hpp"

namespace rtv::app {

inline constexpr int summary_format_version = 1;

nlohmann::json summary_json(const run_result& r);
std::string cpu_usage_csv(const run_result& r);
std::string tick_drift_csv(const run_result& r);
std::string jobs_csv(const run_result& r);
// Writes every file of the run into `dir` (created if needed); a run writes only there.
void write_run_directory(const run_result& r, const std::string& dir);

// "12.345678901": seconds with nine decimals from picoseconds (exact nanoseconds, floored).
std::string format_seconds(core::picoseconds t);

}  // namespace rtv::app
