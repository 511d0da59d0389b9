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
#include "thumb.hpp"
#include "timing.hpp"

using namespace rtv;

namespace {

// `loops`: the program runs some instructions more than once, so the fast run decodes fewer
// instructions than it executes.
void compare_fast_and_slow(const std::uint8_t* image, std::size_t size, test::bench_options o = {}, bool loops = false) {
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
