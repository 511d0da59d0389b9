// SPDX-License-Identifier: Apache-2.0
// The command line of `rtvsim exec [options] ELF [ARGS...]`: options first (as qemu-arm
// takes them), then the program and every argument it receives, untouched.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rtv::app::exec {

struct exec_options {
    std::string program;
    std::vector<std::string> args;      // argv[1..] of the program
    std::string argv0;                  // -0 NAME: argv[0] (default: the program path)
    std::string stats_file;             // --stats FILE
    std::string trace_regs_file;        // --trace-regs FILE
    std::uint64_t cpu_hz = 266'000'000; // --cpu-clock: i.MX21 MPLL 266 MHz (Xen-ARM arch-imx21 system.c)
    std::uint64_t memory_bytes = 64ULL << 20;  // --memory: one 64 MiB SDRAM bank (i.MX21ADS)
    std::uint64_t seed = 1;             // --seed
    bool caches = true;                 // --no-caches
    bool fast_paths = true;             // --no-fast-paths
    bool bare_metal = false;            // --bare-metal
    std::optional<std::uint16_t> gdb_port;  // --gdb PORT (0: a free port)
    bool help = false;
};

struct exec_usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// `argv` starts after "exec". Throws exec_usage_error naming the problem.
exec_options parse_exec_options(const std::vector<std::string>& argv);
const char* exec_help_text();

}  // namespace rtv::app::exec
