// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/ucos/ucos_kernel.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace rtv::rtos {

namespace {

using u128 = unsigned __int128;
constexpr std::uint64_t ps_per_s = core::ps_per_second;
constexpr std::uint64_t never = ~0ULL;  // a tick OSTime never reaches

std::string task_error(const ucos_task_config& t, const std::string& what) {
    return "ucos task '" + t.name + "': " + what;
}

// A time in the largest unit that represents it exactly, for error messages.
std::string fmt_ps(std::uint64_t ps) {
    static const struct {
        std::uint64_t div;
        const char* unit;
    } units[] = {{ps_per_s, "s"}, {1'000'000'000ULL, "ms"}, {1'000'000ULL, "us"}, {1'000ULL, "ns"}};
    for (const auto& u : units)
        if (ps != 0 && ps % u.div == 0) return std::to_string(ps / u.div) + " " + u.unit;
    return std::to_string(ps) + " ps";
}

// ps as a whole number of ticks, or an error naming the task and the field.
std::uint64_t whole_ticks(const ucos_task_config& t, const char* field, std::uint64_t ps, unsigned tps) {
    const u128 scaled = static_cast<u128>(ps) * tps;
    if (scaled % ps_per_s != 0)
        throw std::invalid_argument(task_error(t, std::string(field) + " " + fmt_ps(ps) +
                                                      " is not a whole number of ticks (OS_TICKS_PER_SEC " +
                                                      std::to_string(tps) + ")"));
    return static_cast<std::uint64_t>(scaled / ps_per_s);
}

std::uint64_t ceil_ticks(std::uint64_t ps, unsigned tps) {
    const u128 scaled = static_cast<u128>(ps) * tps;
    return static_cast<std::uint64_t>((scaled + ps_per_s - 1) / ps_per_s);
}

}  // namespace

ucos_kernel::ucos_kernel(const ucos_config& cfg, std::uint64_t seed, const ucos_costs& costs)
    : m_cfg(cfg), m_costs(costs) {
    const unsigned tps = cfg.ticks_per_sec;
    if (tps == 0) throw std::invalid_argument("ucos: ticks_per_sec (OS_TICKS_PER_SEC) must be positive");
    if (cfg.cpu_hz == 0) throw std::invalid_argument("ucos: cpu_hz must be positive");
    if (cfg.tasks.size() > ready_list::lowest_prio)
        throw std::invalid_argument("ucos: at most 63 tasks (priorities 0..62; 63 is the idle task)");

    std::fill(std::begin(m_prio_task), std::end(m_prio_task), ~0u);
    m_tasks.reserve(cfg.tasks.size() + 1);
    for (const ucos_task_config& c : cfg.tasks) {
        using kind = ucos_task_config::kind;
        if (c.name.empty()) throw std::invalid_argument("ucos: a task has no name");
        for (const tcb& other : m_tasks)
            if (other.cfg.name == c.name) throw std::invalid_argument(task_error(c, "duplicate task name"));
        if (c.priority >= ready_list::lowest_prio)
            throw std::invalid_argument(task_error(
                c, "priority " + std::to_string(c.priority) + " out of range 0..62 (63 is the idle task)"));
        if (m_prio_task[c.priority] != ~0u)
            throw std::invalid_argument(task_error(c, "priority " + std::to_string(c.priority) +
                                                          " is already used by '" +
                                                          m_tasks[m_prio_task[c.priority]].cfg.name + "'"));
        if (c.wcet_cycles == 0) throw std::invalid_argument(task_error(c, "wcet must be positive"));
        if (c.working_set_bytes > 0) {
            const std::uint64_t lines = (c.working_set_bytes + line_bytes - 1) / line_bytes;
            if (c.working_set_base + (lines - 1) * line_bytes > std::numeric_limits<std::uint32_t>::max())
                throw std::invalid_argument(
                    task_error(c, "working set does not fit in the 32-bit address space"));
        }

        tcb t(c, seed);
        std::uint64_t default_deadline = 0;
        switch (c.k) {
            case kind::periodic:
                if (c.period_ps == 0)
                    throw std::invalid_argument(task_error(c, "a periodic task needs a period"));
                t.period_ticks = whole_ticks(c, "period", c.period_ps, tps);
                if (t.period_ticks == 0)
                    throw std::invalid_argument(task_error(c, "period is shorter than a tick"));
                default_deadline = c.period_ps;
                break;
            case kind::sporadic:
                if (c.min_interarrival_ps == 0)
                    throw std::invalid_argument(
                        task_error(c, "a sporadic task needs a minimum inter-arrival time"));
                t.min_ticks = whole_ticks(c, "minimum inter-arrival time", c.min_interarrival_ps, tps);
                t.extra_ticks = whole_ticks(c, "maximum extra inter-arrival time", c.max_extra_ps, tps);
                default_deadline = c.min_interarrival_ps;
                break;
            case kind::event:
                default_deadline = c.min_interarrival_ps;
                break;
        }
        if (c.k != kind::event) t.offset_ticks = whole_ticks(c, "offset", c.offset_ps, tps);
        if (t.cfg.relative_deadline_ps == 0) t.cfg.relative_deadline_ps = default_deadline;
        if (t.cfg.relative_deadline_ps == 0)
            throw std::invalid_argument(task_error(c, "an event-driven task needs a relative deadline"));
        t.deadline_ticks = ceil_ticks(t.cfg.relative_deadline_ps, tps);
        m_prio_task[c.priority] = static_cast<unsigned>(m_tasks.size());
        m_tasks.push_back(std::move(t));
    }

    // OS_TaskIdle at OS_LOWEST_PRIO, always ready (Labrosse 3.11).
    ucos_task_config idle;
    idle.name = "OS_TaskIdle";
    idle.priority = ready_list::lowest_prio;
    m_tasks.emplace_back(idle, seed);
    m_prio_task[ready_list::lowest_prio] = idle_task();
    m_ready.insert(ready_list::lowest_prio);
    m_current = idle_task();
}

std::uint64_t ucos_kernel::ticks_to_ps(std::uint64_t ticks) const {
    return static_cast<std::uint64_t>(static_cast<u128>(ticks) * ps_per_s / m_cfg.ticks_per_sec);
}

std::uint64_t ucos_kernel::idle_counter() const {
    return m_costs.idle_iteration ? m_counters.idle_cycles / m_costs.idle_iteration : 0;
}

void ucos_kernel::os_start(core::picoseconds now) {
    if (m_started) throw std::logic_error("ucos: os_start called twice");
    m_started = true;
    for (unsigned i = 0; i < task_count(); ++i) {
        tcb& t = m_tasks[i];
        if (t.cfg.k == ucos_task_config::kind::event) continue;
        t.next_release_tick = t.offset_ticks;
        if (t.next_release_tick == m_os_time) release(i, now, m_os_time + t.deadline_ticks);
    }
    m_current = pick();
}

std::uint64_t ucos_kernel::tick_once(core::picoseconds now) {
    ++m_os_time;
    ++m_counters.ticks;
    std::uint64_t cycles = m_costs.time_tick_base + m_costs.time_tick_per_task * task_count();
    for (unsigned i = 0; i < task_count(); ++i) {
        const tcb& t = m_tasks[i];
        if (t.cfg.k == ucos_task_config::kind::event || t.next_release_tick != m_os_time) continue;
        release(i, now, m_os_time + t.deadline_ticks);
        cycles += m_costs.job_release;
    }
    return cycles;
}

std::uint64_t ucos_kernel::reschedule_cost() const {
    std::uint64_t c = 0;
    if (m_cfg.scheduling == ucos_config::policy::edf)
        for (unsigned i = 0; i < task_count(); ++i)
            if (!m_tasks[i].queue.empty()) c += m_costs.edf_per_ready_task;
    return c;
}

std::uint64_t ucos_kernel::time_tick(core::picoseconds now) {
    if (!m_started) throw std::logic_error("ucos: time_tick before os_start");
    std::uint64_t cycles = tick_once(now);
    m_current = pick();
    cycles += m_costs.int_enter_exit + reschedule_cost();
    m_counters.isr_cycles += cycles;
    return cycles;
}

std::uint64_t ucos_kernel::advance_to(std::uint64_t target_ticks, core::picoseconds now) {
    if (!m_started) throw std::logic_error("ucos: advance_to before os_start");
    std::uint64_t cycles = 0;
    while (m_os_time < target_ticks) cycles += tick_once(now);
    m_current = pick();
    cycles += m_costs.int_enter_exit + reschedule_cost();
    m_counters.isr_cycles += cycles;
    return cycles;
}

std::uint64_t ucos_kernel::event_arrival(unsigned task, core::picoseconds now) {
    return event_arrival(task, now, now);
}

std::uint64_t ucos_kernel::event_arrival(unsigned task, core::picoseconds now, core::picoseconds arrival) {
    m_arrival = arrival;
    if (!m_started) throw std::logic_error("ucos: event_arrival before os_start");
    if (task >= task_count()) throw std::out_of_range("ucos: event_arrival for task " + std::to_string(task));
    if (m_tasks[task].cfg.k != ucos_task_config::kind::event)
        throw std::invalid_argument(
            task_error(m_tasks[task].cfg, "event_arrival for a task that is not event-driven"));
    release(task, now, m_os_time + m_tasks[task].deadline_ticks);
    m_current = pick();
    const std::uint64_t cycles =
        m_costs.event_post + m_costs.job_release + m_costs.int_enter_exit + reschedule_cost();
    m_counters.isr_cycles += cycles;
    return cycles;
}

// Makes a job of `task` ready at the current OSTime (a job of an already busy task waits
// behind the current one: its release does not slide, its start does) and plans the next
// release of a tick-driven task.
void ucos_kernel::release(unsigned task, core::picoseconds now, std::uint64_t deadline_tick) {
    using kind = ucos_task_config::kind;
    tcb& t = m_tasks[task];
    job_record r;
    r.task = task;
    r.job = t.jobs_released++;
    r.release = now;
    r.release_tick = m_os_time;
    r.deadline_tick = deadline_tick;
    if (r.job == 0) {
        t.first_release = now;
        t.first_release_tick = m_os_time;
    }
    switch (t.cfg.k) {
        case kind::periodic:
            if (t.cfg.release == ucos_task_config::release_mode::absolute) {
                r.intended_release = t.first_release + r.job * t.cfg.period_ps;
                t.next_release_tick = m_os_time + t.period_ticks;
            } else {
                r.intended_release = r.job == 0 ? t.first_release : t.next_intended;
                t.next_release_tick = never;  // OSTimeDly after the job decides
            }
            break;
        case kind::sporadic:
            // What a perfect clock would have given: the first release plus the ticks since.
            r.intended_release = t.first_release + ticks_to_ps(m_os_time - t.first_release_tick);
            t.next_release_tick = m_os_time + t.min_ticks + t.gen.between(0, t.extra_ticks);
            break;
        case kind::event:
            r.intended_release = std::min(m_arrival, now);
            break;
    }
    r.deadline = r.intended_release + t.cfg.relative_deadline_ps;
    t.queue.push_back(m_log.add(r));
    ++m_counters.releases;
    if (t.queue.size() == 1) {
        m_ready.insert(t.cfg.priority);
        t.job_begun = false;
        t.remaining = t.cfg.wcet_cycles;
    }
}

// OSSched's choice. Fixed priority: the highest ready priority from the bitmap (the idle
// task at 63 is always there). EDF: the earliest absolute deadline in guest ticks among the
// tasks with a job, ties by priority then task index; the idle task when none.
unsigned ucos_kernel::pick() const {
    if (m_cfg.scheduling == ucos_config::policy::fixed_priority) return m_prio_task[m_ready.highest()];
    unsigned best = idle_task();
    for (unsigned i = 0; i < task_count(); ++i) {
        const tcb& t = m_tasks[i];
        if (t.queue.empty()) continue;
        if (best == idle_task()) {
            best = i;
            continue;
        }
        const tcb& b = m_tasks[best];
        const auto key = std::make_tuple(job_at(t.queue.front()).deadline_tick, t.cfg.priority, i);
        const auto best_key = std::make_tuple(job_at(b.queue.front()).deadline_tick, b.cfg.priority, best);
        if (key < best_key) best = i;
    }
    return best;
}

ucos_kernel::tcb& ucos_kernel::owner_of(cpu::work_item& item) {
    for (tcb& t : m_tasks)
        if (&t.item == &item) return t;
    throw std::logic_error("ucos: a work item that is not one of this kernel's");
}

// Replaces an unstarted or partly run kernel step at the front (superseded: uC/OS-II runs
// its switch with interrupts disabled, so only the newest one is charged) and keeps the
// rest of the item as it is.
void ucos_kernel::prepend_kernel_step(tcb& t, std::uint64_t cycles) {
    std::size_t from = t.item.position;
    if (from == 0 && t.kernel_front && !t.item.steps.empty()) from = 1;
    std::vector<cpu::step> steps;
    steps.reserve(t.item.steps.size() - std::min(from, t.item.steps.size()) + 1);
    steps.push_back(cpu::step::compute_for(cycles));
    if (from < t.item.steps.size())
        steps.insert(steps.end(), t.item.steps.begin() + from, t.item.steps.end());
    t.item.reset(std::move(steps));
    t.kernel_front = true;
}

void ucos_kernel::build_job_item(unsigned task, std::uint64_t front) {
    tcb& t = m_tasks[task];
    const std::uint64_t lines = (t.cfg.working_set_bytes + line_bytes - 1) / line_bytes;
    const std::uint32_t value = static_cast<std::uint32_t>(job_at(t.queue.front()).job);
    std::vector<cpu::step> steps;
    steps.reserve((front ? 1 : 0) + 2 * lines + 1);
    if (front) steps.push_back(cpu::step::compute_for(front));
    for (std::uint64_t i = 0; i < lines; ++i) {
        const auto va = static_cast<std::uint32_t>(t.cfg.working_set_base + i * line_bytes);
        steps.push_back(cpu::step::load_from(va));
        steps.push_back(cpu::step::store_to(va, value));
    }
    steps.push_back(cpu::step::compute_for(t.remaining));
    t.item.reset(std::move(steps));
    t.kernel_front = front != 0;
}

cpu::work_item& ucos_kernel::next_work(core::picoseconds now) {
    if (!m_started) throw std::logic_error("ucos: next_work before os_start");
    tcb& t = m_tasks[m_current];
    std::uint64_t front = m_pending_cycles;
    m_pending_cycles = 0;
    if (m_current != m_last_given) {
        front += m_costs.context_switch;
        ++m_counters.context_switches;
    }
    m_last_given = m_current;
    m_counters.task_level_cycles += front;

    if (is_idle(t)) {
        if (m_cfg.idle == ucos_config::idle_behaviour::block) {
            if (front)
                t.item.reset({cpu::step::compute_for(front)});
            else if (t.item.done())
                t.item.reset({});
            t.kernel_front = !t.item.steps.empty();
            t.mark = 0;
            return t.item;
        }
        if (t.item.done()) {
            std::vector<cpu::step> steps;
            if (front) steps.push_back(cpu::step::compute_for(front));
            steps.push_back(cpu::step::compute_for(idle_chunk_cycles));
            t.item.reset(std::move(steps));
            t.kernel_front = front != 0;
        } else if (front) {
            prepend_kernel_step(t, front);
        }
    } else if (!t.job_begun) {
        build_job_item(m_current, front);
        t.job_begun = true;
        job_record& j = job_at(t.queue.front());
        j.started = true;
        j.start = now;
    } else if (front) {
        prepend_kernel_step(t, front);
    }
    t.mark = t.item.steps.back().cycles;
    return t.item;
}

// Cycles run by the item's body step (the job's compute, or the idle loop) since hand-out.
void ucos_kernel::account(tcb& t, cpu::work_item& item) {
    if (item.steps.empty()) return;
    const cpu::step& body = item.steps.back();
    if (body.kind != cpu::step_kind::compute) return;
    const std::uint64_t ran = t.mark >= body.cycles ? t.mark - body.cycles : 0;
    t.mark = body.cycles;
    if (is_idle(t)) {
        if (m_cfg.idle == ucos_config::idle_behaviour::spin) m_counters.idle_cycles += ran;
    } else if (t.job_begun) {
        t.executed += ran;
        t.remaining = body.cycles;
    }
}

void ucos_kernel::work_interrupted(cpu::work_item& item, core::picoseconds now) {
    tcb& t = owner_of(item);
    account(t, item);
    // An item only ends with the job's compute step; the core reports a finished item as
    // completed, but treat a finished one handed back here the same way.
    if (item.done() && !is_idle(t) && t.job_begun) finish_job(t, now);
}

void ucos_kernel::work_completed(cpu::work_item& item, core::picoseconds now) {
    tcb& t = owner_of(item);
    account(t, item);
    if (!is_idle(t) && t.job_begun && item.done()) finish_job(t, now);
}

core::picoseconds ucos_kernel::perfect_delay_end(const tcb& t, core::picoseconds finish) const {
    const core::picoseconds since = finish > t.first_release ? finish - t.first_release : 0;
    const auto ticks_done = static_cast<std::uint64_t>(static_cast<u128>(since) * m_cfg.ticks_per_sec / ps_per_s);
    return t.first_release + ticks_to_ps(ticks_done + t.period_ticks);
}

// The job's body returned: its finish is recorded, and the task waits for its next release
// (OSTimeDly(period) in delay mode, OSTimeDlyUntil in absolute mode, or goes straight on with
// a job released meanwhile), then OSSched runs.
void ucos_kernel::finish_job(tcb& t, core::picoseconds now) {
    job_record& j = job_at(t.queue.front());
    j.finished = true;
    j.finish = now;
    if (t.cfg.k == ucos_task_config::kind::periodic && t.cfg.release == ucos_task_config::release_mode::delay) {
        // OSTimeDly(P): ready at the P-th OSTimeTick from now.
        t.next_release_tick = m_os_time + t.period_ticks;
        t.next_intended = perfect_delay_end(t, now);
    }
    ++m_counters.jobs_finished;
    t.queue.pop_front();
    m_log.retire_finished();
    t.job_begun = false;
    t.item.reset({});
    t.kernel_front = false;
    t.mark = 0;
    if (t.queue.empty()) {
        m_ready.remove(t.cfg.priority);
        t.remaining = 0;
    } else {
        t.remaining = t.cfg.wcet_cycles;
    }
    m_pending_cycles += m_costs.time_dly + m_costs.sched + reschedule_cost();
    m_current = pick();
}

bool ucos_kernel::idle_wants_block() const {
    return m_cfg.idle == ucos_config::idle_behaviour::block && running_idle() && m_tasks.back().item.done();
}

}  // namespace rtv::rtos
