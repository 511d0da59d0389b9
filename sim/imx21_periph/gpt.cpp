// SPDX-License-Identifier: Apache-2.0
#include "sim/imx21_periph/gpt.hpp"

#include "sim/core/log.hpp"

namespace rtv::imx21 {

using core::picoseconds;
using core::reg_access;

namespace {
constexpr std::uint64_t counter_range = 1ULL << 32;
// Edge times beyond this are treated as never (sc_time holds 2^64 ps; keep headroom).
constexpr unsigned __int128 latest_event_ps = static_cast<unsigned __int128>(1) << 62;
}  // namespace

gpt::gpt(const sc_core::sc_module_name& name, std::uint64_t perclk1_hz)
    : core::tlm_peripheral(name),
      irq(std::string(this->name()) + ".irq"),
      m_tctl(*this, "TCTL", gpt_tctl, 0),
      m_tprer(*this, "TPRER", gpt_tprer, 0),
      m_tcmp(*this, "TCMP", gpt_tcmp, gpt_tcmp_reset),
      m_tcr(*this, "TCR", gpt_tcr, 0),
      m_tcn(*this, "TCN", gpt_tcn, 0),
      m_tstat(*this, "TSTAT", gpt_tstat, 0),
      m_perclk1(perclk1_hz),
      m_clk32(ckil_hz),
      m_log(core::logger(this->name())) {
    m_tctl.set_write_mask(gpt_tctl_writable);
    m_tctl.on_write([this](std::uint32_t v) { write_tctl(v); });
    m_tprer.set_write_mask(gpt_tprer_mask);
    m_tprer.on_write([this](std::uint32_t v) { write_tprer(v); });
    m_tcmp.on_write([this](std::uint32_t v) { write_tcmp(v); });
    // TCR and TCN are not writable (softgun imx_timer.c; ref 1.2, docs/sources.md).
    m_tcr.set_access(reg_access::read_only);
    m_tcn.set_access(reg_access::read_only);
    m_tcn.on_read([this] { return counter_at(access_time()); });
    m_tstat.set_access(reg_access::write_1_to_clear);
    m_tstat.set_write_mask(gpt_tstat_comp | gpt_tstat_capt);
    m_tstat.on_write([this](std::uint32_t v) { write_tstat(v); });

    SC_METHOD(on_compare_event);
    sensitive << m_compare_event;
    dont_initialize();
}

// ---- clock sources ---------------------------------------------------------------------

unsigned gpt::clock_source(std::uint32_t tctl) {
    const unsigned cs = (tctl & gpt_tctl_clksource_mask) >> gpt_tctl_clksource_shift;
    return cs >= gpt_clk_32k ? gpt_clk_32k : cs;  // 1xx are all the 32 kHz clock
}

gpt::mode gpt::mode_of(std::uint32_t tctl) {
    if (!(tctl & gpt_tctl_ten)) return mode::stopped;
    switch (clock_source(tctl)) {
        case gpt_clk_perclk1:
        case gpt_clk_perclk1_div4:
        case gpt_clk_32k:
            return mode::timed;
        case gpt_clk_tin:
            return mode::tin;
        default:
            return mode::stopped;
    }
}

std::uint64_t gpt::source_edge_after(picoseconds t) const {
    const std::uint64_t i = m_domain->first_edge_after(t);
    return (i + m_mult - 1) / m_mult;
}

picoseconds gpt::source_edge_time(std::uint64_t n) const {
    const unsigned __int128 ps =
        static_cast<unsigned __int128>(n) * m_mult * core::ps_per_second / m_domain->hz();
    return ps > latest_event_ps ? never : static_cast<picoseconds>(ps);
}

// ---- lazy counter ----------------------------------------------------------------------

// Whole prescaled ticks between the reference and t (edges at t count: they have happened).
std::uint64_t gpt::ticks_at(picoseconds t) const {
    const std::uint64_t e = source_edge_after(t);
    return e > m_ref_edge ? (e - m_ref_edge) / m_div : 0;
}

std::uint64_t gpt::period_ticks() const {
    return (m_tctl & gpt_tctl_frr) ? counter_range : static_cast<std::uint64_t>(m_tcmp.get()) + 1;
}

// Counter after `ticks` ticks from the reference. In restart mode the tick after TCN == TCMP
// loads 0; until the first match the counter increments (wrapping at 2^32 if it started
// above TCMP), afterwards it runs modulo TCMP+1.
std::uint32_t gpt::value_after(std::uint64_t ticks) const {
    if (m_tctl & gpt_tctl_frr) return static_cast<std::uint32_t>(m_count + ticks);
    const std::uint64_t to_match = static_cast<std::uint32_t>(m_tcmp.get() - m_count);
    if (ticks <= to_match) return static_cast<std::uint32_t>(m_count + ticks);
    return static_cast<std::uint32_t>((ticks - to_match - 1) % period_ticks());
}

std::uint32_t gpt::counter_at(picoseconds t) const {
    return m_mode == mode::timed ? value_after(ticks_at(t)) : m_count;
}

// Starts timed counting at t: the prescaler restarts, the first counted edge is the first
// source edge strictly after t.
void gpt::start(picoseconds t) {
    const unsigned cs = clock_source(m_tctl);
    m_domain = cs == gpt_clk_32k ? &m_clk32 : &m_perclk1;
    m_mult = cs == gpt_clk_perclk1_div4 ? 4 : 1;
    m_ref_edge = source_edge_after(t);
}

// Moves the reference to the last tick at or before t, so that a change of TCMP, FRR or the
// prescaler applies from there on without disturbing the prescaler's phase.
void gpt::rebase(picoseconds t) {
    if (m_mode != mode::timed) return;
    const std::uint64_t ticks = ticks_at(t);
    m_count = value_after(ticks);
    m_ref_edge += ticks * m_div;
}

// Computes the next compare from the reference (which callers have moved to the present).
void gpt::schedule() {
    m_compare_event.cancel();
    if (m_mode != mode::timed) {
        m_next_compare = never;
        return;
    }
    const std::uint64_t to_match = static_cast<std::uint32_t>(m_tcmp.get() - m_count);
    m_next_tick = to_match >= 1 ? to_match : period_ticks();
    m_next_compare = source_edge_time(m_ref_edge + m_next_tick * m_div - 1);
    if (m_next_compare != never) m_compare_event.notify(core::to_sc_time(m_next_compare - core::now_ps()));
}

// Applies every compare due at or before t (normally the one the event fired for).
void gpt::catch_up(picoseconds t) {
    if (m_next_compare > t) return;
    while (m_next_compare <= t) {
        m_count = m_tcmp.get();
        m_ref_edge += m_next_tick * m_div;
        m_tstat = m_tstat | gpt_tstat_comp;
        ++m_compare_events;
        m_next_tick = period_ticks();  // from TCN == TCMP the next match is one period away
        m_next_compare = source_edge_time(m_ref_edge + m_next_tick * m_div - 1);
    }
    if (m_log->should_log(spdlog::level::debug)) m_log->debug("compare, TCN={:#x}", m_count);
    update_irq();
    m_compare_event.cancel();
    if (m_next_compare != never) m_compare_event.notify(core::to_sc_time(m_next_compare - core::now_ps()));
}

void gpt::before_access(picoseconds t) { catch_up(t); }

void gpt::on_compare_event() { catch_up(core::now_ps()); }

// ---- registers -------------------------------------------------------------------------

void gpt::write_tctl(std::uint32_t v) {
    if (v & gpt_tctl_swr) {
        software_reset();
        return;
    }
    const picoseconds t = access_time();
    const std::uint32_t old = m_tctl;
    rebase(t);
    m_tctl = v;
    const mode next = mode_of(v);
    // TEN=0 with CC=1 holds the counter at 0; with CC=0 it keeps its value (ref 1.3, docs/sources.md).
    if (!(v & gpt_tctl_ten) && (v & gpt_tctl_cc)) m_count = 0;
    const bool restart = m_mode != next || !(old & gpt_tctl_ten) || clock_source(old) != clock_source(v);
    if (next == mode::timed && restart) start(t);
    if (next == mode::tin && restart) m_tin_phase = 0;
    m_mode = next;
    schedule();
    update_irq();
}

void gpt::write_tprer(std::uint32_t v) {
    rebase(access_time());
    m_tprer = v;
    m_div = static_cast<std::uint64_t>(v) + 1;
    schedule();
}

// A TCMP write does not touch the counter (choice for an UNCONFIRMED behaviour, see
// docs/models/gpt.md): in restart mode the next match is when TCN next reaches the new value.
void gpt::write_tcmp(std::uint32_t v) {
    rebase(access_time());
    m_tcmp = v;
    schedule();
}

void gpt::write_tstat(std::uint32_t v) {
    m_tstat = v;
    update_irq();
}

// SWR: every register to its reset value except TEN, which is kept (softgun's reset does
// so, as does the later V2 GPT for EN); SWR itself reads 0 at once. With CLKSOURCE back to
// "stop" the counter stays at 0 until software selects a clock again.
void gpt::software_reset() {
    const std::uint32_t ten = m_tctl & gpt_tctl_ten;
    core::tlm_peripheral::reset();
    m_tctl = ten;
    m_mode = mode::stopped;
    m_count = 0;
    m_div = 1;
    m_tin_phase = 0;
    schedule();
    update_irq();
}

void gpt::reset() {
    core::tlm_peripheral::reset();
    m_mode = mode::stopped;
    m_count = 0;
    m_div = 1;
    m_tin_phase = 0;
    schedule();
    update_irq();
}

// ---- TIN and interrupt -----------------------------------------------------------------

void gpt::step_tin() {
    const std::uint32_t cmp = m_tcmp.get();
    if (!(m_tctl & gpt_tctl_frr) && m_count == cmp)
        m_count = 0;
    else
        ++m_count;
    if (m_count == cmp) {
        m_tstat = m_tstat | gpt_tstat_comp;
        ++m_compare_events;
    }
}

void gpt::tin_edge(bool rising) {
    const picoseconds t = core::now_ps();
    catch_up(t);
    const unsigned cap = (m_tctl & gpt_tctl_cap_mask) >> gpt_tctl_cap_shift;
    if (cap & (rising ? gpt_cap_rising : gpt_cap_falling)) {
        m_tcr = counter_at(t);
        m_tstat = m_tstat | gpt_tstat_capt;
    }
    if (m_mode == mode::tin && rising && ++m_tin_phase >= m_div) {
        m_tin_phase = 0;
        step_tin();
    }
    update_irq();
}

void gpt::update_irq() {
    const std::uint32_t st = m_tstat;
    const std::uint32_t ctl = m_tctl;
    irq.set(((st & gpt_tstat_comp) && (ctl & gpt_tctl_comp_en)) ||
            ((st & gpt_tstat_capt) && (ctl & gpt_tctl_capt_en)));
}

}  // namespace rtv::imx21
