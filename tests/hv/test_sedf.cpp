// SPDX-License-Identifier: Apache-2.0
// SEDF (sched_sedf.c as Xen-ARM configures it) against schedules computed by hand from the
// source, on the jiffy clock (every decision at a 10 ms tick).
#include <catch2/catch.hpp>

#include "hv_model/sched_sedf.hpp"
#include "tests/hv/sched_bench.hpp"

using namespace rtv;
using hv::millisecs;
using test::sched_bench;

namespace {

hv::sched_adjdom_cmd sedf(hv::s_time_t period, hv::s_time_t slice, bool extratime, hv::s_time_t latency = 0) {
    hv::sched_adjdom_cmd c;
    c.sedf = {true, period, slice, latency, extratime, 0};
    return c;
}

const hv::sched_sedf& ops(sched_bench& b) { return dynamic_cast<const hv::sched_sedf&>(b.sched.ops()); }

}  // namespace

TEST_CASE("SEDF: two domains without extratime get slice/period and idle the rest", "[sedf]") {
    // A 10 ms and B 20 ms in 40 ms. sedf_wake's first deadline is now + slice, a short block,
    // so each starts one period later: A's periods begin at 10, 50, 90.. and B's at 20, 60..
    // Nothing runs before 10 ms; A 10..20, B 20..40, idle 40..50.
    sched_bench b("sedf", {sedf(millisecs(40), millisecs(10), false), sedf(millisecs(40), millisecs(20), false)});
    b.wake_all();
    CHECK(b.run(13) == "_ABB_ABB_ABB_");
    const std::string s = b.run(4000);
    CHECK(sched_bench::share(s, 'A') == 0.25);
    CHECK(sched_bench::share(s, 'B') == 0.5);
    CHECK(b.sched.ops().consistent());
}

TEST_CASE("SEDF: with extratime the rest goes by the L1 scores, in proportion to slice/period", "[sedf]") {
    // Both extra-aware, time-driven: a domain that ran extra time re-enters the L1 queue with
    // score (period << 10) / slice (A 4096, B 2048) and every other entry loses its old score.
    // Extra slots (40..50, 80..90, ...) go B, B, A, B, B, A: A gets 1/3 of the 25 % left over,
    // B 2/3. Before its first period A runs 0..10 ms in extra time (both scores 0, A first).
    sched_bench b("sedf", {sedf(millisecs(40), millisecs(10), true), sedf(millisecs(40), millisecs(20), true)});
    b.wake_all();
    CHECK(b.run(24) == "AABBBABBBABBAABBBABBBABB");
    const std::string s = b.run(3000);  // 30 s = 250 periods of 40 ms, 250 extra slots
    CHECK(sched_bench::share(s, 'A') == Approx(0.25 + 0.25 / 3).margin(0.002));
    CHECK(sched_bench::share(s, 'B') == Approx(0.50 + 0.25 * 2 / 3).margin(0.002));
    CHECK(sched_bench::share(s, '_') == 0.0);
    CHECK(b.sched.ops().consistent());
}

TEST_CASE("SEDF: a short block buys L0 extra time and the latency hint is not used", "[sedf]") {
    for (hv::s_time_t latency : {hv::s_time_t{0}, millisecs(10)}) {
        // A: 20 ms in 40 ms, no extratime; B: dom1's defaults (best effort: extra time only).
        sched_bench b("sedf", {sedf(millisecs(40), millisecs(20), false, latency), hv::sched_adjdom_cmd{}});
        b.wake_all();
        // A's first period is 20..60: B fills 0..20 in extra time, A runs 20..30 and blocks.
        CHECK(b.run(3) == "BBA");
        b.block();
        CHECK(b.run(1) == "B");
        // A wakes at 40 in the same period (a short block): unblock_short_extra_support ends
        // its real-time share here (next deadline 100) and books the 10 ms it did not run as
        // a penalty: score (40 ms << 10) / 10 ms = 4096 on the L0 queue, which runs before
        // B's L1 extra time. A takes 40..50 in L0, then B; A's next period 60..100.
        b.wake('A');
        const auto& inf = hv::sched_sedf::info(b.vcpu('A'));
        CHECK(inf.deadl_abs == millisecs(100));
        CHECK(inf.score[0] == 4096);
        CHECK(inf.short_block_lost_tot == millisecs(10));
        CHECK(b.run(8) == "ABAABBAA");
        CHECK(inf.short_block_lost_tot == 0);
        CHECK(inf.extra_time_tot == millisecs(10));
        CHECK(inf.latency == latency);  // stored (and echoed), never used by this UNBLOCK policy
        CHECK(ops(b).consistent());
    }
}

TEST_CASE("SEDF: a 3 ms slice runs a whole jiffy and the overrun is carried over", "[sedf][jiffies]") {
    // 3 ms in 10 ms: the slice timer at +3 ms fires at the next tick, so A runs 10 ms; cputime
    // 10 - 3 = 7 ms is carried, and update_queues then finds cputime > slice and skips A to the
    // next period with a fresh slice. B (best effort) gets what is left.
    sched_bench b("sedf", {sedf(millisecs(10), millisecs(3), false), hv::sched_adjdom_cmd{}});
    b.wake_all();
    const std::string s = b.run(1000);
    CHECK(sched_bench::share(s, 'A') == 0.5);
    CHECK(b.run(6) == "BABABA");  // B in 0..10 ms, then A at every other tick
}

TEST_CASE("SEDF: adjdom checks the source's ranges", "[sedf]") {
    hv::sched_adjdom_cmd bad = sedf(millisecs(10), millisecs(20), false);  // slice > period
    sched_bench b("sedf", {hv::sched_adjdom_cmd{}});
    CHECK(b.sched.ops().adjdom(b.dom('A'), bad) == -hv::xen_einval);
    CHECK(b.sched.ops().adjdom(b.dom('A'), sedf(hv::microsecs(5), hv::microsecs(5), false)) == -hv::xen_einval);
    hv::sched_adjdom_cmd weighted;
    weighted.sedf.given = true;
    weighted.sedf.weight = 3;
    CHECK(b.sched.ops().adjdom(b.dom('A'), weighted) == 0);
    // sedf_adjust_weights: the only weighted domain gets 100 - 5 ms of every 100 ms.
    CHECK(hv::sched_sedf::info(b.vcpu('A')).slice == millisecs(95));
}
