// SPDX-License-Identifier: Apache-2.0
// The privileged software of `rtvsim exec`: a minimal Linux kernel for one process. At boot
// it turns on the MMU and caches over the process's page table, as Linux does before it
// enters user space; the process then runs in USR mode on the ISS, and every SWI it
// executes reaches trap() as a system call (EABI: `svc 0`, number in r7). A fault the
// process causes ends it as the signal Linux would send (SIGSEGV, SIGILL, SIGBUS), with the
// shell's 128 + signal exit status.
#pragma once

#include <cstdint>
#include <string>

#include "app/exec/address_space.hpp"
#include "app/exec/linux_syscalls.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/cpu/arm_user_registers.hpp"
#include "sim/cpu/execution_context.hpp"
#include "sim/cpu/system_software.hpp"

namespace rtv::app::exec {

// The one user context: ARM code, its registers held here while it does not own the core.
class arm_process_context final : public cpu::execution_context {
public:
    explicit arm_process_context(const cpu::arm_user_registers& start) : m_regs(start) {}
    bool runs_arm_code() const override { return true; }
    cpu::arm_user_registers* arm_registers() override { return &m_regs; }
    int account_id() const override { return 0; }
    // The native engine's interface: never used for an ARM context.
    cpu::work_item& next_work() override;
    void item_completed(cpu::work_item&) override {}
    void item_interrupted(cpu::work_item&) override {}

private:
    cpu::arm_user_registers m_regs;
};

class linux_process final : public cpu::system_software {
public:
    struct settings {
        bool caches = true;  // false: SCTLR.C and .I stay clear (every access pays memory latency)
    };

    linux_process(address_space& as, linux_syscalls& calls, const cpu::arm_user_registers& start, settings s);

    void boot(cpu::arm926_core& core) override;
    void irq(cpu::arm926_core& core) override;
    std::uint32_t trap(cpu::arm926_core& core, const cpu::trap_record& t) override;
    cpu::execution_context* current_context() override;

    // How the process ended (`ended` false if the simulation stopped otherwise).
    const process_end& end() const;

private:
    void fault(const std::string& what, int signal, cpu::arm926_core& core, const cpu::trap_record& t);

    address_space& m_as;
    linux_syscalls& m_calls;
    arm_process_context m_context;
    settings m_settings;
    process_end m_fault_end;
};

}  // namespace rtv::app::exec
