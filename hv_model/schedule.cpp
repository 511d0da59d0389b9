// SPDX-License-Identifier: Apache-2.0
#include "hv_model/schedule.hpp"

#include <stdexcept>

namespace rtv::hv {

schedule_core::schedule_core(schedule_hooks& hooks, timer_list& timers, softirq_state& softirqs,
                             bool recharge_on_continue, bool periodic_timer)
    : m_hooks(hooks),
      m_timers(timers),
      m_softirqs(softirqs),
      m_recharge_on_continue(recharge_on_continue),
      m_periodic_timer(periodic_timer) {
    // s_timer_fn: force a run through the scheduler.
    timer_list::init_timer(m_s_timer, "s_timer", [this] { raise_schedule_softirq(); });
}

void schedule_core::runstate_change(vcpu& v, int new_state, s_time_t t) {
    v.runstate.time[v.runstate.state] += t - v.runstate.state_entry_time;
    v.runstate.state_entry_time = t;
    v.runstate.state = new_state;
}

vcpu& schedule_core::alloc_vcpu(domain& d, cpu::execution_context* context) {
    if (d.vcpu0) throw std::logic_error("alloc_vcpu: domain already has its vcpu");
    d.vcpu0 = std::make_unique<vcpu>();
    vcpu& v = *d.vcpu0;
    v.dom = &d;
    v.context = context;
    v.runstate.state = d.is_idle ? runstate_running : runstate_offline;
    v.runstate.state_entry_time = now();
    if (m_ops->alloc_task(v) < 0) throw std::runtime_error("scheduler could not allocate " + d.name);

    // sched_add_domain
    timer_list::init_timer(v.timer, d.name + ".timer", [this, &v] { m_hooks.send_timer_event(v); });  // dom_timer_fn
    // poll_timer_fn: vcpu_unblock (clear the blocked flag, then wake).
    timer_list::init_timer(v.poll_timer, d.name + ".poll_timer", [this, &v] {
        if (v.blocked) {
            v.blocked = false;
            vcpu_wake(v);
        }
    });
    // vcpu_periodic_timer_fn
    timer_list::init_timer(v.periodic_timer, d.name + ".periodic_timer", [this, &v] { vcpu_periodic_timer_work(v); });
    if (d.is_idle) {
        m_curr = &v;
        m_idle = &v;
        v.running = true;
    }
    m_ops->add_task(v);
    return v;
}

void schedule_core::t_timer_fn() {
    ++m_tick;
    if (!is_idle_vcpu(*m_curr)) m_hooks.send_timer_event(*m_curr);
    // The periodic re-arm is `#if 0`'d in Xen-ARM: t_timer runs only this once.
}

// The later Samsung tree's t_timer_fn (ryos36/xen-arm xen/common/schedule.c): tick++, the
// scheduler's .tick hook, re-armed at NOW() + MILLISECS(10) on the timer list. Its count is
// kept apart from the imported tree's frozen schedule_data.tick, which only decides the
// first-dispatch VIRQ_TIMER in enter_scheduler.
void schedule_core::periodic_t_timer_fn() {
    ++m_t_timer_ticks;
    m_ops->tick(m_t_timer_ticks);
    set_timer(m_t_timer, now() + millisecs(10));
}

void schedule_core::schedulers_start() {
    t_timer_fn();
    // Only a scheduler with a tick hook that is meant to run (Credit with credit_no_tick off)
    // gets the later tree's periodic t_timer; as shipped its starter is under `#if 0`.
    if (m_ops->wants_tick()) {
        timer_list::init_timer(m_t_timer, "t_timer", [this] { periodic_t_timer_fn(); });
        periodic_t_timer_fn();
    }
}

// vcpu_pause_nosync / vcpu_unpause (xen/common/domain.c).
void schedule_core::vcpu_pause_nosync(vcpu& v) {
    ++v.pausecnt;
    vcpu_sleep_nosync(v);
}

void schedule_core::vcpu_unpause(vcpu& v) {
    if (--v.pausecnt == 0) vcpu_wake(v);
}

void schedule_core::vcpu_wake(vcpu& v) {
    ++m_counters.wakes;
    if (vcpu_runnable(v)) {
        if (v.runstate.state >= runstate_blocked) runstate_change(v, runstate_runnable, now());
        m_ops->wake(v);
    } else if (!v.blocked) {
        if (v.runstate.state == runstate_blocked) runstate_change(v, runstate_offline, now());
    }
}

void schedule_core::vcpu_sleep_nosync(vcpu& v) {
    if (!vcpu_runnable(v)) {
        if (v.runstate.state == runstate_runnable) runstate_change(v, runstate_offline, now());
        m_ops->sleep(v);
    }
}

void schedule_core::enter_scheduler() {
    ++m_counters.schedules;
    vcpu& prev = *m_curr;
    const s_time_t t = now();

    stop_timer(m_s_timer);
    const task_slice slice = m_ops->do_schedule(t);
    vcpu& next = *slice.task;
    m_curr = &next;
    set_timer(m_s_timer, t + slice.time);

    if (&prev == &next) {
        ++m_counters.continues;
        // continue_running() is a no-op on ARM; the fix books the run and restarts the charge.
        if (!m_recharge_on_continue) runstate_change(prev, runstate_running, t);
        return;
    }

    ++m_counters.context_switches;
    runstate_change(prev, prev.blocked ? runstate_blocked : (vcpu_runnable(prev) ? runstate_runnable : runstate_offline), t);
    if (next.runstate.state == runstate_running) throw std::logic_error("enter_scheduler: next already running");
    runstate_change(next, runstate_running, t);
    prev.running = false;
    next.running = true;
    ++next.switches_in;

    if (m_periodic_timer) {
        // The later tree: the periodic timer stops with its vcpu and restarts at switch-in.
        stop_timer(prev.periodic_timer);
        vcpu_periodic_timer_work(next);
    } else {
        prev.sleep_tick = m_tick;
        // update_dom_time(next) is commented out in Xen-ARM; only the first dispatch gets a tick.
        if (!is_idle_vcpu(next) && next.sleep_tick != m_tick) m_hooks.send_timer_event(next);
    }

    m_hooks.context_switch(prev, next);

    // Synchronous hypercall paths of `next` resume here (e.g. do_block's timer cancel).
    if (next.continuation) {
        auto c = std::move(next.continuation);
        next.continuation = nullptr;
        c();
    }
}

// vcpu_periodic_timer_work (ryos36/xen-arm schedule.c): one VIRQ_TIMER if a period has
// passed since the last one (then the phase restarts at now), and the timer re-armed.
void schedule_core::vcpu_periodic_timer_work(vcpu& v) {
    if (v.periodic_timer_period == 0) return;
    const s_time_t t = now();
    s_time_t next_event = v.periodic_last_event + v.periodic_timer_period;
    if (t >= next_event) {
        m_hooks.send_timer_event(v);
        v.periodic_last_event = t;
        next_event = t + v.periodic_timer_period;
    }
    set_timer(v.periodic_timer, next_event);
}

// do_vcpu_op VCPUOP_set_periodic_timer: periods under 1 ms are refused; the timer starts when
// the vcpu is next switched in (vcpu_force_reschedule).
long schedule_core::set_periodic_timer(s_time_t period_ns) {
    if (period_ns < millisecs(1)) return -xen_einval;
    m_curr->periodic_timer_period = period_ns;
    raise_schedule_softirq();
    return 0;
}

long schedule_core::stop_periodic_timer() {
    m_curr->periodic_timer_period = 0;
    stop_timer(m_curr->periodic_timer);
    raise_schedule_softirq();
    return 0;
}

long schedule_core::do_set_timer_op(s_time_t timeout) {
    vcpu& v = *m_curr;
    if (timeout == 0)
        stop_timer(v.timer);
    else
        set_timer(v.timer, timeout);
    return 0;
}

// do_block: block until an event; Xen-ARM arms the vcpu timer at NOW()+8ms first and
// cancels it when the vcpu runs again.
long schedule_core::do_block() {
    vcpu& v = *m_curr;
    ++m_counters.blocks;
    m_hooks.clear_upcall_mask(v);
    v.blocked = true;
    if (m_hooks.event_pending(v)) {
        v.blocked = false;
        return 0;
    }
    do_set_timer_op(now() + millisecs(8));
    v.continuation = [this] { do_set_timer_op(0); };
    enter_scheduler();
    return 0;
}

long schedule_core::do_yield() {
    ++m_counters.yields;
    m_curr->yield = true;
    enter_scheduler();
    return 0;
}

s_time_t schedule_core::runstate_running_time(const vcpu& v, s_time_t t) const {
    s_time_t running = v.runstate.time[runstate_running];
    if (v.runstate.state == runstate_running) running += t - v.runstate.state_entry_time;
    return running;
}

}  // namespace rtv::hv
