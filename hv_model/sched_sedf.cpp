// SPDX-License-Identifier: Apache-2.0
// Each function names the sched_sedf.c function it models (andreiw/xen3-arm-tegra@8caa5e6).
// Xen's ASSERTs on queue membership are compiled out in its release build; here a broken
// precondition throws, so a model error cannot silently corrupt the queues.
#include "hv_model/sched_sedf.hpp"

#include <algorithm>
#include <stdexcept>

namespace rtv::hv {

namespace {
// DIV_UP(x, y) = (x + y - 1) / y, signed 64-bit (__divdi3 under CONFIG_CPU_XSCALE).
s_time_t div_up(s_time_t x, s_time_t y) { return (x + y - 1) / y; }
}  // namespace

sched_sedf::sched_sedf(sched_services& sd) : m_sd(sd) {}

// --- queues ----------------------------------------------------------------------------------

void sched_sedf::extraq_del(vcpu_info& inf, int i) {
    const auto k = static_cast<std::size_t>(i);
    if (!inf.extra_on[k]) throw std::logic_error("sedf: extraq_del of a vcpu not on the extra queue");
    m_extraq[k].erase(inf.extra_pos[k]);
    inf.extra_on[k] = false;
}

// extraq_add_sort_update: insert by score (lower first) and subtract `sub` from the score of
// every entry already on the queue (those passed on the way and those after the hole).
void sched_sedf::extraq_add_sort_update(vcpu_info& inf, int i, int sub) {
    const auto k = static_cast<std::size_t>(i);
    if (inf.extra_on[k]) throw std::logic_error("sedf: extraq_add_sort_update of a queued vcpu");
    queue& q = m_extraq[k];
    auto cur = q.begin();
    for (; cur != q.end(); ++cur) {
        (*cur)->score[k] -= sub;
        if (inf.score[k] < (*cur)->score[k]) break;
    }
    inf.extra_pos[k] = q.insert(cur, &inf);
    inf.extra_on[k] = true;
    if (cur != q.end() && sub)
        for (++cur; cur != q.end(); ++cur) (*cur)->score[k] -= sub;
}

void sched_sedf::extraq_check(vcpu_info& inf) {
    if (inf.extra_on[util_q]) {
        if (!(inf.status & extra_aware) && !extra_runs(inf)) extraq_del(inf, util_q);
    } else if ((inf.status & extra_aware) && runnable(inf)) {
        extraq_add_sort_update(inf, util_q, 0);
    }
}

// extraq_check_add_unblocked (EXTRA_BLOCK_WEIGHT): on the weighted L1 queue, no score update.
void sched_sedf::extraq_check_add_unblocked(vcpu_info& inf) {
    if (inf.status & extra_aware) extraq_add_sort_update(inf, util_q, 0);
}

void sched_sedf::del_from_queue(vcpu_info& inf) {
    if (!inf.on) throw std::logic_error("sedf: __del_from_queue of a vcpu on no queue");
    inf.on->erase(inf.pos);
    inf.on = nullptr;
}

// list_insert_sort: before the first element that compares greater (stable for equal keys).
void sched_sedf::insert_sorted(queue& q, vcpu_info& inf, bool by_deadline) {
    const auto key = [by_deadline](const vcpu_info* e) { return by_deadline ? e->deadl_abs : e->period_begin(); };
    auto cur = q.begin();
    while (cur != q.end() && !(key(&inf) < key(*cur))) ++cur;
    inf.pos = q.insert(cur, &inf);
    inf.on = &q;
}

void sched_sedf::add_to_waitqueue_sort(vcpu_info& inf) {
    if (inf.on) throw std::logic_error("sedf: __add_to_waitqueue_sort of a queued vcpu");
    insert_sorted(m_waitq, inf, false);
}

void sched_sedf::add_to_runqueue_sort(vcpu_info& inf) { insert_sorted(m_runq, inf, true); }

// --- task setup --------------------------------------------------------------------------------

int sched_sedf::alloc_task(vcpu& v) {
    m_infos.push_back(std::make_unique<vcpu_info>());
    v.sched_priv = m_infos.back().get();
    v.dom->sched_priv = v.sched_priv;  // sedf_dom_info holds only the domain pointer
    return 0;
}

// sedf_add_task: dom0 gets 20 ms / 15 ms, extra-aware; others are best effort (100 ms
// period, no slice, extra-aware, extraweight 1). Both start asleep.
void sched_sedf::add_task(vcpu& v) {
    vcpu_info& inf = info(v);
    inf.v = &v;
    if (v.dom->domain_id == 0 && !v.dom->is_idle) {
        inf.period = millisecs(20);
        inf.slice = millisecs(15);
        inf.latency = 0;
        inf.deadl_abs = 0;
        inf.status = extra_aware | asleep;
    } else {
        inf.period = sedf_weight_period;
        inf.slice = 0;
        inf.deadl_abs = 0;
        inf.latency = 0;
        inf.status = extra_aware | asleep;
        inf.extraweight = 1;
    }
    inf.period_orig = inf.period;
    inf.slice_orig = inf.slice;
    if (!is_idle_vcpu(v)) {
        extraq_check(inf);
    } else {
        inf.deadl_abs = 0;
        inf.status &= ~asleep;
    }
}

void sched_sedf::free_task(domain& d) {
    vcpu_info& inf = info(*d.vcpu0);
    if (inf.on) del_from_queue(inf);
    for (int i = 0; i < 2; ++i)
        if (inf.extra_on[static_cast<std::size_t>(i)]) extraq_del(inf, i);
}

// --- descheduling --------------------------------------------------------------------------------

void sched_sedf::desched_edf_dom(s_time_t now, vcpu_info& inf) {
    inf.cputime += now - inf.sched_start_abs;
    if (inf.cputime < inf.slice && runnable(inf)) return;
    del_from_queue(inf);
    if (inf.cputime >= inf.slice) {
        inf.cputime -= inf.slice;
        if (inf.period < inf.period_orig) {  // latency scaling (never entered as configured)
            inf.period *= 2;
            inf.slice *= 2;
            if (inf.period > inf.period_orig || inf.slice > inf.slice_orig) {
                inf.period = inf.period_orig;
                inf.slice = inf.slice_orig;
            }
        }
        inf.deadl_abs += inf.period;
    }
    if (runnable(inf)) {
        add_to_waitqueue_sort(inf);
    } else {
        if (inf.extra_on[pen_q]) extraq_del(inf, pen_q);
        if (inf.extra_on[util_q]) extraq_del(inf, util_q);
    }
}

void sched_sedf::desched_extra_dom(s_time_t now, vcpu_info& inf) {
    const int i = extra_cur_q(inf);
    inf.status &= ~(extra_run_pen | extra_run_util);
    inf.cputime = 0;
    inf.extra_time_tot += now - inf.sched_start_abs;
    extraq_del(inf, i);
    // unsigned long oldscore, passed on as the int `sub`.
    int oldscore = inf.score[static_cast<std::size_t>(i)];
    if (i == pen_q) {
        inf.short_block_lost_tot -= now - inf.sched_start_abs;
        if (inf.short_block_lost_tot <= 0) {
            inf.short_block_lost_tot = 0;
            inf.status &= ~extra_want_pen_q;
            // goto check_extra_queues: no longer wanting L0, it is not re-queued there
        } else {
            inf.score[pen_q] = static_cast<int>((inf.period << 10) / inf.short_block_lost_tot);
            oldscore = 0;
        }
    } else if (!inf.extraweight) {
        inf.score[util_q] = static_cast<int>((inf.period << 10) / inf.slice);  // 10-bit fixed point
    } else {
        inf.score[util_q] = (1 << 17) / inf.extraweight;  // 100 % utilisation == extraweight 128
    }
    // check_extra_queues:
    if (runnable(inf)) {
        if (((inf.status & extra_aware) && i == util_q) || ((inf.status & extra_want_pen_q) && i == pen_q))
            extraq_add_sort_update(inf, i, oldscore);
    } else {
        del_from_queue(inf);  // "remove this blocked domain from the waitq!"
        const int other = i == pen_q ? util_q : pen_q;
        if (inf.extra_on[static_cast<std::size_t>(other)]) extraq_del(inf, other);
    }
}

void sched_sedf::update_queues(s_time_t now) {
    // Waiting domains whose period has begun move to the run queue.
    for (auto it = m_waitq.begin(); it != m_waitq.end();) {
        vcpu_info& cur = **it++;
        if (cur.period_begin() > now) break;
        del_from_queue(cur);
        add_to_runqueue_sort(cur);
    }
    // Run-queue entries that should not be there.
    for (auto it = m_runq.begin(); it != m_runq.end();) {
        vcpu_info& cur = **it++;
        if (cur.slice == 0) {
            // Zero-slice (best-effort) domains move to their next period, in the future.
            del_from_queue(cur);
            cur.deadl_abs += cur.period;
            if (cur.period_begin() < now) cur.deadl_abs += div_up(now - cur.period_begin(), cur.period) * cur.period;
            add_to_waitqueue_sort(cur);
            continue;
        }
        if (cur.deadl_abs < now || cur.cputime > cur.slice) {
            // A missed deadline or an overrun slice: the next period, a fresh slice.
            del_from_queue(cur);
            cur.deadl_abs += cur.period;
            if (cur.deadl_abs < now) cur.deadl_abs += div_up(now - cur.deadl_abs, cur.period) * cur.period;
            cur.cputime = 0;
            if (cur.period_begin() > now)
                add_to_waitqueue_sort(cur);
            else
                add_to_runqueue_sort(cur);
        } else {
            break;
        }
    }
}

// sedf_do_extra_schedule: L0 (penalty) before L1 (utilisation), EXTRA_QUANTUM each.
task_slice sched_sedf::do_extra_schedule(s_time_t now, s_time_t end_xt) {
    if (end_xt - now >= sedf_extra_quantum) {
        if (!m_extraq[pen_q].empty()) {
            vcpu_info& r = *m_extraq[pen_q].front();
            r.status |= extra_run_pen;
            return {r.v, sedf_extra_quantum};
        }
        if (!m_extraq[util_q].empty()) {
            vcpu_info& r = *m_extraq[util_q].front();
            r.status |= extra_run_util;
            return {r.v, sedf_extra_quantum};
        }
    }
    return {&m_sd.idle(), end_xt - now};
}

task_slice sched_sedf::do_schedule(s_time_t now) {
    vcpu& current = m_sd.curr();
    if (!is_idle_vcpu(current)) {
        vcpu_info& inf = info(current);
        if (!vcpu_runnable(current)) inf.status |= asleep;
        if (inf.status & asleep) inf.block_abs = now;
        if (extra_runs(inf))
            desched_extra_dom(now, inf);
        else
            desched_edf_dom(now, inf);
    }
    update_queues(now);

    task_slice ret;
    if (!m_runq.empty()) {
        const vcpu_info& run = *m_runq.front();
        ret.task = run.v;
        ret.time = run.slice - run.cputime;
        // The tree's form (Samsung's note: the upstream MIN(now + ..., PERIOD_BEGIN) - now aborted).
        if (!m_waitq.empty()) ret.time = std::min(ret.time, m_waitq.front()->period_begin() - now);
    } else if (!m_waitq.empty()) {
        ret = do_extra_schedule(now, m_waitq.front()->period_begin());
    } else {
        ret = {&m_sd.idle(), seconds(1)};
    }
    if (ret.time < 0) ret.time = sedf_extra_quantum;  // "Ouch! We are seriously BEHIND schedule!"
    info(*ret.task).sched_start_abs = now;
    m_current_slice_expires = now + ret.time;
    return ret;
}

// --- sleep and wake ---------------------------------------------------------------------------

void sched_sedf::sleep(vcpu& v) {
    if (is_idle_vcpu(v)) return;
    vcpu_info& inf = info(v);
    inf.status |= asleep;
    if (&m_sd.curr() == &v) {
        m_sd.raise_schedule_softirq();
    } else {
        if (inf.on) del_from_queue(inf);
        if (inf.extra_on[util_q]) extraq_del(inf, util_q);
        if (inf.extra_on[pen_q]) extraq_del(inf, pen_q);
    }
}

// unblock_short_extra_support: no more real-time execution this period; the slice left
// when it blocked becomes a penalty that buys L0 extra time.
void sched_sedf::unblock_short_extra_support(vcpu_info& inf, s_time_t /*now*/) {
    inf.deadl_abs += inf.period;
    if (inf.block_abs) {
        const s_time_t pen = std::max<s_time_t>(inf.slice - inf.cputime, 0);
        inf.short_block_lost_tot = pen;
        if (inf.short_block_lost_tot) {
            inf.score[pen_q] = static_cast<int>((inf.period << 10) / inf.short_block_lost_tot);
            if (inf.extra_on[pen_q])
                extraq_del(inf, pen_q);
            else
                inf.status |= extra_want_pen_q;
            extraq_add_sort_update(inf, pen_q, 0);
        }
    }
    inf.cputime = 0;
}

// unblock_long_cons_b: the wake-up starts a new period.
void sched_sedf::unblock_long_cons_b(vcpu_info& inf, s_time_t now) {
    inf.deadl_abs = now + inf.period;
    inf.cputime = 0;
}

bool sched_sedf::should_switch(vcpu& cur, vcpu_info& other, s_time_t /*now*/) const {
    if (other.period_begin() < m_current_slice_expires) return true;
    if (is_idle_vcpu(cur)) return true;  // DOMAIN_IDLE
    const vcpu_info& c = info(cur);
    if (c.status & extra_run_pen)  // DOMAIN_EXTRA_PEN
        return (other.status & extra_want_pen_q) && other.score[pen_q] < c.score[pen_q];
    if (c.status & extra_run_util)  // DOMAIN_EXTRA_UTIL
        return (other.status & extra_want_pen_q) != 0;
    return false;  // DOMAIN_EDF: a running EDF domain is not interrupted
}

void sched_sedf::wake(vcpu& v) {
    const s_time_t now = m_sd.now();
    if (is_idle_vcpu(v)) return;
    vcpu_info& inf = info(v);
    if (inf.on) return;  // already on a queue
    inf.status &= ~asleep;
    if (inf.deadl_abs == 0) inf.deadl_abs = now + inf.slice;  // initial deadline (slice, as in the source)

    if (now < inf.period_begin()) {
        // Unblocking in extra time.
        if (inf.status & extra_want_pen_q) extraq_add_sort_update(inf, pen_q, 0);
        extraq_check_add_unblocked(inf);
    } else if (now < inf.deadl_abs) {
        unblock_short_extra_support(inf, now);  // short block
        extraq_check_add_unblocked(inf);
    } else {
        unblock_long_cons_b(inf, now);  // long block
        extraq_check_add_unblocked(inf);
    }
    if (inf.period_begin() > now)
        add_to_waitqueue_sort(inf);
    else
        add_to_runqueue_sort(inf);
    if (should_switch(m_sd.curr(), inf, now)) m_sd.raise_schedule_softirq();
}

// --- parameters --------------------------------------------------------------------------------

// sedf_adjust_weights: weight-driven domains share WEIGHT_PERIOD - WEIGHT_SAFETY minus what
// the time-driven ones need, projected onto WEIGHT_PERIOD.
void sched_sedf::adjust_weights() {
    int sumw = 0;
    s_time_t sumt = 0;
    for (const auto& p : m_infos) {
        if (p->v->dom->is_idle) continue;  // for_each_domain skips the idle domain
        if (p->weight)
            sumw += p->weight;
        else
            sumt += (sedf_weight_period * p->slice_orig) / p->period_orig;
    }
    for (auto& p : m_infos) {
        if (p->v->dom->is_idle || !p->weight) continue;
        p->period_orig = p->period = sedf_weight_period;
        p->slice_orig = p->slice = (p->weight * (sedf_weight_period - sedf_weight_safety - sumt)) / sumw;
    }
}

// sedf_adjdom (SCHED_INFO_PUT). Parameters not given keep sedf_add_task's defaults.
int sched_sedf::adjdom(domain& d, const sched_adjdom_cmd& cmd) {
    const sedf_adjdom_params& p = cmd.sedf;
    if (!p.given) return 0;
    if (!p.period && !p.weight) return -xen_einval;
    vcpu_info& inf = info(*d.vcpu0);
    if (p.weight) {
        if (p.extratime && !p.period) {  // weight-driven, extra time only
            inf.extraweight = static_cast<short>(p.weight);
            inf.weight = 0;
            inf.slice = 0;
            inf.period = sedf_weight_period;
        } else {  // weight-driven with real-time execution
            inf.weight = static_cast<short>(p.weight);
        }
    } else {  // time-driven
        if (p.period > sedf_period_max || p.period < sedf_period_min || p.slice > p.period || p.slice < sedf_slice_min)
            return -xen_einval;
        inf.weight = 0;
        inf.extraweight = 0;
        inf.period_orig = inf.period = p.period;
        inf.slice_orig = inf.slice = p.slice;
    }
    adjust_weights();
    inf.status = (inf.status & ~extra_aware) | (p.extratime ? extra_aware : 0);
    inf.latency = p.latency;
    extraq_check(inf);
    return 0;
}

std::map<std::string, std::int64_t> sched_sedf::domain_state(const domain& d) const {
    const vcpu_info& inf = info(*d.vcpu0);
    return {{"period_ns", inf.period},
            {"slice_ns", inf.slice},
            {"latency_ns", inf.latency},
            {"extratime", (inf.status & extra_aware) ? 1 : 0},
            {"weight", inf.weight},
            {"extraweight", inf.extraweight},
            {"deadline_ns", inf.deadl_abs},
            {"extra_time_ns", inf.extra_time_tot}};
}

bool sched_sedf::consistent() const {
    for (const auto& p : m_infos) {
        const vcpu_info& inf = *p;
        if (inf.v->dom->is_idle) {
            if (inf.on || inf.extra_on[0] || inf.extra_on[1]) return false;
            continue;
        }
        // A queued vcpu is runnable, and an extra-queued one too (the source's ASSERTs).
        if ((inf.extra_on[0] || inf.extra_on[1]) && !runnable(inf)) return false;
        if (inf.on && *inf.pos != &inf) return false;
    }
    const auto sorted = [](const queue& q, bool by_deadline) {
        return std::is_sorted(q.begin(), q.end(), [by_deadline](const vcpu_info* a, const vcpu_info* b) {
            return by_deadline ? a->deadl_abs < b->deadl_abs : a->period_begin() < b->period_begin();
        });
    };
    return sorted(m_runq, true) && sorted(m_waitq, false);
}

}  // namespace rtv::hv
