#include "app/cli_options.hpp"

#include <sstream>

#include <boost/program_options.hpp>

namespace rtv::app {

namespace po = boost::program_options;

namespace {

const char* usage_head =
    "rtvsim - cycle-level simulator of Xen-ARM on the i.MX21 with real-time guests\n\n"
    "Usage:\n"
    "  rtvsim run SCENARIO [-o DIR] [--set path=value]... [--trace] [-v|-q]\n"
    "  rtvsim check SCENARIO [--set path=value]...\n"
    "  rtvsim sweep SCENARIO --vary path=v1,v2,... [--vary path=A..B]... -o DIR\n"
    "               [-j N] [--timeout SECONDS] [--resume] [--set path=value]... [-q]\n"
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
        ("trace", po::bool_switch(), "write trace.json (Chrome/Perfetto trace events)")
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
        throw cli_error(std::string(e.what()) + "\n\n" + help.str());
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
    if (!vm.count("command")) throw cli_error("no command given\n\n" + help.str());
    const std::string c = vm["command"].as<std::string>();
    if (c == "run")
        o.cmd = command::run;
    else if (c == "check")
        o.cmd = command::check;
    else if (c == "sweep")
        o.cmd = command::sweep;
    else
        throw cli_error("unknown command '" + c + "'\n\n" + help.str());
    if (!vm.count("scenario")) throw cli_error("'" + c + "' needs a SCENARIO file\n\n" + help.str());
    o.scenario = vm["scenario"].as<std::string>();
    if (vm.count("output")) {
        if (o.cmd != command::run && o.cmd != command::sweep)
            throw cli_error("-o is only for 'run' and 'sweep'\n");
        o.out_dir = vm["output"].as<std::string>();
        if (o.out_dir.empty()) throw cli_error("-o needs a directory\n");
    }
    if (vm.count("set")) o.overrides = vm["set"].as<std::vector<std::string>>();
    if (o.cmd == command::sweep) {
        if (!vm.count("vary"))
            throw cli_error("'sweep' needs at least one --vary path=v1,v2,...\n\n" + help.str());
        if (o.out_dir.empty()) throw cli_error("'sweep' needs -o DIR\n\n" + help.str());
        o.vary = vm["vary"].as<std::vector<std::string>>();
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
    } else {
        for (const char* name : {"vary", "jobs", "timeout"})
            if (vm.count(name)) throw cli_error(std::string("--") + name + " is only for 'sweep'\n");
        if (vm["resume"].as<bool>()) throw cli_error("--resume is only for 'sweep'\n");
    }
    o.trace = vm["trace"].as<bool>();
    if (vm.count("verbose")) o.verbosity = vm["verbose"].as<int>();
    if (vm["quiet"].as<bool>()) o.verbosity = -1;
    return o;
}

}  // namespace rtv::app
