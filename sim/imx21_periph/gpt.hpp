// SPDX-License-Identifier: Apache-2.0
// i.MX21 General Purpose Timer (GPT1..3), the "MX1/MX2" generation with the i.MX21 TCTL
// layout (reference imx21-arm926.md section 1; not the i.MX1 or the QEMU "V2" GPT).
//
// The counter is lazy (docs/architecture.md, Time): it is stored as (value, first source edge counted)
// at a reference instant, and its value at any instant is computed from the number of clock
// edges since then. A compare match is one scheduled sc_event, cancelled and re-notified
// on every register write; nothing runs per tick.
//
// Counting rule (docs/architecture.md, Platform): the counter moves on the edges of its prescaled clock that
// lie strictly after the instant TEN was set; COMP is set at the edge where TCN becomes
// equal to TCMP; in restart mode the counter reads 0 at the next edge, so one period is
// TCMP+1 counts. The 32 kHz clock and PERCLK1 are global edge grids from time 0 (PERCLK1/4
// takes every 4th PERCLK1 edge); the prescaler counts source edges from enable.
#pragma once

#include <spdlog/spdlog.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <systemc>

#include "sim/core/clock.hpp"
#include "sim/core/irq_line.hpp"
#include "sim/core/register_bank.hpp"
#include "sim/imx21_periph/imx21_map.hpp"

namespace rtv::imx21 {

class gpt : public core::tlm_peripheral {
public:
    // Level: (COMP && COMP_EN) || (CAPT && CAPT_EN), to the AITC.
    core::irq_line irq;

    SC_HAS_PROCESS(gpt);
    explicit gpt(const sc_core::sc_module_name& name, std::uint64_t perclk1_hz = default_perclk1_hz);

    void reset() override;

    // One edge on the TIN pin, now: counts (rising edges, CLKSOURCE=TIN) and captures per CAP.
    void tin_edge(bool rising = true);

    // Introspection for tests and statistics (no side effects).
    std::uint32_t counter_value() const { return counter_at(core::now_ps()); }
    static constexpr core::picoseconds never = std::numeric_limits<core::picoseconds>::max();
    core::picoseconds next_compare_ps() const { return m_next_compare; }
    std::uint64_t compare_events() const { return m_compare_events; }
    std::uint64_t perclk1_hz() const { return m_perclk1.hz(); }

protected:
    void before_access(core::picoseconds t) override;

private:
    enum class mode { stopped, timed, tin };

    static unsigned clock_source(std::uint32_t tctl);
    static mode mode_of(std::uint32_t tctl);

    void write_tctl(std::uint32_t v);
    void write_tprer(std::uint32_t v);
    void write_tcmp(std::uint32_t v);
    void write_tstat(std::uint32_t v);
    void software_reset();

    // Source-clock edge grid of the current timed mode.
    std::uint64_t source_edge_after(core::picoseconds t) const;
    core::picoseconds source_edge_time(std::uint64_t n) const;
    std::uint64_t ticks_at(core::picoseconds t) const;
    std::uint32_t value_after(std::uint64_t ticks) const;
    std::uint32_t counter_at(core::picoseconds t) const;
    std::uint64_t period_ticks() const;

    void start(core::picoseconds t);
    void rebase(core::picoseconds t);
    void schedule();
    void catch_up(core::picoseconds t);
    void step_tin();
    void on_compare_event();
    void update_irq();

    core::reg m_tctl;
    core::reg m_tprer;
    core::reg m_tcmp;
    core::reg m_tcr;
    core::reg m_tcn;
    core::reg m_tstat;

    core::clock_domain m_perclk1;
    core::clock_domain m_clk32;

    mode m_mode = mode::stopped;
    const core::clock_domain* m_domain = nullptr;  // clock of the timed mode
    std::uint64_t m_mult = 1;                      // 4 for PERCLK1/4
    std::uint64_t m_div = 1;                       // PRESCALER + 1
    std::uint64_t m_ref_edge = 0;                  // first source edge counted after the reference
    std::uint32_t m_count = 0;                     // counter value at the reference
    std::uint64_t m_tin_phase = 0;                 // TIN edges since the last count
    std::uint64_t m_next_tick = 0;                 // ticks after the reference of the next compare
    core::picoseconds m_next_compare = never;
    sc_core::sc_event m_compare_event;
    std::uint64_t m_compare_events = 0;
    std::shared_ptr<spdlog::logger> m_log;
};

}  // namespace rtv::imx21
