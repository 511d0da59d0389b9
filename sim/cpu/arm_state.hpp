// SPDX-License-Identifier: Apache-2.0
// Architectural state of the ARM926EJ-S integer core: processor modes, banked registers,
// CPSR/SPSR and exception entry/return (ARMv5 ARM, "Exceptions"). The native engine keeps
// this state real so that the ISS can later plug in without redesign.
#pragma once

#include <array>
#include <cstdint>

namespace rtv::cpu {

// CPSR.M[4:0] encodings (ARM ARM v5, A2.2).
enum class mode : std::uint32_t {
    usr = 0x10,
    fiq = 0x11,
    irq = 0x12,
    svc = 0x13,
    abt = 0x17,
    und = 0x1B,
    sys = 0x1F,
};

// CPSR bits (ARM ARM v5, A2.5).
inline constexpr std::uint32_t cpsr_mode_mask = 0x1F;
inline constexpr std::uint32_t cpsr_t = 1u << 5;
inline constexpr std::uint32_t cpsr_f = 1u << 6;
inline constexpr std::uint32_t cpsr_i = 1u << 7;

enum class exception { reset, undefined, swi, prefetch_abort, data_abort, irq, fiq };

// Vector offsets from the vector base (ARM ARM v5, A2.6).
std::uint32_t vector_offset(exception e);
const char* mode_name(mode m);

class arm_state {
public:
    arm_state();

    mode current_mode() const { return static_cast<mode>(m_cpsr & cpsr_mode_mask); }
    std::uint32_t cpsr() const { return m_cpsr; }
    bool irq_masked() const { return (m_cpsr & cpsr_i) != 0; }
    bool fiq_masked() const { return (m_cpsr & cpsr_f) != 0; }

    // r0..r15 as seen in the current mode (banked r8-r14 resolved).
    std::uint32_t& reg(unsigned n);
    std::uint32_t reg(unsigned n) const;
    std::uint32_t& pc() { return m_r[15]; }
    std::uint32_t spsr() const;
    void set_spsr(std::uint32_t v);

    // Exception entry: SPSR_<mode> = CPSR, LR_<mode> = return address, mode switch,
    // I set (and F for reset/FIQ), PC = vector base + offset.
    void enter(exception e, std::uint32_t return_address, std::uint32_t vector_base);
    // Exception return (MOVS pc, lr): CPSR = SPSR, PC = LR of the exception mode (minus adjust).
    void leave(std::uint32_t pc_adjust);
    // A direct CPSR write from a privileged mode (MSR cpsr_c).
    void write_cpsr(std::uint32_t value);

    // --- for the instruction-set simulator -------------------------------------------------
    // The current register view without bounds checks (the ISS's hot path).
    std::uint32_t* raw_regs() { return m_r.data(); }
    // The CPSR itself, for condition-flag updates that never change the mode.
    std::uint32_t& raw_cpsr() { return m_cpsr; }
    // Does the current mode have an SPSR (every mode but USR and SYS)?
    bool has_spsr() const { return bank_of(current_mode()) != 0; }
    // The User-mode register n (r8-r14 of the USR bank whatever the current mode): what
    // LDM/STM with ^ and a trap handler's view of the interrupted user context see.
    std::uint32_t user_reg(unsigned n) const;
    void set_user_reg(unsigned n, std::uint32_t v);
    // Is `m` one of the seven modes (ARM ARM A2.2)? Other M[4:0] values are reserved.
    static bool valid_mode(std::uint32_t m);

private:
    unsigned bank_of(mode m) const;
    void switch_bank(mode from, mode to);

    std::uint32_t m_cpsr;
    std::array<std::uint32_t, 16> m_r{};           // current view
    std::array<std::uint32_t, 5> m_fiq_r8_12{};    // banked r8-r12 of FIQ mode
    std::array<std::uint32_t, 5> m_usr_r8_12{};    // r8-r12 of all other modes
    std::array<std::uint32_t, 6> m_sp{}, m_lr{};   // r13/r14 per bank: usr/sys, fiq, irq, svc, abt, und
    std::array<std::uint32_t, 6> m_spsr{};         // per bank (usr/sys has none)
};

}  // namespace rtv::cpu
