// SPDX-License-Identifier: Apache-2.0
#include "hv_model/sched_bvt.hpp"

#include <algorithm>
#include <stdexcept>

namespace rtv::hv {

sched_bvt::sched_bvt(sched_services& sd, bool slice_units_quirk, std::int32_t ctx_allow)
    : m_sd(sd), m_slice_units_quirk(slice_units_quirk), m_ctx_allow(ctx_allow) {}

void sched_bvt::add_head(vcpu_info& e) {
    m_runqueue.push_front(&e);
    e.pos = m_runqueue.begin();
    e.on_runqueue = true;
}

void sched_bvt::add_tail(vcpu_info& e) {
    m_runqueue.push_back(&e);
    e.pos = std::prev(m_runqueue.end());
    e.on_runqueue = true;
}

void sched_bvt::del(vcpu_info& e) {
    m_runqueue.erase(e.pos);
    e.on_runqueue = false;
}

// ranfor = (u32)(now - state_entry_time); mcus = ceil(ranfor / MCU); avt + mcus * mcu_advance.
std::uint32_t sched_bvt::calc_avt(vcpu& v, s_time_t now) const {
    const vcpu_info& e = info(v);
    const std::uint32_t ranfor = static_cast<std::uint32_t>(now - v.runstate.state_entry_time);
    const std::uint32_t mcus = (ranfor + static_cast<std::uint32_t>(bvt_mcu) - 1) / static_cast<std::uint32_t>(bvt_mcu);
    return e.avt + mcus * e.inf->mcu_advance;
}

std::uint32_t sched_bvt::calc_evt(vcpu& v, std::uint32_t avt) const {
    const dom_info& inf = *info(v).inf;
    return inf.warp ? avt - static_cast<std::uint32_t>(inf.warp_value) : avt;
}

s_time_t sched_bvt::mcus_to_time(std::uint32_t mcus) const {
    return m_slice_units_quirk ? static_cast<s_time_t>(mcus) : static_cast<s_time_t>(mcus) * bvt_mcu;
}

void sched_bvt::warp_timer_fn(dom_info& inf) {
    inf.warp = 0;
    if (inf.warpu == 0) {  // unwarp equal to zero => stop warping
        inf.warpback = 0;
        m_sd.raise_schedule_softirq();
    }
    m_sd.set_timer(inf.unwarp_timer, m_sd.now() + inf.warpu);
}

void sched_bvt::unwarp_timer_fn(dom_info& inf) {
    if (inf.warpback) {
        inf.warp = 1;
        m_sd.raise_schedule_softirq();
    }
}

int sched_bvt::alloc_task(vcpu& v) {
    domain& d = *v.dom;
    if (!d.sched_priv) {
        m_infos.push_back(std::make_unique<dom_info>());
        d.sched_priv = m_infos.back().get();
    }
    dom_info& inf = dinfo(d);
    v.sched_priv = &inf.vcpu_inf;
    inf.vcpu_inf.inf = &inf;
    inf.vcpu_inf.v = &v;
    if (v.vcpu_id == 0) {
        inf.mcu_advance = bvt_mcu_advance_default;
        inf.dom = &d;
        inf.warpback = 0;
        inf.warp = 0;
        inf.warp_value = 0;
        inf.warpl = millisecs(2000);
        inf.warpu = millisecs(1000);
        timer_list::init_timer(inf.warp_timer, d.name + ".bvt_warp", [this, &inf] { warp_timer_fn(inf); });
        timer_list::init_timer(inf.unwarp_timer, d.name + ".bvt_unwarp", [this, &inf] { unwarp_timer_fn(inf); });
    }
    return 0;
}

void sched_bvt::add_task(vcpu& v) {
    vcpu_info& e = info(v);
    if (is_idle_vcpu(v)) {
        e.avt = e.evt = ~0u;
        if (e.on_runqueue) throw std::logic_error("bvt: idle vcpu already queued");
        add_head(e);
    } else {
        e.avt = m_svt;
        e.evt = m_svt;
    }
}

void sched_bvt::free_task(domain& d) {
    dom_info& inf = dinfo(d);
    m_sd.stop_timer(inf.warp_timer);
    m_sd.stop_timer(inf.unwarp_timer);
    if (inf.vcpu_inf.on_runqueue) del(inf.vcpu_inf);
}

void sched_bvt::wake(vcpu& v) {
    vcpu_info& e = info(v);
    if (e.on_runqueue) return;
    add_head(e);
    const s_time_t now = m_sd.now();

    if (e.avt < m_svt || e.migrated) {
        e.avt = static_cast<std::uint32_t>(m_svt);
        e.migrated = false;
    }
    e.evt = calc_evt(v, e.avt);

    vcpu& curr = m_sd.curr();
    const std::uint32_t curr_evt = calc_evt(curr, calc_avt(curr, now));
    // The time curr would run with the woken vcpu as the second smallest evt; the same
    // unit quirk as the slice (a count of MCUs added to nanoseconds).
    const s_time_t r_time = curr.runstate.state_entry_time +
                            mcus_to_time((e.evt - curr_evt) / info(curr).inf->mcu_advance) + m_ctx_allow;

    if (is_idle_vcpu(curr) || e.evt <= curr_evt)
        m_sd.raise_schedule_softirq();
    else if (m_sd.s_timer().expires > r_time)
        m_sd.set_timer(m_sd.s_timer(), r_time);
}

void sched_bvt::sleep(vcpu& v) {
    if (&m_sd.curr() == &v)
        m_sd.raise_schedule_softirq();
    else if (info(v).on_runqueue)
        del(info(v));
}

task_slice sched_bvt::do_schedule(s_time_t now) {
    vcpu& prev = m_sd.curr();
    vcpu_info& prev_e = info(prev);
    dom_info& prev_inf = *prev_e.inf;
    if (!prev_e.on_runqueue) throw std::logic_error("bvt: current vcpu not on the runqueue");

    if (!is_idle_vcpu(prev)) {
        prev_e.avt = calc_avt(prev, now);
        prev_e.evt = calc_evt(prev, prev_e.avt);
        if (prev_inf.warpback && prev_inf.warpl > 0) m_sd.stop_timer(prev_inf.warp_timer);
        del(prev_e);
        if (vcpu_runnable(prev)) add_tail(prev_e);
    }

    // One scan for the smallest and second smallest evt, in list order (strict '<': on a
    // tie the entry met first wins).
    vcpu_info* next_e = &info(m_sd.idle());
    vcpu_info* next_prime_e = nullptr;
    std::uint32_t next_evt = ~0u, next_prime_evt = ~0u, min_avt = ~0u;
    for (vcpu_info* p : m_runqueue) {
        if (p->evt < next_evt) {
            next_prime_e = next_e;
            next_prime_evt = next_evt;
            next_e = p;
            next_evt = p->evt;
        } else if (next_prime_evt == ~0u) {
            next_prime_evt = p->evt;
            next_prime_e = p;
        } else if (p->evt < next_prime_evt) {
            next_prime_evt = p->evt;
            next_prime_e = p;
        }
        if (p->avt < min_avt) min_avt = p->avt;
    }

    if (next_e->inf->warp && next_e->inf->warpl > 0) m_sd.set_timer(next_e->inf->warp_timer, now + next_e->inf->warpl);

    vcpu* next = next_e->v;
    vcpu* next_prime = next_prime_e ? next_prime_e->v : nullptr;

    if (min_avt != ~0u) m_svt = min_avt;

    // Virtual time overrun: shift every vcpu on this CPU (all of them: one CPU).
    if (m_svt >= bvt_svt_overflow) {
        for (auto& inf : m_infos) {
            if (!inf->dom || inf->dom->is_idle) continue;
            inf->vcpu_inf.evt -= bvt_svt_shift;
            inf->vcpu_inf.avt -= bvt_svt_shift;
        }
        m_svt -= bvt_svt_shift;
    }

    std::int32_t r_time;
    if (is_idle_vcpu(*next)) {
        r_time = m_ctx_allow;
    } else if (next_prime == nullptr || is_idle_vcpu(*next_prime)) {
        r_time = 10 * m_ctx_allow;  // only one runnable vcpu besides idle
    } else {
        if (next_prime_e->evt < next_e->evt) throw std::logic_error("bvt: next_prime.evt < next.evt");
        r_time = static_cast<std::int32_t>(
            mcus_to_time((next_prime_e->evt - next_e->evt) / next_e->inf->mcu_advance) + m_ctx_allow);
    }
    return {next, r_time};
}

int sched_bvt::adjdom(domain& d, const sched_adjdom_cmd& cmd) {
    const bvt_adjdom_params& p = cmd.bvt;
    if (p.mcu_adv == 0 || p.warpl_ms < 0 || p.warpu_ms < 0) return -xen_einval;
    dom_info& inf = dinfo(d);
    inf.mcu_advance = p.mcu_adv;
    inf.warpback = static_cast<int>(p.warpback);
    inf.warp = static_cast<int>(p.warpback);  // "The warp should be the same as warpback"
    inf.warp_value = p.warpvalue;
    inf.warpl = millisecs(p.warpl_ms);
    inf.warpu = millisecs(p.warpu_ms);
    m_sd.stop_timer(inf.unwarp_timer);
    if (!p.warpback) m_sd.stop_timer(inf.warp_timer);
    return 0;
}

std::map<std::string, std::int64_t> sched_bvt::domain_state(const domain& d) const {
    const dom_info& inf = dinfo(d);
    return {{"avt", inf.vcpu_inf.avt},
            {"evt", inf.vcpu_inf.evt},
            {"mcu_advance", inf.mcu_advance},
            {"warp", inf.warp},
            {"warpback", inf.warpback}};
}

bool sched_bvt::consistent() const {
    std::size_t queued = 0;
    bool idle_seen = false;
    for (const auto& inf : m_infos) {
        const vcpu_info& e = inf->vcpu_inf;
        if (e.on_runqueue) {
            ++queued;
            if (*e.pos != &e) return false;
            if (inf->dom && inf->dom->is_idle) idle_seen = true;
        }
    }
    return idle_seen && queued == m_runqueue.size();
}

}  // namespace rtv::hv
