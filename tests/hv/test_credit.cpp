// SPDX-License-Identifier: Apache-2.0
// Credit (the later Samsung tree's sched_credit.c) against schedules computed by hand from
// the source, on the jiffy clock, as shipped (no accounting tick) and with its t_timer running.
#include <catch2/catch.hpp>

#include "hv_model/sched_credit.hpp"
#include "tests/hv/sched_bench.hpp"

using namespace rtv;
using test::sched_bench;

namespace {

hv::sched_adjdom_cmd credit(std::uint16_t weight, std::uint16_t cap = 0) {
    hv::sched_adjdom_cmd c;
    c.credit = {weight, cap};
    return c;
}

hv::scheduler_options ticking() {
    hv::scheduler_options o;
    o.credit_no_tick = false;
    return o;
}

const hv::sched_credit::vcpu_info& svc(sched_bench& b, char who) { return hv::sched_credit::info(b.vcpu(who)); }

}  // namespace

TEST_CASE("Credit as shipped: no tick, so BOOST stays and CPU-bound domains go round-robin", "[credit][quirk]") {
    // Both wake UNDER and are BOOSTed; nothing ever debits them or clears the boost. The runq
    // is FIFO within a priority, each slice is 30 ms: three jiffies each, whatever the weights.
    sched_bench b("credit", {credit(256), credit(512, 25)});
    b.wake_all();
    CHECK(b.run(12) == "AAABBBAAABBB");
    CHECK(svc(b, 'A').pri == hv::csched_pri_ts_boost);
    CHECK(svc(b, 'B').credit == 0);
    CHECK(b.sched.t_timer_ticks() == 0);
    const std::string s = b.run(3000);
    CHECK(sched_bench::share(s, 'A') == 0.5);
    CHECK(sched_bench::share(s, 'B') == 0.5);
}

TEST_CASE("Credit with its tick: the first tick clears BOOST and debits 100 credits", "[credit]") {
    sched_bench b("credit", {credit(256), credit(512)}, ticking());
    b.wake_all();
    CHECK(b.sched.t_timer_ticks() == 1);  // schedulers_start ran t_timer_fn once
    CHECK(b.run(1) == "A");               // at 10 ms: tick 2
    CHECK(svc(b, 'A').pri == hv::csched_pri_ts_under);
    CHECK(svc(b, 'A').credit == -100);
    CHECK(svc(b, 'B').pri == hv::csched_pri_ts_boost);  // never ran: still boosted
    // Tick 3 (20 ms) debits A again and accounts: A is the only active domain, so it gets the
    // CPU's 300 credits: -200 + 300 = 100, UNDER.
    b.run(1);
    CHECK(svc(b, 'A').credit == 100);
    CHECK(static_cast<const hv::sched_credit&>(b.sched.ops()).total_weight() == 256);
}

TEST_CASE("Credit with its tick: two CPU-bound domains share by weight", "[credit]") {
    sched_bench b("credit", {credit(256), credit(512)}, ticking());
    b.wake_all();
    b.run(300);  // settle
    const std::string s = b.run(10000);  // 100 s
    CHECK(sched_bench::share(s, 'A') == Approx(1.0 / 3).margin(0.02));
    CHECK(sched_bench::share(s, 'B') == Approx(2.0 / 3).margin(0.02));
    CHECK(b.sched.ops().consistent());
}

TEST_CASE("Credit with its tick: three domains by weight 1:1:2", "[credit]") {
    sched_bench b("credit", {credit(256), credit(256), credit(512)}, ticking());
    b.wake_all();
    b.run(300);
    const std::string s = b.run(10000);
    CHECK(sched_bench::share(s, 'A') == Approx(0.25).margin(0.02));
    CHECK(sched_bench::share(s, 'B') == Approx(0.25).margin(0.02));
    CHECK(sched_bench::share(s, 'C') == Approx(0.50).margin(0.02));
}

TEST_CASE("Credit with its tick: a cap of 25 % parks the domain", "[credit]") {
    sched_bench b("credit", {credit(256), credit(512, 25)}, ticking());
    b.wake_all();
    b.run(300);
    const std::string s = b.run(10000);
    CHECK(sched_bench::share(s, 'B') == Approx(0.25).margin(0.02));
    CHECK(sched_bench::share(s, 'A') == Approx(0.75).margin(0.02));
    CHECK(b.sched.ops().consistent());
}

TEST_CASE("Credit: a waking UNDER vcpu is BOOSTed and preempts the running UNDER one", "[credit]") {
    sched_bench b("credit", {credit(256), credit(256)}, ticking());
    b.wake('A');
    CHECK(b.run(2) == "AA");  // ticks 2 and 3: A debited twice, accounted: UNDER, 100 credits
    CHECK(svc(b, 'A').pri == hv::csched_pri_ts_under);
    b.wake('B');  // csched_vcpu_wake: UNDER -> BOOST; __runq_tickle: 0 > -1, reschedule now
    CHECK(svc(b, 'B').pri == hv::csched_pri_ts_boost);
    CHECK(b.curr() == "B");
    b.tick();  // the first tick that finds B running drops the boost
    CHECK(svc(b, 'B').pri == hv::csched_pri_ts_under);
    CHECK(svc(b, 'B').credit == -100);
}

TEST_CASE("periodic VIRQ_TIMER: stopped while switched out, one catch-up at switch-in, re-phased", "[virq_timer]") {
    // Credit as shipped: A runs 0..30 ms, B 30..60, A 60..90. A's 10 ms periodic timer sends at
    // 10, 20, 30 (it fires before the switch at 30), is stopped while B runs, sends one
    // catch-up at 60 (40 and 50 passed) with the phase restarted at 60, then 70, 80, 90.
    sched_bench b("credit", {credit(256), credit(256)}, {}, true);
    b.vcpu('A').periodic_timer_period = hv::millisecs(10);
    b.wake_all();
    CHECK(b.run(9) == "AAABBBAAA");
    CHECK(b.hooks.timer_events["A"] == 7);
    CHECK(b.hooks.timer_events.count("B") == 0);  // no period set, and no first-dispatch VIRQ
    CHECK(b.vcpu('A').periodic_last_event == hv::millisecs(90));
    CHECK_FALSE(b.vcpu('B').periodic_timer.active);
}
