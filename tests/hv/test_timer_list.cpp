// SPDX-License-Identifier: Apache-2.0
// Xen-ARM's timer list (xen/common/timer.c) with and without its no-resort quirk.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "hv_model/timer_list.hpp"

using namespace rtv::hv;

namespace {
struct bench {
    softirq_state softirqs;
    timer_list list;
    std::vector<std::string> fired;
    xen_timer a, b, c;
    s_time_t now = 0;

    explicit bench(bool quirk) : list(softirqs, quirk) {
        timer_list::init_timer(a, "a", [this] { fired.push_back("a"); });
        timer_list::init_timer(b, "b", [this] { fired.push_back("b"); });
        timer_list::init_timer(c, "c", [this] { fired.push_back("c"); });
    }
    unsigned run() {
        return list.run_expired([this] { return now; });
    }
};
}  // namespace

TEST_CASE("timers are kept sorted and fire before NOW() + TIMER_SLOP", "[timer_list]") {
    bench t(true);
    t.list.set_timer(t.c, millisecs(30));
    t.list.set_timer(t.a, millisecs(10));
    t.list.set_timer(t.b, millisecs(20));
    CHECK(t.softirqs.pending(timer_softirq));
    CHECK(t.list.sorted());
    CHECK(t.list.size() == 3);

    t.now = millisecs(10) - timer_slop;  // expires < now + slop is false at equality
    CHECK(t.run() == 0);
    t.now = millisecs(10) - timer_slop + 1;
    CHECK(t.run() == 1);
    t.now = millisecs(30);
    CHECK(t.run() == 2);
    CHECK(t.fired == std::vector<std::string>{"a", "b", "c"});
    CHECK(t.list.size() == 0);
    CHECK(t.list.consistent());
}

TEST_CASE("equal expiry times keep insertion order", "[timer_list]") {
    bench t(true);
    t.list.set_timer(t.b, 100);
    t.list.set_timer(t.a, 100);
    t.now = 100;
    t.run();
    CHECK(t.fired == std::vector<std::string>{"b", "a"});
}

TEST_CASE("stop_timer removes an active timer and raises TIMER_SOFTIRQ", "[timer_list]") {
    bench t(true);
    t.list.set_timer(t.a, 10);
    t.list.set_timer(t.b, 20);
    t.softirqs.take_lowest();
    t.list.stop_timer(t.a);
    CHECK(t.softirqs.pending(timer_softirq));
    CHECK_FALSE(t.a.active);
    CHECK(t.list.size() == 1);
    t.list.stop_timer(t.a);  // stopping an inactive timer is harmless
    CHECK(t.list.consistent());
}

TEST_CASE("quirk: re-arming the head timer later holds back the timers behind it", "[timer_list][quirk]") {
    bench t(true);
    t.list.set_timer(t.a, millisecs(10));
    t.list.set_timer(t.b, millisecs(20));
    t.list.set_timer(t.a, millisecs(100));  // active: expires changes in place, no re-sort
    CHECK(t.list.head() == &t.a);
    CHECK_FALSE(t.list.sorted());
    t.now = millisecs(50);
    CHECK(t.run() == 0);  // b is due but the scan stops at a
    CHECK(t.fired.empty());
    t.now = millisecs(100);
    CHECK(t.run() == 2);
    CHECK(t.fired == std::vector<std::string>{"a", "b"});
}

TEST_CASE("without the quirk a re-armed timer moves to its sorted place", "[timer_list][quirk]") {
    bench t(false);
    t.list.set_timer(t.a, millisecs(10));
    t.list.set_timer(t.b, millisecs(20));
    t.list.set_timer(t.a, millisecs(100));
    CHECK(t.list.head() == &t.b);
    CHECK(t.list.sorted());
    t.now = millisecs(50);
    CHECK(t.run() == 1);
    CHECK(t.fired == std::vector<std::string>{"b"});
}

TEST_CASE("a timer function may re-arm timers while the list is scanned", "[timer_list]") {
    bench t(true);
    timer_list::init_timer(t.a, "a", [&t] {
        t.fired.push_back("a");
        t.list.set_timer(t.c, 5);  // already due: fires in the same scan
    });
    t.list.set_timer(t.a, 1);
    t.list.set_timer(t.b, millisecs(1));  // not due: beyond NOW() + TIMER_SLOP
    t.now = 10;
    CHECK(t.run() == 2);
    CHECK(t.fired == std::vector<std::string>{"a", "c"});
    CHECK(t.list.size() == 1);
}
