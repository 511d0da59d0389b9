// SPDX-License-Identifier: Apache-2.0
// The ISS in Thumb state: every format of ARM DDI 0100I A6.2, interworking both ways, SWI's
// 8-bit number.
#include <catch2/catch.hpp>

#include "iss_bench.hpp"
#include "thumb.hpp"

using namespace rtv;

TEST_CASE("every Thumb format gives what the pseudo-code gives", "[iss][thumb]") {
    test::iss_bench b("b", thumb_image, sizeof thumb_image);
    test::run_for_ms(1);
    REQUIRE(b.sw.done);
    CHECK(b.reg(12) == 0);
    // One value per TR in tests/cpu/iss/thumb.S (A7.1).
    const std::uint32_t expected[] = {
        0xC0000000, 0, 1, 0xF8000000, 12, 0xFFFFFFFF, 250, 250, 0x30, 0xCC,                  // 1-10
        16, 1, 0xFFFFFFFF, 0x80000000, 0xFFFFFFFB, 12, 0xFFFFFFFB, 0x0F, 0xFF, 6,            // 11-20
        9, 9, 18, 18, 0, 0x12345678, 0x78, 0x5678, 0xFFFFFF80, 0x12345680,                   // 21-30
        0x5680, 0x12345678, 0x12, 0x0434, 0x04340004, 0x12345678, 0, 0x12345678, 4, 2,      // 31-40
        8, 8, 0, 0x42, 0x43,                                                                 // 41-45
    };
    CHECK(b.reg(10) - test::data_va == 4 * std::size(expected));
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        INFO("value " << i + 1);
        CHECK(b.read_data(4 * i) == expected[i]);
    }
    REQUIRE(b.sw.traps.size() == 2);
    CHECK(b.sw.traps[0].record.swi_number == 0x5A);
    CHECK(b.sw.traps[1].record.swi_number == 0);
    CHECK((b.regs().cpsr & cpu::cpsr_t) != 0);  // still in Thumb state after the SWI returned
}
