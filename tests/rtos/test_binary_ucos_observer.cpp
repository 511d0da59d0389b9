// SPDX-License-Identifier: Apache-2.0
// The binary uC/OS-II observer (rtos_model/binary_ucos_observer.hpp) on a scripted guest: a
// fake memory holds OSTime, OSPrioHighRdy and rtv_ucos_state as the firmware would have
// them, and the test reports the instructions the ISS would retire at the hooks. The records
// must be the model guest's (ucos_kernel's release rules), and nothing must be seen while
// another domain owns the core.
#include <catch2/catch.hpp>

#include <map>

#include "rtos_model/binary_ucos_observer.hpp"

using namespace rtv;
using rtv::rtos::job_record;
using rtv::rtos::tick_sample;
using rtv::rtos::ucos_task_config;

namespace {

constexpr core::picoseconds ms = 1'000'000'000ULL;
constexpr std::uint32_t os_time_va = 0xC0001000u, prio_va = 0xC0001005u, ctxsw_va = 0xC0001008u,
                        state_va = 0xC0002000u;
constexpr std::uint32_t tick_hook = 0xC0000100u, rel_hook = 0xC0000104u, fin_hook = 0xC0000108u,
                        sw_hook = 0xC000010Cu;

struct scripted_guest {
    std::map<std::uint32_t, std::uint32_t> mem;
    bool owns = true;
    core::picoseconds now = 0;
    cpu::arm_state regs;
    rtos::ucos_config cfg;
    rtv_ucos_config block{};
    std::unique_ptr<rtos::binary_ucos_observer> obs;
    std::vector<tick_sample> ticks;
    std::vector<job_record> jobs;

    scripted_guest() {
        cfg.ticks_per_sec = 100;
        ucos_task_config a;
        a.name = "delay";
        a.priority = 2;
        a.period_ps = 30 * ms;
        a.wcet_cycles = 1000;
        ucos_task_config b = a;
        b.name = "absolute";
        b.priority = 5;
        b.period_ps = 20 * ms;
        b.release = ucos_task_config::release_mode::absolute;
        cfg.tasks = {a, b};
        block.n_tasks = 2;
        block.tasks[0].period_ticks = 3;
        block.tasks[0].deadline_ticks = 3;
        block.tasks[1].period_ticks = 2;
        block.tasks[1].deadline_ticks = 2;
        block.tasks[1].release = RTV_RELEASE_ABSOLUTE;
        rtos::ucos_symbols sym;
        sym.os_time = os_time_va;
        sym.os_prio_high_rdy = prio_va;
        sym.os_ctx_sw_ctr = ctxsw_va;
        sym.state = state_va;
        sym.hook_tick_done = tick_hook;
        sym.hook_job_released = rel_hook;
        sym.hook_job_finished = fin_hook;
        sym.hook_task_switch = sw_hook;
        rtos::observed_domain d;
        d.read32 = [this](std::uint32_t va, std::uint32_t& v) {
            v = mem[va];
            return true;
        };
        d.owns_core = [this] { return owns; };
        d.now = [this] { return now; };
        obs = std::make_unique<rtos::binary_ucos_observer>(cfg, block, sym, d);
        obs->set_tick_sink([this](const tick_sample& t) { ticks.push_back(t); });
        obs->set_job_sink([this](const job_record& j) { jobs.push_back(j); });
    }
    void step(std::uint32_t pc, core::picoseconds at) {
        now = at;
        obs->after_instruction(regs, pc, 0, false);
    }
    void set_os_time(std::uint32_t t) { mem[os_time_va] = t; }
    void set_state(std::uint32_t offset, std::uint32_t v) { mem[state_va + offset] = v; }
    void release(unsigned task, std::uint32_t tick, core::picoseconds at) {
        set_state(static_cast<std::uint32_t>(offsetof(rtv_ucos_state, tasks) + 32 * task + 8), tick);
        regs.reg(0) = task;
        step(rel_hook, at);
    }
    void tick_done(std::uint32_t os_time, std::uint32_t virqs, core::picoseconds at) {
        set_os_time(os_time);
        set_state(offsetof(rtv_ucos_state, virqs_handled), virqs);
        step(tick_hook, at);
    }
    void switch_to(unsigned prio, core::picoseconds at) {
        mem[prio_va & ~3u] = prio << 8;  // OSPrioHighRdy is the word's second byte
        step(sw_hook, at);
    }
    void finish(unsigned task, core::picoseconds at) {
        regs.reg(0) = task;
        step(fin_hook, at);
    }
};

}  // namespace

TEST_CASE("binary observer: first dispatch, tick samples and the domain's own PCs only", "[binary_observer]") {
    scripted_guest g;
    g.owns = false;
    g.step(0xC0000000u, 1 * ms);  // another domain runs
    CHECK_FALSE(g.obs->started());
    g.tick_done(5, 5, 2 * ms);  // the same address in another domain: not this guest's tick
    CHECK(g.ticks.empty());
    g.owns = true;
    g.step(0xC0000000u, 3 * ms);
    CHECK(g.obs->started());
    CHECK(g.obs->first_dispatch() == 3 * ms);
    g.tick_done(1, 1, 13 * ms);
    g.tick_done(3, 2, 33 * ms);
    REQUIRE(g.ticks.size() == 2);
    CHECK(g.ticks[1].t == 33 * ms);
    CHECK(g.ticks[1].virqs_handled == 2);
    CHECK(g.ticks[1].os_time == 3);
    CHECK(g.obs->hooks_seen() == 2);
}

TEST_CASE("binary observer: jobs as the model guest records them", "[binary_observer]") {
    scripted_guest g;
    g.step(0xC0000000u, 0);
    // Boot: both tasks' first jobs due at OSTime 0, released by rtv_app_init.
    g.release(0, 0, 1 * ms);
    g.release(1, 0, 1 * ms);
    g.switch_to(2, 2 * ms);  // OSStartHighRdy: "delay" starts
    g.finish(0, 4 * ms);
    g.switch_to(5, 4 * ms);
    g.finish(1, 6 * ms);
    g.switch_to(63, 6 * ms);  // the idle task
    REQUIRE(g.jobs.size() == 2);
    CHECK(g.jobs[0].task == 0);
    CHECK(g.jobs[0].start == 2 * ms);
    CHECK(g.jobs[0].finish == 4 * ms);
    CHECK(g.jobs[0].intended_release == 1 * ms);
    CHECK(g.jobs[0].deadline == 31 * ms);
    CHECK(g.jobs[1].start == 4 * ms);
    CHECK(g.jobs[1].deadline_tick == 2);

    // Absolute: job 1 at first release + one period, late or not.
    g.release(1, 2, 22 * ms);
    g.switch_to(5, 22 * ms);
    g.finish(1, 23 * ms);
    g.switch_to(63, 23 * ms);
    REQUIRE(g.jobs.size() == 3);
    CHECK(g.jobs[2].job == 1);
    CHECK(g.jobs[2].intended_release == 21 * ms);
    CHECK(g.jobs[2].release_tick == 2);
    CHECK(g.jobs[2].deadline_tick == 4);

    // Delay: the perfect clock's end of OSTimeDly(3) after the finish at 4 ms: tick 0 of the
    // first release (1 ms) + 3 ticks = 31 ms.
    g.release(0, 3, 33 * ms);
    // Released while the higher-priority task has a job: it waits, its start is its switch.
    g.release(1, 4, 42 * ms);
    g.switch_to(2, 43 * ms);
    g.finish(0, 44 * ms);
    g.switch_to(5, 44 * ms);
    REQUIRE(g.jobs.size() == 4);
    CHECK(g.jobs[3].task == 0);
    CHECK(g.jobs[3].intended_release == 31 * ms);
    CHECK(g.jobs[3].start == 43 * ms);
    // The unfinished job stays in the observer, started at its switch.
    REQUIRE(g.obs->jobs().size() == 1);
    CHECK(g.obs->jobs().front().start == 44 * ms);
    CHECK_FALSE(g.obs->jobs().front().finished);

    const rtos::task_stats s = g.obs->task_statistics(1, 100 * ms);
    CHECK(s.released == 3);
    CHECK(s.finished == 2);
    CHECK(s.missed == 1);  // its 41 ms job is unfinished at 100 ms, deadline 61 ms
    g.mem[ctxsw_va] = 7;
    g.set_os_time(9);
    const rtos::ucos_counters k = g.obs->kernel_counters();
    CHECK(k.ticks == 9);
    CHECK(k.releases == 5);
    CHECK(k.jobs_finished == 4);
    CHECK(k.context_switches == 7);
}

#include "rtos_model/function_timer.hpp"

TEST_CASE("function_timer: entry to return, nesting, other domains, periods", "[function_timer]") {
    std::uint64_t cycle = 0;
    bool owns = true;
    rtos::function_timer timer({{"tick", 0x100, false}, {"inner", 0x200, false}, {"idle_hook", 0x300, true}},
                               [&] { return owns; }, [&] { return cycle; });
    cpu::arm_state s;
    const auto at = [&](std::uint32_t pc, std::uint64_t c, std::uint32_t lr = 0) {
        cycle = c;
        s.reg(14) = lr;
        timer.after_instruction(s, pc, 0, false);
    };
    at(0x100, 10, 0x50);   // tick called from 0x4C
    at(0x104, 11, 0x50);
    at(0x200, 20, 0x108);  // inner called from tick
    at(0x108, 50, 0x108);  // back in tick: inner took 30
    at(0x50, 110, 0x108);  // back in the caller: tick took 100
    at(0x100, 200, 0x60);
    owns = false;
    at(0x60, 230);  // another domain at the same address: not this call's return
    owns = true;
    at(0x60, 240);  // 40
    at(0x100, 300, 0x60);
    at(0x60, 310);  // 10
    at(0x300, 1000);
    at(0x300, 1022);
    at(0x300, 1044);
    at(0x300, 1100);
    const auto r = timer.results();
    REQUIRE(r.size() == 3);
    CHECK(r[0].name == "tick");
    CHECK(r[0].calls == 3);
    CHECK(r[0].min == 10);
    CHECK(r[0].median == 40);
    CHECK(r[0].max == 100);
    CHECK(r[0].mean == Approx(50.0));
    CHECK(r[1].calls == 1);
    CHECK(r[1].min == 30);
    CHECK(r[2].calls == 3);
    CHECK(r[2].median == 22);
    CHECK(r[2].max == 56);
}
