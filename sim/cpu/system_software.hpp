// SPDX-License-Identifier: Apache-2.0
// The privileged software the core runs: its exception handlers and its idea of what runs
// in user mode. The hypervisor model implements it; sim/cpu knows nothing of Xen.
#pragma once

#include <cstdint>

#include "sim/cpu/execution_context.hpp"
#include "sim/cpu/trap.hpp"

namespace rtv::cpu {

class arm926_core;

class system_software {
public:
    virtual ~system_software() = default;

    // Runs once from reset, in SVC mode with interrupts masked.
    virtual void boot(arm926_core& core) = 0;
    // IRQ exception: runs to completion with IRQs masked (docs/architecture.md), including the
    // return-to-user path (softirqs, scheduling).
    virtual void irq(arm926_core& core) = 0;
    // FIQ exception; unused by Xen-ARM.
    virtual void fiq(arm926_core& core) {}
    // SWI, aborts, undefined instructions. Returns the value left in r0.
    virtual std::uint32_t trap(arm926_core& core, const trap_record& t) = 0;
    // The user-mode context to run now, or nullptr to wait for an interrupt (idle loop).
    virtual execution_context* current_context() = 0;
};

}  // namespace rtv::cpu
