// SPDX-License-Identifier: Apache-2.0
#include "sim/imx21_periph/aitc.hpp"

#include <stdexcept>
#include <string>

namespace rtv::imx21 {

using core::reg_access;

namespace {
constexpr std::uint32_t hi(std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); }
constexpr std::uint32_t lo(std::uint64_t v) { return static_cast<std::uint32_t>(v); }
constexpr std::uint64_t join(std::uint32_t h, std::uint32_t l) {
    return (static_cast<std::uint64_t>(h) << 32) | l;
}
}  // namespace

aitc::aitc(const sc_core::sc_module_name& name)
    : core::tlm_peripheral(name),
      irq_out(std::string(this->name()) + ".nirq"),
      fiq_out(std::string(this->name()) + ".nfiq"),
      m_intcntl(*this, "INTCNTL", aitc_intcntl, 0),
      m_nimask(*this, "NIMASK", aitc_nimask, aitc_nimask_reset),
      m_intennum(*this, "INTENNUM", aitc_intennum, 0),
      m_intdisnum(*this, "INTDISNUM", aitc_intdisnum, 0),
      m_intenableh(*this, "INTENABLEH", aitc_intenableh, 0),
      m_intenablel(*this, "INTENABLEL", aitc_intenablel, 0),
      m_inttypeh(*this, "INTTYPEH", aitc_inttypeh, 0),
      m_inttypel(*this, "INTTYPEL", aitc_inttypel, 0),
      m_nipriority{{{*this, "NIPRIORITY7", aitc_nipriority(7), 0},
                    {*this, "NIPRIORITY6", aitc_nipriority(6), 0},
                    {*this, "NIPRIORITY5", aitc_nipriority(5), 0},
                    {*this, "NIPRIORITY4", aitc_nipriority(4), 0},
                    {*this, "NIPRIORITY3", aitc_nipriority(3), 0},
                    {*this, "NIPRIORITY2", aitc_nipriority(2), 0},
                    {*this, "NIPRIORITY1", aitc_nipriority(1), 0},
                    {*this, "NIPRIORITY0", aitc_nipriority(0), 0}}},
      m_nivecsr(*this, "NIVECSR", aitc_nivecsr, aitc_none_pending),
      m_fivecsr(*this, "FIVECSR", aitc_fivecsr, aitc_none_pending),
      m_intsrch(*this, "INTSRCH", aitc_intsrch, 0),
      m_intsrcl(*this, "INTSRCL", aitc_intsrcl, 0),
      m_intfrch(*this, "INTFRCH", aitc_intfrch, 0),
      m_intfrcl(*this, "INTFRCL", aitc_intfrcl, 0),
      m_nipndh(*this, "NIPNDH", aitc_nipndh, 0),
      m_nipndl(*this, "NIPNDL", aitc_nipndl, 0),
      m_fipndh(*this, "FIPNDH", aitc_fipndh, 0),
      m_fipndl(*this, "FIPNDL", aitc_fipndl, 0) {
    m_intcntl.set_write_mask(aitc_intcntl_writable);
    m_intcntl.on_write([this](std::uint32_t v) {
        m_intcntl = v;
        update();
    });
    m_nimask.set_write_mask(0x1F);
    m_nimask.on_write([this](std::uint32_t v) {
        m_nimask = v;
        update();
    });
    m_intennum.set_access(reg_access::write_only);
    m_intennum.on_write([this](std::uint32_t v) { write_enable_num(v, true); });
    m_intdisnum.set_access(reg_access::write_only);
    m_intdisnum.on_write([this](std::uint32_t v) { write_enable_num(v, false); });

    for (core::reg* r : {&m_intenableh, &m_intenablel}) {
        r->on_write([this, r](std::uint32_t v) {
            *r = v;
            m_enable = join(m_intenableh, m_intenablel);
            update();
        });
    }
    for (core::reg* r : {&m_inttypeh, &m_inttypel}) {
        r->on_write([this, r](std::uint32_t v) {
            *r = v;
            m_type = join(m_inttypeh, m_inttypel);
            update();
        });
    }
    for (core::reg* r : {&m_intfrch, &m_intfrcl}) {
        r->on_write([this, r](std::uint32_t v) {
            *r = v;
            m_frc = join(m_intfrch, m_intfrcl);
            update();
        });
    }
    for (unsigned k = 0; k < m_nipriority.size(); ++k) {
        // NIPRIORITY(x) holds sources 8x+7..8x, 4 bits each (Linux avic_irq_set_priority).
        const unsigned x = 7 - k;
        m_nipriority[k].on_write([this, k, x](std::uint32_t v) {
            m_nipriority[k] = v;
            for (unsigned i = 0; i < 8; ++i) m_prio[8 * x + i] = (v >> (4 * i)) & 0xF;
            update();
        });
    }

    for (core::reg* r :
         {&m_nivecsr, &m_fivecsr, &m_intsrch, &m_intsrcl, &m_nipndh, &m_nipndl, &m_fipndh, &m_fipndl})
        r->set_access(reg_access::read_only);
    m_nivecsr.on_read([this] { return nivecsr(); });
    m_fivecsr.on_read([this] { return fivecsr(); });
    m_intsrch.on_read([this] { return hi(m_src); });
    m_intsrcl.on_read([this] { return lo(m_src); });
    m_nipndh.on_read([this] { return hi(normal_pending()); });
    m_nipndl.on_read([this] { return lo(normal_pending()); });
    m_fipndh.on_read([this] { return hi(fast_pending()); });
    m_fipndl.on_read([this] { return lo(fast_pending()); });
}

void aitc::bind_source(unsigned n, core::irq_line& line) {
    if (n >= aitc_num_sources)
        throw std::out_of_range(std::string(name()) + ": no interrupt source " + std::to_string(n));
    line.bind([this, n](bool level) { set_source(n, level); });
    set_source(n, line.level());
}

void aitc::set_source(unsigned n, bool level) {
    const std::uint64_t bit = 1ULL << n;
    const std::uint64_t src = level ? (m_src | bit) : (m_src & ~bit);
    if (src == m_src) return;
    m_src = src;
    update();
}

void aitc::write_enable_num(std::uint32_t v, bool enable) {
    const std::uint64_t bit = 1ULL << (v & aitc_intnum_mask);
    m_enable = enable ? (m_enable | bit) : (m_enable & ~bit);
    sync_enable();
    update();
}

void aitc::sync_enable() {
    m_intenableh = hi(m_enable);
    m_intenablel = lo(m_enable);
}

// NIMASK is 5 bits; 0x1F (-1) and any value above the top priority 15 mask nothing,
// otherwise a priority must exceed NIMASK (QEMU imx_avic_update, softgun; ref 2.2, docs/sources.md).
bool aitc::above_mask(unsigned source) const {
    const std::uint32_t mask = m_nimask;
    return mask > 15 || m_prio[source] > mask;
}

std::uint64_t aitc::normal_pending() const {
    std::uint64_t pending = active() & ~m_type;
    if (m_nimask.get() > 15) return pending;
    for (std::uint64_t rest = pending; rest; rest &= rest - 1) {
        const unsigned n = static_cast<unsigned>(__builtin_ctzll(rest));
        if (!above_mask(n)) pending &= ~(1ULL << n);
    }
    return pending;
}

std::uint64_t aitc::fast_pending() const { return active() & m_type; }

// Highest priority wins; within a level the higher source number wins (QEMU's order; the
// reference believes it, UNCONFIRMED).
std::uint32_t aitc::nivecsr() const {
    const std::uint64_t pending = normal_pending();
    if (!pending) return aitc_none_pending;
    int best = -1;
    for (std::uint64_t rest = pending; rest; rest &= rest - 1) {
        const int n = __builtin_ctzll(rest);
        if (best < 0 || m_prio[n] >= m_prio[best]) best = n;  // ascending n: ties go to the higher
    }
    return (static_cast<std::uint32_t>(best) << 16) | m_prio[best];
}

// FIQs have no priority; the same rule (higher source number wins) picks among several.
std::uint32_t aitc::fivecsr() const {
    const std::uint64_t pending = fast_pending();
    if (!pending) return aitc_none_pending;
    return static_cast<std::uint32_t>(63 - __builtin_clzll(pending));
}

void aitc::update() {
    const std::uint32_t ctl = m_intcntl;
    irq_out.set(!(ctl & aitc_intcntl_nidis) && normal_pending() != 0);
    fiq_out.set(!(ctl & aitc_intcntl_fidis) && fast_pending() != 0);
}

void aitc::reset() {
    core::tlm_peripheral::reset();
    // Input levels belong to the peripherals and survive the controller's reset.
    m_frc = 0;
    m_enable = 0;
    m_type = 0;
    m_prio.fill(0);
    update();
}

}  // namespace rtv::imx21
