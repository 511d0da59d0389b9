// SPDX-License-Identifier: Apache-2.0
// The credit scheduler of the later Samsung tree (ryos36/xen-arm xen/common/sched_credit.c,
// its default: schedule.c `opt_sched = "credit"`), on one CPU:
//   - priorities BOOST(0) > UNDER(-1) > OVER(-2) > IDLE(-64); the run queue is ordered by
//     priority, FIFO within one (__runq_insert); csched_schedule re-queues the running vcpu
//     and takes the head, for a 30 ms slice (CSCHED_MSECS_PER_TSLICE);
//   - a waking UNDER vcpu is BOOSTed (csched_vcpu_wake); a tick that finds it running drops
//     it to UNDER (csched_vcpu_acct);
//   - per tick the running vcpu is debited 100 credits (csched_vcpu_acct); every 3 ticks
//     csched_acct hands out 300 credits per CPU by weight among active domains, with caps
//     (parking a capped vcpu below -cap credits), the +-300 clip and the idle-vcpu rule.
// The tick hook runs only from the later tree's t_timer_fn, whose only starter
// (schedulers_start) is under `#if 0` there. Quirk `credit_no_tick` (default on, as shipped):
// no tick ever runs, nothing is debited, weights and caps change nothing and BOOST is never
// cleared: CPU-bound vcpus go round-robin with 30 ms slices.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hv_model/scheduler.hpp"

namespace rtv::hv {

// sched_credit.c constants.
inline constexpr int csched_pri_ts_boost = 0;     // CSCHED_PRI_TS_BOOST
inline constexpr int csched_pri_ts_under = -1;    // CSCHED_PRI_TS_UNDER
inline constexpr int csched_pri_ts_over = -2;     // CSCHED_PRI_TS_OVER
inline constexpr int csched_pri_idle = -64;       // CSCHED_PRI_IDLE
inline constexpr int csched_ticks_per_acct = 3;   // CSCHED_TICKS_PER_ACCT
inline constexpr int csched_credits_per_tick = 100;     // CSCHED_CREDITS_PER_TICK
inline constexpr int csched_credits_per_tslice = 300;   // 100 x CSCHED_TICKS_PER_TSLICE (3)
inline constexpr int csched_credits_per_acct = 300;     // 100 x CSCHED_TICKS_PER_ACCT (3)
inline constexpr s_time_t csched_tslice = millisecs(30);  // CSCHED_MSECS_PER_TSLICE
inline constexpr std::uint16_t csched_default_weight = 256;  // CSCHED_DEFAULT_WEIGHT

class sched_credit final : public scheduler {
public:
    struct dom_info;
    struct vcpu_info {  // struct csched_vcpu
        vcpu* v = nullptr;
        dom_info* sdom = nullptr;
        bool on_runq = false;
        std::list<vcpu_info*>::iterator runq_pos;
        bool active = false;  // on sdom->active_vcpu
        int credit = 0;
        bool parked = false;  // CSCHED_FLAG_VCPU_PARKED
        int pri = csched_pri_ts_under;
    };
    struct dom_info {  // struct csched_dom
        domain* dom = nullptr;
        bool active = false;  // on csched_priv.active_sdom
        std::list<dom_info*>::iterator active_pos;
        std::uint16_t active_vcpu_count = 0;
        std::uint16_t weight = csched_default_weight;
        std::uint16_t cap = 0;
        vcpu_info vcpu_inf;  // MAX_VIRT_CPUS = 1 on ARM
    };

    sched_credit(sched_services& sd, bool no_tick_quirk);

    const char* name() const override { return "SMP Credit Scheduler"; }
    const char* opt_name() const override { return "credit"; }
    int alloc_task(vcpu& v) override;
    void add_task(vcpu& v) override;
    void free_task(domain& d) override;
    void sleep(vcpu& v) override;
    void wake(vcpu& v) override;
    task_slice do_schedule(s_time_t now) override;
    int adjdom(domain& d, const sched_adjdom_cmd& cmd) override;
    void tick(std::uint32_t tick) override;
    bool wants_tick() const override { return !m_no_tick_quirk; }
    std::map<std::string, std::int64_t> domain_state(const domain& d) const override;
    bool consistent() const override;

    static vcpu_info& info(const vcpu& v) { return *static_cast<vcpu_info*>(v.sched_priv); }
    const std::list<vcpu_info*>& runq() const { return m_runq; }
    std::uint32_t total_weight() const { return m_weight; }

private:
    void runq_insert(vcpu_info& svc);
    void runq_remove(vcpu_info& svc);
    void runq_tickle(vcpu_info& svc);
    void vcpu_acct();
    void acct_start(vcpu_info& svc);
    void acct_stop(vcpu_info& svc);
    void acct();
    void runq_sort();

    sched_services& m_sd;
    bool m_no_tick_quirk;
    std::list<vcpu_info*> m_runq;
    std::list<dom_info*> m_active_sdom;
    std::uint32_t m_weight = 0;  // csched_priv.weight
    std::uint32_t m_credit = 0;  // csched_priv.credit
    int m_credit_balance = 0;
    std::uint32_t m_runq_sort = 0;
    std::uint32_t m_runq_sort_last = 0;
    std::vector<std::unique_ptr<dom_info>> m_infos;
};

}  // namespace rtv::hv
