// SPDX-License-Identifier: Apache-2.0
// The native engine's view of guest software: something that hands the core work items.
// A guest kernel implements this once per vcpu; the hypervisor tells the core which
// context runs (system_software::current_context).
#pragma once

#include <cstdint>

#include "sim/cpu/arm_user_registers.hpp"
#include "sim/cpu/work_item.hpp"

namespace rtv::cpu {

// Where a native guest's code lives: `bytes` of instructions from guest virtual address
// `base`. The native engine fetches them through the I-cache whenever the context runs
// after the I-cache lost them (Xen-ARM invalidates it on every switch to a guest), so the
// guest pays the refill it pays on the real board. 0 bytes: code fetches are not modelled.
struct code_footprint {
    std::uint32_t base = 0;
    std::uint32_t bytes = 0;
};

class execution_context {
public:
    virtual ~execution_context() = default;

    // The guest's code footprint (native engine only; none by default).
    virtual code_footprint code() const { return {}; }

    // The item to run now: the guest chooses (a new one, or one it was interrupted in).
    virtual work_item& next_work() = 0;
    // Every step of the item has run.
    virtual void item_completed(work_item& item) = 0;
    // An exception cut the item short; its position and remaining cycles are kept in it.
    virtual void item_interrupted(work_item& item) = 0;
    // The privileged software redirected this context to `address` (an entry the guest
    // registered: its upcall or fault vector). The native engine's program counter is a
    // token: 0 means "carry on", anything else is such an entry, handed over once.
    virtual void enter_at(std::uint32_t address) {}
    // Which account the context's user-mode cycles are charged to (a domain index >= 0).
    virtual int account_id() const = 0;

    // The ISS engine: a context that runs real ARM code returns true and keeps its registers
    // in arm_registers() while it does not own the core. Such a context's next_work() and
    // item_* are never called.
    virtual bool runs_arm_code() const { return false; }
    virtual arm_user_registers* arm_registers() { return nullptr; }
};

}  // namespace rtv::cpu
