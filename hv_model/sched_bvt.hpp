// SPDX-License-Identifier: Apache-2.0
// Borrowed Virtual Time, faithful to Xen 3.0.2's xen/common/sched_bvt.c as shipped in
// Samsung's Xen-ARM (xen-arm.md 1), including its known bug:
//
// Quirk `bvt_slice_units` (default on): the slice adds a count of MCUs,
// (next_prime.evt - next.evt) / mcu_advance, to nanoseconds, so a contended slice is
// about ctx_allow. With the quirk off the count is multiplied by MCU (100 us).
//
// All arithmetic is Xen's: u32 virtual times with the 0xF0000000 overflow shift, s32 slice.
#pragma once

#include <list>
#include <memory>
#include <vector>

#include "hv_model/scheduler.hpp"

namespace rtv::hv {

// sched_bvt.c constants.
inline constexpr std::int32_t bvt_mcu = 100 * 1000;        // MCU = MICROSECS(100)
inline constexpr std::uint32_t bvt_mcu_advance_default = 10;  // MCU_ADVANCE
inline constexpr std::int32_t bvt_ctx_min = 100 * 1000;    // CTX_MIN = MICROSECS(100)
inline constexpr std::int32_t bvt_ctx_allow_default = 5 * 1000 * 1000;  // ctx_allow = MILLISECS(5)
inline constexpr std::uint32_t bvt_svt_overflow = 0xF0000000u;
inline constexpr std::uint32_t bvt_svt_shift = 0xE0000000u;

class sched_bvt final : public scheduler {
public:
    struct dom_info;
    struct vcpu_info {
        bool on_runqueue = false;
        std::list<vcpu_info*>::iterator pos;
        std::uint32_t avt = 0;
        std::uint32_t evt = 0;
        bool migrated = false;
        vcpu* v = nullptr;
        dom_info* inf = nullptr;
    };
    struct dom_info {
        domain* dom = nullptr;
        std::uint32_t mcu_advance = bvt_mcu_advance_default;
        int warpback = 0;
        int warp = 0;
        std::int32_t warp_value = 0;
        s_time_t warpl = 0;
        xen_timer warp_timer;
        s_time_t warpu = 0;
        xen_timer unwarp_timer;
        vcpu_info vcpu_inf;  // MAX_VIRT_CPUS = 1 on ARM
    };

    sched_bvt(sched_services& sd, bool slice_units_quirk, std::int32_t ctx_allow = bvt_ctx_allow_default);

    const char* name() const override { return "Borrowed Virtual Time"; }
    const char* opt_name() const override { return "bvt"; }
    int alloc_task(vcpu& v) override;
    void add_task(vcpu& v) override;
    void free_task(domain& d) override;
    void sleep(vcpu& v) override;
    void wake(vcpu& v) override;
    task_slice do_schedule(s_time_t now) override;
    int adjdom(domain& d, const sched_adjdom_cmd& cmd) override;
    std::map<std::string, std::int64_t> domain_state(const domain& d) const override;
    bool consistent() const override;

    std::uint32_t svt() const { return m_svt; }
    std::int32_t ctx_allow() const { return m_ctx_allow; }
    const std::list<vcpu_info*>& runqueue() const { return m_runqueue; }
    static vcpu_info& info(vcpu& v) { return *static_cast<vcpu_info*>(v.sched_priv); }
    static dom_info& dinfo(const domain& d) { return *static_cast<dom_info*>(d.sched_priv); }

private:
    std::uint32_t calc_avt(vcpu& v, s_time_t now) const;
    std::uint32_t calc_evt(vcpu& v, std::uint32_t avt) const;
    // The slice that the quirk computes in the wrong unit: Δevt / mcu_advance MCUs.
    s_time_t mcus_to_time(std::uint32_t mcus) const;
    void add_head(vcpu_info& e);
    void add_tail(vcpu_info& e);
    void del(vcpu_info& e);
    void warp_timer_fn(dom_info& inf);
    void unwarp_timer_fn(dom_info& inf);

    sched_services& m_sd;
    bool m_slice_units_quirk;
    std::int32_t m_ctx_allow;
    std::list<vcpu_info*> m_runqueue;
    std::uint32_t m_svt = 0;  // CPU_SVT (unsigned long on a 32-bit ARM)
    std::vector<std::unique_ptr<dom_info>> m_infos;
};

}  // namespace rtv::hv
