// SPDX-License-Identifier: Apache-2.0
// Stands between the core and its privileged software when a debugger is attached: passes
// every call through unchanged and tells the stub whenever the core is about to run an ARM
// context (current_context()), which no instruction observer can see: the debuggee's first
// instruction, and where it resumes after an exception or a switch.
#pragma once

#include "sim/cpu/system_software.hpp"
#include "sim/debug/gdb_stub.hpp"

namespace rtv::debug {

class debug_gate final : public cpu::system_software {
public:
    debug_gate(cpu::system_software& inner, gdb_stub& stub) : m_inner(inner), m_stub(stub) {}

    void boot(cpu::arm926_core& core) override { m_inner.boot(core); }
    void irq(cpu::arm926_core& core) override { m_inner.irq(core); }
    void fiq(cpu::arm926_core& core) override { m_inner.fiq(core); }
    std::uint32_t trap(cpu::arm926_core& core, const cpu::trap_record& t) override { return m_inner.trap(core, t); }
    cpu::execution_context* current_context() override;

private:
    cpu::system_software& m_inner;
    gdb_stub& m_stub;
};

}  // namespace rtv::debug
