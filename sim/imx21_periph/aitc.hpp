// SPDX-License-Identifier: Apache-2.0
// i.MX21 AITC (ARM interrupt controller, Linux "avic"), reference imx21-arm926.md section 2.
//
// 64 level-sensitive sources. A source is pending when (INTSRC | INTFRC) & INTENABLE; it is
// a fast interrupt if its INTTYPE bit is 1, a normal one otherwise. Normal interrupts whose
// priority is not above NIMASK are masked (NIMASK >= 16, e.g. the reset value 0x1F = -1,
// masks none). The nIRQ/nFIQ outputs are recomputed synchronously on every input or
// register change, so the core never sees a stale level.
#pragma once

#include <array>
#include <cstdint>
#include <systemc>

#include "sim/core/irq_line.hpp"
#include "sim/core/register_bank.hpp"
#include "sim/imx21_periph/imx21_map.hpp"

namespace rtv::imx21 {

class aitc : public core::tlm_peripheral {
public:
    core::irq_line irq_out;  // nIRQ asserted
    core::irq_line fiq_out;  // nFIQ asserted

    explicit aitc(const sc_core::sc_module_name& name);

    // Makes `line` drive source n (0..63); its current level is taken at once.
    void bind_source(unsigned n, core::irq_line& line);
    void set_source(unsigned n, bool level);

    void reset() override;

    // What NIVECSR / FIVECSR read now (no side effects).
    std::uint32_t nivecsr() const;
    std::uint32_t fivecsr() const;
    std::uint64_t normal_pending() const;  // after INTENABLE, INTTYPE and NIMASK
    std::uint64_t fast_pending() const;

private:
    std::uint64_t active() const { return (m_src | m_frc) & m_enable; }
    bool above_mask(unsigned source) const;
    void update();
    void write_enable_num(std::uint32_t v, bool enable);
    void sync_enable();

    core::reg m_intcntl;
    core::reg m_nimask;
    core::reg m_intennum;
    core::reg m_intdisnum;
    core::reg m_intenableh;
    core::reg m_intenablel;
    core::reg m_inttypeh;
    core::reg m_inttypel;
    std::array<core::reg, 8> m_nipriority;  // [k] at 0x20 + 4k = NIPRIORITY(7-k)
    core::reg m_nivecsr;
    core::reg m_fivecsr;
    core::reg m_intsrch;
    core::reg m_intsrcl;
    core::reg m_intfrch;
    core::reg m_intfrcl;
    core::reg m_nipndh;
    core::reg m_nipndl;
    core::reg m_fipndh;
    core::reg m_fipndl;

    std::uint64_t m_src = 0;     // input levels
    std::uint64_t m_frc = 0;     // INTFRCH:INTFRCL
    std::uint64_t m_enable = 0;  // INTENABLEH:INTENABLEL
    std::uint64_t m_type = 0;    // INTTYPEH:INTTYPEL, 1 = FIQ
    std::array<std::uint8_t, aitc_num_sources> m_prio{};
};

}  // namespace rtv::imx21
