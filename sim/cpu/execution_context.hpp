// The native engine's view of guest software: something that hands the core work items.
// A guest kernel implements this once per vcpu; the hypervisor tells the core which
// context runs (system_software::current_context).
#pragma once

#include "sim/cpu/arm_user_registers.hpp"
#include "sim/cpu/work_item.hpp"

namespace rtv::cpu {

class execution_context {
public:
    virtual ~execution_context() = default;

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
