// SPDX-License-Identifier: Apache-2.0
// uC/OS-II's ready list (rtos_model/ucos/ready_list.hpp): OSRdyGrp/OSRdyTbl bits, the
// unmap table and the highest ready priority, against a plain set as the reference.
#include <catch2/catch.hpp>
#include <cstdint>
#include <set>

#include "rtos_model/ucos/ready_list.hpp"
#include "sim/core/rng.hpp"

using rtv::rtos::ready_list;

TEST_CASE("ready list unmap table gives the lowest set bit of every byte", "[ready_list]") {
    for (unsigned v = 1; v < 256; ++v) {
        unsigned lowest = 0;
        while (!(v & (1u << lowest))) ++lowest;
        CHECK(ready_list::unmap[v] == lowest);
        CHECK((v & ready_list::map(ready_list::unmap[v])) != 0);
    }
    CHECK(ready_list::unmap[0] == 0);
    // Values that Labrosse's book works through (section 3.04).
    CHECK(ready_list::unmap[0x80] == 7);
    CHECK(ready_list::unmap[0x68] == 3);
    CHECK(ready_list::unmap[0xE4] == 2);
    for (unsigned i = 0; i < 8; ++i) CHECK(ready_list::map(i) == (1u << i));
}

TEST_CASE("ready list finds each of the 64 priorities alone and sets its group and row bits",
          "[ready_list]") {
    for (unsigned p = 0; p < ready_list::priorities; ++p) {
        ready_list r;
        CHECK(r.empty());
        r.insert(p);
        CHECK_FALSE(r.empty());
        CHECK(r.contains(p));
        CHECK(r.highest() == p);
        CHECK(r.grp() == (1u << (p >> 3)));
        for (unsigned row = 0; row < 8; ++row) CHECK(r.tbl(row) == (row == (p >> 3) ? (1u << (p & 7)) : 0u));
        r.remove(p);
        CHECK(r.empty());
        CHECK(r.grp() == 0);
        CHECK(r.tbl(p >> 3) == 0);
    }
}

TEST_CASE("ready list highest follows insertions and removals of all 64 priorities", "[ready_list]") {
    ready_list r;
    for (unsigned p = ready_list::priorities; p-- > 0;) {
        r.insert(p);
        CHECK(r.highest() == p);  // each new one is the highest so far
    }
    CHECK(r.grp() == 0xFF);
    for (unsigned p = 0; p < ready_list::priorities; ++p) {
        CHECK(r.highest() == p);
        r.remove(p);
    }
    CHECK(r.empty());
    // The idle task at OS_LOWEST_PRIO is what remains when nothing else is ready.
    r.insert(ready_list::lowest_prio);
    r.insert(17);
    CHECK(r.highest() == 17);
    r.remove(17);
    CHECK(r.highest() == ready_list::lowest_prio);
}

TEST_CASE("ready list clears a group bit only when its row becomes empty", "[ready_list]") {
    ready_list r;
    r.insert(10);
    r.insert(13);
    CHECK(r.grp() == 0x02);
    CHECK(r.tbl(1) == ((1u << 2) | (1u << 5)));
    r.remove(10);
    CHECK(r.grp() == 0x02);
    CHECK(r.highest() == 13);
    r.remove(10);  // removing an absent priority changes nothing
    CHECK(r.tbl(1) == (1u << 5));
    r.remove(13);
    CHECK(r.grp() == 0);
    r.insert(5);
    r.insert(5);  // inserting twice is the same as once
    r.remove(5);
    CHECK(r.empty());
}

TEST_CASE("ready list agrees with a reference set over a seeded random sequence", "[ready_list]") {
    rtv::core::rng gen(7, "ready_list_test");
    ready_list r;
    std::set<unsigned> ref;
    for (int i = 0; i < 20000; ++i) {
        const auto p = static_cast<unsigned>(gen.below(ready_list::priorities));
        if (gen.below(2)) {
            r.insert(p);
            ref.insert(p);
        } else {
            r.remove(p);
            ref.erase(p);
        }
        REQUIRE(r.empty() == ref.empty());
        if (!ref.empty()) REQUIRE(r.highest() == *ref.begin());
        REQUIRE(r.contains(p) == (ref.count(p) == 1));
    }
}
