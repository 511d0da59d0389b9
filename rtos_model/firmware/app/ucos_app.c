// SPDX-License-Identifier: Apache-2.0
#include "ucos_app.h"

// The block the domain builder overwrites: in .data (file-backed, so the builder has bytes
// to write and the start-up's .bss clearing leaves it alone). Its default (magic 0) is
// rejected at boot, so an image started without a scenario says so instead of running an
// invented task set.
struct rtv_ucos_config rtv_ucos_config __attribute__((used, section(".data.rtv_config")));
struct rtv_ucos_state rtv_ucos_state __attribute__((used));

struct rtv_task_runtime {
    uint32_t queue[RTV_APP_QUEUE];  // absolute deadlines (ticks) of released, unfinished jobs
    uint32_t head, count;
    uint32_t rng;                   // sporadic: xorshift32 state
    OS_EVENT* sem;                  // event: one post per job
};
static struct rtv_task_runtime rtv_rt[RTV_UCOS_MAX_TASKS];
static OS_STK rtv_stacks[RTV_UCOS_MAX_TASKS][RTV_APP_STACK_WORDS];

uint32_t rtv_app_check_config(const struct rtv_ucos_config* cfg) {
    uint32_t i, j;
    if (cfg->magic != RTV_UCOS_CONFIG_MAGIC || cfg->version != RTV_UCOS_CONFIG_VERSION ||
        cfg->size != sizeof(struct rtv_ucos_config))
        return RTV_CFG_BAD_HEADER;
    if (cfg->n_tasks > RTV_UCOS_MAX_TASKS || cfg->n_devices > RTV_UCOS_MAX_DEVICES) return RTV_CFG_TOO_MANY;
    if (cfg->ticks_per_sec == 0u) return RTV_CFG_BAD_RATE;
    if (cfg->policy > RTV_POLICY_EDF || cfg->tick_mode > RTV_TICK_CORRECTED || cfg->idle > RTV_IDLE_BLOCK)
        return RTV_CFG_BAD_ENUM;
    for (i = 0u; i < cfg->n_tasks; i++) {
        const struct rtv_ucos_task_config* t = &cfg->tasks[i];
        if (t->kind > RTV_TASK_EVENT || t->release > RTV_RELEASE_ABSOLUTE) return RTV_CFG_BAD_ENUM;
        if (t->priority >= OS_LOWEST_PRIO) return RTV_CFG_BAD_PRIORITY;
        for (j = 0u; j < i; j++)
            if (cfg->tasks[j].priority == t->priority) return RTV_CFG_BAD_PRIORITY;
        if (t->kind != RTV_TASK_EVENT && t->period_ticks == 0u) return RTV_CFG_BAD_PERIOD;
        if (t->wcet_cycles == 0u) return RTV_CFG_BAD_WCET;
        if (t->kind == RTV_TASK_EVENT && t->device >= cfg->n_devices) return RTV_CFG_BAD_DEVICE;
    }
    return RTV_CFG_OK;
}

uint32_t rtv_app_task_of(const OS_TCB* ptcb) {
    return ptcb != (OS_TCB*)0 && ptcb->OSTCBId < RTV_UCOS_MAX_TASKS ? ptcb->OSTCBId : rtv_ucos_state.n_tasks;
}

// xorshift32 (Marsaglia 2003): a sporadic task's extra inter-arrival ticks in [0, extra].
static uint32_t rtv_next_extra(struct rtv_task_runtime* rt, uint32_t extra) {
    uint32_t x = rt->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rt->rng = x;
    return extra == 0u ? 0u : x - OSDivU32(x, extra + 1u) * (extra + 1u);
}

static void rtv_set_front_deadline(uint32_t task) {
    const struct rtv_task_runtime* rt = &rtv_rt[task];
    const uint32_t d = rt->count ? rt->queue[rt->head] : RTV_UCOS_NO_DEADLINE;
    rtv_ucos_state.tasks[task].deadline_tick = d;
    OSEdfSetDeadline((INT8U)rtv_ucos_config.tasks[task].priority, d);
}

// Releases a job of `task` at guest tick `tick` (upcalls masked: boot, tick or device ISR).
static void rtv_release(uint32_t task, uint32_t tick) {
    struct rtv_task_runtime* rt = &rtv_rt[task];
    struct rtv_ucos_task_state* st = &rtv_ucos_state.tasks[task];
    if (rt->count == RTV_APP_QUEUE) {
        st->overflows++;
        return;
    }
    uint32_t slot = rt->head + rt->count;
    if (slot >= RTV_APP_QUEUE) slot -= RTV_APP_QUEUE;
    rt->queue[slot] = tick + rtv_ucos_config.tasks[task].deadline_ticks;
    rt->count++;
    st->jobs_released++;
    st->release_tick = tick;
    if (rt->count == 1u) rtv_set_front_deadline(task);
    rtv_hook_job_released(task);
    if (rtv_ucos_config.tasks[task].kind == RTV_TASK_EVENT) (void)OSSemPost(rt->sem);
}

// Plans the release after the one at `tick` (periodic absolute, sporadic); a periodic task
// under `release: delay` plans its next release when its job finishes.
static void rtv_plan_next(uint32_t task, uint32_t tick) {
    const struct rtv_ucos_task_config* t = &rtv_ucos_config.tasks[task];
    struct rtv_ucos_task_state* st = &rtv_ucos_state.tasks[task];
    if (t->kind == RTV_TASK_SPORADIC)
        st->next_release = tick + t->period_ticks + rtv_next_extra(&rtv_rt[task], t->extra_ticks);
    else if (t->release == RTV_RELEASE_ABSOLUTE)
        st->next_release = tick + t->period_ticks;
    else
        st->next_release = RTV_UCOS_NO_DEADLINE;
}

uint32_t rtv_app_init(void) {
    const struct rtv_ucos_config* cfg = &rtv_ucos_config;
    uint32_t i, err = rtv_app_check_config(cfg);
    // The task part of the observer's block is the application's (the port's counters,
    // timer port and t0 are set before and kept).
    for (i = 0u; i < RTV_UCOS_MAX_TASKS; i++) {
        struct rtv_ucos_task_state* st = &rtv_ucos_state.tasks[i];
        st->jobs_released = st->jobs_finished = st->release_tick = st->overflows = 0u;
        st->deadline_tick = st->next_release = RTV_UCOS_NO_DEADLINE;
    }
    rtv_ucos_state.n_tasks = 0u;
    rtv_ucos_state.magic = RTV_UCOS_STATE_MAGIC;
    rtv_ucos_state.config_error = err;
    if (err != RTV_CFG_OK) return err;
    OSEdfEnabled = cfg->policy == RTV_POLICY_EDF;
    rtv_ucos_state.n_tasks = cfg->n_tasks;
    rtv_ucos_state.current_task = cfg->n_tasks;
    for (i = 0u; i < cfg->n_tasks; i++) {
        const struct rtv_ucos_task_config* t = &cfg->tasks[i];
        struct rtv_task_runtime* rt = &rtv_rt[i];
        struct rtv_ucos_task_state* st = &rtv_ucos_state.tasks[i];
        rt->head = rt->count = 0u;
        rt->rng = (cfg->seed ^ (0x9E3779B9u * (i + 1u))) | 1u;  // never 0: xorshift's fixed point
        rt->sem = (OS_EVENT*)0;
        st->deadline_tick = RTV_UCOS_NO_DEADLINE;
        st->next_release = t->kind == RTV_TASK_EVENT ? RTV_UCOS_NO_DEADLINE : t->offset_ticks;
        if (t->kind == RTV_TASK_EVENT && (rt->sem = OSSemCreate(0u)) == (OS_EVENT*)0) err = RTV_CFG_KERNEL;
        if (err == RTV_CFG_OK &&
            OSTaskCreateExt(rtv_app_task, (void*)(uintptr_t)i, &rtv_stacks[i][RTV_APP_STACK_WORDS - 1u],
                            (INT8U)t->priority, (INT16U)i, &rtv_stacks[i][0], RTV_APP_STACK_WORDS, (void*)0,
                            OS_TASK_OPT_NONE) != OS_ERR_NONE)
            err = RTV_CFG_KERNEL;
        if (err != RTV_CFG_OK) {
            rtv_ucos_state.config_error = err;
            return err;
        }
    }
    // Jobs due at OSTime 0 (OSStart's releases in the model guest).
    for (i = 0u; i < cfg->n_tasks; i++)
        if (rtv_ucos_state.tasks[i].next_release == OSTime) {
            rtv_release(i, OSTime);
            rtv_plan_next(i, OSTime);
        }
    return RTV_CFG_OK;
}

void rtv_app_tick(void) {
    const uint32_t now = OSTime + 1u;  // uC/OS-II calls the hook before OSTime++
    uint32_t i;
    for (i = 0u; i < rtv_ucos_state.n_tasks; i++) {
        if (rtv_ucos_state.tasks[i].next_release != now) continue;
        rtv_release(i, now);
        rtv_plan_next(i, now);
    }
}

void rtv_app_device_event(uint32_t device) {
    uint32_t i;
    for (i = 0u; i < rtv_ucos_state.n_tasks; i++)
        if (rtv_ucos_config.tasks[i].kind == RTV_TASK_EVENT && rtv_ucos_config.tasks[i].device == device)
            rtv_release(i, OSTime);
}

// Waits until the task has a released job: an event task pends on its semaphore (one post
// per job); a tick-driven task with none pending delays until its next release, which
// OSTimeTick makes at the same tick the delay ends.
void rtv_app_wait_for_job(uint32_t task) {
    OS_CPU_SR cpu_sr;
    uint32_t wait;
    INT8U err;
    if (rtv_ucos_config.tasks[task].kind == RTV_TASK_EVENT) {
        OSSemPend(rtv_rt[task].sem, 0u, &err);
        return;
    }
    OS_ENTER_CRITICAL();
    wait = rtv_rt[task].count ? 0u : rtv_ucos_state.tasks[task].next_release - OSTime;
    OS_EXIT_CRITICAL();
    if (wait != 0u) OSTimeDly(wait);
}

void rtv_app_job_finish(uint32_t task) {
    OS_CPU_SR cpu_sr;
    struct rtv_task_runtime* rt = &rtv_rt[task];
    const struct rtv_ucos_task_config* t = &rtv_ucos_config.tasks[task];
    OS_ENTER_CRITICAL();
    if (rt->count) {
        rt->head = rt->head + 1u == RTV_APP_QUEUE ? 0u : rt->head + 1u;
        rt->count--;
    }
    rtv_ucos_state.tasks[task].jobs_finished++;
    rtv_set_front_deadline(task);
    // release: delay: uC/OS-II's OSTimeDly(period) after the job, relative to this tick.
    if (t->kind == RTV_TASK_PERIODIC && t->release == RTV_RELEASE_DELAY && rt->count == 0u)
        rtv_ucos_state.tasks[task].next_release = OSTime + t->period_ticks;
    OS_EXIT_CRITICAL();
    rtv_hook_job_finished(task);
}

void rtv_app_task(void* p_arg) {
    const uint32_t task = (uint32_t)(uintptr_t)p_arg;
    const struct rtv_ucos_task_config* t = &rtv_ucos_config.tasks[task];
    for (;;) {
        rtv_app_wait_for_job(task);
        rtv_touch_lines(t->working_set_base, t->working_set_base ? t->working_set_bytes : 0u,
                        rtv_ucos_state.tasks[task].jobs_finished);
        rtv_burn_cycles(t->wcet_cycles);
        rtv_app_job_finish(task);
    }
}
