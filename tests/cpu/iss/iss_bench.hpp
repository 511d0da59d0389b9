// SPDX-License-Identifier: Apache-2.0
// A test bench for the ISS: an i.MX21 SoC and its ARM926EJ-S core running one bare-metal
// program (assembled at build time from tests/cpu/iss/*.S, linked at virtual address 0).
//
// Memory layout, set up by the bench's "boot" (privileged software) before the program runs:
//  - the program at PA 0xC0000000, mapped at VA 0 by a 1 MiB section (vectors at VA 0);
//  - a data section VA 0x00100000 -> PA 0xC0200000;
//  - SDRAM identity-mapped (0xC0000000-0xC3FFFFFF), the peripherals identity-mapped uncached;
//  - the level-1 table at PA 0xC0100000; domain 0 client, AP = 11 (full access) everywhere.
// The program ends with `swi 0` from User mode (or an abort from User mode); every other trap
// from User mode is recorded (with the core's cycle at the trap) and returns with r0 unchanged.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <systemc>

#include "sim/core/irq_line.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/cpu/iss/engine.hpp"
#include "sim/imx21_periph/imx21_soc.hpp"

namespace rtv::test {

inline constexpr std::uint32_t program_pa = 0xC000'0000;
inline constexpr std::uint32_t data_va = 0x0010'0000;
inline constexpr std::uint32_t data_pa = 0xC020'0000;
inline constexpr std::uint32_t l1_table_pa = 0xC010'0000;

struct arm_program : cpu::execution_context {
    cpu::arm_user_registers regs;
    cpu::work_item unused;
    cpu::work_item& next_work() override { return unused; }
    void item_completed(cpu::work_item&) override {}
    void item_interrupted(cpu::work_item&) override {}
    int account_id() const override { return 0; }
    bool runs_arm_code() const override { return true; }
    cpu::arm_user_registers* arm_registers() override { return &regs; }
};

struct bench_options {
    bool mmu = true;
    bool caches = true;
    bool alignment_check = false;
    bool high_vectors = false;
    bool fast_paths = true;
    std::uint32_t cpsr = 0x10;  // start mode: USR
    std::uint32_t entry = 0x20; // after the vector table
    bool test_irq = false;      // nIRQ comes from iss_bench::irq (driven by the test), not the AITC
};

struct trap_event {
    cpu::trap_record record;
    std::uint64_t cycle;
};

struct bench_software : cpu::system_software {
    arm_program program;
    bool done = false;
    std::vector<trap_event> traps;
    std::function<void(cpu::arm926_core&)> on_boot;
    std::function<void(cpu::arm926_core&)> on_irq;
    std::function<void(cpu::arm926_core&, const cpu::trap_record&)> on_trap;
    std::uint64_t irqs = 0;

    void boot(cpu::arm926_core& c) override {
        if (on_boot) on_boot(c);
    }
    void irq(cpu::arm926_core& c) override {
        ++irqs;
        if (on_irq) on_irq(c);
    }
    std::uint32_t trap(cpu::arm926_core& c, const cpu::trap_record& t) override {
        traps.push_back({t, c.cycle()});
        if (on_trap) on_trap(c, t);
        // swi 0 ends the program; so does an abort (returning would re-execute the access).
        const bool abort = t.kind == cpu::trap_kind::data_abort || t.kind == cpu::trap_kind::prefetch_abort;
        if (abort || (t.kind == cpu::trap_kind::swi && t.swi_number == 0)) done = true;
        return c.state().reg(0);
    }
    cpu::execution_context* current = nullptr;  // the context to run (default: `program`)
    cpu::execution_context* current_context() override {
        if (done) return nullptr;
        return current ? current : &program;
    }
};

class iss_bench {
public:
    iss_bench(const std::string& name, const std::uint8_t* image, std::size_t size, bench_options o = {})
        : m_soc((name + "_soc").c_str()), m_cpu((name + "_cpu").c_str(), 266'000'000), m_opt(o) {
        m_cpu.bus.bind(m_soc.in);
        m_cpu.bind_irq(o.test_irq ? irq : m_soc.aitc().irq_out);
        m_cpu.attach(sw);
        m_cpu.set_iss_fast_paths(o.fast_paths);
        std::memcpy(m_soc.sdram().data(), image, size);
        sw.program.regs.cpsr = o.cpsr;
        sw.program.regs.r[15] = o.entry;
        sw.on_boot = [this](cpu::arm926_core& c) { boot(c); };
    }

    cpu::arm926_core& cpu() { return m_cpu; }
    imx21::imx21_soc& soc() { return m_soc; }
    const cpu::arm_user_registers& regs() const { return sw.program.regs; }
    std::uint32_t reg(unsigned n) const { return sw.program.regs.r[n]; }
    std::uint32_t read_data(std::uint32_t offset) {
        std::uint32_t v;
        std::memcpy(&v, m_soc.sdram().data() + (data_pa - program_pa) + offset, 4);
        return v;
    }
    // Cycles between the i-th and (i+1)-th recorded traps.
    std::uint64_t cycles_between(std::size_t i) const { return sw.traps.at(i + 1).cycle - sw.traps.at(i).cycle; }

    bench_software sw;
    core::irq_line irq{"test_irq"};

private:
    void section(std::uint32_t va, std::uint32_t pa, bool cached) {
        // Section descriptor: base, AP = 11 [11:10], domain 0, bit 4, C [3], B [2], type 10 (ARM DDI 0100I B4.4.1).
        const std::uint32_t d = (pa & 0xFFF0'0000u) | (3u << 10) | (1u << 4) | (cached ? 0xCu : 0u) | 2u;
        std::memcpy(m_soc.sdram().data() + (l1_table_pa - program_pa) + (va >> 20) * 4, &d, 4);
    }
    void boot(cpu::arm926_core& c) {
        namespace ops = cpu::cp15_ops;
        section(0, program_pa, true);
        section(data_va, data_pa, true);
        for (std::uint32_t mb = 0; mb < 64; ++mb) section(program_pa + (mb << 20), program_pa + (mb << 20), true);
        section(0x1000'0000, 0x1000'0000, false);
        section(0xFFF0'0000, 0xFFF0'0000, false);
        c.cp15_write(ops::ttb, l1_table_pa);
        c.cp15_write(ops::dacr, 0x5555'5555u);  // every domain client
        std::uint32_t sctlr = c.coprocessor().regs().sctlr;
        if (m_opt.mmu) sctlr |= cpu::sctlr::m;
        if (m_opt.caches) sctlr |= cpu::sctlr::c | cpu::sctlr::i;
        if (m_opt.alignment_check) sctlr |= cpu::sctlr::a;
        if (m_opt.high_vectors) sctlr |= cpu::sctlr::v;
        c.cp15_write(ops::control, sctlr);
    }

    imx21::imx21_soc m_soc;
    cpu::arm926_core m_cpu;
    bench_options m_opt;
};

inline void run_for_ms(std::uint64_t ms) { sc_core::sc_start(core::to_sc_time(ms * 1'000'000'000ULL)); }

}  // namespace rtv::test
