// SPDX-License-Identifier: Apache-2.0
// The job records of a uC/OS-II guest, model or binary, and their statistics
// (docs/outputs.md, jobs.csv and summary.json): what every deadline metric is computed from.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "sim/core/clock.hpp"

namespace rtv::rtos {

// One job of one task, in true simulated time (docs/outputs.md, jobs.csv).
struct job_record {
    unsigned task = 0;
    std::uint64_t job = 0;                   // per task, from 0
    core::picoseconds intended_release = 0;  // periodic: first + j*period (absolute) or the
                                             // previous finish + the delay on a perfect clock
                                             // (delay); event: the arrival
    core::picoseconds release = 0;           // when the kernel released it (the tick it ran)
    core::picoseconds start = 0;             // first time it got the CPU; valid if started
    core::picoseconds finish = 0;            // valid if finished
    core::picoseconds deadline = 0;          // intended_release + relative deadline
    std::uint64_t release_tick = 0;          // the guest clock (OSTime) at release
    std::uint64_t deadline_tick = 0;         // absolute deadline in guest ticks (the EDF key)
    bool started = false;
    bool finished = false;
};

// Response time from the intended release; negative only when a guest clock that runs fast
// released the job before its intended release.
inline std::int64_t response_ps(const job_record& j) {
    return static_cast<std::int64_t>(j.finish) - static_cast<std::int64_t>(j.intended_release);
}

// A finished job missed if it finished after its deadline; an unfinished one only if its
// deadline has passed at end_time (docs/outputs.md).
inline bool job_missed(const job_record& j, core::picoseconds end_time) {
    return j.finished ? j.finish > j.deadline : end_time > j.deadline;
}

struct task_stats {
    std::uint64_t released = 0;
    std::uint64_t finished = 0;
    std::uint64_t missed = 0;
    // Over finished jobs (all zero when none finished), in picoseconds.
    std::int64_t response_min = 0;
    std::int64_t response_max = 0;
    std::int64_t response_sum = 0;
    std::int64_t response_mean() const {
        return finished ? response_sum / static_cast<std::int64_t>(finished) : 0;
    }
};

// Adds one job of the task to its statistics.
void add_to_task_stats(task_stats& s, const job_record& j, core::picoseconds end_time);
// Statistics of one task computed from the job records alone.
task_stats compute_task_stats(const std::deque<job_record>& jobs, unsigned task, core::picoseconds end_time);
// The statistics of two disjoint sets of jobs of one task, together.
task_stats merge_task_stats(const task_stats& a, const task_stats& b);

// Every job of a guest in release order, each addressed by a stable index (its position
// among all jobs ever added). With a sink set, a job goes to the sink once it and every job
// released before it have finished, and is forgotten (its statistics are kept), so that
// memory stays flat over a long run.
class job_log {
public:
    // Appends a job; returns its index.
    std::size_t add(const job_record& r) {
        m_jobs.push_back(r);
        return m_base + m_jobs.size() - 1;
    }
    job_record& at(std::size_t index) { return m_jobs[index - m_base]; }
    const job_record& at(std::size_t index) const { return m_jobs[index - m_base]; }
    // The jobs not handed to the sink (all of them when there is none).
    const std::deque<job_record>& jobs() const { return m_jobs; }
    void set_sink(std::function<void(const job_record&)> sink) { m_sink = std::move(sink); }
    // Hands the oldest finished jobs to the sink (a finished job's record and statistics no
    // longer change: job_missed does not depend on the end of the run for it).
    void retire_finished();
    // The task's statistics over every job, handed to the sink or not.
    task_stats statistics(unsigned task, core::picoseconds end_time) const;

private:
    std::deque<job_record> m_jobs;
    std::size_t m_base = 0;  // the index of m_jobs.front()
    std::function<void(const job_record&)> m_sink;
    std::vector<task_stats> m_retired;  // per task, of the jobs handed to the sink
};

}  // namespace rtv::rtos
