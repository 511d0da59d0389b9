// SPDX-License-Identifier: Apache-2.0
// Configuration of the uC/OS-II-like guest kernel (docs/models/ucos_port.md): the task set and the
// kernel's build options. Times are in picoseconds of true time as the scenario gives them;
// the kernel converts them to its own ticks (ucos_kernel's constructor validates them).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rtv::rtos {

struct ucos_task_config {
    enum class kind { periodic, sporadic, event };
    // How a periodic task waits for its next job. `delay` is uC/OS-II's own OSTimeDly(P)
    // after each job (Labrosse, ch. 5: its releases slide with its response time and no
    // release is ever missed into a backlog); `absolute` an OSTimeDlyUntil-style port
    // releasing at r0 + j * period whatever the jobs do.
    enum class release_mode { delay, absolute };

    std::string name;  // unique within the guest; also names the task's seeded generator
    kind k = kind::periodic;
    // periodic: released at guest ticks r0 + j * period (r0 = offset) with `absolute`, or
    // `period` ticks after the previous job finished with `delay`.
    std::uint64_t period_ps = 0;
    release_mode release = release_mode::delay;
    // sporadic: next release = previous + min_interarrival + a seeded extra in [0, max_extra],
    // all whole ticks. event: min_interarrival_ps is the default relative deadline.
    std::uint64_t min_interarrival_ps = 0;
    std::uint64_t max_extra_ps = 0;
    // First release (periodic, sporadic) at guest tick offset / tick; a whole number of ticks.
    std::uint64_t offset_ps = 0;
    // Cycles of every job's own computation (the working-set touches come on top).
    std::uint64_t wcet_cycles = 0;
    // 0 means the default: the period (periodic) or the minimum inter-arrival time (sporadic,
    // event). Converted to guest ticks rounding up; metrics use the exact value.
    std::uint64_t relative_deadline_ps = 0;
    // uC/OS-II priority, 0 highest .. 62 (63 = OS_LOWEST_PRIO is the idle task); unique per
    // guest as uC/OS-II requires (OSTCBPrioTbl). Under EDF it breaks deadline ties.
    unsigned priority = 0;
    // Touched (one load and one store per 32-byte line) at the start of every job.
    std::uint64_t working_set_bytes = 0;
    std::uint32_t working_set_base = 0;  // a guest virtual address, given by the port
};

struct ucos_config {
    enum class policy { fixed_priority, edf };
    enum class idle_behaviour { spin, block };

    unsigned ticks_per_sec = 100;  // OS_TICKS_PER_SEC
    policy scheduling = policy::fixed_priority;
    idle_behaviour idle = idle_behaviour::spin;
    std::vector<ucos_task_config> tasks;
    // CPU clock the task set was written for (the loader turns a WCET in time into cycles
    // with it); the kernel itself counts cycles and only checks it is non-zero.
    std::uint64_t cpu_hz = 266'000'000;
};

}  // namespace rtv::rtos
