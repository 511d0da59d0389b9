// SPDX-License-Identifier: Apache-2.0
// The generic scheduling code of Xen 3.0.2 as shipped in Samsung's Xen-ARM
// (xen/common/schedule.c): schedule_data, __enter_scheduler, vcpu wake/sleep, the
// scheduler's timers, SCHEDOP_block/yield and set_timer_op.
//
// Quirk `recharge_on_continue` (default on, as shipped): when do_schedule picks the
// running vcpu again, __enter_scheduler returns through continue_running() without a
// runstate change, so runstate.state_entry_time keeps the original switch-in time and the
// next BVT calc_avt charges the whole run since then again. With the quirk off, a
// continuing vcpu's runstate entry time moves to `now` (its running time is booked first).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "hv_model/domain.hpp"
#include "hv_model/scheduler.hpp"
#include "hv_model/softirq.hpp"
#include "hv_model/timer_list.hpp"

namespace rtv::hv {

struct schedule_counters {
    std::uint64_t schedules = 0;        // __enter_scheduler runs
    std::uint64_t context_switches = 0; // prev != next
    std::uint64_t continues = 0;        // prev == next
    std::uint64_t wakes = 0;
    std::uint64_t blocks = 0;
    std::uint64_t yields = 0;
};

// What schedule.c calls in the rest of the hypervisor.
class schedule_hooks {
public:
    virtual ~schedule_hooks() = default;
    virtual s_time_t now() = 0;                                  // NOW()
    virtual void send_timer_event(vcpu& v) = 0;                  // send_guest_virq(v, VIRQ_TIMER)
    virtual bool event_pending(vcpu& v) = 0;                     // event_pending(v)
    virtual void clear_upcall_mask(vcpu& v) = 0;                 // vcpu_info->evtchn_upcall_mask = 0
    virtual void context_switch(vcpu& prev, vcpu& next) = 0;     // arch context_switch
};

class schedule_core final : public sched_services {
public:
    schedule_core(schedule_hooks& hooks, timer_list& timers, softirq_state& softirqs, bool recharge_on_continue,
                  bool periodic_timer = false);

    void set_scheduler(std::unique_ptr<scheduler> s) { m_ops = std::move(s); }
    scheduler& ops() { return *m_ops; }

    // alloc_vcpu + sched_add_domain: creates the domain's vcpu and hands it to the scheduler.
    vcpu& alloc_vcpu(domain& d, cpu::execution_context* context);
    // schedulers_start(): runs t_timer_fn once, so schedule_data.tick becomes 1 and stays.
    void schedulers_start();

    void vcpu_wake(vcpu& v);
    void vcpu_sleep_nosync(vcpu& v);
    void enter_scheduler();  // __enter_scheduler
    long do_block();
    long do_yield();
    long do_set_timer_op(s_time_t timeout);
    // VCPUOP_set_periodic_timer / VCPUOP_stop_periodic_timer for the running vcpu (the later
    // tree's do_vcpu_op): takes effect at the vcpu's next switch-in (vcpu_force_reschedule).
    long set_periodic_timer(s_time_t period_ns);
    long stop_periodic_timer();
    bool periodic_timer_mode() const { return m_periodic_timer; }

    // sched_services
    s_time_t now() override { return m_hooks.now(); }
    vcpu& curr() override { return *m_curr; }
    vcpu& idle() override { return *m_idle; }
    xen_timer& s_timer() override { return m_s_timer; }
    void set_timer(xen_timer& t, s_time_t expires) override { m_timers.set_timer(t, expires); }
    void stop_timer(xen_timer& t) override { m_timers.stop_timer(t); }
    void raise_schedule_softirq() override { m_softirqs.raise(schedule_softirq); }
    void vcpu_pause_nosync(vcpu& v) override;
    void vcpu_unpause(vcpu& v) override;

    std::uint32_t tick() const { return m_tick; }
    // Runs of the later tree's periodic t_timer_fn (0 unless the scheduler has a tick hook).
    std::uint32_t t_timer_ticks() const { return m_t_timer_ticks; }
    const schedule_counters& counters() const { return m_counters; }
    // Xen's own accounting of v's running time up to NOW() (vcpu_runstate_get).
    s_time_t runstate_running_time(const vcpu& v, s_time_t now) const;

private:
    static void runstate_change(vcpu& v, int new_state, s_time_t t);
    void t_timer_fn();
    void periodic_t_timer_fn();
    void vcpu_periodic_timer_work(vcpu& v);

    schedule_hooks& m_hooks;
    timer_list& m_timers;
    softirq_state& m_softirqs;
    bool m_recharge_on_continue;
    bool m_periodic_timer;
    std::unique_ptr<scheduler> m_ops;

    vcpu* m_curr = nullptr;
    vcpu* m_idle = nullptr;
    xen_timer m_s_timer;
    std::uint32_t m_tick = 0;
    xen_timer m_t_timer;
    std::uint32_t m_t_timer_ticks = 0;
    schedule_counters m_counters;
};

}  // namespace rtv::hv
