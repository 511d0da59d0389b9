// SPDX-License-Identifier: Apache-2.0
// The configuration block of the binary uC/OS-II guest: the scenario's `ucos:` block as the
// firmware reads it. The domain builder writes it into guest memory at the ELF symbol
// `rtv_ucos_config` before the vcpu starts; the firmware only reads it. One header for both
// sides: the firmware (C, arm-none-eabi) and the simulator (C++, the host), so every field is
// a 32-bit word (no padding, the same layout on ARM EABI and on a little-endian host) and
// every offset is pinned below. A change here is an ABI change: bump RTV_UCOS_CONFIG_VERSION.
#ifndef RTV_UCOS_CONFIG_H
#define RTV_UCOS_CONFIG_H

#include <stdint.h>

#ifdef __cplusplus
#include <cstddef>
#define RTV_CFG_ASSERT(c, m) static_assert(c, m)
#else
#include <stddef.h>
#define RTV_CFG_ASSERT(c, m) _Static_assert(c, m)
#endif

#define RTV_UCOS_CONFIG_MAGIC 0x534F4355u  // "UCOS" in memory (little-endian)
#define RTV_UCOS_CONFIG_VERSION 1u
#define RTV_UCOS_MAX_TASKS 16u    // application tasks (the idle task comes on top)
#define RTV_UCOS_MAX_DEVICES 4u   // GPTs given to the guest (the i.MX21 has GPT1..3; GPT1 is Xen's)
#define RTV_UCOS_NAME_BYTES 16u   // task name, NUL-padded (for messages and the debugger)

// Values of the enumerated words.
enum rtv_ucos_policy { RTV_POLICY_FIXED_PRIORITY = 0, RTV_POLICY_EDF = 1 };
enum rtv_ucos_tick_mode { RTV_TICK_NAIVE = 0, RTV_TICK_CORRECTED = 1 };
enum rtv_ucos_idle { RTV_IDLE_SPIN = 0, RTV_IDLE_BLOCK = 1 };
// A periodic task's releases (the scenario's tasks[].release). delay: the task calls
// OSTimeDly(period) after each job (relative: uC/OS-II's own way, so releases slide by each
// job's lateness). absolute: job k is released at offset + k*period on the guest clock,
// whatever the jobs' lateness (OSTimeDlyUntil-style).
enum rtv_ucos_release { RTV_RELEASE_DELAY = 0, RTV_RELEASE_ABSOLUTE = 1 };
enum rtv_ucos_task_kind { RTV_TASK_PERIODIC = 0, RTV_TASK_SPORADIC = 1, RTV_TASK_EVENT = 2 };

// One task. Times are whole guest ticks (the builder converts the scenario's times with
// ticks_per_sec and rejects what is not whole, as the model guest does).
struct rtv_ucos_task_config {
    uint32_t kind;              // rtv_ucos_task_kind
    uint32_t priority;          // 0 (highest) .. 62, unique; 63 is the idle task
    uint32_t period_ticks;      // periodic: period; sporadic: minimum inter-arrival
    uint32_t extra_ticks;       // sporadic: a seeded extra in [0, extra_ticks] per release
    uint32_t offset_ticks;      // periodic, sporadic: first release at this OSTime
    uint32_t deadline_ticks;    // relative deadline rounded up to ticks (the EDF key)
    uint32_t wcet_cycles;       // cycles of each job's own computation (the loop's share)
    uint32_t working_set_base;  // guest virtual address of its working set (0: none)
    uint32_t working_set_bytes; // touched (one load, one store per 32-byte line) per job
    uint32_t device;            // event: index into devices[]
    uint32_t release;           // periodic: rtv_ucos_release
    uint32_t reserved;
    char name[RTV_UCOS_NAME_BYTES];
};

// A spare i.MX21 GPT the domain was given (mapped one to one), its AITC interrupt bound with
// EVTCHNOP_bind_pirq; the firmware programs it to interrupt every compare + 1 counts.
struct rtv_ucos_device_config {
    uint32_t base;     // guest virtual (== physical) address of the GPT's registers
    uint32_t irq;      // its AITC source number, the PIRQ to bind
    uint32_t compare;  // TCMP: period in PERCLK1 counts minus one (restart mode)
    uint32_t reserved;
};

struct rtv_ucos_config {
    uint32_t magic;          // RTV_UCOS_CONFIG_MAGIC once the builder has filled it
    uint32_t version;        // RTV_UCOS_CONFIG_VERSION
    uint32_t size;           // sizeof(struct rtv_ucos_config)
    uint32_t policy;         // rtv_ucos_policy
    uint32_t tick_mode;      // rtv_ucos_tick_mode
    uint32_t idle;           // rtv_ucos_idle
    uint32_t ticks_per_sec;  // OS_TICKS_PER_SEC
    uint32_t seed;           // the domain's seed, for sporadic inter-arrival extras
    uint32_t n_tasks;        // <= RTV_UCOS_MAX_TASKS
    uint32_t n_devices;      // <= RTV_UCOS_MAX_DEVICES
    uint32_t reserved[2];
    struct rtv_ucos_device_config devices[RTV_UCOS_MAX_DEVICES];
    struct rtv_ucos_task_config tasks[RTV_UCOS_MAX_TASKS];
};

// The layout, pinned for both compilers.
RTV_CFG_ASSERT(sizeof(struct rtv_ucos_task_config) == 64, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, kind) == 0, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, priority) == 4, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, period_ticks) == 8, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, extra_ticks) == 12, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, offset_ticks) == 16, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, deadline_ticks) == 20, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, wcet_cycles) == 24, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, working_set_base) == 28, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, working_set_bytes) == 32, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, device) == 36, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, release) == 40, "task config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_task_config, name) == 48, "task config layout");
RTV_CFG_ASSERT(sizeof(struct rtv_ucos_device_config) == 16, "device config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_device_config, base) == 0, "device config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_device_config, irq) == 4, "device config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_device_config, compare) == 8, "device config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, magic) == 0, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, version) == 4, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, size) == 8, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, policy) == 12, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, tick_mode) == 16, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, idle) == 20, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, ticks_per_sec) == 24, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, seed) == 28, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, n_tasks) == 32, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, n_devices) == 36, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, devices) == 48, "config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_ucos_config, tasks) == 112, "config layout");
RTV_CFG_ASSERT(sizeof(struct rtv_ucos_config) == 1136, "config layout");

#endif  // RTV_UCOS_CONFIG_H
