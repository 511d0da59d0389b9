// SPDX-License-Identifier: Apache-2.0
// `rtvsim exec --bare-metal ELF`: a raw program on the core as on a board straight out of
// reset: its segments at their physical addresses in SDRAM (0xC0000000 on the i.MX21), the
// core in SVC mode with IRQ and FIQ masked, MMU and caches off, PC at the entry. Everything
// it does runs on the ISS, exceptions through its own vector table. It ends when it traps
// from User mode (SWI: status r0; an abort or undefined instruction: 128 + signal), as the
// privileged directed tests do to stop (tests/iss_programs/privileged/).
#pragma once

#include <cstdint>

#include "app/exec/linux_syscalls.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/cpu/arm_user_registers.hpp"
#include "sim/cpu/execution_context.hpp"
#include "sim/cpu/system_software.hpp"
#include "sim/cpu/work_item.hpp"

namespace rtv::app::exec {

class bare_metal_software final : public cpu::system_software, private cpu::execution_context {
public:
    explicit bare_metal_software(std::uint32_t entry);

    void boot(cpu::arm926_core&) override {}
    void irq(cpu::arm926_core& core) override;
    std::uint32_t trap(cpu::arm926_core& core, const cpu::trap_record& t) override;
    cpu::execution_context* current_context() override { return m_end.ended ? nullptr : this; }
    const process_end& end() const { return m_end; }

private:
    bool runs_arm_code() const override { return true; }
    cpu::arm_user_registers* arm_registers() override { return &m_regs; }
    int account_id() const override { return 0; }
    cpu::work_item& next_work() override { return m_unused; }
    void item_completed(cpu::work_item&) override {}
    void item_interrupted(cpu::work_item&) override {}

    cpu::arm_user_registers m_regs;
    cpu::work_item m_unused;
    process_end m_end;
};

}  // namespace rtv::app::exec
