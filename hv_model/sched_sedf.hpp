// SPDX-License-Identifier: Apache-2.0
// Simple EDF, faithful to Xen 3.0.2's xen/common/sched_sedf.c as Samsung's Xen-ARM ships it
// (andreiw/xen3-arm-tegra@8caa5e6), the scheduler that tree is compiled to boot with
// (schedule.c `opt_sched = "sedf"`). Its build configuration is the one modelled:
//   EXTRA = EXTRA_BLOCK_WEIGHT   two extra-time queues: L0 (penalty, for domains that lost
//                                slice time by blocking) before L1 (utilisation-weighted)
//   UNBLOCK = UNBLOCK_EXTRA_SUPPORT  a short block ends the period's real-time share and
//                                books the lost slice as a penalty for L0 extra time; a
//                                long block restarts the period at the wake-up (2b)
// So the latency hint is stored and echoed but, as in the source, only the ATROPOS and
// BURST unblocking variants (not compiled) would use it.
//
// All times are Xen's s_time_t ns from NOW(), which on Xen-ARM is the jiffy clock: every
// decision happens at a tick, so slices are quantised to ticks (a 3 ms slice runs a whole
// tick, its overrun carried in `cputime`).
#pragma once

#include <array>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hv_model/scheduler.hpp"

namespace rtv::hv {

// sched_sedf.c constants.
inline constexpr s_time_t sedf_extra_quantum = microsecs(500);  // EXTRA_QUANTUM
inline constexpr s_time_t sedf_weight_period = millisecs(100);  // WEIGHT_PERIOD
inline constexpr s_time_t sedf_weight_safety = millisecs(5);    // WEIGHT_SAFETY
inline constexpr s_time_t sedf_period_max = millisecs(10000);   // PERIOD_MAX
inline constexpr s_time_t sedf_period_min = microsecs(10);      // PERIOD_MIN
inline constexpr s_time_t sedf_slice_min = microsecs(5);        // SLICE_MIN

class sched_sedf final : public scheduler {
public:
    // inf->status bits.
    static constexpr int extra_aware = 1;      // EXTRA_AWARE
    static constexpr int extra_run_pen = 2;    // EXTRA_RUN_PEN
    static constexpr int extra_run_util = 4;   // EXTRA_RUN_UTIL
    static constexpr int extra_want_pen_q = 8; // EXTRA_WANT_PEN_Q
    static constexpr int asleep = 16;          // SEDF_ASLEEP
    static constexpr int pen_q = 0;            // EXTRA_PEN_Q
    static constexpr int util_q = 1;           // EXTRA_UTIL_Q

    struct vcpu_info;
    using queue = std::list<vcpu_info*>;
    struct vcpu_info {  // struct sedf_vcpu_info
        vcpu* v = nullptr;
        queue* on = nullptr;  // runq, waitq or none (`list`)
        queue::iterator pos;
        std::array<bool, 2> extra_on{};  // extralist[i]
        std::array<queue::iterator, 2> extra_pos{};
        s_time_t period = 0, slice = 0, period_orig = 0, slice_orig = 0, latency = 0;
        int status = 0;
        short weight = 0, extraweight = 0;
        s_time_t deadl_abs = 0, sched_start_abs = 0, cputime = 0, block_abs = 0, unblock_abs = 0;
        std::array<int, 2> score{};
        s_time_t short_block_lost_tot = 0;
        s_time_t extra_time_tot = 0;
        s_time_t period_begin() const { return deadl_abs - period; }  // PERIOD_BEGIN
    };

    explicit sched_sedf(sched_services& sd);

    const char* name() const override { return "Simple EDF Scheduler"; }
    const char* opt_name() const override { return "sedf"; }
    int alloc_task(vcpu& v) override;
    void add_task(vcpu& v) override;
    void free_task(domain& d) override;
    void sleep(vcpu& v) override;
    void wake(vcpu& v) override;
    task_slice do_schedule(s_time_t now) override;
    int adjdom(domain& d, const sched_adjdom_cmd& cmd) override;
    std::map<std::string, std::int64_t> domain_state(const domain& d) const override;
    bool consistent() const override;

    static vcpu_info& info(const vcpu& v) { return *static_cast<vcpu_info*>(v.sched_priv); }
    const queue& runq() const { return m_runq; }
    const queue& waitq() const { return m_waitq; }
    const queue& extraq(int i) const { return m_extraq[static_cast<std::size_t>(i)]; }

private:
    static bool runnable(const vcpu_info& inf) { return !(inf.status & asleep); }  // sedf_runnable
    static bool extra_runs(const vcpu_info& inf) { return (inf.status & 6) != 0; }
    static int extra_cur_q(const vcpu_info& inf) { return ((inf.status & 6) >> 1) - 1; }

    void extraq_add_sort_update(vcpu_info& inf, int i, int sub);
    void extraq_del(vcpu_info& inf, int i);
    void extraq_check(vcpu_info& inf);
    void extraq_check_add_unblocked(vcpu_info& inf);
    void del_from_queue(vcpu_info& inf);
    void add_to_waitqueue_sort(vcpu_info& inf);
    void add_to_runqueue_sort(vcpu_info& inf);
    void insert_sorted(queue& q, vcpu_info& inf, bool by_deadline);

    void desched_edf_dom(s_time_t now, vcpu_info& inf);
    void desched_extra_dom(s_time_t now, vcpu_info& inf);
    void update_queues(s_time_t now);
    task_slice do_extra_schedule(s_time_t now, s_time_t end_xt);
    void unblock_short_extra_support(vcpu_info& inf, s_time_t now);
    void unblock_long_cons_b(vcpu_info& inf, s_time_t now);
    bool should_switch(vcpu& cur, vcpu_info& other, s_time_t now) const;
    void adjust_weights();

    sched_services& m_sd;
    queue m_runq, m_waitq;
    std::array<queue, 2> m_extraq;
    s_time_t m_current_slice_expires = 0;
    std::vector<std::unique_ptr<vcpu_info>> m_infos;
};

}  // namespace rtv::hv
