// SPDX-License-Identifier: Apache-2.0
// The binary guest's task set (rtos_model/firmware/app) on the kernel with the host port:
// configuration checks, releases (periodic delay and absolute, sporadic, event), job queues
// and EDF deadlines, as the model guest (rtos_model/ucos) defines them.
#include <catch2/catch.hpp>

#include <cstring>

#include "os_cpu_host.h"
#include "ucos_app.h"

namespace {

rtv_ucos_task_config periodic(uint32_t prio, uint32_t period, uint32_t deadline, uint32_t offset = 0) {
    rtv_ucos_task_config t{};
    t.kind = RTV_TASK_PERIODIC;
    t.priority = prio;
    t.period_ticks = period;
    t.deadline_ticks = deadline;
    t.offset_ticks = offset;
    t.wcet_cycles = 1000;
    return t;
}

void configure(uint32_t policy, uint32_t release, std::initializer_list<rtv_ucos_task_config> tasks,
               uint32_t n_devices = 0) {
    std::memset(&rtv_ucos_config, 0, sizeof rtv_ucos_config);
    std::memset(&rtv_host, 0, sizeof rtv_host);
    rtv_ucos_config.magic = RTV_UCOS_CONFIG_MAGIC;
    rtv_ucos_config.version = RTV_UCOS_CONFIG_VERSION;
    rtv_ucos_config.size = sizeof(rtv_ucos_config);
    rtv_ucos_config.policy = policy;
    rtv_ucos_config.ticks_per_sec = 100;
    rtv_ucos_config.seed = 1;
    rtv_ucos_config.n_devices = n_devices;
    for (auto t : tasks) {
        t.release = release;  // the scenario sets it per task; these tests use one for all
        rtv_ucos_config.tasks[rtv_ucos_config.n_tasks++] = t;
    }
}

// Boots the kernel with the configured task set (as rtv_main does, without Xen).
void boot() {
    OSTicksPerSec = rtv_ucos_config.ticks_per_sec;
    OSEdfEnabled = 0;
    OSInit();
    REQUIRE(rtv_app_init() == RTV_CFG_OK);
    OSStart();
}

void tick_isr() {
    OSIntEnter();
    OSTimeTick();
    OSIntExit();
}

const rtv_ucos_task_state& st(uint32_t task) { return rtv_ucos_state.tasks[task]; }
uint32_t running() { return rtv_app_task_of(OSTCBCur); }

// The current task finishes its job and waits for the next (the task body minus the work).
void finish_current() {
    const uint32_t task = running();
    rtv_app_job_finish(task);
    rtv_app_wait_for_job(task);
}

}  // namespace

TEST_CASE("The configuration block is checked before anything runs") {
    configure(RTV_POLICY_FIXED_PRIORITY, RTV_RELEASE_DELAY, {periodic(1, 10, 10)});
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_OK);
    rtv_ucos_config.magic = 0;  // an image the builder did not fill
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_BAD_HEADER);
    configure(RTV_POLICY_FIXED_PRIORITY, RTV_RELEASE_DELAY, {periodic(1, 10, 10), periodic(1, 20, 20)});
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_BAD_PRIORITY);
    configure(RTV_POLICY_FIXED_PRIORITY, RTV_RELEASE_DELAY, {periodic(63, 10, 10)});
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_BAD_PRIORITY);
    configure(RTV_POLICY_FIXED_PRIORITY, RTV_RELEASE_DELAY, {periodic(1, 0, 10)});
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_BAD_PERIOD);
    auto ev = periodic(1, 0, 10);
    ev.kind = RTV_TASK_EVENT;
    ev.device = 0;
    configure(RTV_POLICY_EDF, RTV_RELEASE_DELAY, {ev});
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_BAD_DEVICE);
    configure(RTV_POLICY_EDF, RTV_RELEASE_DELAY, {ev}, 1);
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_OK);
    rtv_ucos_config.tick_mode = 2;
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_BAD_ENUM);
    rtv_ucos_config.tick_mode = RTV_TICK_CORRECTED;
    rtv_ucos_config.tasks[0].release = 2;
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_BAD_ENUM);
}

TEST_CASE("release: absolute keeps releases at r0 + k*P: a late job waits and its release does not slide") {
    configure(RTV_POLICY_FIXED_PRIORITY, RTV_RELEASE_ABSOLUTE, {periodic(1, 10, 10, 2)});
    boot();
    CHECK(st(0).jobs_released == 0);
    CHECK(running() == 0);  // a task is ready when created; it finds no job and delays
    rtv_app_wait_for_job(0);
    CHECK(running() == 1);  // the idle task (index n_tasks)
    for (int i = 0; i < 2; ++i) tick_isr();
    CHECK(st(0).jobs_released == 1);
    CHECK(st(0).release_tick == 2);
    CHECK(st(0).deadline_tick == 12);
    CHECK(st(0).next_release == 12);
    // The job overruns two periods: releases at 12 and 22 still happen, queued.
    for (int i = 0; i < 20; ++i) tick_isr();
    CHECK(st(0).jobs_released == 3);
    CHECK(st(0).release_tick == 22);
    CHECK(st(0).deadline_tick == 12);  // the front job's
    rtv_app_job_finish(0);
    CHECK(st(0).deadline_tick == 22);  // the next queued job's: release 12 + 10
    rtv_app_job_finish(0);
    CHECK(st(0).deadline_tick == 32);
    CHECK(st(0).next_release == 32);
    CHECK(rtv_host.released_hooks == 3);
    CHECK(rtv_host.finished_hooks == 2);
}

TEST_CASE("release: delay is uC/OS-II's OSTimeDly(period) after each job: releases slide") {
    configure(RTV_POLICY_FIXED_PRIORITY, RTV_RELEASE_DELAY, {periodic(1, 10, 10)});
    boot();
    REQUIRE(st(0).jobs_released == 1);  // offset 0: released at OSStart
    CHECK(running() == 0);
    for (int i = 0; i < 3; ++i) tick_isr();  // the job runs until OSTime 3
    CHECK(st(0).next_release == RTV_UCOS_NO_DEADLINE);
    finish_current();  // OSTimeDly(10) from tick 3
    CHECK(st(0).next_release == 13);
    CHECK(running() == 1);
    for (int i = 0; i < 9; ++i) tick_isr();
    CHECK(st(0).jobs_released == 1);
    tick_isr();  // OSTime 13: released and ready at the same tick
    CHECK(st(0).jobs_released == 2);
    CHECK(st(0).release_tick == 13);
    CHECK(st(0).deadline_tick == 23);
    CHECK(running() == 0);
}

TEST_CASE("Sporadic releases are min + a seeded extra apart, the same on every run") {
    auto sp = periodic(1, 5, 5);
    sp.kind = RTV_TASK_SPORADIC;
    sp.extra_ticks = 3;
    uint32_t first[6];
    for (int run = 0; run < 2; ++run) {
        configure(RTV_POLICY_FIXED_PRIORITY, RTV_RELEASE_DELAY, {sp});
        boot();
        uint32_t last = 0;
        for (int k = 0; k < 6; ++k) {
            const uint32_t next = st(0).next_release;
            CHECK(next >= last + 5);
            CHECK(next <= last + 8);
            if (run == 0) first[k] = next;
            CHECK(next == first[k]);
            while (OSTime < next) tick_isr();
            last = next;
        }
    }
}

TEST_CASE("An event task's jobs are released by its device, deadlines on the guest clock at arrival") {
    auto ev = periodic(3, 0, 4);
    ev.kind = RTV_TASK_EVENT;
    ev.device = 1;
    configure(RTV_POLICY_EDF, RTV_RELEASE_DELAY, {periodic(5, 100, 100, 50), ev}, 2);
    boot();
    rtv_app_wait_for_job(1);  // the event task (current: highest priority ready) pends
    CHECK(running() == 0);
    for (int i = 0; i < 7; ++i) tick_isr();
    OSIntEnter();
    rtv_app_device_event(0);  // another device: nothing
    CHECK(st(1).jobs_released == 0);
    rtv_app_device_event(1);
    rtv_app_device_event(1);
    OSIntExit();
    CHECK(st(1).jobs_released == 2);
    CHECK(st(1).deadline_tick == 11);
    CHECK(running() == 1);
    finish_current();  // the second post is still counted: no wait
    CHECK(running() == 1);
    CHECK(st(1).deadline_tick == 11);
    finish_current();
    CHECK(st(1).deadline_tick == RTV_UCOS_NO_DEADLINE);
    CHECK(running() == 0);
}

TEST_CASE("EDF orders the task set by the front jobs' deadlines") {
    // A: period 10, deadline 10; B: period 4, deadline 3, lower priority. Under fixed priority
    // A runs first; under EDF B's earlier deadline wins.
    for (uint32_t policy : {RTV_POLICY_FIXED_PRIORITY, RTV_POLICY_EDF}) {
        configure(policy, RTV_RELEASE_ABSOLUTE, {periodic(1, 10, 10), periodic(2, 4, 3)});
        boot();
        CHECK(running() == (policy == RTV_POLICY_EDF ? 1u : 0u));
    }
}
