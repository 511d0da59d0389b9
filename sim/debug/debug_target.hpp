// SPDX-License-Identifier: Apache-2.0
// What the debugger reads and writes while the target is halted: the halted context's
// registers (in the core's arm_state when it owns the core, else its saved
// arm_user_registers) and memory by virtual address through the current page table, with
// debug accesses that cost nothing and change no cache, TLB or statistic.
#pragma once

#include <cstdint>

#include "sim/cpu/arm926_core.hpp"
#include "sim/cpu/arm_user_registers.hpp"

namespace rtv::debug {

// GDB's register numbers for the ARM core feature (org.gnu.gdb.arm.core): r0-r15, then the
// CPSR at 25 (16-24 were the FPA registers).
inline constexpr unsigned reg_pc = 15;
inline constexpr unsigned reg_cpsr = 25;

class debug_target {
public:
    explicit debug_target(cpu::arm926_core& core) : m_core(core) {}

    // Where the halted context's registers are: nullptr = the core's arm_state (the current
    // mode's view; for a guest in USR mode its User-mode registers).
    void set_saved_registers(cpu::arm_user_registers* saved) { m_saved = saved; }

    // `n` is a GDB register number (0-15 or reg_cpsr); false if there is no such register.
    bool read_register(unsigned n, std::uint32_t& value) const;
    // The CPSR's mode and T bits cannot be changed (the ISS keeps its decode state by them):
    // false then.
    bool write_register(unsigned n, std::uint32_t value);
    std::uint32_t pc() const;

    bool read_memory(std::uint32_t va, std::uint8_t* data, std::uint32_t len);
    bool write_memory(std::uint32_t va, const std::uint8_t* data, std::uint32_t len);

    cpu::arm926_core& core() { return m_core; }

private:
    cpu::arm926_core& m_core;
    cpu::arm_user_registers* m_saved = nullptr;
};

}  // namespace rtv::debug
