// Base of every guest kernel model: the native engine's execution context of one vcpu.
// Guests reach the hypervisor only through hypercall steps (SWI) and, later, shared memory,
// exactly as a para-virtualised kernel does.
#pragma once

#include <string>

#include "sim/cpu/execution_context.hpp"

namespace rtv::rtos {

class guest : public cpu::execution_context {
public:
    guest(std::string name, int account) : m_name(std::move(name)), m_account(account) {}
    int account_id() const override { return m_account; }
    const std::string& name() const { return m_name; }

private:
    std::string m_name;
    int m_account;
};

}  // namespace rtv::rtos
