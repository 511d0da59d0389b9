// SPDX-License-Identifier: Apache-2.0
// The host port: lets the kernel's portable C (scheduler, ready list, delays, semaphores, EDF,
// the task-set releases, the tick arithmetic) run natively in unit tests. There are no
// stacks to switch: a "switch" only moves OSTCBCur to OSTCBHighRdy, and the test plays the
// part of whichever task is current. Counters let a test see what the kernel asked for.
#include "os_cpu_host.h"

#include "ucos_app.h"

struct rtv_host_trace rtv_host;

OS_CPU_SR OS_CPU_SR_Save(void) {
    const OS_CPU_SR sr = rtv_host.masked;
    rtv_host.masked = 1u;
    return sr;
}
void OS_CPU_SR_Restore(OS_CPU_SR sr) { rtv_host.masked = sr; }

static void rtv_host_switch(void) {
    OSTaskSwHook();
    OSTCBCur = OSTCBHighRdy;
    OSPrioCur = OSPrioHighRdy;
}

void OSStartHighRdy(void) { rtv_host.started++; }
void OSCtxSw(void) {
    rtv_host.task_switches++;
    rtv_host_switch();
}
void OSIntCtxSw(void) {
    rtv_host.int_switches++;
    rtv_host_switch();
}

OS_STK* OSTaskStkInit(void (*task)(void* p_arg), void* p_arg, OS_STK* ptos, INT16U opt) {
    (void)task;
    (void)p_arg;
    (void)opt;
    return ptos;
}

void OSInitHookBegin(void) {}
void OSTaskCreateHook(OS_TCB* ptcb) { (void)ptcb; }
void OSTaskSwHook(void) { rtv_host.sw_hooks++; }
void OSTaskIdleHook(void) {}
void OSTimeTickHook(void) {
    rtv_host.tick_hooks++;
    rtv_app_tick();
}

void rtv_hook_tick_done(void) {}
void rtv_hook_job_released(uint32_t task) { rtv_host.released_hooks++; (void)task; }
void rtv_hook_job_finished(uint32_t task) { rtv_host.finished_hooks++; (void)task; }
void rtv_burn_cycles(uint32_t cycles) { rtv_host.burnt_cycles += cycles; }
void rtv_touch_lines(uint32_t base, uint32_t bytes, uint32_t value) {
    (void)base;
    (void)value;
    rtv_host.touched_bytes += bytes;
}
