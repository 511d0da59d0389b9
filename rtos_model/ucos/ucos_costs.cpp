// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/ucos/ucos_costs.hpp"

namespace rtv::rtos {

const std::vector<core::cost_entry<ucos_costs>>& ucos_costs::entries() {
    static const std::vector<core::cost_entry<ucos_costs>> table = {
        {"ucos_int_enter_exit", &ucos_costs::int_enter_exit,
         "estimate: ~30 instructions of OSIntEnter/OSIntExit x 1.2 CPI (ARM9EJ-S TRM DDI0222B)"},
        {"ucos_time_tick_base", &ucos_costs::time_tick_base,
         "estimate: ~25 instructions of OSTimeTick's fixed part x 1.2 CPI (ARM9EJ-S TRM DDI0222B)"},
        {"ucos_time_tick_per_task", &ucos_costs::time_tick_per_task,
         "estimate: ~12 instructions per TCB in OSTimeTick's walk x 1.2 CPI (ARM9EJ-S TRM DDI0222B)"},
        {"ucos_job_release", &ucos_costs::job_release,
         "estimate: ~13 instructions (ready bits + release bookkeeping) x 1.2 CPI (ARM9EJ-S TRM DDI0222B)"},
        {"ucos_event_post", &ucos_costs::event_post,
         "estimate: ~40 instructions of OSSemPost/OS_EventTaskRdy x 1.2 CPI (ARM9EJ-S TRM DDI0222B)"},
        {"ucos_time_dly", &ucos_costs::time_dly,
         "estimate: ~20 instructions of OSTimeDly(Until) before OSSched x 1.2 CPI (ARM9EJ-S TRM DDI0222B)"},
        {"ucos_sched", &ucos_costs::sched,
         "estimate: ~25 instructions of OSSched without the switch x 1.2 CPI (ARM9EJ-S TRM DDI0222B)"},
        {"ucos_context_switch", &ucos_costs::context_switch,
         "estimate: OS_TASK_SW/OSIntCtxSw, ~58 instruction-cycles incl. 15-register STM/LDM x 1.2 "
         "(ARM9EJ-S TRM DDI0222B)"},
        {"ucos_edf_per_ready_task", &ucos_costs::edf_per_ready_task,
         "estimate: ~6 instructions per deadline comparison x 1.2 CPI (ARM9EJ-S TRM DDI0222B)"},
        {"ucos_idle_iteration", &ucos_costs::idle_iteration,
         "estimate: ~18 instructions of one OSTaskIdle loop x 1.2 CPI (ARM9EJ-S TRM DDI0222B)"},
        {"ucos_port_upcall_entry", &ucos_costs::port_upcall_entry, "estimate: upcall entry stub, ~25 instructions x 1.2"},
        {"ucos_port_dispatch", &ucos_costs::port_dispatch, "estimate: port bit scan and handler call, ~12 instructions x 1.2"},
        {"ucos_port_time_read_gap", &ucos_costs::port_time_read_gap, "estimate: barrier and address arithmetic between the reader's loads, ~3 instructions x 1.2"},
        {"ucos_port_time_rule", &ucos_costs::port_time_rule, "estimate: corrected tick rule, ~30 instructions x 1.2"},
        {"ucos_port_boot", &ucos_costs::port_boot, "estimate: port boot code before OSStart, ~160 instructions x 1.2"},
    };
    return table;
}

}  // namespace rtv::rtos
