// SPDX-License-Identifier: Apache-2.0
#include "app/exec/linux_process.hpp"

#include <iostream>
#include <sstream>
#include <stdexcept>

#include <systemc>

#include "sim/cpu/cp15.hpp"
#include "sim/mmu/descriptors.hpp"

namespace rtv::app::exec {

namespace {

// Signal numbers of ARM Linux (arch/arm/include/uapi/asm/signal.h).
constexpr int sigill = 4, sigbus = 7, sigsegv = 11;

std::string hex(std::uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}

}  // namespace

cpu::work_item& arm_process_context::next_work() {
    throw std::logic_error("rtvsim exec: the native engine asked an ARM context for work items");
}

linux_process::linux_process(address_space& as, linux_syscalls& calls, const cpu::arm_user_registers& start, settings s)
    : m_as(as), m_calls(calls), m_context(start), m_settings(s) {}

void linux_process::boot(cpu::arm926_core& core) {
    // As the kernel's early set-up: translation table base, domain 0 as client (the page
    // table's AP bits decide), FCSE off, TLB and caches clean, then MMU and caches on.
    // Alignment checking stays off: ARMv5 rotates unaligned word loads (ARM DDI 0100I A2.8).
    core.cp15_write(cpu::cp15_ops::invalidate_tlb, 0);
    core.cp15_write(cpu::cp15_ops::invalidate_caches, 0);
    core.cp15_write(cpu::cp15_ops::ttb, m_as.ttb());
    core.cp15_write(cpu::cp15_ops::dacr, mmu::dacr_client);
    core.cp15_write(cpu::cp15_ops::fcse_pid, 0);
    std::uint32_t control = core.cp15_read(cpu::cp15_ops::control) | cpu::sctlr::m;
    if (m_settings.caches) control |= cpu::sctlr::c | cpu::sctlr::i;
    core.cp15_write(cpu::cp15_ops::control, control);
    m_as.set_tlb_invalidate([&core](std::uint32_t va) { core.cp15_write(cpu::cp15_ops::invalidate_tlb_entry, va); });
    m_as.set_write_notify([&core](std::uint32_t pa, std::uint32_t len) { core.invalidate_decoded(pa, len); });
}

void linux_process::irq(cpu::arm926_core&) {
    // No interrupt source is enabled in rtvsim exec; an IRQ here is a model error.
    throw std::logic_error("rtvsim exec: unexpected IRQ");
}

std::uint32_t linux_process::trap(cpu::arm926_core& core, const cpu::trap_record& t) {
    cpu::arm_state& s = core.state();
    switch (t.kind) {
    case cpu::trap_kind::swi: {
        // EABI: the number is in r7 whatever the SWI's immediate says (an EABI-only kernel).
        std::array<std::uint32_t, 7> args{};
        for (unsigned i = 0; i < 7; ++i) args[i] = s.reg(i);
        const std::uint32_t r0 = m_calls.call(s.reg(7), args);
        if (m_calls.end().ended) sc_core::sc_stop();
        return r0;
    }
    case cpu::trap_kind::data_abort:
        // Alignment faults (FSR status 0b0001 or 0b0011) are SIGBUS, others SIGSEGV.
        fault("data abort at " + hex(t.fault_address) + " (FSR " + hex(t.fault_status) + ")",
              (t.fault_status & 0xD) == 0x1 ? sigbus : sigsegv, core, t);
        break;
    case cpu::trap_kind::prefetch_abort: fault("prefetch abort", sigsegv, core, t); break;
    case cpu::trap_kind::undefined: fault("undefined instruction", sigill, core, t); break;
    }
    return s.reg(0);
}

void linux_process::fault(const std::string& what, int signal, cpu::arm926_core& core, const cpu::trap_record& t) {
    // return_pc is the exception's LR (ARM DDI 0100I A2.6): the faulting instruction + 8 for a
    // data abort, + 4 for a prefetch abort, the next instruction for an undefined one.
    const bool thumb = (core.exception_spsr() & cpu::cpsr_t) != 0;
    const std::uint32_t back = t.kind == cpu::trap_kind::data_abort       ? 8
                               : t.kind == cpu::trap_kind::prefetch_abort ? 4
                               : thumb                                    ? 2
                                                                          : 4;
    std::cerr << "rtvsim exec: " << what << " at pc " << hex(t.return_pc - back) << (thumb ? " (Thumb)" : "")
              << ": the process ends with signal " << signal << "\n";
    m_fault_end = process_end{true, 128 + signal, "signal " + std::to_string(signal)};
    sc_core::sc_stop();
}

cpu::execution_context* linux_process::current_context() {
    return end().ended ? nullptr : &m_context;
}

const process_end& linux_process::end() const { return m_fault_end.ended ? m_fault_end : m_calls.end(); }

}  // namespace rtv::app::exec
