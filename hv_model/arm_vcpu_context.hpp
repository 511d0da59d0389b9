// SPDX-License-Identifier: Apache-2.0
// The execution context of a vcpu whose guest is a binary image: real ARM code on the ISS.
// Its registers live here while another context owns the core (the core loads and saves them
// in switch_arm_context); the native engine's work-item interface is never used.
#pragma once

#include <stdexcept>

#include "sim/cpu/execution_context.hpp"

namespace rtv::hv {

class arm_vcpu_context final : public cpu::execution_context {
public:
    explicit arm_vcpu_context(int account) : m_account(account) {}

    cpu::work_item& next_work() override { throw std::logic_error("an ARM vcpu context has no work items"); }
    void item_completed(cpu::work_item&) override { throw std::logic_error("an ARM vcpu context has no work items"); }
    void item_interrupted(cpu::work_item&) override { throw std::logic_error("an ARM vcpu context has no work items"); }
    int account_id() const override { return m_account; }
    bool runs_arm_code() const override { return true; }
    cpu::arm_user_registers* arm_registers() override { return &m_regs; }
    const cpu::arm_user_registers& registers() const { return m_regs; }

private:
    int m_account;
    cpu::arm_user_registers m_regs;
};

}  // namespace rtv::hv
