// SPDX-License-Identifier: Apache-2.0
#include "app/exec/bare_metal.hpp"

#include <stdexcept>

#include <systemc>

namespace rtv::app::exec {

namespace {
constexpr std::uint32_t reset_cpsr = 0xD3;  // SVC mode, IRQ and FIQ masked, ARM (ARM DDI 0100I A2.6.1)
}

bare_metal_software::bare_metal_software(std::uint32_t entry) {
    m_regs.r[15] = entry & ~1u;
    m_regs.cpsr = reset_cpsr | ((entry & 1u) ? cpu::cpsr_t : 0u);
}

void bare_metal_software::irq(cpu::arm926_core&) {
    // Nothing in the bare-metal harness raises interrupts.
    throw std::logic_error("rtvsim exec --bare-metal: unexpected IRQ");
}

std::uint32_t bare_metal_software::trap(cpu::arm926_core& core, const cpu::trap_record& t) {
    // Signal numbers of the Linux ABI, so the statuses read as in the user-mode runs.
    const int status = t.kind == cpu::trap_kind::swi       ? static_cast<int>(core.state().reg(0) & 0xFF)
                       : t.kind == cpu::trap_kind::undefined ? 128 + 4
                                                             : 128 + 11;
    m_end = process_end{true, status, t.kind == cpu::trap_kind::swi ? "" : "trap from User mode"};
    sc_core::sc_stop();
    return core.state().reg(0);
}

}  // namespace rtv::app::exec
