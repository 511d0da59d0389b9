// SPDX-License-Identifier: Apache-2.0
#include "app/exec/exec_command.hpp"

#include <chrono>
#include <cstring>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>
#include <systemc>
#include <unistd.h>

#include "app/exec/address_space.hpp"
#include "app/exec/bare_metal.hpp"
#include "app/exec/exec_options.hpp"
#include "app/exec/linux_process.hpp"
#include "app/exec/linux_syscalls.hpp"
#include "app/exec/process_image.hpp"
#include "app/exec/register_trace.hpp"
#include "sim/core/elf_file.hpp"
#include "sim/core/rng.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/cpu/cpu_costs.hpp"
#include "sim/cpu/iss/engine.hpp"
#include "sim/debug/debug_gate.hpp"
#include "sim/debug/gdb_stub.hpp"
#include "sim/debug/rsp_connection.hpp"
#include "sim/imx21_periph/imx21_soc.hpp"

extern char** environ;

namespace rtv::app::exec {

namespace {

nlohmann::json statistics(const cpu::arm926_core& core, const linux_syscalls* calls, const process_end& end,
                          double host_seconds, const exec_options& o) {
    const auto& s = core.iss_stats();
    nlohmann::json j;
    j["program"] = o.program;
    j["exit_status"] = end.status;
    if (!end.reason.empty()) j["ended_by"] = end.reason;
    j["cpu_hz"] = o.cpu_hz;
    j["caches"] = o.caches;
    j["fast_paths"] = o.fast_paths;
    j["instructions"] = s.instructions;
    j["cycles"] = core.cycle();
    j["cpi"] = s.instructions ? static_cast<double>(core.cycle()) / static_cast<double>(s.instructions) : 0.0;
    j["simulated_seconds"] = static_cast<double>(core.local_time()) * 1e-12;
    j["host_seconds"] = host_seconds;
    j["mips"] = host_seconds > 0 ? static_cast<double>(s.instructions) / host_seconds * 1e-6 : 0.0;
    j["icache_hits"] = s.icache_hits;
    j["icache_misses"] = s.icache_misses;
    j["dcache_hits"] = s.dcache_hits;
    j["dcache_misses"] = s.dcache_misses;
    j["tlb_hits"] = s.tlb_hits;
    j["tlb_misses"] = s.tlb_misses;
    j["interlock_cycles"] = s.interlock_cycles;
    j["exceptions"] = s.exceptions;
    if (!calls) return j;  // --bare-metal: no system calls
    j["syscalls"] = calls->stats().calls;
    nlohmann::json unimplemented = nlohmann::json::object();
    for (const auto& [nr, n] : calls->stats().unimplemented) {
        const std::string name = linux_syscalls::name_of(nr);
        unimplemented[std::to_string(nr) + (name.empty() ? "" : " " + name)] = n;
    }
    j["unimplemented_syscalls"] = unimplemented;
    return j;
}

// --bare-metal: every PT_LOAD segment at its physical address, which must lie in SDRAM.
bool load_physical(const core::elf_file& elf, imx21::imx21_soc& soc, const exec_options& o) {
    const std::uint64_t base = imx21::sdram_base, size = o.memory_bytes;
    for (const core::elf_segment& s : elf.segments) {
        if (s.paddr < base || std::uint64_t{s.paddr} + s.mem_size > base + size) {
            std::cerr << "rtvsim exec: " << o.program << ": a segment at physical 0x" << std::hex << s.paddr << std::dec
                      << " lies outside SDRAM (0xC0000000, " << (size >> 20) << " MiB)\n";
            return false;
        }
        std::memcpy(soc.sdram().data() + (s.paddr - base), s.bytes.data(), s.file_size);
    }
    return true;
}

int run(const exec_options& o) {
    core::elf_file elf;
    try {
        elf = core::elf_file::load(o.program, o.bare_metal);
    } catch (const core::elf_error& e) {
        std::cerr << "rtvsim exec: " << e.what() << "\n";
        return 1;
    }

    imx21::soc_config soc_cfg;
    soc_cfg.sdram_size = o.memory_bytes;
    imx21::imx21_soc soc("soc", soc_cfg);
    cpu::arm926_core core("cpu", o.cpu_hz);
    core.set_memory_word_cycles(cpu::cpu_costs{}.memory_access);
    core.bus.bind(soc.in);
    core.bind_irq(soc.aitc().irq_out);
    core.bind_fiq(soc.aitc().fiq_out);
    core.set_iss_fast_paths(o.fast_paths);

    std::unique_ptr<address_space> as;
    std::unique_ptr<linux_syscalls> calls;
    std::unique_ptr<linux_process> process;
    std::unique_ptr<bare_metal_software> bare;
    if (o.bare_metal) {
        if (!load_physical(elf, soc, o)) return 1;
        // Out of reset the MMU is off: the entry's load address is where execution starts.
        bare = std::make_unique<bare_metal_software>(elf.physical_entry());
        core.attach(*bare);
    } else {
        as = std::make_unique<address_space>(soc.sdram().data(), static_cast<std::uint32_t>(imx21::sdram_base),
                                             static_cast<std::uint32_t>(o.memory_bytes));
        const process_identity id{static_cast<std::uint32_t>(::getuid()), static_cast<std::uint32_t>(::geteuid()),
                                  static_cast<std::uint32_t>(::getgid()), static_cast<std::uint32_t>(::getegid())};
        std::vector<std::string> argv{o.argv0};
        argv.insert(argv.end(), o.args.begin(), o.args.end());
        std::vector<std::string> envp;
        // rtvsim's own SystemC banner switch (set in main.cpp) is not the program's.
        for (char** e = environ; e && *e; ++e)
            if (std::string(*e).rfind("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=", 0) != 0) envp.emplace_back(*e);
        core::rng auxv_random(o.seed, "exec.at_random");
        initial_process p;
        try {
            p = build_process(*as, elf, o.program, argv, envp, id, auxv_random);
        } catch (const image_error& e) {
            std::cerr << "rtvsim exec: " << e.what() << "\n";
            return 1;
        }
        kernel_services services;
        services.now_ps = [&core] { return core.local_time(); };
        services.flush_icache = [&core] { core.cp15_write(cpu::cp15_ops::invalidate_icache, 0); };
        services.cpu_hz = o.cpu_hz;
        services.memory_bytes = static_cast<std::uint32_t>(o.memory_bytes);
        calls = std::make_unique<linux_syscalls>(*as, p.brk, p.kuser_page_pa, o.program, id, o.seed, services);
        cpu::arm_user_registers start;
        start.r[13] = p.sp;
        start.r[15] = p.entry;
        start.cpsr = 0x10u | (p.thumb ? cpu::cpsr_t : 0u);  // USR mode, ARM or Thumb by the entry's bit 0
        process = std::make_unique<linux_process>(*as, *calls, start, linux_process::settings{o.caches});
        core.attach(*process);
    }

    cpu::instruction_observer_list observers;
    std::unique_ptr<register_trace> trace;
    if (!o.trace_regs_file.empty()) {
        try {
            trace = std::make_unique<register_trace>(o.trace_regs_file);
        } catch (const std::exception& e) {
            std::cerr << "rtvsim exec: " << e.what() << "\n";
            return 1;
        }
        observers.add(trace.get());
    }
    // --gdb: the stub debugs the one context (the process, or the bare-metal program).
    std::unique_ptr<debug::rsp_connection> gdb_connection;
    std::unique_ptr<debug::gdb_stub> gdb;
    std::unique_ptr<debug::debug_gate> gdb_gate;
    if (o.gdb_port) {
        try {
            gdb_connection = std::make_unique<debug::rsp_connection>(*o.gdb_port);
        } catch (const debug::rsp_error& e) {
            std::cerr << "rtvsim exec: --gdb: " << e.what() << "\n";
            return 1;
        }
        std::cerr << "gdb: listening on 127.0.0.1:" << gdb_connection->port() << std::endl;
        gdb = std::make_unique<debug::gdb_stub>(*gdb_connection, core, nullptr);
        gdb_gate = std::make_unique<debug::debug_gate>(
            bare ? static_cast<cpu::system_software&>(*bare) : static_cast<cpu::system_software&>(*process), *gdb);
        core.attach(*gdb_gate);
        observers.add(gdb.get());
    }
    if (!observers.empty()) core.set_instruction_observer(&observers);

    // A closed pipe must reach the program as EPIPE (then its SIGPIPE status), not kill rtvsim.
    std::signal(SIGPIPE, SIG_IGN);
    const auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    const double host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    trace.reset();

    process_end end = bare ? bare->end() : process->end();
    if (!end.ended) {
        std::cerr << "rtvsim exec: the simulation stopped before the program exited\n";
        end.status = 1;
    }
    if (gdb) gdb->finish(end.status);
    if (!o.stats_file.empty()) {
        std::ofstream out(o.stats_file);
        out << statistics(core, calls.get(), end, host_seconds, o).dump(2) << "\n";
        if (!out) {
            std::cerr << "rtvsim exec: cannot write " << o.stats_file << "\n";
            return 1;
        }
    }
    return end.status;
}

}  // namespace

int exec_main(const std::vector<std::string>& args) {
    exec_options o;
    try {
        o = parse_exec_options(args);
    } catch (const exec_usage_error& e) {
        std::cerr << "rtvsim exec: " << e.what() << "\n\n" << exec_help_text();
        return 2;
    }
    if (o.help) {
        std::cout << exec_help_text();
        return 0;
    }
    return run(o);
}

}  // namespace rtv::app::exec
