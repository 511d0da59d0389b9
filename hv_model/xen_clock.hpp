// SPDX-License-Identifier: Apache-2.0
// Xen-ARM's clock on the i.MX21: GPT1 from the 32 kHz clock in restart mode with compare
// LATCH-1 (xen-arm.md 3.2), jiffies counted by the tick handler, and NOW().
//
// `jiffies` (as shipped): NOW() = jiffies * (10^9 / HZ), so it advances in whole ticks and
// runs slow by LATCH*HZ/32768 (0.1 % at 100 Hz).
// `precise`: NOW() = (32 kHz counts since GPT1 was enabled) * 10^9 / 32768 in integer
// arithmetic, true time to one count. The counts are jiffies * LATCH + TCN (docs/models/xen_arm.md),
// except at the compare edge itself: there TCN still reads LATCH-1 until the restart edge
// (~30.5 us) while the tick handler may already have counted the tick, and the plain
// formula would run one whole tick ahead and then step back. At TCN == LATCH-1 the
// hypervisor therefore also reads TSTAT: COMP still pending means the tick is not counted
// yet (counts = jiffies * LATCH + TCN), COMP clear means it is (counts = jiffies * LATCH - 1).
// NOW() is then monotonic.
#pragma once

#include <cstdint>

#include "hv_model/xen_time.hpp"

namespace rtv::hv {

// CLK32 = 32768 Hz (Xen-ARM arch-imx21 mx2ads.h).
inline constexpr std::uint32_t clk32_hz = 32768;

// LATCH = (CLOCK_TICK_RATE + HZ/2) / HZ (Xen-ARM asm-arm/arch-imx21/timex.h, Linux's rule).
constexpr std::uint32_t latch_for(std::uint32_t hz) { return (clk32_hz + hz / 2) / hz; }

class xen_clock {
public:
    xen_clock(std::uint32_t hz, bool precise) : m_hz(hz), m_latch(latch_for(hz)), m_precise(precise) {}

    std::uint32_t hz() const { return m_hz; }
    std::uint32_t latch() const { return m_latch; }
    bool precise() const { return m_precise; }
    std::uint64_t jiffies() const { return m_jiffies; }
    void tick(unsigned ticks) { m_jiffies += ticks; }

    // NOW() as `jiffies` mode computes it.
    s_time_t jiffies_now() const { return static_cast<s_time_t>(m_jiffies) * (1'000'000'000 / m_hz); }
    // Whether `precise` mode must also know if the compare event was counted (TCN at the
    // compare value).
    bool at_compare(std::uint32_t tcn) const { return tcn == m_latch - 1; }
    // NOW() in `precise` mode from TCN and, at the compare value, whether COMP is pending.
    s_time_t precise_now(std::uint32_t tcn, bool comp_pending) const {
        unsigned __int128 counts = static_cast<unsigned __int128>(m_jiffies) * m_latch;
        if (at_compare(tcn) && !comp_pending)
            counts -= 1;  // the tick at this edge is already in jiffies
        else
            counts += tcn;
        return static_cast<s_time_t>(counts * 1'000'000'000u / clk32_hz);
    }

private:
    std::uint32_t m_hz;
    std::uint32_t m_latch;
    bool m_precise;
    std::uint64_t m_jiffies = 0;
};

}  // namespace rtv::hv
