// SPDX-License-Identifier: Apache-2.0
// Base of every guest kernel model: the native engine's execution context of one vcpu.
// Guests reach the hypervisor only through hypercall steps (SWI) and memory they share with
// it, exactly as a para-virtualised kernel does.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/clock.hpp"
#include "sim/cpu/execution_context.hpp"
#include "sim/cpu/work_item.hpp"

namespace rtv::rtos {

// A deliberate access outside the guest's own memory, for isolation experiments: made once,
// the first time the guest runs at or after `at` (true simulated time).
struct rogue_spec {
    bool enabled = false;
    core::picoseconds at = 0;
    std::uint32_t address = 0;
    bool write = true;
};

class guest : public cpu::execution_context {
public:
    guest(std::string name, int account) : m_name(std::move(name)), m_account(account) {}
    int account_id() const override { return m_account; }
    const std::string& name() const { return m_name; }

    void set_rogue(const rogue_spec& r) { m_rogue = r; }
    // The guest's code: where its instructions lie, fetched through the I-cache by the core.
    void set_code(cpu::code_footprint c) { m_code = c; }
    cpu::code_footprint code() const override { return m_code; }
    bool rogue_done() const { return m_rogue_done; }

protected:
    // The rogue access's item when it is due (the caller returns it from next_work), else null.
    cpu::work_item* rogue_item();
    bool is_rogue(const cpu::work_item& item) const { return &item == &m_rogue_item; }

private:
    std::string m_name;
    int m_account;
    rogue_spec m_rogue;
    bool m_rogue_done = false;
    cpu::work_item m_rogue_item;
    cpu::code_footprint m_code;
};

}  // namespace rtv::rtos
