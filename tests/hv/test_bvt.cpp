// SPDX-License-Identifier: Apache-2.0
// BVT (sched_bvt.c) and the generic scheduler (schedule.c) against hand-computed schedules.
// Time is driven by hand: each "tick" advances NOW() by one jiffy and runs the softirqs
// the way Xen-ARM's tick handler and return path do (TIMER, then SCHEDULE).
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "hv_model/sched_bvt.hpp"
#include "hv_model/schedule.hpp"

using namespace rtv::hv;

namespace {

struct fake_hooks final : schedule_hooks {
    s_time_t t = 0;
    int timer_events = 0;
    std::vector<std::string> switches;
    s_time_t now() override { return t; }
    void send_timer_event(vcpu&) override { ++timer_events; }
    bool event_pending(vcpu&) override { return false; }
    void clear_upcall_mask(vcpu&) override {}
    void context_switch(vcpu&, vcpu& next) override { switches.push_back(next.dom->name); }
};

struct bench {
    fake_hooks hooks;
    softirq_state softirqs;
    timer_list timers{softirqs, true};
    schedule_core sched;
    sched_bvt* bvt = nullptr;
    domain idle, a, b;

    bench(bool slice_quirk, bool recharge_quirk, std::uint32_t mcu_a = 10, std::uint32_t mcu_b = 10)
        : sched(hooks, timers, softirqs, recharge_quirk) {
        auto s = std::make_unique<sched_bvt>(sched, slice_quirk);
        bvt = s.get();
        sched.set_scheduler(std::move(s));
        idle.name = "idle";
        idle.is_idle = true;
        sched.alloc_vcpu(idle, nullptr);
        make(a, "A", mcu_a);
        make(b, "B", mcu_b);
        sched.schedulers_start();
    }
    void make(domain& d, const char* name, std::uint32_t mcu) {
        d.name = name;
        sched.alloc_vcpu(d, nullptr);
        bvt_adjdom_params p;
        p.mcu_adv = mcu;
        REQUIRE(sched.ops().adjdom(d, p) == 0);
    }
    void softirq() {
        while (softirqs.any()) {
            if (softirqs.take_lowest() == timer_softirq)
                timers.run_expired([this] { return hooks.t; });
            else
                sched.enter_scheduler();
        }
    }
    // One jiffy: NOW() advances by 10 ms, TIMER_SOFTIRQ is raised, softirqs run.
    void tick() {
        hooks.t += millisecs(10);
        softirqs.raise(timer_softirq);
        softirq();
    }
    std::string curr() const { return const_cast<schedule_core&>(sched).curr().dom->name; }
    std::uint32_t avt(domain& d) { return sched_bvt::info(*d.vcpu0).avt; }
    // Who runs in each of the next n jiffies.
    std::string run(int n) {
        std::string s;
        for (int i = 0; i < n; ++i) {
            s += curr();
            tick();
        }
        return s;
    }
};

}  // namespace

TEST_CASE("two equal-weight CPU-bound vcpus alternate every tick", "[bvt]") {
    bench t(true, true);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.sched.vcpu_wake(*t.b.vcpu0);
    t.softirq();
    // B was woken last, so it heads the run queue and wins the tie at evt 0.
    CHECK(t.run(8) == "BABABABA");
    // Contended slice with the unit quirk: Δevt/mcu_advance ns + ctx_allow = 5 ms + 0 ns.
    CHECK(t.sched.s_timer().expires == t.hooks.t + millisecs(5));
}

TEST_CASE("weights 1:2 with both quirks give Xen-ARM's A,B,B,A,B pattern", "[bvt][quirk]") {
    bench t(true, true, 10, 5);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.sched.vcpu_wake(*t.b.vcpu0);
    t.softirq();
    // Hand-computed from sched_bvt.c: B is picked twice in a row at 40 and 50 ms and
    // continue_running() keeps its switch-in time, so at 60 ms it pays 20 ms again.
    CHECK(t.run(5) == "BABAB");
    CHECK(t.avt(t.a) == 2000);
    CHECK(t.avt(t.b) == 1500);
    CHECK(t.run(1) == "B");  // continues: prev == next
    CHECK(t.avt(t.b) == 2500);  // 1500 + (60-40 ms = 200 MCUs) * 5
    CHECK(t.run(15) == "ABABBABABBABABB");  // A,B,B,A,B from 80 ms on: A gets 2/5
    CHECK(t.sched.counters().continues >= 4);
}

TEST_CASE("weights 1:2 without the re-charge quirk: a continue restarts the charge", "[bvt][quirk]") {
    bench t(true, false, 10, 5);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.sched.vcpu_wake(*t.b.vcpu0);
    t.softirq();
    CHECK(t.run(6) == "BABABB");
    CHECK(t.avt(t.b) == 2000);  // 1500 + one jiffy (100 MCUs) * 5, not 2500
    // Over 30 jiffies B gets 2 of every 3, as 1/mcu_advance says.
    const std::string s = t.run(30);
    const auto bs = std::count(s.begin(), s.end(), 'B');
    CHECK(bs >= 19);
    CHECK(bs <= 21);
}

TEST_CASE("without the slice quirk the slice is Δevt/mcu_advance MCUs + ctx_allow", "[bvt][quirk]") {
    bench t(false, true, 10, 5);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.sched.vcpu_wake(*t.b.vcpu0);
    t.softirq();
    t.tick();  // B ran 10 ms: avt 500; A picked with slice (500-0)/10 MCUs = 5 ms, + 5 ms
    CHECK(t.curr() == "A");
    CHECK(t.sched.s_timer().expires == t.hooks.t + millisecs(5) + 50 * microsecs(100));
}

TEST_CASE("a single runnable vcpu gets 10 * ctx_allow", "[bvt]") {
    bench t(true, true);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.softirq();
    CHECK(t.curr() == "A");
    CHECK(t.sched.s_timer().expires == millisecs(50));
    // Nothing else runnable: the s_timer fires only at 50 ms, so A is charged 50 ms at once.
    for (int i = 0; i < 5; ++i) t.tick();
    CHECK(t.avt(t.a) == 500 * 10);
}

TEST_CASE("wake-up clamps avt to SVT (lag is forgotten)", "[bvt]") {
    bench t(true, true);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.softirq();
    for (int i = 0; i < 10; ++i) t.tick();
    // A alone: charged 50 ms at 50 ms (avt 5000), then, re-picked without a runstate change,
    // the whole 100 ms since switch-in again at 100 ms: 5000 + 10000.
    CHECK(t.bvt->svt() == 15000);
    t.sched.vcpu_wake(*t.b.vcpu0);
    CHECK(t.avt(t.b) == t.bvt->svt());
}

TEST_CASE("a woken vcpu with evt <= curr's charged evt preempts at once", "[bvt]") {
    bench t(true, true);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.softirq();
    t.hooks.t = millisecs(10);  // A has run 10 ms: curr_evt = 1000 > B's 0
    t.sched.vcpu_wake(*t.b.vcpu0);
    CHECK(t.softirqs.pending(schedule_softirq));
    t.softirq();
    CHECK(t.curr() == "B");
}

TEST_CASE("a woken vcpu with a larger evt pulls the s_timer in to entry + ctx_allow", "[bvt]") {
    bench t(true, false);  // without the re-charge, A's charge restarts at the 50 ms re-pick
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.softirq();
    for (int i = 0; i < 5; ++i) t.tick();  // 50 ms schedule: A avt 5000, SVT 5000
    CHECK(t.curr() == "A");
    auto& bi = sched_bvt::info(*t.b.vcpu0);
    bi.avt = 9000;  // as if B had run before and blocked
    t.sched.vcpu_wake(*t.b.vcpu0);
    CHECK_FALSE(t.softirqs.pending(schedule_softirq));
    // r = entry (50 ms) + (9000 - 5000)/10 ns (unit quirk) + ctx_allow
    CHECK(t.sched.s_timer().expires == millisecs(50) + 400 + millisecs(5));
}

TEST_CASE("virtual time overflow: SVT >= 0xF0000000 shifts every vcpu by 0xE0000000", "[bvt]") {
    bench t(true, true);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.sched.vcpu_wake(*t.b.vcpu0);
    t.softirq();  // B runs
    sched_bvt::info(*t.a.vcpu0).avt = sched_bvt::info(*t.a.vcpu0).evt = 0xF0000100u;
    sched_bvt::info(*t.b.vcpu0).avt = sched_bvt::info(*t.b.vcpu0).evt = 0xF0000000u;
    t.tick();  // B charged 100 MCUs * 10 = 1000: B 0xF00003E8, A 0xF0000100 -> A runs, SVT 0xF0000100
    CHECK(t.curr() == "A");
    CHECK(t.avt(t.a) == 0x10000100u);
    CHECK(t.avt(t.b) == 0x100003E8u);
    CHECK(t.bvt->svt() == 0x10000100u);
    CHECK(sched_bvt::info(*t.idle.vcpu0).avt == ~0u);
}

TEST_CASE("the first dispatch sends a timer event, later ones do not (tick stays 1)", "[schedule]") {
    bench t(true, true);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.sched.vcpu_wake(*t.b.vcpu0);
    t.softirq();
    CHECK(t.hooks.timer_events == 1);  // B's first dispatch
    t.run(2);                          // A's first dispatch, then B again
    CHECK(t.hooks.timer_events == 2);
    CHECK(t.sched.tick() == 1);
}

TEST_CASE("block arms an 8 ms timer and the continuation cancels it on resume", "[schedule]") {
    bench t(true, true);
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.sched.vcpu_wake(*t.b.vcpu0);
    t.softirq();
    REQUIRE(t.curr() == "B");
    t.sched.do_block();
    CHECK(t.curr() == "A");
    CHECK(t.b.vcpu0->timer.active);
    CHECK(t.b.vcpu0->timer.expires == millisecs(8));
    CHECK(t.b.vcpu0->runstate.state == runstate_blocked);
    t.b.vcpu0->blocked = false;  // an event would unblock it
    t.sched.vcpu_wake(*t.b.vcpu0);
    t.softirq();
    REQUIRE(t.curr() == "B");
    CHECK_FALSE(t.b.vcpu0->timer.active);
    CHECK(t.bvt->consistent());
}

TEST_CASE("adjdom rejects mcu_advance 0 as Xen does", "[bvt]") {
    bench t(true, true);
    bvt_adjdom_params p;
    p.mcu_adv = 0;
    CHECK(t.sched.ops().adjdom(t.a, p) == -xen_einval);
}

TEST_CASE("warp: the warp timer ends a warped run after warpl and the unwarp timer re-warps after warpu",
          "[bvt][warp]") {
    bench t(true, true);
    bvt_adjdom_params p;
    p.mcu_adv = 10;
    p.warpback = 1;
    p.warpvalue = 5000;
    p.warpl_ms = 5;
    p.warpu_ms = 30;
    REQUIRE(t.sched.ops().adjdom(t.a, p) == 0);
    // Start both well above 0 so that evt = avt - warp does not wrap in u32.
    sched_bvt::info(*t.a.vcpu0).avt = 100000;
    sched_bvt::info(*t.b.vcpu0).avt = 100000;
    t.sched.vcpu_wake(*t.a.vcpu0);
    t.sched.vcpu_wake(*t.b.vcpu0);
    t.softirq();
    auto& inf = sched_bvt::dinfo(t.a);
    REQUIRE(t.curr() == "A");  // evt 95000 < 100000
    CHECK(inf.warp_timer.active);
    CHECK(inf.warp_timer.expires == millisecs(5));
    CHECK(t.run(1) == "A");
    // At 10 ms the warp timer (5 ms) fired: unwarped, the unwarp timer runs until 40 ms.
    CHECK(inf.warp == 0);
    CHECK(inf.unwarp_timer.active);
    CHECK(inf.unwarp_timer.expires == millisecs(40));
    // Unwarped, A and B (both mcu_advance 10) alternate: B at 10, A at 20 (tie at 101000,
    // A met first in the run queue), B at 30.
    CHECK(t.run(3) == "BAB");
    // At 40 ms the unwarp timer re-warped A: evt 102000 - 5000 beats B's 102000.
    CHECK(inf.warp == 1);
    CHECK(t.curr() == "A");
    CHECK(inf.warp_timer.expires == millisecs(45));
}
