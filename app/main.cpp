// SPDX-License-Identifier: Apache-2.0
// rtvsim's entry point. libsystemc defines main() and calls sc_main (docs/architecture.md, Build notes).
#include <csignal>
#include <cstdlib>
#include <algorithm>
#include <iostream>
#include <memory>

#include <unistd.h>

#include <systemc>

#include "app/build_info.hpp"
#include "app/cli_options.hpp"
#include "app/exec/exec_command.hpp"
#include "app/outputs.hpp"
#include "app/run_control.hpp"
#include "app/run_directory.hpp"
#include "app/plot_command.hpp"
#include "app/scenario_loader.hpp"
#include "app/simulation.hpp"
#include "app/sweep.hpp"
#include "sim/core/log.hpp"

#ifndef RTVSIM_VERSION
#define RTVSIM_VERSION "unknown"
#endif

namespace {
// SystemC prints its banner before sc_main runs unless told not to; a simulator's output is
// its files, so the variable is set during static initialisation.
const bool banner_off = (setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0), true);
}  // namespace

int sc_main(int argc, char* argv[]) {
    using namespace rtv::app;
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    // `rtvsim exec` has a command line of its own (options, then the program and its
    // arguments, as qemu-arm): everything after "exec" goes to it unparsed.
    if (argc > 1 && std::string(argv[1]) == "exec") return rtv::app::exec::exec_main({argv + 2, argv + argc});
    // `rtvsim plot ...` hands its arguments to the plot tool untouched.
    if (argc > 1 && std::string(argv[1]) == "plot") return run_plot_command(argc, argv);
    cli_options opt;
    try {
        opt = parse_cli(argc, argv);
    } catch (const cli_error& e) {
        // One line and a hint, not the whole help.
        std::cerr << "rtvsim: " << e.what() << "Try 'rtvsim --help' for the usage.\n";
        return 2;
    }
    switch (opt.cmd) {
    case command::help: std::cout << opt.help_text; return 0;
    case command::version:
        std::cout << "rtvsim " << RTVSIM_VERSION << " (" << build_git_commit() << (build_git_dirty() ? ", modified" : "")
                  << ")\n";
        return 0;
    default: break;
    }

    rtv::core::set_log_level(opt.verbosity < 0    ? spdlog::level::err
                             : opt.verbosity == 0 ? spdlog::level::warn
                             : opt.verbosity == 1 ? spdlog::level::info
                                                  : spdlog::level::debug);
    // Each point of a sweep is a `rtvsim run` of its own (one simulation per process).
    if (opt.cmd == command::sweep) return run_sweep(opt);
    scenario sc;
    try {
        sc = load_scenario(opt.scenario, opt.overrides);
    } catch (const scenario_error& e) {
        std::cerr << "rtvsim: " << e.what() << "\n";
        return 2;
    }
    if (opt.verbosity >= 0)  // -q: errors only
        for (const std::string& w : sc.warnings) std::cerr << "rtvsim: warning: " << w << "\n";
    if (opt.cmd == command::check) {
        std::cout << opt.scenario << ": ok (" << sc.domains.size() << " domains)\n";
        return 0;
    }

    if (!opt.gdb_domain.empty()) {  // --gdb DOMAIN: a binary guest of this scenario
        const auto d = std::find_if(sc.domains.begin(), sc.domains.end(),
                                    [&](const domain_config& x) { return x.name == opt.gdb_domain; });
        if (d == sc.domains.end() || d->guest != guest_kind::elf) {
            std::cerr << "rtvsim: --gdb " << opt.gdb_domain << ": "
                      << (d == sc.domains.end() ? "no domain of that name" : "not a `guest: elf` domain (only binary guests run ARM code)")
                      << "\n";
            return 2;
        }
    }
    const std::string dir = opt.out_dir.empty() ? "out/" + sc.name : opt.out_dir;
    // The directory is checked, and its staging twin created, before anything is simulated.
    std::unique_ptr<run_directory> out;
    try {
        out = std::make_unique<run_directory>(dir);
    } catch (const run_directory_error& e) {
        std::cerr << "rtvsim: " << e.what() << "\n";
        return 2;
    }
    try {
        const char* term = std::getenv("TERM");
        const bool terminal = isatty(STDERR_FILENO) && term && std::string(term) != "dumb";
        run_control control(sc.duration_ps, terminal && opt.verbosity >= 0);
        run_options ro;
        ro.trace = opt.trace || sc.outputs.trace || opt.trace_window_given;
        ro.window = {opt.trace_from_ps, opt.trace_to_ps};
        ro.control = &control;
        ro.stream_dir = out->staging().string();
        ro.gdb_domain = opt.gdb_domain;
        ro.gdb_port = opt.gdb_port;
        ro.profile_domain = opt.profile_domain;
        ro.fast_paths = opt.fast_paths;
        run_result r = run_simulation(sc, ro);
        control.finish();
        r.host = {build_version(), build_git_commit(), build_git_dirty(), std::vector<std::string>(argv, argv + argc)};
        write_run_directory(r, out->staging().string());
        out->commit();
        if (!r.failure.empty()) {
            std::cerr << "rtvsim: simulation stopped at " << format_seconds(r.stopped_at) << " s: " << r.failure
                      << "\n       (partial results in " << dir << ")\n";
            return 1;
        }
        if (r.interrupted) {
            const int sig = control.stop_signal();
            std::cerr << "rtvsim: interrupted by " << (sig == SIGTERM ? "SIGTERM" : "SIGINT") << " at "
                      << format_seconds(r.stopped_at) << " s simulated; partial results in " << dir << "\n";
            return 128 + sig;
        }
        if (opt.verbosity >= 0) std::cerr << "rtvsim: wrote " << dir << " (" << r.wall_seconds << " s wall)\n";
    } catch (const scenario_error& e) {  // found while the models are built (e.g. an image patch)
        std::cerr << "rtvsim: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "rtvsim: simulation failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
