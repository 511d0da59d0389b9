// SPDX-License-Identifier: Apache-2.0
#include "app/cli_options.hpp"

#include "app/units.hpp"

#include <sstream>

#include <boost/program_options.hpp>

namespace rtv::app {

namespace po = boost::program_options;

namespace {

const char* usage_head =
    "rtvsim - cycle-level simulator of Xen-ARM on the i.MX21 with real-time guests\n\n"
    "Usage:\n"
    "  rtvsim run SCENARIO [-o DIR] [--set path=value]... [--trace] [--no-fast-paths] [-v|-q]\n"
    "  rtvsim check SCENARIO [--set path=value]...\n"
    "  rtvsim sweep SCENARIO --vary path=v1,v2,... [--vary path=A..B]... -o DIR\n"
    "               [-j N] [--timeout SECONDS] [--resume] [--set path=value]... [-q]\n"
    "  rtvsim sweep SCENARIO --vary ... --plan DIR [--slurm-time T] [--slurm-mem M] [-j N]\n"
    "  rtvsim sweep --run DIR [-j N] [--timeout SECONDS]\n"
    "  rtvsim sweep --collect DIR\n"
    "  rtvsim exec [options] ELF [ARGS...]   (a static ARM Linux program on the ISS; exec --help)\n"
    "  rtvsim plot KIND RUN_OR_SWEEP [options]   (figures; rtvsim plot --help lists the kinds)\n"
    "  rtvsim --version | --help\n\n"
    "Exit status: 0 success, 1 the simulation (sweep: a point) failed, 2 bad command line or\n"
    "scenario.\n\n";

po::options_description visible_options() {
    po::options_description opts("Options");
    opts.add_options()
        ("help,h", "show this help")
        ("version", "show the version")
        ("output,o", po::value<std::string>(),
         "run: run directory (default: out/<scenario name>); sweep: sweep directory (required)")
        ("set", po::value<std::vector<std::string>>()->composing(),
         "override a scenario value: path=value, e.g. domains[dom0].weight=2 (repeatable)")
        ("vary", po::value<std::vector<std::string>>()->composing(),
         "sweep: values of one scenario path, path=v1,v2,... or an integer range path=1..10 "
         "(repeatable; the sweep runs every combination)")
        ("jobs,j", po::value<int>(), "sweep: points run at once (default: the number of cores)")
        ("timeout", po::value<double>(), "sweep: a point still running after SECONDS is killed and failed")
        ("resume", po::bool_switch(), "sweep: continue in an existing DIR, skipping complete points")
        ("plan", po::value<std::string>(), "sweep: only lay out DIR (points, jobs.txt, slurm.sbatch)")
        ("run", po::value<std::string>(), "sweep: run the unfinished points of a planned DIR, then collect")
        ("collect", po::value<std::string>(), "sweep: write DIR/sweep.csv from the finished points")
        ("slurm-time", po::value<std::string>(), "sweep: --time of each Slurm array task (default 1:00:00)")
        ("slurm-mem", po::value<std::string>(), "sweep: --mem of each Slurm array task (default 1G)")
        ("slurm-max-array", po::value<int>(), "sweep: the cluster's MaxArraySize (default 1001)")
        ("trace", po::bool_switch(), "write trace.json (Chrome/Perfetto trace events)")
        ("trace-window", po::value<std::string>(),
         "run: trace.json covers only simulated time FROM..TO, e.g. 2s..2.5s (implies --trace)")
        ("gdb", po::value<std::string>(),
         "run: wait for gdb-multiarch on 127.0.0.1:PORT (default 1234; 0: a free port, printed) to "
         "debug DOMAIN[:PORT], a guest: elf domain (docs/debugging.md)")
        ("profile", po::value<std::string>(),
         "run: time the uC/OS-II functions of binary guest DOMAIN (profile.csv: cycles per call)")
        ("no-fast-paths", po::bool_switch(),
         "run: without the engines' fast paths (translation caches, batched memory steps, decoded "
         "instructions): same timing and results, slower; for checking that they are equal")
        ("verbose,v", po::value<int>()->implicit_value(1), "log hypervisor events: -v info, --verbose=2 debug")
        ("quiet,q", po::bool_switch(), "errors only");
    return opts;
}

}  // namespace

cli_options parse_cli(int argc, char* argv[]) {
    po::options_description visible = visible_options();
    po::options_description hidden;
    hidden.add_options()("command", po::value<std::string>())("scenario", po::value<std::string>());
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description pos;
    pos.add("command", 1).add("scenario", 1);

    std::ostringstream help;
    help << usage_head << visible;

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw cli_error(std::string(e.what()) + "\n");
    }

    cli_options o;
    o.help_text = help.str();
    if (vm.count("help")) {
        o.cmd = command::help;
        return o;
    }
    if (vm.count("version")) {
        o.cmd = command::version;
        return o;
    }
    if (!vm.count("command")) throw cli_error("no command given\n");
    const std::string c = vm["command"].as<std::string>();
    if (c == "run")
        o.cmd = command::run;
    else if (c == "check")
        o.cmd = command::check;
    else if (c == "sweep")
        o.cmd = command::sweep;
    else
        throw cli_error("unknown command '" + c + "'\n");
    int stages = 0;
    for (const char* stage : {"plan", "run", "collect"}) stages += static_cast<int>(vm.count(stage));
    if (stages > 1) throw cli_error("give one of --plan, --run and --collect\n");
    if (stages && o.cmd != command::sweep) throw cli_error("--plan, --run and --collect are only for 'sweep'\n");
    if (vm.count("run") || vm.count("collect")) {
        o.sweep_action = vm.count("run") ? sweep_mode::run : sweep_mode::collect;
        o.out_dir = vm[vm.count("run") ? "run" : "collect"].as<std::string>();
        for (const char* name : {"scenario", "vary", "set", "output", "resume"})
            if (vm.count(name) && !(std::string(name) == "resume" && !vm["resume"].as<bool>()))
                throw cli_error(std::string("--run and --collect read DIR/sweep.json: no ") +
                                (std::string(name) == "scenario" ? "SCENARIO" : "--" + std::string(name)) +
                                " with them\n");
    } else if (!vm.count("scenario")) {
        throw cli_error("'" + c + "' needs a SCENARIO file" + (o.cmd == command::sweep ? " (or --run/--collect DIR)" : "") +
                        "\n");
    } else {
        o.scenario = vm["scenario"].as<std::string>();
    }
    if (vm.count("output")) {
        if (o.cmd != command::run && o.cmd != command::sweep)
            throw cli_error("-o is only for 'run' and 'sweep'\n");
        if (vm.count("plan")) throw cli_error("--plan DIR takes the place of -o DIR\n");
        o.out_dir = vm["output"].as<std::string>();
        if (o.out_dir.empty()) throw cli_error("-o needs a directory\n");
    }
    if (vm.count("plan")) {
        o.sweep_action = sweep_mode::plan;
        o.out_dir = vm["plan"].as<std::string>();
    }
    if (vm.count("set")) o.overrides = vm["set"].as<std::vector<std::string>>();
    if (o.cmd == command::sweep) {
        const bool planned = o.sweep_action == sweep_mode::run || o.sweep_action == sweep_mode::collect;
        if (!planned && !vm.count("vary")) throw cli_error("'sweep' needs at least one --vary path=v1,v2,...\n");
        if (o.out_dir.empty()) throw cli_error("'sweep' needs -o DIR\n");
        if (vm.count("vary")) o.vary = vm["vary"].as<std::vector<std::string>>();
        if (vm.count("jobs")) {
            const int j = vm["jobs"].as<int>();
            if (j < 1)
                throw cli_error("-j needs a number of points of at least 1, not " + std::to_string(j) + "\n");
            o.jobs = static_cast<unsigned>(j);
        }
        if (vm.count("timeout")) {
            o.timeout_s = vm["timeout"].as<double>();
            if (!(o.timeout_s > 0) || o.timeout_s > 1e9)
                throw cli_error("--timeout needs a positive number of seconds\n");
        }
        o.resume = vm["resume"].as<bool>();
        if (vm.count("slurm-time")) o.slurm_time = vm["slurm-time"].as<std::string>();
        if (vm.count("slurm-mem")) o.slurm_mem = vm["slurm-mem"].as<std::string>();
        if (vm.count("slurm-max-array")) {
            const int m = vm["slurm-max-array"].as<int>();
            if (m < 2) throw cli_error("--slurm-max-array needs at least 2\n");
            o.slurm_max_array = static_cast<unsigned>(m);
        }
    } else {
        for (const char* name : {"vary", "jobs", "timeout", "slurm-time", "slurm-mem", "slurm-max-array"})
            if (vm.count(name)) throw cli_error(std::string("--") + name + " is only for 'sweep'\n");
        if (vm["resume"].as<bool>()) throw cli_error("--resume is only for 'sweep'\n");
    }
    o.trace = vm["trace"].as<bool>();
    if (vm["no-fast-paths"].as<bool>()) {
        if (o.cmd != command::run) throw cli_error("--no-fast-paths is only for 'run' (exec has its own)\n");
        o.fast_paths = false;
    }
    if (o.cmd == command::sweep && o.trace)
        throw cli_error("--trace is not for 'sweep': to trace every point, add --set outputs.trace=true\n");
    if (vm.count("trace-window")) {
        if (o.cmd != command::run) throw cli_error("--trace-window is only for 'run'\n");
        const std::string w = vm["trace-window"].as<std::string>();
        const std::size_t dots = w.find("..");
        if (dots == std::string::npos)
            throw cli_error("--trace-window " + w + ": expected FROM..TO with units, e.g. 2s..2.5s\n");
        const std::string from = w.substr(0, dots), to = w.substr(dots + 2);
        if (!from.empty()) {
            const auto f = parse_duration_ps(from);
            if (!f) throw cli_error("--trace-window " + w + ": FROM: " + f.error + "\n");
            o.trace_from_ps = *f.value;
        }
        if (!to.empty()) {
            const auto t = parse_duration_ps(to);
            if (!t) throw cli_error("--trace-window " + w + ": TO: " + t.error + "\n");
            o.trace_to_ps = *t.value;
        }
        if (o.trace_to_ps <= o.trace_from_ps)
            throw cli_error("--trace-window " + w + ": the window is empty (FROM must be before TO)\n");
        o.trace_window_given = true;
    }
    if (vm.count("gdb")) {
        if (o.cmd != command::run) throw cli_error("--gdb is only for 'run' (and 'exec --gdb PORT')\n");
        const std::string g = vm["gdb"].as<std::string>();
        const std::size_t colon = g.rfind(':');
        o.gdb_domain = g.substr(0, colon);
        if (colon != std::string::npos) {
            const auto port = parse_unsigned(g.substr(colon + 1));
            if (!port || *port.value > 65535)
                throw cli_error("--gdb " + g + ": PORT must be a TCP port number (0: a free port)\n");
            o.gdb_port = static_cast<std::uint16_t>(*port.value);
        }
        if (o.gdb_domain.empty()) throw cli_error("--gdb " + g + ": expected DOMAIN[:PORT]\n");
    }
    if (vm.count("verbose")) o.verbosity = vm["verbose"].as<int>();
    if (vm["quiet"].as<bool>()) o.verbosity = -1;
    if (vm.count("profile")) {
        if (o.cmd != command::run) throw cli_error("--profile is only for 'run'\n");
        o.profile_domain = vm["profile"].as<std::string>();
    }
    return o;
}

}  // namespace rtv::app
