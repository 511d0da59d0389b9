// SPDX-License-Identifier: Apache-2.0
// The two tick handlers' arithmetic, portable (the host tests check it). The corrected
// handler is the paper's (Park, Yoo, Yoo, "Real-time Operating System Virtualization for
// Xen-Arm"): read Xen's shared-info time; if it has not moved since the last look, count one
// tick (so with a Xen that never updates it, it behaves like the naive handler); otherwise
// set the clock to floor((now - t0) / tick), never moving it back. t0 is the shared time read
// at boot, so OSTime counts from the guest's start.
#ifndef RTV_TICK_CLOCK_H
#define RTV_TICK_CLOCK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rtv_tick_clock {
    uint64_t t0_ns;
    uint64_t last_ns;
    uint32_t tick_ns;  // 10^9 / OS_TICKS_PER_SEC, truncated
};

struct vcpu_time_info;

void rtv_tick_clock_init(struct rtv_tick_clock* c, uint64_t t0_ns, uint32_t ticks_per_sec);
// OSTimeTicks the corrected handler runs when it reads `now_ns` with the clock at os_time;
// *jumped is set when that moves the clock by more than one tick.
uint32_t rtv_tick_clock_ticks(struct rtv_tick_clock* c, uint64_t now_ns, uint32_t os_time, int* jumped);
// Xen's system_time read with the version protocol: version, time, version again; an odd or
// changed version means Xen was updating it, so read again (counted in *retries).
uint64_t rtv_read_system_time(const volatile struct vcpu_time_info* t, uint32_t* retries);

#ifdef __cplusplus
}
#endif

#endif  // RTV_TICK_CLOCK_H
