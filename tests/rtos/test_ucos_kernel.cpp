// SPDX-License-Identifier: Apache-2.0
// The uC/OS-II-like kernel (rtos_model/ucos/ucos_kernel.hpp) against hand-computed schedules.
// A small fake port below plays the core and the Xen port: it runs the kernel's work items on
// a 100 MHz CPU (10 ns a cycle, one cycle a load or store) and delivers a guest tick at every
// multiple of a tick interval, cutting the running step there. Kernel ISR cycles take no
// simulated time in the fake port, so the expected times below are those of the work items.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "rtos_model/ucos/ucos_kernel.hpp"

using namespace rtv;
using rtv::rtos::job_record;
using rtv::rtos::ucos_config;
using rtv::rtos::ucos_costs;
using rtv::rtos::ucos_kernel;
using rtv::rtos::ucos_task_config;
using kind = ucos_task_config::kind;

namespace {

constexpr core::picoseconds us = 1'000'000ULL;
constexpr core::picoseconds ms = 1'000'000'000ULL;
constexpr std::uint64_t cycles_per_ms = 100'000;  // 100 MHz
constexpr core::picoseconds ps_per_cycle = 10'000;

// Absolute (OSTimeDlyUntil-style) releases unless `delay`: most schedules below are the
// absolute ones; the relative-delay cases say so.
ucos_task_config periodic(const std::string& name, unsigned prio, core::picoseconds period,
                          std::uint64_t wcet_cycles, core::picoseconds offset = 0, bool delay = false) {
    ucos_task_config t;
    t.release = delay ? ucos_task_config::release_mode::delay : ucos_task_config::release_mode::absolute;
    t.name = name;
    t.k = kind::periodic;
    t.priority = prio;
    t.period_ps = period;
    t.offset_ps = offset;
    t.wcet_cycles = wcet_cycles;
    return t;
}

ucos_task_config event_task(const std::string& name, unsigned prio, core::picoseconds deadline,
                            std::uint64_t wcet_cycles) {
    ucos_task_config t;
    t.name = name;
    t.k = kind::event;
    t.priority = prio;
    t.relative_deadline_ps = deadline;
    t.wcet_cycles = wcet_cycles;
    return t;
}

ucos_config make_config(std::vector<ucos_task_config> tasks,
                        ucos_config::policy pol = ucos_config::policy::fixed_priority,
                        ucos_config::idle_behaviour idle = ucos_config::idle_behaviour::spin) {
    ucos_config c;
    c.ticks_per_sec = 100;
    c.scheduling = pol;
    c.idle = idle;
    c.cpu_hz = 100'000'000;
    c.tasks = std::move(tasks);
    return c;
}

// Every cost zero but the context switch (so schedules are easy to compute by hand).
ucos_costs switch_only(std::uint64_t ctx = 0) {
    ucos_costs c;
    for (const auto& e : ucos_costs::entries()) c.*(e.field) = 0;
    c.context_switch = ctx;
    return c;
}

// Plays the core and the port: runs items, delivers guest ticks every `tick_every` of
// true time (10 ms is a perfect clock; 20 ms a guest that counts every other tick).
struct fake_port {
    ucos_kernel& k;
    core::picoseconds tick_every = 10 * ms;
    core::picoseconds t = 0;
    core::picoseconds next_tick = 10 * ms;
    std::vector<std::size_t> item_sizes;  // of every non-empty item handed out

    explicit fake_port(ucos_kernel& kernel, core::picoseconds every = 10 * ms)
        : k(kernel), tick_every(every), next_tick(every) {}

    // Runs the item until it is done (true) or the limit cuts it (false).
    bool execute(cpu::work_item& it, core::picoseconds limit) {
        while (!it.done()) {
            cpu::step& s = it.current();
            const std::uint64_t cyc = s.kind == cpu::step_kind::compute ? s.cycles : 1;
            if (t + cyc * ps_per_cycle <= limit) {  // on a tie the step completes first
                t += cyc * ps_per_cycle;
                if (s.kind == cpu::step_kind::compute) s.cycles = 0;
                ++it.position;
                continue;
            }
            if (s.kind == cpu::step_kind::compute) s.cycles -= (limit - t) / ps_per_cycle;
            t = limit;
            return false;
        }
        return true;
    }

    void run_until(core::picoseconds end) {
        while (t < end) {
            const core::picoseconds limit = std::min(end, next_tick);
            cpu::work_item& it = k.next_work(t);
            if (it.done()) {
                REQUIRE(k.idle_wants_block());
                t = limit;
            } else {
                item_sizes.push_back(it.steps.size());
                if (execute(it, limit))
                    k.work_completed(it, t);
                else
                    k.work_interrupted(it, t);
            }
            while (next_tick <= t) {
                k.time_tick(next_tick);
                next_tick += tick_every;
            }
        }
    }
};

std::string invalid_argument_message(const ucos_config& c) {
    try {
        ucos_kernel k(c, 1, ucos_costs{});
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(no std::invalid_argument)";
}

const job_record& job_of(const ucos_kernel& k, unsigned task, std::uint64_t n) {
    for (const job_record& j : k.jobs())
        if (j.task == task && j.job == n) return j;
    FAIL("no job " << n << " of task " << task);
    return k.jobs().front();
}

std::vector<std::uint64_t> release_ticks(const ucos_kernel& k, unsigned task) {
    std::vector<std::uint64_t> v;
    for (const job_record& j : k.jobs())
        if (j.task == task) v.push_back(j.release_tick);
    return v;
}

}  // namespace

TEST_CASE("ucos kernel rejects task sets it cannot run and names the task", "[ucos]") {
    auto rejects = [](std::vector<ucos_task_config> tasks, const std::string& text) {
        CHECK_THAT(invalid_argument_message(make_config(std::move(tasks))), Catch::Matchers::Contains(text));
    };
    rejects({periodic("t1", 10, 15 * ms, 100)},
            "ucos task 't1': period 15 ms is not a whole number of ticks");
    rejects({periodic("t1", 10, 100 * ms, 100, 5 * ms)}, "offset 5 ms is not a whole number of ticks");
    rejects({periodic("t1", 63, 100 * ms, 100)}, "priority 63 out of range");
    rejects({periodic("t1", 10, 100 * ms, 0)}, "wcet must be positive");
    rejects({periodic("t1", 10, 0, 100)}, "needs a period");
    rejects({event_task("e", 3, 0, 100)}, "needs a relative deadline");
    ucos_task_config s;
    s.name = "s";
    s.k = kind::sporadic;
    s.wcet_cycles = 1;
    s.min_interarrival_ps = 20 * ms;
    s.max_extra_ps = 1 * ms;
    rejects({s}, "maximum extra inter-arrival time 1 ms is not a whole number of ticks");
    rejects({periodic("a", 4, 10 * ms, 1), periodic("b", 4, 10 * ms, 1)},
            "priority 4 is already used by 'a'");
    rejects({periodic("a", 4, 10 * ms, 1), periodic("a", 5, 10 * ms, 1)}, "duplicate task name");
    const ucos_costs costs;
    // 15 ms is a whole number of ticks at 1000 ticks per second.
    ucos_config c = make_config({periodic("t1", 10, 15 * ms, 100)});
    c.ticks_per_sec = 1000;
    CHECK(ucos_kernel(c, 1, costs).period_ticks(0) == 15);
}

TEST_CASE("OSTimeTick counts ticks and releases a periodic task at r0 + k*P exactly", "[ucos]") {
    ucos_kernel k(make_config({periodic("p", 10, 100 * ms, 1000, 20 * ms), periodic("z", 11, 50 * ms, 1000)}),
                  1, ucos_costs{});
    k.os_start(0);
    CHECK(k.os_time() == 0);
    CHECK(release_ticks(k, 1) == std::vector<std::uint64_t>{0});  // offset 0: released by OSStart
    CHECK(release_ticks(k, 0).empty());
    for (std::uint64_t i = 1; i <= 45; ++i) {
        k.time_tick(i * 10 * ms);
        CHECK(k.os_time() == i);
    }
    CHECK(k.counters().ticks == 45);
    CHECK(release_ticks(k, 0) == std::vector<std::uint64_t>{2, 12, 22, 32, 42});
    CHECK(release_ticks(k, 1) == std::vector<std::uint64_t>{0, 5, 10, 15, 20, 25, 30, 35, 40, 45});
    CHECK(k.next_release_tick(0) == 52);
    for (std::uint64_t j = 0; j < 5; ++j) {
        const job_record& r = job_of(k, 0, j);
        CHECK(r.release == (2 + 10 * j) * 10 * ms);
        CHECK(r.intended_release == 20 * ms + j * 100 * ms);
        CHECK(r.deadline == r.intended_release + 100 * ms);
        CHECK(r.deadline_tick == r.release_tick + 10);
        CHECK_FALSE(r.started);
    }
    // Nothing ran: every release waits in its task's queue, none slid.
    CHECK(k.pending_jobs(0) == 5);
    CHECK(k.current_task() == 0);  // both have jobs; priority 10 beats 11
}

TEST_CASE("fixed priority picks the highest ready priority", "[ucos]") {
    ucos_kernel k(make_config({periodic("low", 30, 100 * ms, 1000), periodic("high", 2, 100 * ms, 1000),
                               periodic("mid", 9, 100 * ms, 1000)}),
                  1, ucos_costs{});
    CHECK(k.running_idle());
    k.os_start(0);
    CHECK(k.current_task() == 1);
    CHECK(k.ready().highest() == 2);
}

TEST_CASE("advance_to releases everything due in the ticks it jumps over and never moves back", "[ucos]") {
    const ucos_costs costs;
    ucos_kernel k(make_config({periodic("a", 1, 20 * ms, 10), periodic("b", 2, 30 * ms, 10)}), 1, costs);
    k.os_start(0);
    const std::uint64_t cycles = k.advance_to(5, 50 * ms);
    CHECK(k.os_time() == 5);
    CHECK(k.counters().ticks == 5);
    // Each intermediate tick did its releases: a at 2 and 4, b at 3, all at the same true time.
    std::vector<std::pair<unsigned, std::uint64_t>> got;
    for (const job_record& j : k.jobs())
        if (j.release_tick > 0) {
            got.emplace_back(j.task, j.release_tick);
            CHECK(j.release == 50 * ms);
        }
    CHECK(got == std::vector<std::pair<unsigned, std::uint64_t>>{{0, 2}, {1, 3}, {0, 4}});
    CHECK(cycles == 5 * (costs.time_tick_base + 2 * costs.time_tick_per_task) + 3 * costs.job_release +
                        costs.int_enter_exit);
    // The periodic intended releases come from the task's first release, not from the jump.
    CHECK(job_of(k, 0, 1).intended_release == 20 * ms);
    CHECK(job_of(k, 0, 2).intended_release == 40 * ms);
    CHECK(job_of(k, 1, 1).intended_release == 30 * ms);

    const std::size_t n = k.jobs().size();
    CHECK(k.advance_to(3, 60 * ms) == costs.int_enter_exit);  // behind: the clock stays
    CHECK(k.advance_to(5, 60 * ms) == costs.int_enter_exit);
    CHECK(k.os_time() == 5);
    CHECK(k.jobs().size() == n);
    k.time_tick(60 * ms);
    CHECK(k.os_time() == 6);
    CHECK(release_ticks(k, 0).back() == 6);
    CHECK(release_ticks(k, 1).back() == 6);
}

TEST_CASE("fixed priority preempts at a release and the preempted job keeps its remaining cycles", "[ucos]") {
    // low: 30 ms of work from t=0; high: released at tick 1 (10 ms), 5 ms of work. A switch
    // costs 100 cycles (1 us).
    ucos_kernel k(make_config({periodic("low", 20, 100 * ms, 30 * cycles_per_ms),
                               periodic("high", 5, 100 * ms, 5 * cycles_per_ms, 10 * ms)}),
                  1, switch_only(100));
    k.os_start(0);
    fake_port port(k);
    port.run_until(10 * ms);  // the tick at 10 ms is delivered: high is released and preempts
    CHECK(k.current_task() == 1);
    CHECK(k.remaining_cycles(0) == 30 * cycles_per_ms - (10 * ms - 1 * us) / ps_per_cycle);
    port.run_until(100 * ms);
    const job_record& low = job_of(k, 0, 0);
    const job_record& high = job_of(k, 1, 0);
    CHECK(low.start == 0);
    CHECK(high.release == 10 * ms);
    CHECK(high.start == 10 * ms);
    CHECK(high.finish == 15 * ms + 1 * us);
    // low resumes after a second switch: 30 ms of work + 3 switches in all.
    CHECK(low.finish == 35 * ms + 3 * us);
    CHECK(k.executed_cycles(0) == 30 * cycles_per_ms);
    CHECK(k.counters().context_switches == 4);  // start, to high, back to low, to idle
}

TEST_CASE("work items: a context switch step only on a switch, working set on a job's first run", "[ucos]") {
    ucos_costs costs = switch_only(70);
    costs.time_dly = 5;
    costs.sched = 7;
    ucos_task_config low = periodic("low", 20, 100 * ms, 50000);
    low.working_set_bytes = 100;  // 4 lines of 32 bytes
    low.working_set_base = 0xC0100004;
    ucos_kernel k(make_config({low, periodic("high", 5, 100 * ms, 3000, 10 * ms)}), 1, costs);
    k.os_start(0);

    cpu::work_item& it = k.next_work(0);
    REQUIRE(it.steps.size() == 1 + 8 + 1);
    CHECK(it.steps[0].kind == cpu::step_kind::compute);
    CHECK(it.steps[0].cycles == 70);
    for (unsigned i = 0; i < 4; ++i) {
        CHECK(it.steps[1 + 2 * i].kind == cpu::step_kind::load);
        CHECK(it.steps[1 + 2 * i].address == 0xC0100004 + 32 * i);
        CHECK(it.steps[2 + 2 * i].kind == cpu::step_kind::store);
        CHECK(it.steps[2 + 2 * i].address == 0xC0100004 + 32 * i);
    }
    CHECK(it.steps.back().cycles == 50000);

    // The core ran the switch, two lines and part of the compute step, then an IRQ came.
    it.position = 9;
    it.steps[0].cycles = 0;
    it.steps.back().cycles = 1234;
    k.work_interrupted(it, 1 * ms);
    CHECK(k.remaining_cycles(0) == 1234);

    // No release: the same item comes back untouched, no switch step.
    k.time_tick(10 * ms - 1);  // tick 1 releases high: switch
    cpu::work_item& h = k.next_work(10 * ms);
    CHECK(&h != &it);
    REQUIRE(h.steps.size() == 2);
    CHECK(h.steps[0].cycles == 70);
    CHECK(h.steps[1].cycles == 3000);
    h.position = 2;
    h.steps[0].cycles = h.steps[1].cycles = 0;
    k.work_completed(h, 10 * ms + 30 * us);
    CHECK(job_of(k, 1, 0).finish == 10 * ms + 30 * us);

    // Back to low: switch + OSTimeDly + OSSched of high's end in one step, then what was left
    // of its compute; the working set is not touched again.
    cpu::work_item& again = k.next_work(10 * ms + 30 * us);
    CHECK(&again == &it);
    REQUIRE(again.steps.size() == 2);
    CHECK(again.position == 0);
    CHECK(again.steps[0].cycles == 70 + 5 + 7);
    CHECK(again.steps[1].cycles == 1234);

    // Interrupted inside the switch step, and no switch since: handed back as it is.
    again.steps[0].cycles = 40;
    k.work_interrupted(again, 11 * ms);
    k.time_tick(20 * ms);
    cpu::work_item& same = k.next_work(20 * ms);
    CHECK(&same == &it);
    CHECK(same.steps.size() == 2);
    CHECK(same.steps[0].cycles == 40);
    CHECK(k.counters().context_switches == 3);
    CHECK(job_of(k, 0, 0).start == 0);
}

TEST_CASE("EDF runs the earliest guest-clock deadline first, ties by priority then index", "[ucos]") {
    auto set = [] {
        ucos_task_config a = periodic("a", 1, 100 * ms, 1000);
        ucos_task_config b = periodic("b", 2, 100 * ms, 1000);
        b.relative_deadline_ps = 50 * ms;
        ucos_task_config c = periodic("c", 3, 100 * ms, 1000);
        c.relative_deadline_ps = 50 * ms;
        return std::vector<ucos_task_config>{a, b, c};
    };
    ucos_kernel fp(make_config(set()), 1, ucos_costs{});
    fp.os_start(0);
    CHECK(fp.current_task() == 0);

    ucos_kernel edf(make_config(set(), ucos_config::policy::edf), 1, switch_only());
    edf.os_start(0);
    CHECK(job_of(edf, 1, 0).deadline_tick == 5);
    CHECK(edf.current_task() == 1);  // b and c share deadline tick 5; b has the higher priority
    fake_port port(edf);
    port.run_until(1 * ms);
    CHECK(job_of(edf, 1, 0).finish == 10 * us);
    CHECK(job_of(edf, 2, 0).start == 10 * us);
    CHECK(job_of(edf, 2, 0).finish == 20 * us);
    CHECK(job_of(edf, 0, 0).start == 20 * us);
}

TEST_CASE("EDF preempts at a release with an earlier deadline", "[ucos]") {
    ucos_task_config longd = periodic("long", 1, 200 * ms, 50 * cycles_per_ms);
    ucos_task_config shortd = periodic("short", 2, 200 * ms, 1 * cycles_per_ms, 20 * ms);
    shortd.relative_deadline_ps = 30 * ms;
    ucos_kernel k(make_config({longd, shortd}, ucos_config::policy::edf), 1, switch_only());
    k.os_start(0);
    fake_port port(k);
    port.run_until(200 * ms);
    // short is released at 20 ms with deadline tick 5 < 20: it preempts long.
    CHECK(job_of(k, 1, 0).start == 20 * ms);
    CHECK(job_of(k, 1, 0).finish == 21 * ms);
    CHECK(job_of(k, 0, 0).finish == 51 * ms);
}

TEST_CASE("event-driven arrival takes its deadline from the guest clock", "[ucos]") {
    ucos_kernel k(make_config({event_task("dev", 4, 25 * ms, 1000)}), 1, ucos_costs{});
    CHECK(k.relative_deadline_ticks(0) == 3);  // 25 ms rounds up to 3 ticks
    k.os_start(0);
    CHECK(k.jobs().empty());
    k.time_tick(20 * ms);  // the guest has seen one tick in 20 ms of true time
    const std::uint64_t cycles = k.event_arrival(0, 25 * ms);
    CHECK(cycles == ucos_costs{}.event_post + ucos_costs{}.job_release + ucos_costs{}.int_enter_exit);
    const job_record& j = job_of(k, 0, 0);
    CHECK(j.release_tick == 1);
    CHECK(j.deadline_tick == 4);
    CHECK(j.intended_release == 25 * ms);
    CHECK(j.release == 25 * ms);
    CHECK(j.deadline == 50 * ms);  // metrics use true time and the exact relative deadline
    CHECK(k.current_task() == 0);
    CHECK_THROWS_AS(k.event_arrival(1, 30 * ms), std::out_of_range);
}

TEST_CASE("EDF under drift: a lagging guest clock gives an event a deadline earlier than it is", "[ucos]") {
    // p: released at 0, deadline 100 ms (tick 10). At true 95 ms an event with a 30 ms
    // relative deadline arrives: its true deadline, 125 ms, is later than p's.
    auto make = [] {
        ucos_task_config p = periodic("p", 1, 200 * ms, 1000);
        p.relative_deadline_ps = 100 * ms;
        return std::make_unique<ucos_kernel>(
            make_config({p, event_task("dev", 2, 30 * ms, 1000)}, ucos_config::policy::edf), 1, ucos_costs{});
    };
    auto naive = make();
    naive->os_start(0);
    for (int i = 1; i <= 4; ++i) naive->time_tick(i * 20 * ms);  // half the ticks: OSTime 4 at 95 ms
    naive->event_arrival(1, 95 * ms);
    CHECK(job_of(*naive, 1, 0).deadline_tick == 7);
    CHECK(naive->current_task() == 1);  // wrong in true time

    auto corrected = make();
    corrected->os_start(0);
    corrected->advance_to(9, 95 * ms);
    corrected->event_arrival(1, 95 * ms);
    CHECK(job_of(*corrected, 1, 0).deadline_tick == 12);
    CHECK(corrected->current_task() == 0);
    CHECK(job_of(*naive, 1, 0).deadline == job_of(*corrected, 1, 0).deadline);
}

TEST_CASE("job records give response from the intended release and the missed-deadline rule", "[ucos]") {
    // h: 10 ms every 30 ms at priority 1; l: 25 ms every 100 ms at priority 2. No kernel costs.
    ucos_kernel k(make_config({periodic("h", 1, 30 * ms, 10 * cycles_per_ms),
                               periodic("l", 2, 100 * ms, 25 * cycles_per_ms)}),
                  1, switch_only());
    k.os_start(0);
    fake_port port(k);
    port.run_until(200 * ms);
    // l: 10-30 and 40-45 (response 45 ms); 100-120 and 130-135 (35 ms); released again at 200.
    CHECK(job_of(k, 1, 0).finish == 45 * ms);
    CHECK(job_of(k, 1, 1).finish == 135 * ms);
    const auto ls = k.task_statistics(1, 200 * ms);
    CHECK(ls.released == 3);
    CHECK(ls.finished == 2);
    CHECK(ls.missed == 0);
    CHECK(ls.response_min == static_cast<std::int64_t>(35 * ms));
    CHECK(ls.response_max == static_cast<std::int64_t>(45 * ms));
    CHECK(ls.response_mean() == static_cast<std::int64_t>(40 * ms));
    const auto hs = k.task_statistics(0, 200 * ms);
    CHECK(hs.released == 7);
    CHECK(hs.finished == 7);
    CHECK(hs.response_min == static_cast<std::int64_t>(10 * ms));
    CHECK(hs.response_max == static_cast<std::int64_t>(10 * ms));
    // The unfinished job counts as missed only once its deadline (300 ms) has passed.
    const job_record& last = job_of(k, 1, 2);
    CHECK_FALSE(last.finished);
    CHECK_FALSE(ucos_kernel::missed(last, 300 * ms));
    CHECK(ucos_kernel::missed(last, 300 * ms + 1));
    CHECK(k.task_statistics(1, 301 * ms).missed == 1);

    job_record j;
    j.intended_release = 0;
    j.deadline = 10 * ms;
    j.finished = true;
    j.finish = 10 * ms;
    CHECK_FALSE(rtos::job_missed(j, 1000 * ms));  // at the deadline is in time
    j.finish = 10 * ms + 1;
    CHECK(rtos::job_missed(j, 0));
}

TEST_CASE("a job released while its predecessor runs waits behind it and its release does not slide",
          "[ucos]") {
    ucos_kernel k(make_config({periodic("o", 1, 10 * ms, 15 * cycles_per_ms)}), 1, switch_only());
    k.os_start(0);
    fake_port port(k);
    port.run_until(40 * ms);
    CHECK(release_ticks(k, 0) == std::vector<std::uint64_t>{0, 1, 2, 3, 4});
    CHECK(job_of(k, 0, 1).release == 10 * ms);
    CHECK(job_of(k, 0, 1).start == 15 * ms);
    CHECK(job_of(k, 0, 1).finish == 30 * ms);
    CHECK(job_of(k, 0, 2).start == 30 * ms);
    CHECK(ucos_kernel::missed(job_of(k, 0, 0), 40 * ms));
    CHECK(k.counters().context_switches == 1);  // the task goes straight on with its next job
}

TEST_CASE("a guest clock that loses ticks releases late but intended releases stay first + k*P", "[ucos]") {
    ucos_kernel k(make_config({periodic("p", 1, 100 * ms, 1 * cycles_per_ms)}), 1, switch_only());
    k.os_start(0);
    fake_port port(k, 20 * ms);  // one guest tick every 20 ms of true time
    port.run_until(450 * ms);
    CHECK(k.os_time() == 22);
    CHECK(job_of(k, 0, 1).release == 200 * ms);
    CHECK(job_of(k, 0, 1).intended_release == 100 * ms);
    CHECK(job_of(k, 0, 1).deadline == 200 * ms);
    CHECK(job_of(k, 0, 1).finish == 201 * ms);
    CHECK(ucos_kernel::missed(job_of(k, 0, 1), 450 * ms));
    CHECK(rtos::response_ps(job_of(k, 0, 2)) == static_cast<std::int64_t>(201 * ms));
    CHECK_FALSE(ucos_kernel::missed(job_of(k, 0, 0), 450 * ms));
}

TEST_CASE("with relative delays a job that overruns pushes the next release: no backlog", "[ucos]") {
    // Period 10 ms (one tick), 15 ms of work: job 0 runs 0..15 ms and calls OSTimeDly(1) at
    // OSTime 1, so job 1 is released at the tick of 20 ms (OSTime 2), runs 20..35 ms, and so on:
    // releases every other tick, never two jobs queued.
    ucos_kernel k(make_config({periodic("o", 1, 10 * ms, 15 * cycles_per_ms, 0, true)}), 1, switch_only());
    k.os_start(0);
    fake_port port(k);
    port.run_until(60 * ms);
    CHECK(release_ticks(k, 0) == std::vector<std::uint64_t>{0, 2, 4, 6});
    CHECK(job_of(k, 0, 1).release == 20 * ms);
    CHECK(job_of(k, 0, 1).start == 20 * ms);
    CHECK(job_of(k, 0, 1).finish == 35 * ms);
    // Intended: the perfect clock's first tick after 15 ms + one tick = 20 ms; deadline 30 ms.
    CHECK(job_of(k, 0, 1).intended_release == 20 * ms);
    CHECK(job_of(k, 0, 1).deadline == 30 * ms);
    CHECK(ucos_kernel::missed(job_of(k, 0, 1), 60 * ms));
    CHECK(k.pending_jobs(0) <= 1);
}

TEST_CASE("with relative delays intended releases follow the finish on a perfect clock", "[ucos]") {
    // A guest that counts every other tick (20 ms of true time per guest tick), period 100 ms
    // (10 guest ticks), 1 ms of work. Job 0 finishes at 1 ms and delays 10 guest ticks, which
    // this clock counts by 200 ms; a perfect clock would have ended the delay at 100 ms.
    ucos_kernel k(make_config({periodic("p", 1, 100 * ms, 1 * cycles_per_ms, 0, true)}), 1, switch_only());
    k.os_start(0);
    fake_port port(k, 20 * ms);
    port.run_until(450 * ms);
    CHECK(job_of(k, 0, 1).release == 200 * ms);
    CHECK(job_of(k, 0, 1).intended_release == 100 * ms);
    CHECK(job_of(k, 0, 1).finish == 201 * ms);
    // Job 2: OSTimeDly from 201 ms; a perfect clock is then at tick 20 and ends it at tick 30.
    CHECK(job_of(k, 0, 2).release == 400 * ms);
    CHECK(job_of(k, 0, 2).intended_release == 300 * ms);
}

TEST_CASE("sporadic releases are reproducible for one seed and differ for another", "[ucos]") {
    ucos_task_config s;
    s.name = "spor";
    s.k = kind::sporadic;
    s.priority = 3;
    s.wcet_cycles = 10;
    s.min_interarrival_ps = 20 * ms;
    s.max_extra_ps = 50 * ms;
    auto releases = [&](std::uint64_t seed) {
        ucos_kernel k(make_config({s}), seed, ucos_costs{});
        k.os_start(0);
        for (std::uint64_t i = 1; i <= 1000; ++i) k.time_tick(i * 10 * ms);
        return release_ticks(k, 0);
    };
    const auto a = releases(42);
    CHECK(a == releases(42));
    CHECK(a != releases(43));
    REQUIRE(a.size() > 100);
    CHECK(a.front() == 0);
    std::uint64_t min_gap = ~0ULL, max_gap = 0;
    for (std::size_t i = 1; i < a.size(); ++i) {
        min_gap = std::min(min_gap, a[i] - a[i - 1]);
        max_gap = std::max(max_gap, a[i] - a[i - 1]);
    }
    CHECK(min_gap == 2);  // 20 ms
    CHECK(max_gap == 7);  // 20 + 50 ms
}

TEST_CASE("sporadic intended releases follow the ticks from the first release", "[ucos]") {
    ucos_task_config s;
    s.name = "spor";
    s.k = kind::sporadic;
    s.priority = 3;
    s.wcet_cycles = 10;
    s.min_interarrival_ps = 30 * ms;
    s.offset_ps = 10 * ms;
    ucos_kernel k(make_config({s}), 5, ucos_costs{});
    k.os_start(0);
    k.time_tick(15 * ms);  // tick 1, released late
    k.advance_to(4, 50 * ms);
    CHECK(job_of(k, 0, 0).intended_release == 15 * ms);
    CHECK(job_of(k, 0, 1).release_tick == 4);
    CHECK(job_of(k, 0, 1).intended_release == 45 * ms);
    CHECK(job_of(k, 0, 1).deadline == 75 * ms);
}

TEST_CASE("idle spin hands out one long compute step and counts OSIdleCtr", "[ucos]") {
    const ucos_costs costs;
    ucos_kernel k(make_config({}), 1, costs);
    k.os_start(0);
    cpu::work_item& it = k.next_work(0);
    CHECK_FALSE(k.idle_wants_block());
    REQUIRE(it.steps.size() == 2);  // OSStartHighRdy's switch into the idle task, then the loop
    CHECK(it.steps[0].cycles == costs.context_switch);
    CHECK(it.steps[1].cycles == ucos_kernel::idle_chunk_cycles);
    it.position = 1;
    it.steps[0].cycles = 0;
    it.steps[1].cycles -= 2200;
    k.work_interrupted(it, 1 * ms);
    CHECK(k.counters().idle_cycles == 2200);
    CHECK(k.idle_counter() == 2200 / costs.idle_iteration);
    k.time_tick(10 * ms);
    cpu::work_item& again = k.next_work(10 * ms);
    CHECK(&again == &it);
    CHECK(again.position == 1);
    again.steps[1].cycles -= 100;
    k.work_interrupted(again, 11 * ms);
    CHECK(k.counters().idle_cycles == 2300);
}

TEST_CASE("idle block asks the port to block once the kernel's own cycles have run", "[ucos]") {
    ucos_costs costs = switch_only(70);
    costs.time_dly = 5;
    costs.sched = 7;
    ucos_kernel k(make_config({periodic("p", 1, 100 * ms, 1000)}, ucos_config::policy::fixed_priority,
                              ucos_config::idle_behaviour::block),
                  1, costs);
    k.os_start(0);
    cpu::work_item& job = k.next_work(0);
    CHECK_FALSE(k.idle_wants_block());
    job.position = job.steps.size();
    k.work_completed(job, 20 * us);
    CHECK(k.running_idle());
    // The job's OSTimeDly + OSSched and the switch into the idle task run first...
    cpu::work_item& idle = k.next_work(20 * us);
    CHECK_FALSE(k.idle_wants_block());
    REQUIRE(idle.steps.size() == 1);
    CHECK(idle.steps[0].cycles == 70 + 5 + 7);
    idle.position = 1;
    k.work_completed(idle, 21 * us);
    // ...then the idle task has nothing to run: block.
    cpu::work_item& empty = k.next_work(21 * us);
    CHECK(empty.done());
    CHECK(k.idle_wants_block());
    // A release wakes it: the task runs after a switch.
    for (std::uint64_t i = 1; i <= 10; ++i) k.time_tick(i * 10 * ms);
    CHECK_FALSE(k.idle_wants_block());
    cpu::work_item& next = k.next_work(100 * ms);
    CHECK(next.steps.front().cycles == 70);
    CHECK(job_of(k, 0, 1).start == 100 * ms);
}

TEST_CASE("idle block with the fake port: the task set runs and the idle task blocks between jobs",
          "[ucos]") {
    ucos_kernel k(make_config({periodic("p", 1, 50 * ms, 2 * cycles_per_ms)},
                              ucos_config::policy::fixed_priority, ucos_config::idle_behaviour::block),
                  1, switch_only(100));
    k.os_start(0);
    fake_port port(k);
    port.run_until(1000 * ms);
    const auto st = k.task_statistics(0, 1000 * ms);
    CHECK(st.released == 21);
    CHECK(st.finished == 20);
    CHECK(st.missed == 0);
    CHECK(st.response_max == static_cast<std::int64_t>(2 * ms + 1 * us));
    CHECK(k.counters().idle_cycles == 0);
}

TEST_CASE("kernel calls before OSStart are refused", "[ucos]") {
    ucos_kernel k(make_config({periodic("p", 1, 100 * ms, 10)}), 1, ucos_costs{});
    CHECK_THROWS_AS(k.time_tick(0), std::logic_error);
    CHECK_THROWS_AS(k.next_work(0), std::logic_error);
    k.os_start(0);
    CHECK_THROWS_AS(k.os_start(0), std::logic_error);
    CHECK_THROWS_AS(k.event_arrival(0, 0), std::invalid_argument);  // not an event-driven task
    cpu::work_item foreign;
    CHECK_THROWS_AS(k.work_completed(foreign, 0), std::logic_error);
}

TEST_CASE("ucos cost table: unique prefixed names that a scenario can override", "[ucos]") {
    const auto& entries = ucos_costs::entries();
    CHECK(entries.size() == 15);
    std::vector<std::string> names;
    core::collect_cost_names(entries, names);
    std::sort(names.begin(), names.end());
    CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
    for (const auto& e : entries) {
        CHECK(std::string(e.name).rfind("ucos_", 0) == 0);
        CHECK(std::string(e.source).find("estimate") != std::string::npos);
    }
    ucos_costs c;
    CHECK(core::set_cost(c, entries, "ucos_context_switch", 400));
    CHECK(c.context_switch == 400);
    CHECK_FALSE(core::set_cost(c, entries, "context_switch_base", 1));
    std::map<std::string, std::uint64_t> all;
    core::collect_costs(c, entries, all);
    CHECK(all.at("ucos_time_tick_per_task") == c.time_tick_per_task);
}

TEST_CASE("resolved task configuration fills in the default relative deadline", "[ucos]") {
    ucos_task_config s;
    s.name = "spor";
    s.k = kind::sporadic;
    s.priority = 3;
    s.wcet_cycles = 10;
    s.min_interarrival_ps = 40 * ms;
    ucos_kernel k(make_config({periodic("p", 1, 70 * ms, 10), s}), 1, ucos_costs{});
    CHECK(k.task_config(0).relative_deadline_ps == 70 * ms);
    CHECK(k.task_config(1).relative_deadline_ps == 40 * ms);
    CHECK(k.relative_deadline_ticks(0) == 7);
    CHECK(k.task_config(2).name == "OS_TaskIdle");
    CHECK(k.task_config(2).priority == 63);
    CHECK(k.idle_task() == 2);
    CHECK(k.ticks_to_ps(3) == 30 * ms);
}
