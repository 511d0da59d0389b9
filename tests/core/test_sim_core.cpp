// SPDX-License-Identifier: Apache-2.0
// Simulation-core utilities: exact clock arithmetic, the per-component generator, the
// statistics registry.
#include <catch2/catch.hpp>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "sim/core/clock.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/stats.hpp"

using namespace rtv::core;

TEST_CASE("cycle times are absolute floors and never accumulate rounding", "[clock]") {
    const clock_domain cpu(266'000'000);
    CHECK(cpu.time_of(0) == 0);
    CHECK(cpu.time_of(1) == 3759);            // 10^12 / 266e6 = 3759.398...
    CHECK(cpu.time_of(266) == 1'000'000);     // exactly 1 us
    CHECK(cpu.time_of(266'000'000) == ps_per_second);
    // 1 hour of cycles: n * 10^12 overflows 64 bits; the 128-bit path must not.
    const std::uint64_t hour = 3600ULL * 266'000'000ULL;
    CHECK(cpu.time_of(hour) == 3600ULL * ps_per_second);
    CHECK(cpu.time_of(hour + 1) == 3600ULL * ps_per_second + 3759);
}

TEST_CASE("the 32 kHz grid after one simulated hour has exactly floor(t * 32768) edges", "[clock]") {
    const clock_domain clk32(32768);
    const picoseconds hour = 3600ULL * ps_per_second;
    // Edges at or before t: the first edge after t, minus one (edge 0 is at time 0).
    CHECK(clk32.first_edge_after(hour) - 1 == 3600ULL * 32768ULL);
    CHECK(clk32.time_of(3600ULL * 32768ULL) == hour);
    CHECK(clk32.first_edge_at_or_after(hour + 1) == 3600ULL * 32768ULL + 1);
}

TEST_CASE("first_edge_at_or_after is the smallest edge not before t", "[clock]") {
    const clock_domain cpu(266'000'000);
    for (picoseconds t : {0ULL, 1ULL, 3758ULL, 3759ULL, 3760ULL, 999'999ULL, 1'000'000ULL, 1'000'001ULL}) {
        const std::uint64_t n = cpu.first_edge_at_or_after(t);
        CHECK(cpu.time_of(n) >= t);
        if (n > 0) CHECK(cpu.time_of(n - 1) < t);
    }
}

TEST_CASE("the 64-bit clock path equals the 128-bit division for every input", "[clock]") {
    std::mt19937_64 gen(0xC10C);
    std::vector<std::uint64_t> rates = {1, 2, 3, 7, 32768, 32'000, 1'000'000, 12'000'000, 133'000'000, 266'000'000,
                                        1'000'000'000'000ULL, 3'000'000'000'000ULL, 18'446'744'073ULL,
                                        4'294'967'291ULL /* prime: no reduction, 128-bit path */,
                                        std::numeric_limits<std::uint64_t>::max()};
    for (int i = 0; i < 40; ++i) rates.push_back(1 + (gen() >> (gen() % 64)));
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    for (const std::uint64_t hz : rates) {
        const clock_domain c(hz);
        std::vector<std::uint64_t> inputs = {0, 1, 2, max, max - 1, max / 2, ps_per_second, ps_per_second - 1, hz,
                                             hz - 1, hz + 1, 3600ULL * ps_per_second, 3600ULL * hz};
        for (int i = 0; i < 3000; ++i) inputs.push_back(gen() >> (gen() % 64));
        for (const std::uint64_t v : inputs) {
            INFO("hz " << hz << " input " << v);
            REQUIRE(c.time_of(v) == c.time_of_wide(v));
            REQUIRE(c.first_edge_at_or_after(v) == c.first_edge_at_or_after_wide(v));
        }
        // Around the edges, where floor and ceil turn.
        for (std::uint64_t n = 0; n < 2000; ++n) {
            const std::uint64_t t = c.time_of_wide(n);
            for (const std::uint64_t v : {t, t + 1, t - (t > 0 ? 1 : 0)}) {
                INFO("hz " << hz << " t " << v);
                REQUIRE(c.first_edge_at_or_after(v) == c.first_edge_at_or_after_wide(v));
            }
        }
    }
}

// A memo answers a repeated query from its last answer: every answer equals the plain query's,
// whatever the order of arguments (repeats, changes, zero first, both queries on one clock).
TEST_CASE("memoised clock queries answer as the plain ones", "[clock]") {
    std::mt19937_64 gen(0x3E30);
    for (const std::uint64_t hz : {266'000'000ULL, 32'768ULL, 4'294'967'291ULL}) {
        const clock_domain c(hz);
        clock_memo times, edges;
        std::uint64_t v = 0;
        for (int i = 0; i < 20000; ++i) {
            if (gen() % 3 == 0) v = gen() >> (gen() % 64);  // else the same argument again
            INFO("hz " << hz << " input " << v);
            REQUIRE(c.time_of(v, times) == c.time_of(v));
            REQUIRE(c.first_edge_at_or_after(v, edges) == c.first_edge_at_or_after(v));
        }
    }
}

TEST_CASE("sc_time conversions are exact integers of picoseconds", "[clock]") {
    init_time_resolution();
    const picoseconds t = 123'456'789'012'345ULL;
    CHECK(to_ps(to_sc_time(t)) == t);
}

TEST_CASE("a component's generator depends only on the scenario seed and its name", "[rng]") {
    rng a(1, "dom0.sporadic"), b(1, "dom0.sporadic"), c(1, "dom1.sporadic"), d(2, "dom0.sporadic");
    const std::uint64_t a0 = a.next();
    CHECK(a0 == b.next());
    CHECK(a0 != c.next());
    CHECK(a0 != d.next());
    // Pinned values: the same on every compiler and standard library.
    rng p(1, "x");
    const std::uint64_t first = p.next();
    rng q(1, "x");
    CHECK(q.next() == first);
    rng r(42, "component");
    for (int i = 0; i < 1000; ++i) {
        const auto v = r.below(10);
        CHECK(v < 10);
    }
    rng s(42, "component");
    CHECK(s.between(5, 5) == 5);
}

TEST_CASE("splitmix64 and fnv1a64 match their published reference values", "[rng]") {
    std::uint64_t state = 0;
    CHECK(splitmix64(state) == 0xE220A8397B1DCDAFULL);  // splitmix64 reference, seed 0
    CHECK(fnv1a64("") == 0xCBF29CE484222325ULL);         // FNV-1a 64 offset basis
    CHECK(fnv1a64("a") == 0xAF63DC4C8601EC8CULL);        // FNV-1a 64 of "a"
}

TEST_CASE("the statistics registry reads counters when asked and rejects duplicates", "[stats]") {
    stats_registry reg;
    std::uint64_t ticks = 0;
    reg.add("hv.ticks", &ticks);
    reg.add("hv.name", [] { return stats_registry::value{std::string("bvt")}; });
    ticks = 42;
    const auto snap = reg.snapshot();
    CHECK(std::get<std::uint64_t>(snap.at("hv.ticks")) == 42);
    CHECK(std::get<std::string>(snap.at("hv.name")) == "bvt");
    CHECK_THROWS(reg.add("hv.ticks", &ticks));
}
