// SPDX-License-Identifier: Apache-2.0
#include "sim/debug/debug_target.hpp"

#include <vector>

namespace rtv::debug {

namespace {

constexpr std::uint32_t fixed_cpsr_bits = cpu::cpsr_mode_mask | cpu::cpsr_t;

}  // namespace

bool debug_target::read_register(unsigned n, std::uint32_t& value) const {
    if (n <= reg_pc) {
        value = m_saved ? m_saved->r[n] : m_core.state().reg(n);
        return true;
    }
    if (n == reg_cpsr) {
        value = m_saved ? m_saved->cpsr : m_core.state().cpsr();
        return true;
    }
    return false;
}

bool debug_target::write_register(unsigned n, std::uint32_t value) {
    if (n <= reg_pc) {
        (m_saved ? m_saved->r[n] : m_core.state().reg(n)) = value;
        return true;
    }
    if (n != reg_cpsr) return false;
    std::uint32_t& cpsr = m_saved ? m_saved->cpsr : m_core.state().raw_cpsr();
    if ((value & fixed_cpsr_bits) != (cpsr & fixed_cpsr_bits)) return false;
    cpsr = value;
    return true;
}

std::uint32_t debug_target::pc() const {
    std::uint32_t v = 0;
    read_register(reg_pc, v);
    return v;
}

bool debug_target::read_memory(std::uint32_t va, std::uint8_t* data, std::uint32_t len) {
    return m_core.debug_access_virtual(va, data, len, false);
}

bool debug_target::write_memory(std::uint32_t va, const std::uint8_t* data, std::uint32_t len) {
    std::vector<std::uint8_t> copy(data, data + len);  // the core's interface takes a mutable buffer
    return m_core.debug_access_virtual(va, copy.data(), len, true);
}

}  // namespace rtv::debug
