// SPDX-License-Identifier: Apache-2.0
// The task set the scenario configures (rtv_ucos_config.h), on top of the kernel: task
// creation, job releases (periodic with `release: delay` or `absolute`, sporadic, event),
// per-task job queues and EDF deadlines, and the observer's state block. Portable C: the
// host tests run it with the host port; the firmware with the Xen-ARM port.
//
// Releases mirror the model guest (rtos_model/ucos/ucos_kernel.cpp): a periodic or sporadic
// task's job is released by OSTimeTick at the tick its release is due, whatever the task is
// doing (a late job waits behind the current one, its release does not slide), an event
// task's by its device's interrupt. A job's absolute deadline is its release tick plus the
// relative deadline in ticks; under EDF the scheduler orders tasks by their front job's.
#ifndef UCOS_APP_H
#define UCOS_APP_H

#include "rtv_ucos_observe.h"
#include "ucos_ii.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RTV_APP_QUEUE 16u        // jobs a task may have released and not finished
#define RTV_APP_STACK_WORDS 256u  // per task: its own frames and an upcall's on top

extern struct rtv_ucos_config rtv_ucos_config;  // filled by the domain builder
extern struct rtv_ucos_state rtv_ucos_state;     // read by the observer

// Configuration errors (rtv_ucos_state.config_error).
enum rtv_config_error {
    RTV_CFG_OK = 0,
    RTV_CFG_BAD_HEADER = 1,     // magic, version or size
    RTV_CFG_TOO_MANY = 2,       // tasks or devices
    RTV_CFG_BAD_PRIORITY = 3,   // >= 63, or used twice
    RTV_CFG_BAD_PERIOD = 4,     // periodic or sporadic task with period 0
    RTV_CFG_BAD_WCET = 5,       // wcet 0
    RTV_CFG_BAD_DEVICE = 6,     // an event task's device index
    RTV_CFG_BAD_RATE = 7,       // ticks_per_sec 0
    RTV_CFG_BAD_ENUM = 8,       // policy, tick_mode, idle, a task's kind or release out of range
    RTV_CFG_KERNEL = 9,         // the kernel refused a task or a semaphore
};

// Checks the configuration block; RTV_CFG_OK or the first error.
uint32_t rtv_app_check_config(const struct rtv_ucos_config* cfg);
// After OSInit: sets the policy, creates the tasks and their semaphores, releases the jobs
// due at OSTime 0. Returns RTV_CFG_OK or the error (also in rtv_ucos_state.config_error).
uint32_t rtv_app_init(void);
// OSTimeTickHook's work: releases the periodic and sporadic jobs due at OSTime + 1.
void rtv_app_tick(void);
// A device's interrupt: releases a job of every event task bound to it.
void rtv_app_device_event(uint32_t device);
// The task body's steps (rtv_app_task runs them forever on a target).
void rtv_app_wait_for_job(uint32_t task);
void rtv_app_job_finish(uint32_t task);
void rtv_app_task(void* p_arg);
// Task index of a TCB (n_tasks for the idle task).
uint32_t rtv_app_task_of(const OS_TCB* ptcb);

// The job's work, provided by the port: the calibrated loop and the working-set touches.
void rtv_burn_cycles(uint32_t cycles);
void rtv_touch_lines(uint32_t base, uint32_t bytes, uint32_t value);

#ifdef __cplusplus
}
#endif

#endif  // UCOS_APP_H
