// SPDX-License-Identifier: Apache-2.0
// Observes a binary uC/OS-II guest (the project's firmware, or a user's own port exporting
// the same symbols: docs/guest_abi.md section 11) at no guest cost and produces the records
// the model guest produces: tick samples (tick_drift.csv), job records (jobs.csv), the port's
// and kernel's counters and per-task statistics (summary.json).
//
// It is an instruction observer: after every instruction the ISS retires it compares the PC
// with the hook functions' addresses. When the domain's own context reaches one, it reads
// the guest's variables (OSTime, OSPrioHighRdy, rtv_ucos_state) with debug accesses, which
// change no cache, TLB or timing state, and notes the core's time. The guest's code is never
// touched and nothing it does depends on being observed.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "rtos_model/firmware/include/rtv_ucos_observe.h"
#include "rtos_model/ucos/ucos_config.hpp"
#include "rtos_model/ucos/ucos_guest.hpp"
#include "rtos_model/ucos/job_log.hpp"
#include "sim/cpu/iss/instruction_observer.hpp"

namespace rtv::rtos {

// Guest virtual addresses of the observed symbols (ELF value + load bias).
struct ucos_symbols {
    std::uint32_t os_time = 0;          // OSTime, INT32U
    std::uint32_t os_prio_high_rdy = 0; // OSPrioHighRdy, INT8U: the task coming at OSTaskSwHook
    std::uint32_t os_ctx_sw_ctr = 0;    // OSCtxSwCtr, INT32U (0: not exported)
    std::uint32_t state = 0;            // rtv_ucos_state
    std::uint32_t hook_tick_done = 0;   // rtv_hook_tick_done
    std::uint32_t hook_job_released = 0;
    std::uint32_t hook_job_finished = 0;
    std::uint32_t hook_task_switch = 0;  // OSTaskSwHook
};

// How the observer sees the platform (the app wires these to the core and Xen).
struct observed_domain {
    // A debug read of a 32-bit guest word by the domain's mapping; false if unmapped.
    std::function<bool(std::uint32_t va, std::uint32_t& value)> read32;
    // True while the domain's context owns the core (its PCs, not another domain's).
    std::function<bool()> owns_core;
    // The core's exact time.
    std::function<core::picoseconds()> now;
};

class binary_ucos_observer final : public cpu::instruction_observer {
public:
    // `cfg` is the task set as the scenario gave it (names, times in ps); `ticks` the same in
    // whole ticks as written into the guest's configuration block.
    binary_ucos_observer(const ucos_config& cfg, const rtv_ucos_config& ticks, const ucos_symbols& symbols,
                         observed_domain domain);

    void after_instruction(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t insn, bool thumb) override;
    // Only the hook addresses matter, and the first instruction the domain runs (its first
    // dispatch), which is the first of a stretch: the ISS keeps its hot loop in between.
    bool only_at(std::vector<std::uint32_t>& pcs) const override;

    // As ucos_guest: each tick sample and each finished job (in release order) goes to its
    // sink when one is set, else it is kept.
    void set_tick_sink(std::function<void(const tick_sample&)> sink) { m_tick_sink = std::move(sink); }
    void set_job_sink(std::function<void(const job_record&)> sink) { m_log.set_sink(std::move(sink)); }
    // When device k's interrupt line rose (the true arrival of an event task's job).
    void set_arrival_probe(std::size_t device, std::function<core::picoseconds()> probe);

    bool started() const { return m_started; }
    core::picoseconds first_dispatch() const { return m_first_dispatch; }
    unsigned ticks_per_sec() const { return m_cfg.ticks_per_sec; }
    const std::vector<tick_sample>& ticks() const { return m_ticks; }
    const std::deque<job_record>& jobs() const { return m_log.jobs(); }  // those not handed to the sink
    std::size_t task_count() const { return m_cfg.tasks.size(); }
    const ucos_task_config& task_config(unsigned t) const { return m_cfg.tasks.at(t); }
    // The task's relative deadline, its default filled in as the model guest does (the
    // period, or the minimum inter-arrival time).
    std::uint64_t relative_deadline_ps(unsigned t) const;
    task_stats task_statistics(unsigned task, core::picoseconds end_time) const { return m_log.statistics(task, end_time); }

    // Read from the guest now (at the end of the run): OSTime and the port's counters.
    std::uint64_t os_time() const;
    ucos_port_counters port_counters() const;
    // The kernel's counters as the model guest has them: ticks = OSTime, the releases and
    // finished jobs seen, context switches = OSCtxSwCtr; idle_cycles has no binary
    // counterpart (the idle task counts iterations, OSIdleCtr) and stays 0.
    ucos_counters kernel_counters() const;
    // Hook hits that were the domain's own (for tests and reports).
    std::uint64_t hooks_seen() const { return m_hooks_seen; }

private:
    struct task_track {
        std::deque<std::size_t> queue;  // its released, unfinished jobs (indices into m_log)
        core::picoseconds first_release = 0;
        std::uint64_t first_release_tick = 0;
        core::picoseconds last_finish = 0;
        std::uint64_t released = 0;
        std::function<core::picoseconds()> arrival;
    };

    std::uint32_t read(std::uint32_t va) const;
    std::uint32_t read_state(std::uint32_t offset) const { return read(m_sym.state + offset); }
    void on_tick_done(core::picoseconds now);
    void on_release(unsigned task, core::picoseconds now);
    void on_finish(unsigned task, core::picoseconds now);
    void on_switch(core::picoseconds now);
    void start_front(unsigned task, core::picoseconds now);
    core::picoseconds ticks_to_ps(std::uint64_t ticks) const;

    ucos_config m_cfg;
    rtv_ucos_config m_ticks_cfg;
    ucos_symbols m_sym;
    observed_domain m_domain;
    std::vector<task_track> m_tasks;
    std::vector<unsigned> m_task_of_prio;  // 64 entries; ~0u: not an application task
    unsigned m_current;                    // task index running; task_count() = the idle task

    bool m_started = false;
    core::picoseconds m_first_dispatch = 0;
    job_log m_log;
    std::vector<tick_sample> m_ticks;
    std::function<void(const tick_sample&)> m_tick_sink;
    std::uint64_t m_releases = 0, m_finished = 0, m_hooks_seen = 0;
};

}  // namespace rtv::rtos
