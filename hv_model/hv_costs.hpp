// SPDX-License-Identifier: Apache-2.0
// Cycle costs of Xen-ARM's paths, in one place (STYLE.md). No cycle measurement of
// Xen-ARM on the ARM926 has been published (xen-arm.md 5), so every default is an estimate:
// the number of instructions of the path in the Samsung tree times about 1.2 cycles per
// instruction for cache-hitting ARM9EJ-S code (ARM9EJ-S TRM DDI0222B table 8.2: most data
// processing 1 cycle, loads 1-3, branches 3). Bus accesses the path makes (AITC, GPT) are
// not included here: they are real transactions that cost their own cycles.
// A scenario's `costs:` section overrides any entry by name.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/cost_table.hpp"

namespace rtv::hv {

struct hv_costs {
    std::uint64_t boot = 20000;            // start_xen up to the idle loop, without bus accesses
    std::uint64_t irq_vector = 40;         // entry.S __irq_svc/usr: save registers, switch to SVC
    std::uint64_t irq_dispatch = 30;       // asm_do_IRQ + level_irq_handler bookkeeping per source
    std::uint64_t timer_tick = 20;         // arch-imx21 timer handler + time.c timer_tick
    std::uint64_t irq_exit = 30;           // restore registers, return
    std::uint64_t softirq_dispatch = 12;   // do_softirq loop per softirq
    std::uint64_t timer_softirq = 25;      // timer_softirq_action scan, per call
    std::uint64_t timer_fire = 15;         // per expired timer (unlink + call)
    std::uint64_t set_timer = 20;          // set_timer / stop_timer list walk
    std::uint64_t schedule = 120;          // __enter_scheduler + bvt_do_schedule with 2-3 vcpus
    std::uint64_t schedule_per_vcpu = 10;  // bvt_do_schedule's runqueue scan per entry
    std::uint64_t context_switch_base = 400;  // context_switch + __switch_to: register and CP15 save/restore
    std::uint64_t hypercall_entry = 40;    // SWI vector, virtual-mode check, table dispatch
    std::uint64_t hypercall_exit = 30;     // result to r0, return_to_guest
    std::uint64_t hypercall_body = 40;     // a simple hypercall's own work (sched_op, set_timer_op)
    std::uint64_t abort_entry = 60;        // data abort vector and Xen's fault handling
    std::uint64_t upcall = 30;             // entry.S do_upcall: save the trap frame, switch virtual mode

    static const std::vector<core::cost_entry<hv_costs>>& entries();
};

}  // namespace rtv::hv
