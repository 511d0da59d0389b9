// SPDX-License-Identifier: Apache-2.0
// Builds the platform, the hypervisor and the guests from a resolved scenario, runs it for
// the scenario's duration and collects what the output writers need.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "sim/core/clock.hpp"
#include "sim/core/stats.hpp"
#include "rtos_model/function_timer.hpp"
#include "rtos_model/ucos/ucos_guest.hpp"
#include "hv_model/hv_costs.hpp"
#include "sim/cpu/cpu_costs.hpp"

namespace rtv::app {

struct domain_result {
    std::string name;
    std::string guest;
    double weight = 0;
    std::uint32_t mcu_advance = 0;
    core::picoseconds cpu_time = 0;      // guest code, true time
    std::int64_t runstate_running_ns = 0;  // Xen's accounting
    std::uint64_t switches_in = 0;
    bool shutdown = false;
    std::map<std::string, std::int64_t> scheduler;  // e.g. BVT avt/evt
    bool killed = false;
    std::uint32_t partition_base = 0, partition_size = 0;
    std::uint64_t checksum_start = 0, checksum_end = 0;  // FNV-1a of the partition's bytes
    std::uint64_t mem_accesses = 0, tlb_hits = 0, tlb_misses = 0, walk_cycles = 0, faults = 0, cache_misses = 0;
    std::uint64_t code_refills = 0, code_refill_cycles = 0;
    std::string image, image_sha256;  // guest: elf only: the image's absolute path and SHA-256
};

// What an RTOS guest measured (true simulated time).
struct guest_result {
    std::string domain;
    unsigned ticks_per_sec = 100;
    core::picoseconds first_dispatch = 0;
    bool started = false;
    std::vector<rtos::tick_sample> ticks;  // those not streamed (none when run_streams took them)
    std::int64_t streamed_max_drift = 0, streamed_min_drift = 0;  // over the streamed samples
    std::vector<std::string> task_names;
    std::vector<rtos::job_record> jobs;  // those not streamed: from the oldest unfinished one on
    std::vector<rtos::task_stats> task_stats;
    std::vector<std::uint64_t> task_relative_deadline_ps;
    std::uint64_t os_time = 0;
    rtos::ucos_port_counters port;
    rtos::ucos_counters kernel;
};

struct fault_result {
    std::string domain;
    core::picoseconds at = 0;
    std::uint32_t address = 0, fsr = 0;
    std::string action;
};

struct window_row {
    core::picoseconds start = 0, end = 0;
    std::vector<double> cpu_share;       // per domain, then _xen, then _idle
    std::vector<double> runstate_share;  // per domain, then 0 for _xen, then idle vcpu
};

class trace_session;
class run_streams;

// The part of simulated time trace.json covers (--trace-window FROM..TO): events in
// [from, to), slices cut at its edges; the whole run by default.
struct trace_window {
    core::picoseconds from = 0;
    core::picoseconds to = ~core::picoseconds{0};
};

// Where a run's outputs came from: summary.json's `host` section (never compared).
struct provenance {
    std::string version = "unknown";
    std::string git_commit = "unknown";
    bool git_dirty = false;
    std::vector<std::string> command_line;  // argv as given
};

struct run_result {
    const scenario* sc = nullptr;
    cpu::cpu_costs cpu_costs;
    hv::hv_costs hv_costs;
    rtos::ucos_costs ucos_costs;
    core::picoseconds duration = 0;
    std::vector<domain_result> domains;
    core::picoseconds xen_time = 0, idle_time = 0;
    std::vector<window_row> windows;
    // Every registered statistic by dotted name ("hypervisor.ticks", "cpu.irqs_taken", "sim.cycles").
    std::map<std::string, core::stats_registry::value> stats;
    std::map<std::string, std::string> consoles;      // UART output per device
    std::vector<fault_result> faults;
    std::vector<guest_result> guests;
    std::string failure;  // non-empty: the platform stopped early (e.g. a hang), with why
    bool interrupted = false;  // stopped early by SIGINT/SIGTERM: outputs up to stopped_at
    core::picoseconds stopped_at = 0;
    // dom0 shut down: Xen halted ("halt", reason poweroff) or restarted ("restart") the
    // machine and the run ended at stopped_at. Empty otherwise.
    std::string machine_action;
    int machine_reason = 0;
    double wall_seconds = 0;
    double cpu_seconds = 0;  // the process's CPU time during the run (a shared host inflates wall time)
    provenance host;
    std::shared_ptr<trace_session> trace;  // set when the run was traced
    std::shared_ptr<run_streams> streams;  // rows written during the run, if it streamed
    std::string profile_domain;            // run_options::profile_domain, if any
    std::vector<rtos::function_timing> profile;  // its functions' cycles per call
};

// Runs the scenario in this process (SystemC allows one simulation per process); with
// `trace`, records the timeline for trace.json.
// `options.control`, if given, is asked between slices of simulated time whether to go on
// (signals, progress); a run it stops is `interrupted` at the instant reached.
class run_control;
struct run_options {
    bool trace = false;        // record the timeline for trace.json
    trace_window window;       // the part of it trace.json covers
    run_control* control = nullptr;  // asked between slices of simulated time whether to go on
    std::string stream_dir;    // rows are written during the run into part files there (run_streams)
    std::string gdb_domain;    // --gdb: the binary guest a GDB stub debugs (empty: none)
    std::uint16_t gdb_port = 0;  // its TCP port on 127.0.0.1 (0: a free one, printed)
    // A binary uC/OS-II guest whose kernel and port functions are timed (profile.csv).
    std::string profile_domain;
    bool fast_paths = true;    // the engines' fast paths (same results either way)
};
run_result run_simulation(const scenario& sc, const run_options& options = {});

}  // namespace rtv::app
