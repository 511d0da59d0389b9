// SPDX-License-Identifier: Apache-2.0
#include "rtv_tick_clock.h"

#include "ucos_ii.h"
#include "xen_arm_guest.h"

void rtv_tick_clock_init(struct rtv_tick_clock* c, uint64_t t0_ns, uint32_t ticks_per_sec) {
    c->t0_ns = t0_ns;
    c->last_ns = t0_ns;
    c->tick_ns = OSDivU32(1000000000u, ticks_per_sec);
}

uint32_t rtv_tick_clock_ticks(struct rtv_tick_clock* c, uint64_t now_ns, uint32_t os_time, int* jumped) {
    uint64_t target;
    *jumped = 0;
    if (now_ns == c->last_ns) return 1u;
    c->last_ns = now_ns;
    target = now_ns >= c->t0_ns ? OSDivU64(now_ns - c->t0_ns, c->tick_ns) : 0u;
    if (target <= os_time) return 0u;
    *jumped = target > (uint64_t)os_time + 1u;
    return (uint32_t)(target - os_time);
}

uint64_t rtv_read_system_time(const volatile struct vcpu_time_info* t, uint32_t* retries) {
    for (;;) {
        const uint32_t v1 = t->version;
        __asm__ volatile("" ::: "memory");
        const uint64_t now = t->system_time;
        __asm__ volatile("" ::: "memory");
        const uint32_t v2 = t->version;
        if ((v1 & 1u) == 0u && v1 == v2) return now;
        (*retries)++;
    }
}
