// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/binary_ucos_observer.hpp"

#include <algorithm>
#include <stdexcept>

namespace rtv::rtos {

namespace {

using u128 = unsigned __int128;
constexpr unsigned n_priorities = 64;  // uC/OS-II: 0..63, OS_LOWEST_PRIO the idle task

// Offsets of rtv_ucos_state's words (rtv_ucos_observe.h pins them).
constexpr std::uint32_t task_state(unsigned task, std::size_t field) {
    return static_cast<std::uint32_t>(offsetof(rtv_ucos_state, tasks) + task * sizeof(rtv_ucos_task_state) + field);
}

}  // namespace

binary_ucos_observer::binary_ucos_observer(const ucos_config& cfg, const rtv_ucos_config& ticks,
                                           const ucos_symbols& symbols, observed_domain domain)
    : m_cfg(cfg),
      m_ticks_cfg(ticks),
      m_sym(symbols),
      m_domain(std::move(domain)),
      m_tasks(cfg.tasks.size()),
      m_task_of_prio(n_priorities, ~0u),
      m_current(static_cast<unsigned>(cfg.tasks.size())) {
    if (cfg.tasks.size() != ticks.n_tasks || cfg.tasks.size() > RTV_UCOS_MAX_TASKS)
        throw std::invalid_argument("binary uC/OS-II observer: the task set and its configuration block differ");
    if (!m_sym.os_time || !m_sym.state || !m_sym.hook_tick_done || !m_sym.hook_job_released ||
        !m_sym.hook_job_finished || !m_sym.hook_task_switch || !m_sym.os_prio_high_rdy)
        throw std::invalid_argument("binary uC/OS-II observer: a symbol it needs is missing");
    for (std::size_t i = 0; i < cfg.tasks.size(); ++i) m_task_of_prio.at(cfg.tasks[i].priority) = static_cast<unsigned>(i);
}

void binary_ucos_observer::set_arrival_probe(std::size_t device, std::function<core::picoseconds()> probe) {
    for (std::size_t i = 0; i < m_tasks.size(); ++i)
        if (m_ticks_cfg.tasks[i].kind == RTV_TASK_EVENT && m_ticks_cfg.tasks[i].device == device) m_tasks[i].arrival = probe;
}

std::uint32_t binary_ucos_observer::read(std::uint32_t va) const {
    std::uint32_t v = 0;
    if (!m_domain.read32(va & ~3u, v)) throw std::runtime_error("binary uC/OS-II observer: guest address not mapped");
    return v;
}

core::picoseconds binary_ucos_observer::ticks_to_ps(std::uint64_t ticks) const {
    return static_cast<core::picoseconds>(static_cast<u128>(ticks) * core::ps_per_second / m_cfg.ticks_per_sec);
}

bool binary_ucos_observer::only_at(std::vector<std::uint32_t>& pcs) const {
    for (const std::uint32_t pc :
         {m_sym.hook_tick_done, m_sym.hook_job_released, m_sym.hook_job_finished, m_sym.hook_task_switch})
        if (std::find(pcs.begin(), pcs.end(), pc) == pcs.end()) pcs.push_back(pc);
    return true;
}

void binary_ucos_observer::after_instruction(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t, bool) {
    if (!m_started) {
        // The guest's first instruction: its first dispatch, from which drift is counted.
        if (!m_domain.owns_core()) return;
        m_started = true;
        m_first_dispatch = m_domain.now();
    }
    const bool tick = pc == m_sym.hook_tick_done, released = pc == m_sym.hook_job_released,
               finished = pc == m_sym.hook_job_finished, sw = pc == m_sym.hook_task_switch;
    if (!(tick || released || finished || sw) || !m_domain.owns_core()) return;
    ++m_hooks_seen;
    const core::picoseconds now = m_domain.now();
    // r0 is the task argument: the hooks' first instruction does not change it.
    const std::uint32_t r0 = s.reg(0);
    if (tick) on_tick_done(now);
    if (released && r0 < m_tasks.size()) on_release(r0, now);
    if (finished && r0 < m_tasks.size()) on_finish(r0, now);
    if (sw) on_switch(now);
}

void binary_ucos_observer::on_tick_done(core::picoseconds now) {
    const tick_sample sample{now, read_state(offsetof(rtv_ucos_state, virqs_handled)), read(m_sym.os_time)};
    if (m_tick_sink)
        m_tick_sink(sample);
    else
        m_ticks.push_back(sample);
}

// A job of `task` was released in the handler running now: the record the model guest's
// kernel makes at its release (ucos_kernel::release), from the guest's state.
void binary_ucos_observer::on_release(unsigned task, core::picoseconds now) {
    task_track& t = m_tasks[task];
    const ucos_task_config& c = m_cfg.tasks[task];
    job_record r;
    r.task = task;
    r.job = t.released++;
    r.release = now;
    r.release_tick = read_state(task_state(task, offsetof(rtv_ucos_task_state, release_tick)));
    r.deadline_tick = r.release_tick + m_ticks_cfg.tasks[task].deadline_ticks;
    if (r.job == 0) {
        t.first_release = now;
        t.first_release_tick = r.release_tick;
    }
    switch (c.k) {
        case ucos_task_config::kind::periodic:
            if (c.release == ucos_task_config::release_mode::absolute) {
                r.intended_release = t.first_release + r.job * c.period_ps;
            } else if (r.job == 0) {
                r.intended_release = t.first_release;
            } else {
                // OSTimeDly(P) after the previous job, on a perfect clock (ucos_kernel's rule).
                const core::picoseconds since = t.last_finish > t.first_release ? t.last_finish - t.first_release : 0;
                const auto done = static_cast<std::uint64_t>(static_cast<u128>(since) * m_cfg.ticks_per_sec / core::ps_per_second);
                r.intended_release = t.first_release + ticks_to_ps(done + m_ticks_cfg.tasks[task].period_ticks);
            }
            break;
        case ucos_task_config::kind::sporadic:
            r.intended_release = t.first_release + ticks_to_ps(r.release_tick - t.first_release_tick);
            break;
        case ucos_task_config::kind::event:
            r.intended_release = t.arrival ? std::min(t.arrival(), now) : now;
            break;
    }
    r.deadline = r.intended_release + relative_deadline_ps(task);
    t.queue.push_back(m_log.add(r));
    ++m_releases;
    // Released while its task runs (between its last job and its wait): it goes straight on.
    if (t.queue.size() == 1 && m_current == task) start_front(task, now);
}

std::uint64_t binary_ucos_observer::relative_deadline_ps(unsigned t) const {
    const ucos_task_config& c = m_cfg.tasks.at(t);
    if (c.relative_deadline_ps) return c.relative_deadline_ps;
    return c.k == ucos_task_config::kind::periodic ? c.period_ps : c.min_interarrival_ps;
}

void binary_ucos_observer::start_front(unsigned task, core::picoseconds now) {
    task_track& t = m_tasks[task];
    if (t.queue.empty()) return;
    job_record& j = m_log.at(t.queue.front());
    if (j.started) return;
    j.started = true;
    j.start = now;
}

void binary_ucos_observer::on_finish(unsigned task, core::picoseconds now) {
    task_track& t = m_tasks[task];
    if (t.queue.empty()) return;  // a finish without a release seen: not this observer's job
    job_record& j = m_log.at(t.queue.front());
    j.finished = true;
    j.finish = now;
    if (!j.started) {  // it ran without a switch the observer saw
        j.started = true;
        j.start = now;
    }
    t.last_finish = now;
    t.queue.pop_front();
    ++m_finished;
    m_log.retire_finished();
    // A job released meanwhile: the task goes straight on with it.
    start_front(task, now);
}

void binary_ucos_observer::on_switch(core::picoseconds now) {
    const std::uint32_t prio = (read(m_sym.os_prio_high_rdy) >> (8 * (m_sym.os_prio_high_rdy & 3u))) & 0xFFu;
    const unsigned task = prio < n_priorities ? m_task_of_prio[prio] : ~0u;
    m_current = task == ~0u ? static_cast<unsigned>(m_tasks.size()) : task;
    if (task != ~0u) start_front(task, now);
}

std::uint64_t binary_ucos_observer::os_time() const { return read(m_sym.os_time); }

ucos_port_counters binary_ucos_observer::port_counters() const {
    ucos_port_counters p;
    p.upcalls = read_state(offsetof(rtv_ucos_state, upcalls));
    p.virqs_handled = read_state(offsetof(rtv_ucos_state, virqs_handled));
    p.device_events = read_state(offsetof(rtv_ucos_state, device_events));
    p.time_reads = read_state(offsetof(rtv_ucos_state, time_reads));
    p.time_retries = read_state(offsetof(rtv_ucos_state, time_retries));
    p.clock_jumps = read_state(offsetof(rtv_ucos_state, clock_jumps));
    p.blocks = read_state(offsetof(rtv_ucos_state, blocks));
    p.faults = read_state(offsetof(rtv_ucos_state, faults));
    p.hypercall_errors = read_state(offsetof(rtv_ucos_state, hypercall_errors));
    return p;
}

ucos_counters binary_ucos_observer::kernel_counters() const {
    ucos_counters k;
    k.ticks = os_time();
    k.releases = m_releases;
    k.jobs_finished = m_finished;
    k.context_switches = m_sym.os_ctx_sw_ctr ? read(m_sym.os_ctx_sw_ctr) : 0;
    return k;
}

}  // namespace rtv::rtos
