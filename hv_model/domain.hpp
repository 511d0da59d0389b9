// SPDX-License-Identifier: Apache-2.0
// Domains and vcpus as Xen 3.0.2 keeps them (xen/include/xen/sched.h), reduced to what the
// scheduler, the timers and the time interface use. On ARM, MAX_VIRT_CPUS is 1
// (xen/include/public/arch-arm.h), so every domain has exactly one vcpu.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "hv_model/timer_list.hpp"
#include "hv_model/xen_time.hpp"
#include "sim/cpu/execution_context.hpp"

namespace rtv::hv {

// RUNSTATE_* (xen/include/public/vcpu.h).
enum runstate_nr : int { runstate_running = 0, runstate_runnable = 1, runstate_blocked = 2, runstate_offline = 3 };

struct vcpu_runstate_info {
    int state = runstate_offline;
    s_time_t state_entry_time = 0;
    std::array<s_time_t, 4> time{};
};

struct domain;

struct vcpu {
    domain* dom = nullptr;
    unsigned vcpu_id = 0;
    unsigned processor = 0;

    // _VCPUF_* flags that the model uses.
    bool blocked = false;
    bool running = false;
    bool down = false;
    bool yield = false;
    int pausecnt = 0;

    vcpu_runstate_info runstate;
    std::uint32_t sleep_tick = 0;
    xen_timer timer;       // set_timer_op / SCHEDOP_block timeout (dom_timer_fn)
    xen_timer poll_timer;  // SCHEDOP_poll timeout
    // The later tree's per-vcpu periodic timer (VCPUOP_set_periodic_timer): 0 = none.
    xen_timer periodic_timer;
    s_time_t periodic_timer_period = 0;
    s_time_t periodic_last_event = 0;

    void* sched_priv = nullptr;
    // The guest code this vcpu runs (the native engine's view of the guest kernel).
    cpu::execution_context* context = nullptr;
    // Work left by a synchronous hypercall path, run when the vcpu is next switched in
    // (do_block's do_set_timer_op(0) after __enter_scheduler returns).
    std::function<void()> continuation;

    std::uint64_t switches_in = 0;

    // The guest's trap table (set_trap_table): entry addresses by ARM vector, 0 = none.
    std::array<std::uint32_t, 8> trap_table{};
    // The native engine's resume token of this vcpu while it is switched out (__switch_to
    // saves the guest's registers; here only the PC-like token matters).
    std::uint32_t saved_return = 0;
    std::uint64_t upcalls = 0;

    // Xen-ARM's virtual processor state of a vcpu that runs ARM code, kept in the per-CPU
    // cpu_info and saved with the vcpu (xen/arch/arm/xen/entry.S, hypercalls.S): the virtual
    // mode (+4: PSR_MODE_SVC for the guest kernel, else user) and the stack pointer of the
    // other virtual mode (+8: the kernel's while the guest is in user mode). A guest starts
    // in virtual kernel mode (domain_build.c new_thread).
    bool virtual_kernel = true;
    std::uint32_t other_sp = 0;
};

struct domain {
    int domain_id = 0;
    std::string name;
    bool is_idle = false;
    bool is_shutdown = false;
    int shutdown_reason = 0;
    bool paused_by_controller = false;
    bool is_dying = false;  // destroyed (on_fault: kill): never runs again
    std::uint32_t memory_base = 0;  // physical partition
    std::uint32_t shared_info_pa = 0;
    std::string console;             // what the domain wrote with console_io
    std::uint64_t pirq_mask = 0;     // d->pirq_mask: guest IRQs awaiting the guest's unmask notify
    std::uint32_t memory_size = 0;
    std::unique_ptr<vcpu> vcpu0;
    void* sched_priv = nullptr;
};

inline bool is_idle_vcpu(const vcpu& v) { return v.dom->is_idle; }

// vcpu_runnable (xen/include/xen/sched.h): not blocked, down or paused.
inline bool vcpu_runnable(const vcpu& v) {
    return !v.blocked && !v.down && v.pausecnt == 0 && !v.dom->paused_by_controller && !v.dom->is_shutdown &&
           !v.dom->is_dying;
}

}  // namespace rtv::hv
