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
    virtual int adjdom(domain& d, const bvt_adjdom_params& p) = 0;

    // The scheduler's per-domain state for reports (e.g. BVT's avt/evt).
    virtual std::map<std::string, std::int64_t> domain_state(const domain& d) const = 0;
    // Structural invariants hold (for tests and the hypervisor's consistency check).
    virtual bool consistent() const = 0;
};

}  // namespace rtv::hv
