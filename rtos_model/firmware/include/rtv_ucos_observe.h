// SPDX-License-Identifier: Apache-2.0
// What the binary uC/OS-II guest exposes to the simulator's observer, which reads it with
// debug accesses (zero guest cost) at the symbol `rtv_ucos_state` and notes when the PC
// reaches the hook functions below. Written by the firmware only. One header for the
// firmware (C) and the simulator (C++): 32-bit words only, offsets pinned.
//
// Besides this block the observer reads uC/OS-II's own globals by symbol: OSTime (INT32U,
// the guest clock in ticks), OSIdleCtr, OSCtxSwCtr, OSPrioCur, OSTCBCur.
#ifndef RTV_UCOS_OBSERVE_H
#define RTV_UCOS_OBSERVE_H

#include "rtv_ucos_config.h"

#define RTV_UCOS_STATE_MAGIC 0x54534F55u  // "UOST" in memory
#define RTV_UCOS_NO_DEADLINE 0xFFFFFFFFu

// Per task: its jobs as the simulator's jobs.csv needs them.
struct rtv_ucos_task_state {
    uint32_t jobs_released;   // jobs released so far (job numbers 0 .. jobs_released-1)
    uint32_t jobs_finished;   // jobs finished so far; the front job is number jobs_finished
    uint32_t release_tick;    // OSTime at which the newest job was released
    uint32_t deadline_tick;   // absolute deadline (guest ticks) of the front job, or NO_DEADLINE
    uint32_t next_release;    // periodic, sporadic: OSTime of the next release, or NO_DEADLINE
    uint32_t overflows;       // releases lost because the job queue was full (an error)
    uint32_t reserved[2];
};

struct rtv_ucos_state {
    uint32_t magic;            // RTV_UCOS_STATE_MAGIC once the port has booted
    uint32_t booted;           // 1 from OSStart on
    uint32_t config_error;     // non-zero: the configuration block was rejected (see docs)
    uint32_t n_tasks;          // tasks created from the configuration
    uint32_t current_task;     // task index running now; n_tasks = the idle task
    uint32_t upcalls;          // event upcalls entered
    uint32_t virqs_handled;    // VIRQ_TIMER events the tick handler ran for
    uint32_t device_events;    // device (PIRQ) events handled
    uint32_t time_reads;       // version-protocol reads of shared_info time
    uint32_t time_retries;     // ... that saw an odd or changed version and read again
    uint32_t clock_jumps;      // corrected ticks that moved OSTime by more than one
    uint32_t blocks;           // SCHEDOP_block calls of the idle task
    uint32_t faults;           // data/prefetch aborts Xen bounced to the guest
    uint32_t hypercall_errors; // hypercalls that returned an error
    uint32_t timer_port;       // event channel bound to VIRQ_TIMER
    uint32_t t0_ns_lo, t0_ns_hi;  // corrected mode: shared-info time read at boot
    uint32_t reserved[3];
    struct rtv_ucos_task_state tasks[RTV_UCOS_MAX_TASKS];
};

RTV_CFG_ASSERT(sizeof(struct rtv_ucos_task_state) == 32, "task state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_state, jobs_released) == 0, "task state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_state, jobs_finished) == 4, "task state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_state, release_tick) == 8, "task state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_state, deadline_tick) == 12, "task state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_state, next_release) == 16, "task state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_state, overflows) == 20, "task state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_state, current_task) == 16, "state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_state, virqs_handled) == 24, "state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_state, timer_port) == 56, "state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_state, t0_ns_lo) == 60, "state layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_state, tasks) == 80, "state layout");
RTV_CFG_ASSERT(sizeof(struct rtv_ucos_state) == 80 + 32 * RTV_UCOS_MAX_TASKS, "state layout");

#ifdef __cplusplus
extern "C" {
#endif
// Hook functions: real, empty, never inlined; the observer notes when the PC reaches them.
void rtv_hook_tick_done(void);              // after each tick handler run (OSTime settled)
void rtv_hook_job_released(uint32_t task);  // a job of `task` was released (r0 = task)
void rtv_hook_job_finished(uint32_t task);  // the front job of `task` finished (r0 = task)
// uC/OS-II's own OSTaskSwHook (ucos_ii.h) is the task-switch hook: OSTCBCur is the task
// leaving, OSTCBHighRdy the one coming.
#ifdef __cplusplus
}
#endif

#endif  // RTV_UCOS_OBSERVE_H
