// SPDX-License-Identifier: Apache-2.0
#include "hv_model/hv_costs.hpp"

namespace rtv::hv {

const std::vector<core::cost_entry<hv_costs>>& hv_costs::entries() {
    // Sources: estimates as explained in hv_costs.hpp (instructions x ~1.2 CPI).
    static const std::vector<core::cost_entry<hv_costs>> table = {
        {"boot", &hv_costs::boot, "estimate: start_xen without bus accesses"},
        {"irq_vector", &hv_costs::irq_vector, "estimate: entry.S IRQ vector, ~33 instructions"},
        {"irq_dispatch", &hv_costs::irq_dispatch, "estimate: asm_do_IRQ/level_irq_handler, ~25 instructions"},
        {"timer_tick", &hv_costs::timer_tick, "estimate: arch-imx21 timer handler + timer_tick, ~16 instructions"},
        {"irq_exit", &hv_costs::irq_exit, "estimate: entry.S return, ~25 instructions"},
        {"softirq_dispatch", &hv_costs::softirq_dispatch, "estimate: do_softirq loop, ~10 instructions"},
        {"timer_softirq", &hv_costs::timer_softirq, "estimate: timer_softirq_action, ~20 instructions"},
        {"timer_fire", &hv_costs::timer_fire, "estimate: unlink and call, ~12 instructions"},
        {"set_timer", &hv_costs::set_timer, "estimate: set_timer/stop_timer, ~16 instructions"},
        {"schedule", &hv_costs::schedule, "estimate: __enter_scheduler + bvt_do_schedule, ~100 instructions"},
        {"schedule_per_vcpu", &hv_costs::schedule_per_vcpu, "estimate: runqueue scan, ~8 instructions per entry"},
        {"context_switch_base", &hv_costs::context_switch_base, "estimate: context_switch/__switch_to, ~330 instructions"},
        {"hypercall_entry", &hv_costs::hypercall_entry, "estimate: SWI vector and dispatch, ~33 instructions"},
        {"hypercall_exit", &hv_costs::hypercall_exit, "estimate: return_to_guest, ~25 instructions"},
        {"hypercall_body", &hv_costs::hypercall_body, "estimate: a simple hypercall, ~33 instructions"},
        {"abort_entry", &hv_costs::abort_entry, "estimate: data abort vector and handler, ~50 instructions"},
        {"upcall", &hv_costs::upcall, "estimate: entry.S do_upcall without its memory accesses, ~25 instructions"},
    };
    return table;
}

}  // namespace rtv::hv
