// SPDX-License-Identifier: Apache-2.0
// The ISS fast paths (software TLB of host pointers, line-granular I-cache lookups, the
// decoded-instruction cache) against the slow paths: two cores run the same program in one
// simulation, one each way, and must agree on every register, the CPSR, memory, every trap
// and the cycle count at each trap.
#include <catch2/catch.hpp>

#include <cstring>

#include "arm_dp.hpp"
#include "arm_mem.hpp"
#include "exceptions.hpp"
#include "iss_bench.hpp"
#include "straight_runs.hpp"
#include "thumb.hpp"
#include "timing.hpp"

using namespace rtv;

namespace {

// `loops`: the program runs some instructions more than once, so the fast run decodes fewer
// instructions than it executes. `check` looks at the fast run's result.
void compare_fast_and_slow(const std::uint8_t* image, std::size_t size, test::bench_options o = {}, bool loops = false,
                           void (*check)(test::iss_bench&) = nullptr) {
    test::bench_options fast = o, slow = o;
    fast.fast_paths = true;
    slow.fast_paths = false;
    test::iss_bench a("fast", image, size, fast);
    test::iss_bench b("slow", image, size, slow);
    test::run_for_ms(2);
    REQUIRE(a.sw.done);
    REQUIRE(b.sw.done);
    for (unsigned i = 0; i < 16; ++i) {
        INFO("r" << i);
        CHECK(a.reg(i) == b.reg(i));
    }
    CHECK(a.regs().cpsr == b.regs().cpsr);
    REQUIRE(a.sw.traps.size() == b.sw.traps.size());
    for (std::size_t i = 0; i < a.sw.traps.size(); ++i) {
        INFO("trap " << i);
        CHECK(a.sw.traps[i].cycle == b.sw.traps[i].cycle);
        CHECK(a.sw.traps[i].record.swi_number == b.sw.traps[i].record.swi_number);
        CHECK(a.sw.traps[i].record.r == b.sw.traps[i].record.r);
    }
    CHECK(a.cpu().cycle() == b.cpu().cycle());
    CHECK(a.cpu().iss_stats().instructions == b.cpu().iss_stats().instructions);
    CHECK(a.cpu().iss_stats().interlock_cycles == b.cpu().iss_stats().interlock_cycles);
    CHECK(a.cpu().iss_stats().icache_misses == b.cpu().iss_stats().icache_misses);
    CHECK(a.cpu().iss_stats().dcache_misses == b.cpu().iss_stats().dcache_misses);
    CHECK(a.cpu().iss_stats().tlb_misses == b.cpu().iss_stats().tlb_misses);
    CHECK(std::memcmp(a.soc().sdram().data(), b.soc().sdram().data(), 4u << 20) == 0);
    // The fast run really took its fast paths.
    if (loops) CHECK(a.cpu().iss_stats().decoded_misses < a.cpu().iss_stats().instructions);
    CHECK(b.cpu().iss_stats().decoded_misses == b.cpu().iss_stats().instructions);
    if (check) check(a);
}

}  // namespace

TEST_CASE("fast and slow paths agree on the data-processing program", "[iss][fast_paths]") {
    compare_fast_and_slow(arm_dp_image, sizeof arm_dp_image);
}

TEST_CASE("fast and slow paths agree on the load/store program", "[iss][fast_paths]") {
    compare_fast_and_slow(arm_mem_image, sizeof arm_mem_image);
}

TEST_CASE("fast and slow paths agree on the Thumb program", "[iss][fast_paths]") {
    compare_fast_and_slow(thumb_image, sizeof thumb_image);
}

TEST_CASE("fast and slow paths agree on the exception program", "[iss][fast_paths]") {
    test::bench_options o;
    o.cpsr = 0xD3;
    compare_fast_and_slow(exceptions_image, sizeof exceptions_image, o);
}

TEST_CASE("fast and slow paths agree on the timing program", "[iss][fast_paths]") {
    compare_fast_and_slow(timing_image, sizeof timing_image, {}, true);
}

TEST_CASE("fast and slow paths agree with the caches off", "[iss][fast_paths]") {
    test::bench_options o;
    o.caches = false;
    compare_fast_and_slow(timing_image, sizeof timing_image, o, true);
}

// The hot loop's straight runs (engine::run_fast): a store into the next instruction, a BX
// to the next address that changes the instruction set over an entry decoded for the other
// one, a table walk in mid-line (tests/cpu/iss/straight_runs.S). Two cores in one simulation
// meet at every cycle, so the loop runs one instruction at a time there: the program also runs
// alone, where the loop's runs are long.
void check_straight_runs(test::iss_bench& b) {
    CHECK(b.reg(3) == 2 * 1 + 2 * 16 + 2 * 2);  // the patched adds, then the Thumb passes' adds
    CHECK(b.cpu().iss_stats().undefined == 0);   // the ARM readings of the Thumb words never ran
}

TEST_CASE("fast and slow paths agree where a straight run of the hot loop must end", "[iss][fast_paths]") {
    compare_fast_and_slow(straight_runs_image, sizeof straight_runs_image, {}, true, check_straight_runs);
}

TEST_CASE("the hot loop ends its straight runs where it must when it runs alone", "[iss][fast_paths]") {
    test::iss_bench a("alone", straight_runs_image, sizeof straight_runs_image, {});
    test::run_for_ms(2);
    REQUIRE(a.sw.done);
    check_straight_runs(a);
    CHECK(a.cpu().iss_stats().decoded_misses < a.cpu().iss_stats().instructions);
}
