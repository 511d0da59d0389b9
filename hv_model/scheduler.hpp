// SPDX-License-Identifier: Apache-2.0
// The scheduler interface, shaped like Xen's `struct scheduler` (xen/include/xen/sched-if.h):
// adding a scheduler is one new file pair implementing it; nothing else changes.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "hv_model/domain.hpp"
#include "hv_model/timer_list.hpp"
#include "hv_model/xen_time.hpp"

namespace rtv::hv {

struct task_slice {
    vcpu* task = nullptr;
    s_time_t time = 0;
};

// sched_adjdom_cmd for BVT (xen/include/public/sched_ctl.h): per-domain parameters.
struct bvt_adjdom_params {
    std::uint32_t mcu_adv = 10;
    std::uint32_t warpback = 0;
    std::int32_t warpvalue = 0;
    s_time_t warpl_ms = 2000;
    s_time_t warpu_ms = 1000;
};

// SEDF's per-domain parameters (sched_adjdom_cmd.u.sedf, xen/include/public/sched_ctl.h),
// in ns. `given` false keeps sedf_add_task's defaults (xen/common/sched_sedf.c).
struct sedf_adjdom_params {
    bool given = false;
    s_time_t period = 0;
    s_time_t slice = 0;
    s_time_t latency = 0;
    bool extratime = false;
    std::uint16_t weight = 0;
};

// Credit's per-domain parameters (sched_adjdom_cmd.u.credit in the later Samsung tree):
// weight 1..65535 (csched_dom_init default 256), cap in percent of one CPU, 0 = none.
struct credit_adjdom_params {
    std::uint16_t weight = 256;
    std::uint16_t cap = 0;
};

// sched_adjdom_cmd: what DOM0_ADJUSTDOM hands the scheduler in use. A domain carries the
// parameters of every scheduler, so one scenario can be swept across schedulers.
struct sched_adjdom_cmd {
    bvt_adjdom_params bvt;
    sedf_adjdom_params sedf;
    credit_adjdom_params credit;
    sched_adjdom_cmd() = default;
    sched_adjdom_cmd(const bvt_adjdom_params& b) : bvt(b) {}  // NOLINT: BVT-only callers
};

// What schedule.c offers a scheduler: the per-CPU schedule_data, NOW(), timers, softirqs.
class sched_services {
public:
    virtual ~sched_services() = default;
    virtual s_time_t now() = 0;
    virtual vcpu& curr() = 0;
    virtual vcpu& idle() = 0;
    virtual xen_timer& s_timer() = 0;
    virtual void set_timer(xen_timer& t, s_time_t expires) = 0;
    virtual void stop_timer(xen_timer& t) = 0;
    virtual void raise_schedule_softirq() = 0;
    // vcpu_pause_nosync / vcpu_unpause (xen/common/domain.c): Credit parks capped vcpus.
    virtual void vcpu_pause_nosync(vcpu& v) = 0;
    virtual void vcpu_unpause(vcpu& v) = 0;
};

class scheduler {
public:
    virtual ~scheduler() = default;
    virtual const char* name() const = 0;      // .name
    virtual const char* opt_name() const = 0;  // .opt_name (sched=)

    virtual int alloc_task(vcpu& v) = 0;
    virtual void add_task(vcpu& v) = 0;
    virtual void free_task(domain& d) = 0;
    virtual void sleep(vcpu& v) = 0;
    virtual void wake(vcpu& v) = 0;
    virtual task_slice do_schedule(s_time_t now) = 0;
    virtual int adjdom(domain& d, const sched_adjdom_cmd& cmd) = 0;
    // .tick: called by the later tree's t_timer_fn with schedule_data.tick (only Credit has
    // one; the imported tree's schedulers have none).
    virtual void tick(std::uint32_t /*tick*/) {}
    // Whether the scheduler wants t_timer running (the later tree's schedulers_start).
    virtual bool wants_tick() const { return false; }

    // The scheduler's per-domain state for reports (e.g. BVT's avt/evt).
    virtual std::map<std::string, std::int64_t> domain_state(const domain& d) const = 0;
    // Structural invariants hold (for tests and the hypervisor's consistency check).
    virtual bool consistent() const = 0;
};

}  // namespace rtv::hv
