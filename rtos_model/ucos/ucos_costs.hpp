// SPDX-License-Identifier: Apache-2.0
// Cycle costs of the uC/OS-II-like guest kernel's paths (STYLE.md: one cost table per layer).
// No published cycle figure exists for uC/OS-II on the ARM926EJ-S; every default is an
// estimate: instructions of the path in the uC/OS-II source and its ARM port (Labrosse,
// "MicroC/OS-II: The Real-Time Kernel", 2nd ed.; Micrium's OS_CORE.C, OS_TIME.C, OS_CPU_A.S)
// times about 1.2 cycles per instruction for the ARM9EJ-S pipeline (ARM9EJ-S TRM DDI0222B
// chapter 8: most data-processing instructions 1 cycle, loads 1 plus interlocks, taken
// branches 3, LDM/STM one cycle per register). Names carry a `ucos_` prefix because a
// scenario's `costs:` section is one flat namespace.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/cost_table.hpp"

namespace rtv::rtos {

struct ucos_costs {
    // OSIntEnter + OSIntExit around every interrupt the kernel sees (a tick or a device event):
    // nesting counter, lock test, the two-lookup highest-priority search. The switch itself,
    // if any, is ucos_context_switch.
    std::uint64_t int_enter_exit = 36;
    // OSTimeTick's fixed part: hook call, critical section, OSTime++, start of the TCB walk.
    std::uint64_t time_tick_base = 30;
    // OSTimeTick per task in OSTCBList (the idle task ends the walk): load OSTCBDly, test,
    // decrement, test OSTCBStat, next pointer.
    std::uint64_t time_tick_per_task = 14;
    // Making a released task ready: OSRdyGrp |= bitY, OSRdyTbl[y] |= bitX, plus the port's
    // job bookkeeping (next release tick, absolute deadline).
    std::uint64_t job_release = 16;
    // An event-driven task's release from a device ISR: OSSemPost to the task's semaphore
    // (OS_EventTaskRdy, the event's own wait-list unmap) on top of ucos_job_release.
    std::uint64_t event_post = 48;
    // End of a job: OSTimeDlyUntil-style call (compute the delay, clear the ready bits,
    // set OSTCBDly) before OSSched.
    std::uint64_t time_dly = 24;
    // OSSched at task level without the switch: critical section, OSLockNesting test,
    // highest-priority search, compare with OSPrioCur.
    std::uint64_t sched = 30;
    // OS_TASK_SW / OSIntCtxSw of the ARM port: STMFD of r0-r12, lr, pc and the CPSR (about
    // 16 cycles), save sp in OSTCBCur, OSTaskSwHook, OSTCBCur/OSPrioCur update, load the new
    // sp, LDMFD with the PC and SPSR restore (about 18 cycles): ~58 instruction-cycles x 1.2.
    std::uint64_t context_switch = 70;
    // EDF only: one comparison of absolute deadlines per ready task when picking the next job.
    std::uint64_t edf_per_ready_task = 8;
    // One iteration of OSTaskIdle: OS_ENTER_CRITICAL (a call to OS_CPU_SR_Save), OSIdleCtr++,
    // OS_EXIT_CRITICAL, OSTaskIdleHook call, branch back. Used to derive OSIdleCtr.
    std::uint64_t idle_iteration = 22;

    // The Xen port's own paths (not in uC/OS-II): estimates as above, memory accesses excluded
    // (they are real steps with their own cost).
    // Upcall entry stub: save the interrupted context, set up the handler's stack (~25 instr.).
    std::uint64_t port_upcall_entry = 30;
    // Per dispatched port: find the bit, call its handler (~12 instructions).
    std::uint64_t port_dispatch = 15;
    // The instructions between the version load and the time loads of the version-protocol
    // reader (barrier, address arithmetic: ~3 instructions). Raising it widens the window in
    // which Xen's update can tear a read (tests use it to force retries).
    std::uint64_t port_time_read_gap = 4;
    // Corrected tick: the division and comparisons of the clock rule (~30 instructions).
    std::uint64_t port_time_rule = 36;
    // Boot of the port before OSStart: trap table, bindings, device set-up (~160 instr.).
    std::uint64_t port_boot = 200;

    static const std::vector<core::cost_entry<ucos_costs>>& entries();
};

}  // namespace rtv::rtos
