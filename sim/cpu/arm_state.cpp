// SPDX-License-Identifier: Apache-2.0
#include "sim/cpu/arm_state.hpp"

#include <stdexcept>

namespace rtv::cpu {

std::uint32_t vector_offset(exception e) {
    switch (e) {
    case exception::reset: return 0x00;
    case exception::undefined: return 0x04;
    case exception::swi: return 0x08;
    case exception::prefetch_abort: return 0x0C;
    case exception::data_abort: return 0x10;
    case exception::irq: return 0x18;
    case exception::fiq: return 0x1C;
    }
    return 0;
}

const char* mode_name(mode m) {
    switch (m) {
    case mode::usr: return "usr";
    case mode::fiq: return "fiq";
    case mode::irq: return "irq";
    case mode::svc: return "svc";
    case mode::abt: return "abt";
    case mode::und: return "und";
    case mode::sys: return "sys";
    }
    return "?";
}

namespace {
mode mode_for(exception e) {
    switch (e) {
    case exception::reset:
    case exception::swi: return mode::svc;
    case exception::undefined: return mode::und;
    case exception::prefetch_abort:
    case exception::data_abort: return mode::abt;
    case exception::irq: return mode::irq;
    case exception::fiq: return mode::fiq;
    }
    return mode::svc;
}
}  // namespace

// Reset state: SVC mode with IRQ and FIQ masked (ARM ARM v5, A2.6.1).
arm_state::arm_state() : m_cpsr(static_cast<std::uint32_t>(mode::svc) | cpsr_i | cpsr_f) {}

unsigned arm_state::bank_of(mode m) const {
    switch (m) {
    case mode::usr:
    case mode::sys: return 0;
    case mode::fiq: return 1;
    case mode::irq: return 2;
    case mode::svc: return 3;
    case mode::abt: return 4;
    case mode::und: return 5;
    }
    throw std::logic_error("invalid processor mode");
}

void arm_state::switch_bank(mode from, mode to) {
    const unsigned bf = bank_of(from), bt = bank_of(to);
    if (bf == bt) return;
    m_sp[bf] = m_r[13];
    m_lr[bf] = m_r[14];
    if (from == mode::fiq) {
        for (unsigned i = 0; i < 5; ++i) m_fiq_r8_12[i] = m_r[8 + i];
        for (unsigned i = 0; i < 5; ++i) m_r[8 + i] = m_usr_r8_12[i];
    } else if (to == mode::fiq) {
        for (unsigned i = 0; i < 5; ++i) m_usr_r8_12[i] = m_r[8 + i];
        for (unsigned i = 0; i < 5; ++i) m_r[8 + i] = m_fiq_r8_12[i];
    }
    m_r[13] = m_sp[bt];
    m_r[14] = m_lr[bt];
}

bool arm_state::valid_mode(std::uint32_t m) {
    switch (static_cast<mode>(m & cpsr_mode_mask)) {
    case mode::usr:
    case mode::fiq:
    case mode::irq:
    case mode::svc:
    case mode::abt:
    case mode::und:
    case mode::sys: return (m & ~cpsr_mode_mask) == 0;
    }
    return false;
}

std::uint32_t arm_state::user_reg(unsigned n) const {
    const mode m = current_mode();
    if (n < 8 || n == 15) return m_r.at(n);
    if (n < 13) return m == mode::fiq ? m_usr_r8_12[n - 8] : m_r[n];
    if (bank_of(m) == 0) return m_r.at(n);
    return n == 13 ? m_sp[0] : m_lr[0];
}

void arm_state::set_user_reg(unsigned n, std::uint32_t v) {
    const mode m = current_mode();
    if (n < 8 || n == 15) {
        m_r.at(n) = v;
    } else if (n < 13) {
        (m == mode::fiq ? m_usr_r8_12[n - 8] : m_r[n]) = v;
    } else if (bank_of(m) == 0) {
        m_r.at(n) = v;
    } else {
        (n == 13 ? m_sp[0] : m_lr[0]) = v;
    }
}

std::uint32_t& arm_state::reg(unsigned n) { return m_r.at(n); }
std::uint32_t arm_state::reg(unsigned n) const { return m_r.at(n); }

std::uint32_t arm_state::spsr() const {
    const unsigned b = bank_of(current_mode());
    if (b == 0) throw std::logic_error("SPSR read in a mode that has none");
    return m_spsr[b];
}

void arm_state::set_spsr(std::uint32_t v) {
    const unsigned b = bank_of(current_mode());
    if (b == 0) throw std::logic_error("SPSR write in a mode that has none");
    m_spsr[b] = v;
}

void arm_state::write_cpsr(std::uint32_t value) {
    const mode from = current_mode();
    const mode to = static_cast<mode>(value & cpsr_mode_mask);
    (void)bank_of(to);  // validates the mode
    switch_bank(from, to);
    m_cpsr = value;
}

void arm_state::enter(exception e, std::uint32_t return_address, std::uint32_t vector_base) {
    const std::uint32_t old = m_cpsr;
    const mode to = mode_for(e);
    std::uint32_t cpsr = (old & ~(cpsr_mode_mask | cpsr_t)) | static_cast<std::uint32_t>(to) | cpsr_i;
    if (e == exception::reset || e == exception::fiq) cpsr |= cpsr_f;
    write_cpsr(cpsr);
    m_spsr[bank_of(to)] = old;
    m_r[14] = return_address;
    m_r[15] = vector_base + vector_offset(e);
}

void arm_state::leave(std::uint32_t pc_adjust) {
    const std::uint32_t target = m_r[14] - pc_adjust;
    write_cpsr(spsr());
    m_r[15] = target;
}

}  // namespace rtv::cpu
