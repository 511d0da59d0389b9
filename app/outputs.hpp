// SPDX-License-Identifier: Apache-2.0
// Writes a run directory (docs/outputs.md): summary.json, cpu_usage.csv, console/<dev>.log.
// Everything but summary.json's `host` section is a pure function of the scenario.
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/simulation.hpp"

namespace rtv::app {

// 2: checksums as hex strings, domains and guests in scenario order, `complete`, provenance.
inline constexpr int summary_format_version = 2;

nlohmann::ordered_json summary_json(const run_result& r);
std::string cpu_usage_csv(const run_result& r);
// tick_drift.csv and jobs.csv: the rows streamed during the run (r.streams), then the rest.
void write_tick_drift_csv(const run_result& r, std::ostream& out);
void write_jobs_csv(const run_result& r, std::ostream& out);

// One row of tick_drift.csv, and the drift it shows; one row of jobs.csv (`end`: the end of
// the run, which decides whether an unfinished job missed).
std::int64_t drift_ticks(unsigned tps, core::picoseconds first_dispatch, core::picoseconds t, std::uint64_t os_time);
std::string tick_drift_row(const std::string& domain, unsigned tps, core::picoseconds first_dispatch,
                           core::picoseconds t, std::uint64_t virqs, std::uint64_t os_time);
std::string jobs_row(const std::string& domain, const std::string& task, const rtos::job_record& j,
                     core::picoseconds end);
// Writes every file of the run into `dir` (an empty directory: run_directory's staging one).
void write_run_directory(const run_result& r, const std::string& dir);
// profile.csv (rtvsim run --profile DOMAIN): cycles per call of the binary guest's functions.
std::string profile_csv(const run_result& r);

// "12.345678901": seconds with nine decimals from picoseconds (exact nanoseconds, floored).
std::string format_seconds(core::picoseconds t);

}  // namespace rtv::app
