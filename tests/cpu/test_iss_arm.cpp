// SPDX-License-Identifier: Apache-2.0
// The ISS in ARM state: each encoding class against the ARM DDI 0100I pseudo-code, from
// bare-metal programs assembled at build time (tests/cpu/iss/*.S).
#include <catch2/catch.hpp>

#include <vector>

#include "arm_basic.hpp"
#include "iss_bench.hpp"
#include "sim/cpu/iss/alu.hpp"

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

#include "arm_dp.hpp"

namespace {
struct result {
    std::uint32_t value;
    std::uint32_t nzcv;
};
}  // namespace

TEST_CASE("data processing: shifter operands, carry-out and flags as the pseudo-code gives them", "[iss]") {
    iss_bench b("b", arm_dp_image, sizeof arm_dp_image);
    test::run_for_ms(1);
    REQUIRE(b.sw.done);
    // {result, NZCV} per case of tests/cpu/iss/arm_dp.S (A5.1.4-A5.1.13, A4.1.2-A4.1.108).
    const result expected[] = {
        {0x80000000, 0x8}, {0, 0x6}, {0, 0x6}, {0xFFFFFFFF, 0xA}, {0x80000000, 0xA}, {0xF0000000, 0xA},
        {1, 0x2},          {0, 0x6}, {0, 0x4}, {0, 0x6},          {0, 0x4},          {0xFFFFFFFF, 0xA},
        {0x80000001, 0xA}, {0xF0000000, 0xA}, {1, 0x0},
        {0x80000000, 0x9}, {0, 0x6}, {0x80000002, 0x8}, {0xFFFFFFFF, 0x8}, {3, 0x0}, {0xFFFFFFFF, 0x8},
        {4, 0x2},          {0, 0x2}, {0, 0x9}, {0, 0x6}, {0, 0x6}, {1, 0x2}, {0xFFFFFFFF, 0xA},
        {0x8000000E, 0xA}, {0xF1, 0xA}, {1, 0xA}, {0, 0xA}, {3, 0x0},
    };
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        INFO("case " << i + 1);
        CHECK(b.read_data(8 * i) == expected[i].value);
        CHECK((b.read_data(8 * i + 4) >> 28) == expected[i].nzcv);
        CHECK((b.read_data(8 * i + 4) & 0x1F) == 0x10);
    }
}

#include "arm_mem.hpp"

TEST_CASE("loads, stores, block transfers, swaps, multiplies, E extensions, MSR and interworking", "[iss]") {
    iss_bench b("b", arm_mem_image, sizeof arm_mem_image);
    test::run_for_ms(1);
    REQUIRE(b.sw.done);
    CHECK(b.reg(12) == 0);  // no exception vector was taken
    // One value per R in tests/cpu/iss/arm_mem.S, in order (ARM DDI 0100I A4.1, A5.2-A5.5).
    const std::uint32_t expected[] = {
        0x88776655, 4, 0x88776655, 0, 0x88776655, 0x11443322, 0x33221144, 0x77, 0x4433, 0xFFFFFF88,  // 1-10
        0xFFFF8877, 0xFFFFFFFE, 0x0000ABCD, 0x00005ACD, 24, 7, 9, 44, 1, 3,                            // 11-20
        32, 1, 2, 32, 1, 0x11223344, 0x99, 0x99, 0xEE, 0xFFFFFFFA,                                     // 21-30
        4, 0xFFFFFFFA, 2, 0xFFFFFFFA, 0xFFFFFFFF, 0xFFFFFFFB, 2, 4, 0, 0x40000010,                     // 31-40
        10, 15, 0xFFFFFFFE, 0xFFFFFFFD, 110, 15, 96, 15, 0, 0x7FFFFFFF,                                 // 41-50
        0x08000010, 0x80000002, 0x00000010, 0x80000000, 0x08000010, 0xFFFFFFFB, 0x08000010, 32, 23, 0x10,  // 51-60
        0x77, 0x55, 0x66,                                                                              // 61-63
    };
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        INFO("value " << i + 1);
        CHECK(b.read_data(4 * i) == expected[i]);
    }
}

// The handlers' direct forms of a - b and a + b (alu.hpp subtract(), add(); on x86-64 the
// host's flags through LAHF, elsewhere subtract_generic(), add_generic(), both checked here)
// against the manual's AddWithCarry form and nz_of(), on the values
// where the carry and the overflow change and on a fixed pseudo-random sample (A2.5.2
// CarryFrom, BorrowFrom, OverflowFrom).
TEST_CASE("alu: subtract() and add() give add_with_carry()'s result and flags", "[iss]") {
    std::vector<std::uint32_t> v = {0, 1, 2, 0x7FFFFFFEu, 0x7FFFFFFFu, 0x80000000u, 0x80000001u, 0xFFFFFFFEu, 0xFFFFFFFFu};
    std::uint32_t x = 12345;
    for (int i = 0; i < 200; ++i) v.push_back(x = x * 1664525u + 1013904223u);
    for (const std::uint32_t a : v) {
        for (const std::uint32_t b : v) {
            const cpu::iss::flagged s = cpu::iss::subtract(a, b), p = cpu::iss::add(a, b);
            const cpu::iss::sum rs = cpu::iss::add_with_carry(a, ~b, true), rp = cpu::iss::add_with_carry(a, b, false);
            REQUIRE(s.value == rs.value);
            REQUIRE(s.nzcv == (cpu::iss::nz_of(rs.value) | rs.cv));
            REQUIRE(p.value == rp.value);
            REQUIRE(p.nzcv == (cpu::iss::nz_of(rp.value) | rp.cv));
            const cpu::iss::flagged gs = cpu::iss::subtract_generic(a, b), gp = cpu::iss::add_generic(a, b);
            REQUIRE((gs.value == s.value && gs.nzcv == s.nzcv));
            REQUIRE((gp.value == p.value && gp.nzcv == p.nzcv));
        }
    }
}
