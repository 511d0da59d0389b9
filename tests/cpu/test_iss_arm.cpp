// SPDX-License-Identifier: Apache-2.0
// The ISS in ARM state: each encoding class against the ARM DDI 0100I pseudo-code, from
// bare-metal programs assembled at build time (tests/cpu/iss/*.S).
#include <catch2/catch.hpp>

#include "arm_basic.hpp"
#include "iss_bench.hpp"

using namespace rtv;
using test::iss_bench;

TEST_CASE("a User-mode program runs from SDRAM through the MMU and caches", "[iss]") {
    iss_bench b("b", arm_basic_image, sizeof arm_basic_image);
    test::run_for_ms(1);
    REQUIRE(b.sw.done);
    REQUIRE(b.sw.traps.size() == 2);
    CHECK(b.sw.traps[0].record.kind == cpu::trap_kind::swi);
    CHECK(b.sw.traps[0].record.swi_number == 0x123);
    CHECK(b.sw.traps[0].record.r[0] == 5050);
    CHECK(b.reg(0) == 5050);
    CHECK(b.reg(3) == 5050);
    CHECK(b.reg(5) == 0xFF);
    CHECK(b.reg(6) == 0x0000FF00);
    CHECK(b.reg(7) == 42);
    CHECK(b.reg(8) == 0);
    CHECK((b.reg(9) >> 28) == 0x6);  // Z and C
    CHECK(b.reg(12) == 0);
    CHECK(b.read_data(0) == 5050);
    CHECK(b.cpu().iss_stats().instructions > 300);
}
