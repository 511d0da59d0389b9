// SPDX-License-Identifier: Apache-2.0
// The kernel logic of a uC/OS-II-like RTOS (docs/models/ucos_port.md), independent of Xen: the task
// set, OSTime and OSTimeTick, the ready list, fixed-priority or EDF scheduling, one context
// per task, and the per-job records every metric is computed from (STYLE.md, SimSo/RTSim).
//
// The Xen port drives it: it calls time_tick / advance_to / event_arrival from its upcall
// handler (they return the kernel's cycles for that interrupt, which the port runs as part
// of its handler), and next_work / work_interrupted / work_completed around the core's
// execution of the running task. Time comes in as arguments (true simulated time in
// picoseconds); the kernel never calls SystemC and never logs.
//
// Sources for the uC/OS-II behaviour modelled: J. J. Labrosse, "MicroC/OS-II: The
// Real-Time Kernel", 2nd ed. (CMP Books, 2002), chapters 3 (ready list, OSSched,
// OSIntExit, OSTimeTick, idle task) and 5 (OSTimeDly); Micrium's OS_CORE.C / OS_TIME.C.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "rtos_model/ucos/job_log.hpp"
#include "rtos_model/ucos/ready_list.hpp"
#include "rtos_model/ucos/ucos_config.hpp"
#include "rtos_model/ucos/ucos_costs.hpp"
#include "sim/core/clock.hpp"
#include "sim/core/rng.hpp"
#include "sim/cpu/work_item.hpp"

namespace rtv::rtos {


struct ucos_counters {
    std::uint64_t ticks = 0;     // OSTimeTick runs (== OSTime)
    std::uint64_t releases = 0;  // jobs released
    std::uint64_t jobs_finished = 0;
    std::uint64_t context_switches = 0;   // switch steps handed out (OSStartHighRdy included)
    std::uint64_t idle_cycles = 0;        // cycles the idle task spun (spin mode)
    std::uint64_t isr_cycles = 0;         // returned by time_tick / advance_to / event_arrival
    std::uint64_t task_level_cycles = 0;  // kernel steps put in items (switches, OSTimeDly, OSSched)
};

class ucos_kernel {
public:
    // The idle task's spin item: one long compute step the port cuts wherever it likes.
    static constexpr std::uint64_t idle_chunk_cycles = 1ULL << 40;
    static constexpr std::uint32_t line_bytes = 32;  // ARM926EJ-S cache line

    // Validates the configuration and converts it to ticks; throws std::invalid_argument
    // with the task's name on a bad task set.
    ucos_kernel(const ucos_config& cfg, std::uint64_t seed, const ucos_costs& costs);

    // OSStart: tasks exist and OSTime is 0; tasks whose first release is tick 0 are
    // released at `now`.
    void os_start(core::picoseconds now);

    // One OSTimeTick inside one interrupt: OSTime++, releases due at the new OSTime, then
    // OSIntExit's scheduling decision. Returns the kernel's cycles for the interrupt
    // (OSIntEnter/OSIntExit, OSTimeTick, releases), which the port runs in its handler.
    std::uint64_t time_tick(core::picoseconds now);
    // The corrected handler's clock set inside one interrupt: OSTimeTick until OSTime ==
    // target, each intermediate tick doing its releases; never moves the clock back (a
    // target at or behind OSTime releases nothing). Returns the interrupt's kernel cycles.
    std::uint64_t advance_to(std::uint64_t target_ticks, core::picoseconds now);
    // A device event for an event-driven task, from its ISR: releases a job whose absolute
    // deadline is OSTime + ceil(relative deadline / tick) on the guest clock. Returns the
    // interrupt's kernel cycles.
    std::uint64_t event_arrival(unsigned task, core::picoseconds now);
    // The same, with the device event's true arrival time (<= now) for the job record: the
    // kernel only learns of the event when its handler runs, possibly much later.
    std::uint64_t event_arrival(unsigned task, core::picoseconds now, core::picoseconds arrival);

    std::uint64_t os_time() const { return m_os_time; }  // OSTime

    // What the running task executes now. After a switch (or on the first call) the item
    // starts with a compute step of the context switch plus any pending task-level kernel
    // path (OSTimeDly + OSSched of the job that just finished). A job's first item holds
    // its working-set touches (load + store per 32-byte line) then one compute step of its
    // cycles; later items hold what is left. Idle spin: one long compute step. Idle block:
    // the item holds only pending kernel cycles, if any, else it is empty and
    // idle_wants_block() is true (the port then issues SCHEDOP_block).
    cpu::work_item& next_work(core::picoseconds now);
    // The port hands the item back (the core cut it short, or ran all of it).
    void work_interrupted(cpu::work_item& item, core::picoseconds now);
    void work_completed(cpu::work_item& item, core::picoseconds now);
    // The idle task runs, the idle behaviour is block and there is nothing left to run.
    bool idle_wants_block() const;

    // State.
    std::size_t task_count() const { return m_tasks.size() - 1; }
    unsigned idle_task() const { return static_cast<unsigned>(m_tasks.size() - 1); }
    unsigned current_task() const { return m_current; }  // idle_task() when idle
    bool running_idle() const { return m_current == idle_task(); }
    const ucos_config& config() const { return m_cfg; }
    const ucos_costs& costs() const { return m_costs; }
    const ready_list& ready() const { return m_ready; }
    // A task's configuration with its defaults resolved (relative_deadline_ps filled in).
    const ucos_task_config& task_config(unsigned task) const { return m_tasks.at(task).cfg; }
    std::uint64_t period_ticks(unsigned task) const { return m_tasks.at(task).period_ticks; }
    std::uint64_t relative_deadline_ticks(unsigned task) const { return m_tasks.at(task).deadline_ticks; }
    std::uint64_t next_release_tick(unsigned task) const { return m_tasks.at(task).next_release_tick; }
    std::size_t pending_jobs(unsigned task) const { return m_tasks.at(task).queue.size(); }
    // Compute cycles left of the task's current job (its WCET before it first runs; 0 when
    // it has no job).
    std::uint64_t remaining_cycles(unsigned task) const { return m_tasks.at(task).remaining; }
    std::uint64_t executed_cycles(unsigned task) const { return m_tasks.at(task).executed; }

    // Metrics. Every job, in release order, unless a job sink is set: then the jobs not yet
    // handed to it (from the oldest unfinished one on).
    const std::deque<job_record>& jobs() const { return m_log.jobs(); }
    // Hands every job to `sink` once it and every job released before it have finished, and
    // forgets it (its statistics are kept), so that memory stays flat over a long run.
    void set_job_sink(std::function<void(const job_record&)> sink) { m_log.set_sink(std::move(sink)); }
    static bool missed(const job_record& j, core::picoseconds end_time) { return job_missed(j, end_time); }
    task_stats task_statistics(unsigned task, core::picoseconds end_time) const { return m_log.statistics(task, end_time); }
    const ucos_counters& counters() const { return m_counters; }
    // OSIdleCtr: idle loop iterations, derived from the cycles the idle task spun.
    std::uint64_t idle_counter() const;

    // True time of a number of ticks at OS_TICKS_PER_SEC: floor(ticks * 10^12 / rate).
    std::uint64_t ticks_to_ps(std::uint64_t ticks) const;

private:
    struct tcb {
        ucos_task_config cfg;
        std::uint64_t period_ticks = 0;  // periodic
        std::uint64_t min_ticks = 0;     // sporadic
        std::uint64_t extra_ticks = 0;   // sporadic
        std::uint64_t offset_ticks = 0;
        std::uint64_t deadline_ticks = 0;  // ceil(relative deadline / tick)
        std::uint64_t next_release_tick = 0;
        std::uint64_t jobs_released = 0;
        core::picoseconds first_release = 0;  // true time of job 0
        std::uint64_t first_release_tick = 0;
        core::picoseconds next_intended = 0;  // delay mode: the next job's intended release
        std::deque<std::size_t> queue;  // indices into m_log; the front job is the current one
        bool job_begun = false;         // the front job's first item was handed out
        std::uint64_t remaining = 0;
        std::uint64_t executed = 0;
        cpu::work_item item;        // the task's context: what it runs when it next gets the CPU
        bool kernel_front = false;  // item.steps[0] is a kernel step (switch, pending paths)
        std::uint64_t mark = 0;     // cycles of the body step when the item was handed out
        core::rng gen;
        tcb(const ucos_task_config& c, std::uint64_t seed) : cfg(c), gen(seed, c.name) {}
    };

    bool is_idle(const tcb& t) const { return &t == &m_tasks.back(); }
    tcb& owner_of(cpu::work_item& item);
    std::uint64_t tick_once(core::picoseconds now);
    // Delay mode: the true time at which a perfect clock would end OSTimeDly(period) called at
    // `finish` (its ticks on the grid of the task's first release).
    core::picoseconds perfect_delay_end(const tcb& t, core::picoseconds finish) const;
    void release(unsigned task, core::picoseconds now, std::uint64_t deadline_tick);
    unsigned pick() const;
    std::uint64_t reschedule_cost() const;
    void account(tcb& t, cpu::work_item& item);
    void finish_job(tcb& t, core::picoseconds now);
    void prepend_kernel_step(tcb& t, std::uint64_t cycles);
    void build_job_item(unsigned task, std::uint64_t front);

    ucos_config m_cfg;
    ucos_costs m_costs;
    std::vector<tcb> m_tasks;                      // the configured tasks, then the idle task (OS_TaskIdle)
    unsigned m_prio_task[ready_list::priorities];  // OSTCBPrioTbl: priority -> task index
    ready_list m_ready;
    std::uint64_t m_os_time = 0;
    bool m_started = false;
    unsigned m_current = 0;
    unsigned m_last_given = ~0u;         // whose item next_work returned last (none yet)
    std::uint64_t m_pending_cycles = 0;  // task-level kernel paths not yet in an item
    job_log m_log;
    job_record& job_at(std::size_t index) { return m_log.at(index); }
    const job_record& job_at(std::size_t index) const { return m_log.at(index); }
    core::picoseconds m_arrival = 0;  // the true arrival of the event being released
    ucos_counters m_counters;
};

}  // namespace rtv::rtos
