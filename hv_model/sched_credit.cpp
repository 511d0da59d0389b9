// SPDX-License-Identifier: Apache-2.0
// Each function names the sched_credit.c function it models (ryos36/xen-arm). Only one
// physical CPU exists, so load balancing, migration and the idlers mask have no effect and
// are left out (csched_load_balance finds no peer and returns its own candidate).
#include "hv_model/sched_credit.hpp"

#include <stdexcept>

namespace rtv::hv {

sched_credit::sched_credit(sched_services& sd, bool no_tick_quirk) : m_sd(sd), m_no_tick_quirk(no_tick_quirk) {}

// __runq_insert: before the first entry of strictly lower priority (FIFO within one).
void sched_credit::runq_insert(vcpu_info& svc) {
    if (svc.on_runq) throw std::logic_error("credit: __runq_insert of a queued vcpu");
    auto it = m_runq.begin();
    while (it != m_runq.end() && !(svc.pri > (*it)->pri)) ++it;
    svc.runq_pos = m_runq.insert(it, &svc);
    svc.on_runq = true;
}

void sched_credit::runq_remove(vcpu_info& svc) {
    m_runq.erase(svc.runq_pos);
    svc.on_runq = false;
}

// __runq_tickle: a strictly higher priority than the running vcpu's preempts it.
void sched_credit::runq_tickle(vcpu_info& svc) {
    if (svc.pri > info(m_sd.curr()).pri) m_sd.raise_schedule_softirq();
}

// csched_dom_init (.alloc_task): weight 256, no cap; the idle domain has no csched_dom.
int sched_credit::alloc_task(vcpu& v) {
    m_infos.push_back(std::make_unique<dom_info>());
    dom_info& sdom = *m_infos.back();
    sdom.dom = v.dom;
    v.dom->sched_priv = &sdom;
    return 0;
}

// csched_vcpu_init (.add_task); the first (idle) vcpu also runs csched_pcpu_init, which adds
// the CPU's CSCHED_CREDITS_PER_ACCT to the system's credit.
void sched_credit::add_task(vcpu& v) {
    dom_info& sdom = *static_cast<dom_info*>(v.dom->sched_priv);
    vcpu_info& svc = sdom.vcpu_inf;
    svc.v = &v;
    svc.sdom = &sdom;
    svc.credit = 0;
    svc.parked = false;
    svc.pri = is_idle_vcpu(v) ? csched_pri_idle : csched_pri_ts_under;
    v.sched_priv = &svc;
    if (is_idle_vcpu(v)) {
        m_credit += csched_credits_per_acct;
        m_runq_sort_last = m_runq_sort;
    }
}

void sched_credit::free_task(domain& d) {
    vcpu_info& svc = info(*d.vcpu0);
    if (svc.on_runq) runq_remove(svc);
    if (svc.active) acct_stop(svc);
}

void sched_credit::sleep(vcpu& v) {
    vcpu_info& svc = info(v);
    if (&m_sd.curr() == &v)
        m_sd.raise_schedule_softirq();
    else if (svc.on_runq)
        runq_remove(svc);
}

void sched_credit::wake(vcpu& v) {
    vcpu_info& svc = info(v);
    if (&m_sd.curr() == &v || svc.on_runq) return;
    // Boost a waking UNDER vcpu, but not a capped one unparking.
    if (svc.pri == csched_pri_ts_under && !svc.parked) svc.pri = csched_pri_ts_boost;
    runq_insert(svc);
    runq_tickle(svc);
}

// csched_schedule: re-queue the running vcpu if runnable, take the head.
task_slice sched_credit::do_schedule(s_time_t /*now*/) {
    vcpu& current = m_sd.curr();
    vcpu_info& scurr = info(current);
    if (vcpu_runnable(current)) runq_insert(scurr);
    if (m_runq.empty()) throw std::logic_error("credit: empty run queue");
    vcpu_info& snext = *m_runq.front();
    runq_remove(snext);
    return {snext.v, csched_tslice};
}

// csched_dom_cntl (SCHED_INFO_PUT): weight 0 leaves the weight; cap (uint16_t)~0 leaves the cap.
int sched_credit::adjdom(domain& d, const sched_adjdom_cmd& cmd) {
    dom_info& sdom = *static_cast<dom_info*>(d.sched_priv);
    const credit_adjdom_params& p = cmd.credit;
    if (p.weight != 0) {
        if (sdom.active) m_weight = m_weight - sdom.weight + p.weight;
        sdom.weight = p.weight;
    }
    if (p.cap != static_cast<std::uint16_t>(~0u)) sdom.cap = p.cap;
    return 0;
}

// __csched_vcpu_acct_start
void sched_credit::acct_start(vcpu_info& svc) {
    if (svc.active) return;
    dom_info& sdom = *svc.sdom;
    ++sdom.active_vcpu_count;
    svc.active = true;
    if (!sdom.active) {
        m_active_sdom.push_front(&sdom);
        sdom.active_pos = m_active_sdom.begin();
        sdom.active = true;
        m_weight += sdom.weight;
    }
}

// __csched_vcpu_acct_stop_locked
void sched_credit::acct_stop(vcpu_info& svc) {
    dom_info& sdom = *svc.sdom;
    --sdom.active_vcpu_count;
    svc.active = false;
    if (sdom.active_vcpu_count == 0) {
        m_active_sdom.erase(sdom.active_pos);
        sdom.active = false;
        m_weight -= sdom.weight;
    }
}

// csched_vcpu_acct: the running vcpu loses its boost and 100 credits.
void sched_credit::vcpu_acct() {
    vcpu_info& svc = info(m_sd.curr());
    if (svc.pri == csched_pri_ts_boost) svc.pri = csched_pri_ts_under;
    svc.credit -= csched_credits_per_tick;
    if (!svc.active) acct_start(svc);
}

// csched_acct: the system's credit by weight among active domains (all u32 arithmetic as
// in the source, signed where it is int).
void sched_credit::acct() {
    const std::uint32_t weight_total = m_weight;
    std::uint32_t credit_total = m_credit;
    if (m_credit_balance < 0) credit_total -= static_cast<std::uint32_t>(m_credit_balance);
    if (weight_total == 0) {
        m_credit_balance = 0;
        return;
    }
    std::uint32_t weight_left = weight_total;
    int credit_balance = 0;
    bool credit_xtra = false;
    std::uint32_t credit_cap = 0;
    for (auto it = m_active_sdom.begin(); it != m_active_sdom.end();) {
        dom_info& sdom = **it++;
        weight_left -= sdom.weight;
        std::uint32_t credit_peak = sdom.active_vcpu_count * static_cast<std::uint32_t>(csched_credits_per_acct);
        if (m_credit_balance < 0)
            credit_peak += (static_cast<std::uint32_t>(-m_credit_balance) * sdom.weight + (weight_total - 1)) / weight_total;
        if (sdom.cap != 0) {
            credit_cap = (sdom.cap * static_cast<std::uint32_t>(csched_credits_per_acct) + 99) / 100;
            if (credit_cap < credit_peak) credit_peak = credit_cap;
            credit_cap = (credit_cap + (sdom.active_vcpu_count - 1u)) / sdom.active_vcpu_count;
        }
        std::uint32_t credit_fair = (credit_total * sdom.weight + (weight_total - 1)) / weight_total;
        if (credit_fair < credit_peak) {
            credit_xtra = true;
        } else {
            if (weight_left != 0)  // give other domains a chance at unused credits
                credit_total += ((credit_fair - credit_peak) * weight_total + (weight_left - 1)) / weight_left;
            if (credit_xtra) {  // keep domains with extra credits at the head
                m_active_sdom.splice(m_active_sdom.begin(), m_active_sdom, sdom.active_pos);
                sdom.active_pos = m_active_sdom.begin();
            }
            credit_fair = credit_peak;
        }
        credit_fair = (credit_fair + (sdom.active_vcpu_count - 1u)) / sdom.active_vcpu_count;

        vcpu_info& svc = sdom.vcpu_inf;  // the one vcpu on sdom->active_vcpu
        svc.credit += static_cast<int>(credit_fair);
        int credit = svc.credit;
        if (credit < 0) {
            svc.pri = csched_pri_ts_over;
            // Park running vcpus of capped-out domains.
            if (sdom.cap != 0 && credit < -static_cast<int>(credit_cap) && !svc.parked) {
                m_sd.vcpu_pause_nosync(*svc.v);
                svc.parked = true;
            }
            if (credit < -csched_credits_per_tslice) svc.credit = credit = -csched_credits_per_tslice;
        } else {
            svc.pri = csched_pri_ts_under;
            if (svc.parked) {
                // Unpause first, then clear the flag, so the wake-up is not boosted.
                m_sd.vcpu_unpause(*svc.v);
                svc.parked = false;
            }
            if (credit > csched_credits_per_tslice) {  // an idling vcpu stops earning
                acct_stop(svc);
                svc.credit = credit = 0;
            }
        }
        credit_balance += credit;
    }
    m_credit_balance = credit_balance;
    ++m_runq_sort;
}

// csched_runq_sort: move every UNDER-or-better vcpu ahead of the OVER ones, in order.
void sched_credit::runq_sort() {
    if (m_runq_sort == m_runq_sort_last) return;
    m_runq_sort_last = m_runq_sort;
    auto last_under = m_runq.begin();  // the position after the last UNDER kept in front
    for (auto it = m_runq.begin(); it != m_runq.end();) {
        auto next = std::next(it);
        if ((*it)->pri >= csched_pri_ts_under) {
            if (it != last_under) {
                m_runq.splice(last_under, m_runq, it);
            } else {
                ++last_under;
            }
        }
        it = next;
    }
}

// csched_tick: debit the running vcpu, account every CSCHED_TICKS_PER_ACCT ticks, re-sort.
void sched_credit::tick(std::uint32_t tick) {
    if (!is_idle_vcpu(m_sd.curr())) vcpu_acct();
    if (tick % csched_ticks_per_acct == 0) acct();
    runq_sort();
}

std::map<std::string, std::int64_t> sched_credit::domain_state(const domain& d) const {
    const vcpu_info& svc = info(*d.vcpu0);
    return {{"weight", svc.sdom->weight},
            {"cap", svc.sdom->cap},
            {"credit", svc.credit},
            {"pri", svc.pri},
            {"parked", svc.parked ? 1 : 0}};
}

bool sched_credit::consistent() const {
    std::size_t queued = 0;
    for (const vcpu_info* svc : m_runq) {
        if (!svc->on_runq || *svc->runq_pos != svc) return false;
        ++queued;
    }
    std::uint32_t weight = 0;
    for (const dom_info* sdom : m_active_sdom) weight += sdom->weight;
    std::size_t flagged = 0;
    for (const auto& sdom : m_infos) flagged += sdom->vcpu_inf.on_runq ? 1 : 0;
    return weight == m_weight && flagged == queued;
}

}  // namespace rtv::hv
