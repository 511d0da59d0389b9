// SPDX-License-Identifier: Apache-2.0
// Every command-line option of rtvsim, declared in one place (STYLE.md, riscv-vp's habit).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace rtv::app {

enum class command { none, run, check, sweep, help, version };

// A sweep in one go (plan, run, collect), or one of its stages: --plan lays the directory
// out with jobs.txt and slurm.sbatch, --run runs what is not finished, --collect gathers.
enum class sweep_mode { all, plan, run, collect };

struct cli_options {
    command cmd = command::none;
    std::string scenario;
    std::string out_dir;                 // run: default out/<scenario name>; sweep: required
    std::vector<std::string> overrides;  // --set path=value
    std::vector<std::string> vary;       // sweep: --vary path=v1,v2,... or path=A..B
    unsigned jobs = 0;                   // sweep: -j N, points at once; 0: the number of cores
    double timeout_s = 0;                // sweep: --timeout SECONDS per point; 0: none
    bool resume = false;                 // sweep: --resume, continue a sweep in an existing DIR
    sweep_mode sweep_action = sweep_mode::all;  // sweep: --plan DIR, --run DIR, --collect DIR
    std::string slurm_time = "1:00:00";  // sweep: --slurm-time, each array task's --time
    std::string slurm_mem = "1G";        // sweep: --slurm-mem, each array task's --mem
    unsigned slurm_max_array = 1001;     // sweep: --slurm-max-array, the cluster's MaxArraySize
    bool trace = false;
    bool fast_paths = true;               // run: --no-fast-paths turns the engines' fast paths off
    bool trace_window_given = false;      // run: --trace-window FROM..TO (implies --trace)
    std::uint64_t trace_from_ps = 0, trace_to_ps = ~std::uint64_t{0};
    int verbosity = 0;                   // -v: +1, -q: -1
    std::string gdb_domain;              // run: --gdb DOMAIN[:PORT], the binary guest to debug
    std::uint16_t gdb_port = 1234;       // run: its PORT (0: a free port, printed)
    std::string profile_domain;          // run: --profile DOMAIN, a binary guest's function timings
    std::string help_text;
};

// Parses argv; throws cli_error with a usage message on a bad command line.
cli_options parse_cli(int argc, char* argv[]);

struct cli_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace rtv::app
