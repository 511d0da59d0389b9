// SPDX-License-Identifier: Apache-2.0
// The binary guest's kernel (rtos_model/firmware/kernel), natively with the host port: the
// test plays the current task (OSTCBCur) and the interrupt handler.
#include <catch2/catch.hpp>

#include <cstring>

#include "hv_model/public/shared_info_layout.hpp"
#include "hv_model/public/start_info_layout.hpp"
#include "os_cpu_host.h"
#include "rtos_model/ucos/ready_list.hpp"
#include "rtv_tick_clock.h"
#include "ucos_ii.h"
#include "xen_arm_guest.h"

namespace {

OS_STK stacks[8][64];
void body(void*) {}

// OSInit with a clean host trace; tasks are created before OSStart.
void fresh_kernel() {
    std::memset(&rtv_host, 0, sizeof rtv_host);
    OSTicksPerSec = 100;
    OSEdfEnabled = 0;
    OSInit();
}

void create(unsigned slot, INT8U prio) {
    REQUIRE(OSTaskCreateExt(body, nullptr, &stacks[slot][63], prio, static_cast<INT16U>(slot), &stacks[slot][0], 64,
                            nullptr, OS_TASK_OPT_NONE) == OS_ERR_NONE);
}

// A tick from the timer interrupt: OSIntEnter, OSTimeTick, OSIntExit.
void tick_isr() {
    OSIntEnter();
    OSTimeTick();
    OSIntExit();
}

bool ready(INT8U prio) { return (OSRdyTbl[prio >> 3] & (1u << (prio & 7))) != 0; }

}  // namespace

TEST_CASE("OSUnMapTbl is the lowest set bit, the same table as the model guest's") {
    for (unsigned v = 1; v < 256; ++v) {
        unsigned bit = 0;
        while (!((v >> bit) & 1u)) ++bit;
        CHECK(OSUnMapTbl[v] == bit);
        CHECK(OSUnMapTbl[v] == rtv::rtos::ready_list::unmap[v]);
    }
    CHECK(OSUnMapTbl[0] == 0);
}

TEST_CASE("OSInit creates the idle task at priority 63, and OSStart runs the highest ready priority") {
    fresh_kernel();
    CHECK(OSTaskCtr == 1);
    CHECK(OSTCBPrioTbl[OS_LOWEST_PRIO] != nullptr);
    create(0, 12);
    create(1, 5);
    create(2, 40);
    CHECK(OSTaskCreate(body, nullptr, &stacks[3][63], 5) == OS_ERR_PRIO_EXIST);
    CHECK(OSTaskCreate(body, nullptr, &stacks[3][63], 64) == OS_ERR_PRIO_INVALID);
    CHECK(OSRdyGrp == ((1u << 0) | (1u << 1) | (1u << 5) | (1u << 7)));
    OSStart();
    CHECK(OSRunning == 1);
    CHECK(rtv_host.started == 1);
    CHECK(OSPrioCur == 5);
    CHECK(OSTCBCur == OSTCBPrioTbl[5]);
}

TEST_CASE("OSTimeDly is relative: the task is ready again exactly n ticks after it asked") {
    fresh_kernel();
    create(0, 3);
    create(1, 9);
    OSStart();
    REQUIRE(OSPrioCur == 3);
    tick_isr();
    tick_isr();  // OSTime 2
    OSTimeDly(5);  // wakes at OSTime 7
    CHECK_FALSE(ready(3));
    CHECK(OSPrioCur == 9);
    CHECK(rtv_host.task_switches == 1);
    for (int i = 0; i < 4; ++i) tick_isr();
    CHECK(OSTime == 6);
    CHECK_FALSE(ready(3));
    CHECK(OSPrioCur == 9);
    tick_isr();
    CHECK(OSTime == 7);
    CHECK(ready(3));
    CHECK(OSPrioCur == 3);  // preempted at the end of the interrupt
    CHECK(rtv_host.int_switches == 1);
    CHECK(rtv_host.tick_hooks == 7);
}

TEST_CASE("OSTimeDly(0), from an ISR or with the scheduler locked does nothing") {
    fresh_kernel();
    create(0, 3);
    OSStart();
    OSTimeDly(0);
    CHECK(ready(3));
    OSSchedLock();
    OSTimeDly(4);
    CHECK(ready(3));
    OSSchedUnlock();
    OSIntEnter();
    OSTimeDly(4);
    CHECK(ready(3));
    OSIntExit();
}

TEST_CASE("OSTimeDlyHMSM converts with uC/OS-II's rounding and checks its arguments") {
    fresh_kernel();
    create(0, 3);
    OSStart();
    CHECK(OSTimeDlyHMSM(0, 0, 0, 0) == OS_ERR_TIME_ZERO_DLY);
    CHECK(OSTimeDlyHMSM(0, 60, 0, 0) == OS_ERR_TIME_INVALID_MINUTES);
    CHECK(OSTimeDlyHMSM(0, 0, 60, 0) == OS_ERR_TIME_INVALID_SECONDS);
    CHECK(OSTimeDlyHMSM(0, 0, 0, 1000) == OS_ERR_TIME_INVALID_MS);
    // 1 h 2 min 3 s 15 ms at 100 Hz: 3723 s = 372300 ticks, 100 * (15 + 5) / 1000 = 2 ticks.
    CHECK(OSTimeDlyHMSM(1, 2, 3, 15) == OS_ERR_NONE);
    CHECK(OSTCBPrioTbl[3]->OSTCBDly == 372302u);
    CHECK_FALSE(ready(3));
    CHECK(OSTimeDlyResume(3) == OS_ERR_NONE);
    CHECK(ready(3));
    CHECK(OSTimeDlyResume(3) == OS_ERR_TIME_NOT_DLY);
    CHECK(OSTimeDlyResume(20) == OS_ERR_TASK_NOT_EXIST);
    CHECK(OSTimeDlyResume(OS_LOWEST_PRIO) == OS_ERR_PRIO_INVALID);
    // 4 ms at 100 Hz rounds down to 0 ticks (100 * (4 + 5) / 1000 = 0): no delay at all.
    CHECK(OSTimeDlyHMSM(0, 0, 0, 4) == OS_ERR_NONE);
    CHECK(ready(3));
    OSIntEnter();
    CHECK(OSTimeDlyHMSM(0, 0, 1, 0) == OS_ERR_TIME_DLY_ISR);
    OSIntExit();
}

TEST_CASE("OSTimeGet and OSTimeSet") {
    fresh_kernel();
    CHECK(OSTimeGet() == 0);
    OSTimeSet(41);
    OSTimeTick();
    CHECK(OSTimeGet() == 42);
}

TEST_CASE("A semaphore blocks, counts, wakes the highest-priority waiter and times out") {
    fresh_kernel();
    create(0, 4);
    create(1, 6);
    create(2, 20);
    OSStart();
    OS_EVENT* sem = OSSemCreate(1);
    REQUIRE(sem != nullptr);
    INT8U err = 0xFF;
    OSSemPend(sem, 0, &err);  // task 4 takes the count
    CHECK(err == OS_ERR_NONE);
    CHECK(ready(4));
    OSSemPend(sem, 0, &err);  // task 4 waits
    CHECK_FALSE(ready(4));
    CHECK(OSPrioCur == 6);
    OSSemPend(sem, 3, &err);  // task 6 waits at most 3 ticks
    CHECK_FALSE(ready(6));
    CHECK(OSPrioCur == 20);
    // A post from an ISR readies the highest-priority waiter (4); the switch comes at OSIntExit.
    OSIntEnter();
    CHECK(OSSemPost(sem) == OS_ERR_NONE);
    CHECK(ready(4));
    CHECK_FALSE(ready(6));
    CHECK(OSPrioCur == 20);
    OSIntExit();
    CHECK(OSPrioCur == 4);
    OSTimeDly(100);  // task 4 out of the way
    for (int i = 0; i < 3; ++i) tick_isr();
    CHECK(ready(6));  // its pend timed out
    CHECK(OSTCBPrioTbl[6]->OSTCBStatPend == OS_STAT_PEND_TO);
    CHECK(sem->OSEventGrp == 0);
    CHECK(OSSemPost(sem) == OS_ERR_NONE);  // nobody waits: counts
    CHECK(sem->OSEventCnt == 1);
    OSIntEnter();
    OSSemPend(sem, 0, &err);
    CHECK(err == OS_ERR_PEND_ISR);
    OSIntExit();
    OSSemPend(nullptr, 0, &err);
    CHECK(err == OS_ERR_PEVENT_NULL);
}

TEST_CASE("The scheduler lock defers a switch until OSSchedUnlock") {
    fresh_kernel();
    create(0, 4);
    create(1, 8);
    OSStart();
    OSTimeDly(2);
    REQUIRE(OSPrioCur == 8);
    OSSchedLock();
    tick_isr();
    tick_isr();
    CHECK(ready(4));
    CHECK(OSPrioCur == 8);  // locked: no switch at OSIntExit
    OSSchedUnlock();
    CHECK(OSPrioCur == 4);
    CHECK(rtv_host.task_switches == 2);
}

TEST_CASE("EDF runs the earliest deadline, ties by priority, the idle task only when nothing is ready") {
    fresh_kernel();
    OSEdfEnabled = 1;
    create(0, 2);
    create(1, 7);
    create(2, 9);
    OSEdfSetDeadline(2, 50);
    OSEdfSetDeadline(7, 30);
    OSEdfSetDeadline(9, 30);
    OSStart();
    CHECK(OSPrioCur == 7);  // 30 ties with 9's, and 7 is the higher priority
    OSTimeDly(10);
    CHECK(OSPrioCur == 9);
    OSEdfSetDeadline(2, 10);
    OSIntEnter();
    OSIntExit();
    CHECK(OSPrioCur == 2);
    // A ready task without a job (no deadline) still runs before the idle task.
    OSEdfSetDeadline(2, OS_EDF_NO_DEADLINE);
    OSTimeDly(10);  // task 2 delays
    CHECK(OSPrioCur == 9);
    OSEdfSetDeadline(9, OS_EDF_NO_DEADLINE);
    OSIntEnter();
    OSIntExit();
    CHECK(OSPrioCur == 9);
    OSTimeDly(10);
    CHECK(OSPrioCur == OS_LOWEST_PRIO);
}

TEST_CASE("OSDivU64 divides like the host") {
    const uint64_t ns[] = {0, 1, 9'999'999, 10'000'000, 123'456'789'012'345ULL, ~0ULL};
    const uint32_t d[] = {1, 3, 10'000'000, 1'000'000'000, 0xFFFFFFFFu};
    for (uint64_t n : ns)
        for (uint32_t q : d) CHECK(OSDivU64(n, q) == n / q);
    CHECK(OSDivU32(1'000'000'000u, 100u) == 10'000'000u);
}

TEST_CASE("The corrected tick: one tick when shared time stands still, else floor((now - t0)/tick), never back") {
    rtv_tick_clock c;
    rtv_tick_clock_init(&c, 5'000'000, 100);  // t0 = 5 ms, tick 10 ms
    CHECK(c.tick_ns == 10'000'000u);
    int jumped = -1;
    // time_update: none: the shared time never moves, so each VIRQ counts one tick (naive).
    CHECK(rtv_tick_clock_ticks(&c, 5'000'000, 0, &jumped) == 1);
    CHECK(jumped == 0);
    CHECK(rtv_tick_clock_ticks(&c, 5'000'000, 1, &jumped) == 1);
    // Time moved to t0 + 34.9 ms: the clock is set to 3 ticks (it was 2: one tick on).
    CHECK(rtv_tick_clock_ticks(&c, 39'900'000, 2, &jumped) == 1);
    CHECK(jumped == 0);
    // A descheduled guest sees t0 + 95 ms at OSTime 3: six ticks at once.
    CHECK(rtv_tick_clock_ticks(&c, 100'000'000, 3, &jumped) == 6);
    CHECK(jumped == 1);
    // A clock ahead of shared time is never moved back.
    CHECK(rtv_tick_clock_ticks(&c, 110'000'000, 12, &jumped) == 0);
    // The same time seen again counts one tick (Xen did not update it since).
    CHECK(rtv_tick_clock_ticks(&c, 110'000'000, 12, &jumped) == 1);
    // Before t0 (cannot happen with Xen's monotonic time, but must not wrap): target 0.
    CHECK(rtv_tick_clock_ticks(&c, 1'000, 12, &jumped) == 0);
}

TEST_CASE("The version-protocol read returns system_time when the version is even and stable") {
    vcpu_time_info t{};
    t.version = 4;
    t.system_time = 0x1'2345'6789ULL;
    uint32_t retries = 0;
    CHECK(rtv_read_system_time(&t, &retries) == 0x1'2345'6789ULL);
    CHECK(retries == 0);
}

TEST_CASE("The firmware's vcpu_time_info is the hypervisor's: the fields the corrected tick reads") {
    // Fixed-width fields only, so the host lays it out as ARM EABI does.
    namespace sh = rtv::hv::abi::shinfo;
    CHECK(offsetof(vcpu_time_info, version) == sh::time_version);
    CHECK(offsetof(vcpu_time_info, freetimer_overflows) == sh::time_freetimer_overflows);
    CHECK(offsetof(vcpu_time_info, offset) == sh::time_offset);
    CHECK(offsetof(vcpu_time_info, system_time) == sh::time_system_time);
    CHECK(sizeof(vcpu_time_info) == sh::time_size);
    CHECK(rtv::hv::abi::sinfo::size == 1112);  // start_info_layout.hpp compiles with its pins
}
