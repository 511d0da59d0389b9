// SPDX-License-Identifier: Apache-2.0
// What the host port records for the unit tests (port/host/os_cpu_host.c).
#ifndef OS_CPU_HOST_H
#define OS_CPU_HOST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rtv_host_trace {
    uint32_t masked;  // the critical-section state
    uint32_t started, task_switches, int_switches, sw_hooks, tick_hooks;
    uint32_t released_hooks, finished_hooks;
    uint64_t burnt_cycles, touched_bytes;
};
extern struct rtv_host_trace rtv_host;

#ifdef __cplusplus
}
#endif

#endif  // OS_CPU_HOST_H
