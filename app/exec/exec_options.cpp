// SPDX-License-Identifier: Apache-2.0
#include "app/exec/exec_options.hpp"

#include "app/units.hpp"

namespace rtv::app::exec {

namespace {

constexpr std::uint64_t cpu_hz_min = 1'000'000, cpu_hz_max = 1'000'000'000;
constexpr std::uint64_t memory_min = 16ULL << 20;   // room for the tables, the image and the 8 MiB stack
constexpr std::uint64_t memory_max = 256ULL << 20;  // a bound of this tool, not of the part: one contiguous SDRAM model

const char* help =
    "Usage: rtvsim exec [options] ELF [ARGS...]\n"
    "\n"
    "Runs a static ARM EABI Linux program (ARMv5TE, ARM or Thumb) in user mode on the\n"
    "ARM926EJ-S instruction-set simulator, as qemu-arm does, with the i.MX21's MMU and\n"
    "caches on. Linux system calls are emulated: host files are readable (never written),\n"
    "stdin/stdout/stderr are passed through, time is simulated time, random bytes come from\n"
    "the seeded generator; an unknown call answers -ENOSYS and is counted in --stats. The\n"
    "program gets rtvsim's environment (use `env -i` for an empty one). rtvsim exits with\n"
    "the program's exit status, or 128 + N when signal N ended it (141: a write to a closed\n"
    "pipe, 139: a segmentation fault, 132: an undefined instruction).\n"
    "\n"
    "Options (before ELF; everything after ELF goes to the program):\n"
    "  --stats FILE        write JSON statistics: instructions, cycles, cpi, simulated and\n"
    "                      host seconds, mips, cache/TLB/interlock counters, system calls\n"
    "                      and the unimplemented ones\n"
    "  --cpu-clock FREQ    core clock, e.g. 266MHz (default; 1MHz..1GHz): simulated time\n"
    "  --memory SIZE       SDRAM size, e.g. 64MiB (default; 16MiB..256MiB)\n"
    "  --seed N            seed of getrandom and AT_RANDOM (default 1)\n"
    "  --no-caches         run with the I and D caches off (SCTLR.I/C clear)\n"
    "  --no-fast-paths     ISS without its fast paths (same results and cycles, slower)\n"
    "  --trace-regs FILE   registers after every instruction, in QEMU's -d cpu format\n"
    "  -0 NAME             argv[0] for the program (default: ELF as given)\n"
    "  --bare-metal        no Linux: the ELF's segments at their physical addresses in SDRAM\n"
    "                      (0xC0000000...), the core in SVC mode out of reset (MMU and caches\n"
    "                      off, IRQ/FIQ masked) at the entry; ends at the first trap from User\n"
    "                      mode (SWI: status r0)\n"
    "  --gdb PORT          wait for gdb-multiarch on 127.0.0.1:PORT (0: a free port, printed\n"
    "                      on stderr) and stop before the first instruction (docs/debugging.md)\n"
    "  -h, --help          show this help\n"
    "\n"
    "Exit status of rtvsim itself: 2 bad command line, 1 the program could not be loaded.\n"
    "See docs/models/arm926_iss.md (section `rtvsim exec`) for the system-call list.\n";

template <typename T>
T need(parse_result<T> r, const std::string& option) {
    if (!r) throw exec_usage_error(option + ": " + r.error);
    return *r.value;
}

}  // namespace

const char* exec_help_text() { return help; }

exec_options parse_exec_options(const std::vector<std::string>& argv) {
    exec_options o;
    std::size_t i = 0;
    const auto value = [&](const std::string& opt) -> std::string {
        if (i + 1 >= argv.size()) throw exec_usage_error(opt + " needs a value");
        return argv[++i];
    };
    for (; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--") {
            ++i;
            break;
        }
        if (a.empty() || a[0] != '-') break;
        if (a == "-h" || a == "--help") {
            o.help = true;
            return o;
        } else if (a == "--stats") {
            o.stats_file = value(a);
        } else if (a == "--trace-regs") {
            o.trace_regs_file = value(a);
        } else if (a == "--cpu-clock") {
            o.cpu_hz = need(parse_frequency_hz(value(a)), a);
            if (o.cpu_hz < cpu_hz_min || o.cpu_hz > cpu_hz_max) throw exec_usage_error(a + ": must be between 1MHz and 1GHz");
        } else if (a == "--memory") {
            o.memory_bytes = need(parse_size_bytes(value(a)), a);
            if (o.memory_bytes < memory_min || o.memory_bytes > memory_max || o.memory_bytes % (1u << 20))
                throw exec_usage_error(a + ": must be whole MiB between 16MiB and 256MiB");
        } else if (a == "--seed") {
            o.seed = need(parse_unsigned(value(a)), a);
        } else if (a == "--no-caches") {
            o.caches = false;
        } else if (a == "--no-fast-paths") {
            o.fast_paths = false;
        } else if (a == "--bare-metal") {
            o.bare_metal = true;
        } else if (a == "--gdb") {
            const std::uint64_t port = need(parse_unsigned(value(a)), a);
            if (port > 65535) throw exec_usage_error(a + ": a TCP port is at most 65535");
            o.gdb_port = static_cast<std::uint16_t>(port);
        } else if (a == "-0") {
            o.argv0 = value(a);
        } else {
            throw exec_usage_error("unknown option " + a);
        }
    }
    if (i >= argv.size()) throw exec_usage_error("no program given");
    o.program = argv[i++];
    o.args.assign(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end());
    if (o.argv0.empty()) o.argv0 = o.program;
    return o;
}

}  // namespace rtv::app::exec
