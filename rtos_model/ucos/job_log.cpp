// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/ucos/job_log.hpp"

#include <algorithm>

namespace rtv::rtos {

void add_to_task_stats(task_stats& s, const job_record& j, core::picoseconds end_time) {
    ++s.released;
    if (job_missed(j, end_time)) ++s.missed;
    if (!j.finished) return;
    const std::int64_t r = response_ps(j);
    if (s.finished == 0) {
        s.response_min = s.response_max = r;
    } else {
        s.response_min = std::min(s.response_min, r);
        s.response_max = std::max(s.response_max, r);
    }
    s.response_sum += r;
    ++s.finished;
}

task_stats compute_task_stats(const std::deque<job_record>& jobs, unsigned task, core::picoseconds end_time) {
    task_stats s;
    for (const job_record& j : jobs)
        if (j.task == task) add_to_task_stats(s, j, end_time);
    return s;
}

task_stats merge_task_stats(const task_stats& a, const task_stats& b) {
    if (a.released == 0) return b;
    if (b.released == 0) return a;
    task_stats s;
    s.released = a.released + b.released;
    s.missed = a.missed + b.missed;
    s.finished = a.finished + b.finished;
    s.response_sum = a.response_sum + b.response_sum;
    if (a.finished == 0 || b.finished == 0) {
        const task_stats& f = a.finished ? a : b;
        s.response_min = f.response_min;
        s.response_max = f.response_max;
    } else {
        s.response_min = std::min(a.response_min, b.response_min);
        s.response_max = std::max(a.response_max, b.response_max);
    }
    return s;
}

void job_log::retire_finished() {
    if (!m_sink) return;
    while (!m_jobs.empty() && m_jobs.front().finished) {
        const job_record& j = m_jobs.front();
        if (m_retired.size() <= j.task) m_retired.resize(j.task + 1);
        add_to_task_stats(m_retired[j.task], j, j.finish);
        m_sink(j);
        m_jobs.pop_front();
        ++m_base;
    }
}

task_stats job_log::statistics(unsigned task, core::picoseconds end_time) const {
    const task_stats live = compute_task_stats(m_jobs, task, end_time);
    return task < m_retired.size() ? merge_task_stats(m_retired[task], live) : live;
}

}  // namespace rtv::rtos
