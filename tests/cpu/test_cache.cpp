// SPDX-License-Identifier: Apache-2.0
// The ARM926EJ-S cache cost model and write buffer: allocation on read miss only, half-line
// dirty tracking, round-robin replacement, maintenance costs and the clean cost that follows
// the dirty working set up to the cache size.
//
// Costs below use the default cache_costs and a bus word of 10 cycles:
//   line fill = 10 + 7 * 2 = 24, half-line write-back = 10 + 3 * 2 = 16, write-buffer entry = 10,
//   16 KiB cache: 128 sets, 512 lines, whole-cache invalidate 128, full scan 128.
#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/cpu/cache_model.hpp"

using namespace rtv;
using cpu::cache_model;
using cpu::cache_policy;

namespace {

constexpr std::uint64_t bus = 10;
constexpr std::uint64_t fill = 24;
constexpr std::uint64_t half_wb = 16;
constexpr std::uint32_t base = 0xC010'0000;
constexpr std::uint32_t way_stride = 128 * 32;  // same set, next tag (16 KiB cache)
constexpr auto wb = cache_policy::write_back;
constexpr auto wt = cache_policy::write_through;

// Reads each line of [from, from + bytes) then writes both of its halves.
void dirty_working_set(cache_model& c, std::uint32_t from, std::uint32_t bytes) {
    for (std::uint32_t a = from; a < from + bytes; a += 32) {
        c.read(a, wb);
        c.write(a, wb);
        c.write(a + 16, wb);
    }
}

}  // namespace

TEST_CASE("cache: geometry and derived costs", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    CHECK(c.size_bytes() == 16 * 1024);
    CHECK(c.sets() == 128);
    CHECK(c.lines() == 512);
    CHECK(c.line_fill_cycles() == fill);
    CHECK(c.half_line_writeback_cycles() == half_wb);
    CHECK(c.write_buffer_entry_cycles() == bus);
    CHECK(c.invalidate_all_cycles() == 128);

    cache_model small(costs, bus, 4 * 1024);
    CHECK(small.sets() == 32);
    cache_model big(costs, bus, 128 * 1024);
    CHECK(big.sets() == 1024);
    CHECK_THROWS_AS(cache_model(costs, bus, 12 * 1024), std::invalid_argument);
    CHECK_THROWS_AS(cache_model(costs, bus, 2 * 1024), std::invalid_argument);
    CHECK_THROWS_AS(cache_model(costs, bus, 256 * 1024), std::invalid_argument);
}

TEST_CASE("cache: cost overrides and bus timing apply at once", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    costs.sdram_burst_word = 4;
    costs.line_fill_extra = 3;
    costs.writeback_extra = 1;
    CHECK(c.line_fill_cycles() == 10 + 7 * 4 + 3);
    CHECK(c.half_line_writeback_cycles() == 10 + 3 * 4 + 1);
    c.set_bus_word_cycles(20);
    CHECK(c.line_fill_cycles() == 20 + 7 * 4 + 3);
    CHECK(c.read(base, wb).cycles == 20 + 7 * 4 + 3);
}

TEST_CASE("cache: a read miss allocates and later reads of the line hit", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    const auto miss = c.read(base + 4, wb);
    CHECK_FALSE(miss.hit);
    CHECK(miss.cycles == fill);
    CHECK(c.contains(base));
    const auto hit = c.read(base + 28, wt);
    CHECK(hit.hit);
    CHECK(hit.cycles == 0);
    CHECK_FALSE(c.read(base + 32, wb).hit);  // next line
    CHECK(c.stats().hits == 1);
    CHECK(c.stats().misses == 2);
    CHECK(c.stats().refills == 2);
    CHECK(c.valid_lines() == 2);
}

TEST_CASE("cache: a write miss does not allocate", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    const auto w = c.write(base, wb);
    CHECK_FALSE(w.hit);
    CHECK(w.cycles == bus);  // no write buffer attached: the write costs one bus word
    CHECK_FALSE(c.contains(base));
    CHECK(c.stats().misses == 1);
    CHECK(c.stats().refills == 0);
    CHECK(c.dirty_lines() == 0);

    cpu::write_buffer buffer;
    c.attach_write_buffer(&buffer);
    CHECK(c.write(base, wt).cycles == 0);  // buffered
    CHECK(buffer.pending() == 1);
    CHECK_FALSE(c.contains(base));
    CHECK(c.read(base, wb).cycles == fill);  // still a miss
}

TEST_CASE("cache: write-back hits dirty half-lines", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    c.read(base, wb);
    const auto w = c.write(base + 4, wb);
    CHECK(w.hit);
    CHECK(w.cycles == 0);
    CHECK(c.is_dirty(base));
    CHECK_FALSE(c.is_dirty(base + 16));
    CHECK(c.dirty_lines() == 1);
    CHECK(c.dirty_halves() == 1);

    c.write(base + 8, wb);  // same half again
    CHECK(c.dirty_halves() == 1);
    c.write(base + 20, wb);  // the other half
    CHECK(c.is_dirty(base + 16));
    CHECK(c.dirty_lines() == 1);
    CHECK(c.dirty_halves() == 2);
}

TEST_CASE("cache: write-through hits do not dirty", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    c.read(base, wt);
    const auto w = c.write(base, wt);
    CHECK(w.hit);
    CHECK(w.cycles == bus);  // memory is written too (no buffer attached)
    CHECK_FALSE(c.is_dirty(base));
    CHECK(c.dirty_lines() == 0);

    cpu::write_buffer buffer;
    c.attach_write_buffer(&buffer);
    CHECK(c.write(base, wt).cycles == 0);
    CHECK(buffer.pending() == 1);
    CHECK(c.dirty_lines() == 0);
}

TEST_CASE("cache: uncached accesses bypass the cache", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    cpu::write_buffer buffer;
    c.attach_write_buffer(&buffer);
    CHECK(c.read(base, cache_policy::uncached_unbuffered).cycles == bus);
    CHECK(c.read(base, cache_policy::uncached_buffered).cycles == bus);
    CHECK_FALSE(c.contains(base));
    CHECK(c.write(base, cache_policy::uncached_unbuffered).cycles == bus);
    CHECK(buffer.pending() == 0);
    CHECK(c.write(base, cache_policy::uncached_buffered).cycles == 0);
    CHECK(buffer.pending() == 1);

    // A cached line is not looked up by an uncached access either.
    c.read(base + 64, wb);
    CHECK_FALSE(c.read(base + 64, cache_policy::uncached_unbuffered).hit);
    CHECK(c.stats().uncached == 5);
    CHECK(c.stats().hits == 0);
    CHECK(c.stats().misses == 1);
}

TEST_CASE("cache: round-robin replacement per set", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    for (unsigned k = 0; k < 4; ++k) c.read(base + k * way_stride, wb);
    for (unsigned k = 0; k < 4; ++k) CHECK(c.contains(base + k * way_stride));

    c.read(base + 4 * way_stride, wb);  // evicts the first line filled
    CHECK_FALSE(c.contains(base));
    CHECK(c.contains(base + 1 * way_stride));
    c.read(base + 5 * way_stride, wb);  // then the second
    CHECK_FALSE(c.contains(base + 1 * way_stride));
    CHECK(c.contains(base + 2 * way_stride));
    CHECK(c.contains(base + 3 * way_stride));
    CHECK(c.contains(base + 4 * way_stride));
    CHECK(c.contains(base + 5 * way_stride));

    // Another set keeps its own pointer.
    c.read(base + 32, wb);
    CHECK(c.contains(base + 32));
    CHECK(c.contains(base + 2 * way_stride));

    // The pointer moves on whatever the ways hold: after invalidating one line the next fill
    // still takes the way the pointer names.
    c.invalidate_line(base + 3 * way_stride);
    c.read(base + 6 * way_stride, wb);  // pointer at way 2
    CHECK_FALSE(c.contains(base + 2 * way_stride));
    CHECK(c.valid_lines() == 4);  // set 0: 4, 5, 6 and the hole; set 1: one line
}

TEST_CASE("cache: pseudo-random replacement is seeded and deterministic", "[cache]") {
    cpu::cache_costs costs;
    cache_model a(costs, bus), b(costs, bus);
    a.set_replacement(cpu::replacement::pseudo_random);
    b.set_replacement(cpu::replacement::pseudo_random);
    a.seed_random(42, "cpu.dcache");
    b.seed_random(42, "cpu.dcache");
    for (unsigned k = 0; k < 40; ++k) {
        a.read(base + k * way_stride, wb);
        b.read(base + k * way_stride, wb);
    }
    for (unsigned k = 0; k < 40; ++k)
        CHECK(a.contains(base + k * way_stride) == b.contains(base + k * way_stride));
    CHECK(a.valid_lines() <= 4);  // all in one set
    CHECK(a.contains(base + 39 * way_stride));
}

TEST_CASE("cache: a dirty victim is written back before its slot is reused", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    for (unsigned k = 0; k < 4; ++k) c.read(base + k * way_stride, wb);
    c.write(base, wb);
    c.write(base + 16, wb);
    const auto miss = c.read(base + 4 * way_stride, wb);
    CHECK(miss.cycles == fill + 2 * half_wb);
    CHECK(c.stats().write_backs == 2);
    CHECK(c.dirty_lines() == 0);

    c.write(base + way_stride + 16, wb);  // one half of the next victim
    CHECK(c.read(base + 5 * way_stride, wb).cycles == fill + half_wb);
    CHECK(c.stats().write_backs == 3);
}

TEST_CASE("cache: clean costs dirty half-lines times write-back plus the scan", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    // 10 lines with one dirty half, 6 with both, 4 clean.
    for (unsigned k = 0; k < 20; ++k) c.read(base + k * 32, wb);
    for (unsigned k = 0; k < 10; ++k) c.write(base + k * 32, wb);
    for (unsigned k = 10; k < 16; ++k) {
        c.write(base + k * 32, wb);
        c.write(base + k * 32 + 16, wb);
    }
    REQUIRE(c.dirty_halves() == 22);

    const auto r = c.clean_all();
    CHECK(r.halves_written == 22);
    CHECK(r.lines_scanned == 512);
    CHECK(r.cycles == 22 * half_wb + 128 * costs.scan_index);
    CHECK(c.dirty_lines() == 0);
    CHECK(c.valid_lines() == 20);  // clean leaves the lines valid
    CHECK(c.read(base, wb).hit);
    CHECK(c.stats().write_backs == 22);

    // Clean + invalidate adds the whole-cache invalidate and empties the cache.
    c.write(base, wb);
    const auto f = c.clean_invalidate_all();
    CHECK(f.halves_written == 1);
    CHECK(f.cycles == 1 * half_wb + 128 + 128);
    CHECK(c.valid_lines() == 0);
    CHECK(c.stats().flushes == 1);

    // An already clean cache costs the scan alone.
    CHECK(c.clean_all().cycles == 128);
}

TEST_CASE("cache: clean cost follows the dirty working set up to the cache size", "[cache][acceptance]") {
    cpu::cache_costs costs;
    std::vector<std::uint64_t> one_call, loop;
    for (std::uint32_t kib : {4u, 8u, 16u, 64u}) {
        {
            cache_model c(costs, bus);
            dirty_working_set(c, base, kib * 1024);
            const auto r = c.clean_invalidate_all();
            const std::uint32_t cached = kib < 16 ? kib : 16;
            CHECK(r.halves_written == 2 * cached * 1024 / 32);
            CHECK(r.cycles == r.halves_written * half_wb + 128 + 128);
            one_call.push_back(r.cycles);
        }
        {
            cache_model c(costs, bus);
            dirty_working_set(c, base, kib * 1024);
            std::uint64_t cycles = 0;
            for (;;) {
                const auto s = c.test_clean_invalidate();
                cycles += s.cycles;
                if (s.clean) break;
            }
            CHECK(c.valid_lines() == 0);
            loop.push_back(cycles);
        }
    }
    CHECK(one_call[0] < one_call[1]);
    CHECK(one_call[1] < one_call[2]);
    CHECK(one_call[2] == one_call[3]);
    CHECK(loop[0] < loop[1]);
    CHECK(loop[1] < loop[2]);
    CHECK(loop[2] == loop[3]);
}

TEST_CASE("cache: after invalidation the next accesses miss and pay refills", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    for (unsigned k = 0; k < 8; ++k) c.read(base + k * 32, wb);
    c.write(base, wb);  // dirty data is discarded, not written back
    CHECK(c.invalidate_all() == 128);
    CHECK(c.valid_lines() == 0);
    CHECK(c.dirty_lines() == 0);
    CHECK(c.stats().write_backs == 0);
    CHECK(c.stats().flushes == 1);
    const auto refills = c.stats().refills;
    for (unsigned k = 0; k < 8; ++k) {
        const auto r = c.read(base + k * 32, wb);
        CHECK_FALSE(r.hit);
        CHECK(r.cycles == fill);
    }
    CHECK(c.stats().refills == refills + 8);

    CHECK(c.invalidate_line(base + 32) == costs.line_op_lookup);
    CHECK_FALSE(c.contains(base + 32));
    CHECK(c.contains(base));
    CHECK(c.read(base + 32, wb).cycles == fill);
}

TEST_CASE("cache: clean and clean-invalidate of one line by MVA", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    c.read(base, wb);
    c.write(base, wb);
    c.write(base + 16, wb);
    CHECK(c.clean_line(base + 8) == 1 + 2 * half_wb);
    CHECK(c.contains(base));
    CHECK_FALSE(c.is_dirty(base));
    CHECK(c.clean_line(base) == 1);  // already clean

    c.write(base + 16, wb);
    CHECK(c.clean_invalidate_line(base) == 1 + half_wb);
    CHECK_FALSE(c.contains(base));
    CHECK(c.clean_invalidate_line(base) == 1);  // not cached
    CHECK(c.stats().write_backs == 3);
}

TEST_CASE("cache: prefetch fills a line without an access", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    CHECK(c.prefetch_line(base) == 1 + fill);
    CHECK(c.contains(base));
    CHECK(c.prefetch_line(base) == 1);
    CHECK(c.stats().refills == 1);
    CHECK(c.stats().hits == 0);
}

TEST_CASE("cache: test-clean-invalidate cleans one line per step and sets Z after a full pass", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    // Two dirty lines in set 0 (one with both halves), one in set 5.
    c.read(base, wb);
    c.read(base + way_stride, wb);
    c.read(base + 5 * 32, wb);
    c.write(base, wb);
    c.write(base + 16, wb);
    c.write(base + way_stride, wb);
    c.write(base + 5 * 32, wb);

    const auto s1 = c.test_clean_invalidate();
    CHECK_FALSE(s1.clean);
    CHECK(s1.indices_read == 1);
    CHECK(s1.halves_written == 2);
    CHECK(s1.cycles == 1 + 2 * half_wb);
    const auto s2 = c.test_clean_invalidate();  // re-reads set 0 for its other ways
    CHECK_FALSE(s2.clean);
    CHECK(s2.indices_read == 1);
    CHECK(s2.cycles == 1 + half_wb);
    const auto s3 = c.test_clean_invalidate();
    CHECK_FALSE(s3.clean);
    CHECK(s3.indices_read == 6);  // sets 0 to 5
    CHECK(s3.cycles == 6 + half_wb);
    CHECK(c.valid_lines() == 3);  // cleaned, not yet invalidated
    const auto s4 = c.test_clean_invalidate();
    CHECK(s4.clean);
    CHECK(s4.indices_read == 123);  // sets 5 to 127
    CHECK(s4.cycles == 123 + 128);  // + the whole-cache invalidate
    CHECK(c.valid_lines() == 0);
    // sets + dirty lines indices over the pass.
    CHECK(s1.indices_read + s2.indices_read + s3.indices_read + s4.indices_read == 128 + 3);

    // A clean cache: one step, a full scan.
    const auto again = c.test_clean_invalidate();
    CHECK(again.clean);
    CHECK(again.indices_read == 128);
}

TEST_CASE("cache: test-and-clean leaves the lines valid", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    dirty_working_set(c, base, 1024);  // 32 lines
    unsigned steps = 0;
    while (!c.test_clean().clean) ++steps;
    CHECK(steps == 32);
    CHECK(c.dirty_lines() == 0);
    CHECK(c.valid_lines() == 32);
    CHECK(c.stats().write_backs == 64);
    CHECK(c.stats().flushes == 0);
}

TEST_CASE("cache: the scan wraps when lines behind its pointer were dirtied", "[cache]") {
    cpu::cache_costs costs;
    cache_model c(costs, bus);
    c.read(base + 10 * 32, wb);
    c.write(base + 10 * 32, wb);
    CHECK_FALSE(c.test_clean().clean);  // pointer now at set 10
    c.read(base + 2 * 32, wb);
    c.write(base + 2 * 32, wb);  // behind the pointer
    const auto s = c.test_clean();
    CHECK_FALSE(s.clean);
    CHECK(s.indices_read == (128 - 10) + 3);  // 10..127 then 0..2
    CHECK(c.test_clean().clean);
    CHECK(c.dirty_lines() == 0);
}

TEST_CASE("write buffer: stalls when full and drains per entry", "[cache]") {
    cpu::write_buffer wbuf;
    CHECK(wbuf.capacity() == 4);
    for (int k = 0; k < 4; ++k) CHECK(wbuf.push(bus) == 0);
    CHECK(wbuf.push(bus) == bus);  // waits for the oldest entry
    CHECK(wbuf.pending() == 4);
    CHECK(wbuf.stalls() == 1);
    CHECK(wbuf.writes() == 5);

    wbuf.elapse(15, bus);  // one entry done, the next half way
    CHECK(wbuf.pending() == 3);
    CHECK(wbuf.push(bus) == 0);
    CHECK(wbuf.pending() == 4);
    CHECK(wbuf.push(bus) == bus - 5);  // the oldest was already 5 cycles in
    CHECK(wbuf.drain(bus) == 4 * bus);
    CHECK(wbuf.pending() == 0);
    CHECK(wbuf.drain(bus) == 0);

    wbuf.push(bus);
    wbuf.elapse(1000, bus);
    CHECK(wbuf.pending() == 0);
}

// test_clean_invalidate_until_clean() sums its steps without making them one by one: against
// test_clean_invalidate() called until a step is clean, on random dirty states (the scan pointer
// left mid-cache by test-and-clean steps, so that some passes wrap), for every cache size.
TEST_CASE("cache: the clean-invalidate loop equals its steps made one by one", "[cache]") {
    const std::uint32_t size = GENERATE(4u * 1024, 16u * 1024, 128u * 1024);
    cpu::cache_costs costs;
    cache_model looped(costs, bus, size), stepped(costs, bus, size);
    core::rng gen(5, "dirty");
    for (int round = 0; round < 300; ++round) {
        const auto accesses = gen.below(3 * size / 32);
        for (std::uint64_t i = 0; i < accesses; ++i) {
            const std::uint32_t a = base + static_cast<std::uint32_t>(gen.below(2 * size)) / 16 * 16;
            const bool write = gen.below(3) != 0;
            for (cache_model* c : {&looped, &stepped}) write ? c->write(a, wb) : c->read(a, wb);
        }
        const auto partial = gen.below(4);  // test-and-clean steps that move the scan pointer
        for (std::uint64_t i = 0; i < partial; ++i) {
            looped.test_clean();
            stepped.test_clean();
        }
        for (std::uint64_t i = gen.below(20); i > 0; --i) {  // lines dirtied behind the pointer
            const std::uint32_t a = base + static_cast<std::uint32_t>(gen.below(2 * size)) / 16 * 16;
            for (cache_model* c : {&looped, &stepped}) {
                c->read(a, wb);
                c->write(a, wb);
            }
        }
        INFO("round " << round << ", " << looped.dirty_lines() << " dirty lines");
        cpu::scan_loop expected;
        for (;;) {
            const cpu::scan_step s = stepped.test_clean_invalidate();
            ++expected.steps;
            expected.cycles += s.cycles;
            if (s.clean) break;
        }
        const cpu::scan_loop got = looped.test_clean_invalidate_until_clean();
        REQUIRE(got.steps == expected.steps);
        REQUIRE(got.cycles == expected.cycles);
        REQUIRE(looped.stats().write_backs == stepped.stats().write_backs);
        REQUIRE(looped.stats().flushes == stepped.stats().flushes);
        REQUIRE(looped.valid_lines() == 0);
        REQUIRE(looped.dirty_lines() == 0);
        // The next scan starts from the same pointer in both.
        looped.read(base, wb);
        looped.write(base, wb);
        stepped.read(base, wb);
        stepped.write(base, wb);
        REQUIRE(looped.test_clean().cycles == stepped.test_clean().cycles);
    }
}

// cache_model::run (the native engine's batched accesses) against read()/write() one by one:
// random runs of loads and stores (stores to the line just loaded, conflicts in a set, every
// policy, both replacements, a write buffer) give the same results, statistics and tags. The run
// finds lines with find_predicted(), whose way prediction per set this checks too (a wrong
// prediction after fills, evictions and invalidations must still give find()'s answer).
TEST_CASE("cache: a run of accesses equals the same reads and writes one by one", "[cache]") {
    const cpu::replacement repl = GENERATE(cpu::replacement::round_robin, cpu::replacement::pseudo_random);
    cpu::cache_costs costs;
    cache_model single(costs, bus), batched(costs, bus);
    cpu::write_buffer wb_single, wb_batched;
    single.attach_write_buffer(&wb_single);
    batched.attach_write_buffer(&wb_batched);
    for (cache_model* c : {&single, &batched}) {
        c->set_replacement(repl);
        c->seed_random(7, "dcache");
    }
    core::rng gen(11, "accesses");
    for (int round = 0; round < 200; ++round) {
        // Addresses in a window of 6 ways' worth of the cache, so that sets fill and evict.
        std::vector<std::uint32_t> mvas;
        std::vector<bool> writes;
        std::vector<cache_policy> policies;
        const auto count = gen.between(1, 300);
        for (std::uint64_t i = 0; i < count; ++i) {
            const std::uint32_t a = base + static_cast<std::uint32_t>(gen.below(6 * way_stride)) / 4 * 4;
            const cache_policy p = gen.below(8) == 0 ? static_cast<cache_policy>(gen.below(4)) : wb;
            mvas.push_back(a);
            writes.push_back(gen.below(2) == 0);
            policies.push_back(p);
            if (gen.below(2) == 0) {  // the working-set touch: a store to the line just accessed
                mvas.push_back(a / 32 * 32 + static_cast<std::uint32_t>(gen.below(8)) * 4);
                writes.push_back(true);
                policies.push_back(p);
            }
        }
        std::vector<cpu::access_result> expected, got;
        for (std::size_t i = 0; i < mvas.size(); ++i)
            expected.push_back(writes[i] ? single.write(mvas[i], policies[i]) : single.read(mvas[i], policies[i]));
        {
            cache_model::run r(batched);
            for (std::size_t i = 0; i < mvas.size(); ++i)
                got.push_back(writes[i] ? r.write(mvas[i], policies[i]) : r.read(mvas[i], policies[i]));
        }
        for (std::size_t i = 0; i < mvas.size(); ++i) {
            INFO("round " << round << " access " << i);
            REQUIRE(got[i].cycles == expected[i].cycles);
            REQUIRE(got[i].hit == expected[i].hit);
        }
        REQUIRE(batched.stats().hits == single.stats().hits);
        REQUIRE(batched.stats().misses == single.stats().misses);
        REQUIRE(batched.stats().refills == single.stats().refills);
        REQUIRE(batched.stats().write_backs == single.stats().write_backs);
        REQUIRE(batched.stats().uncached == single.stats().uncached);
        REQUIRE(batched.dirty_lines() == single.dirty_lines());
        REQUIRE(batched.dirty_halves() == single.dirty_halves());
        REQUIRE(wb_batched.writes() == wb_single.writes());
        REQUIRE(wb_batched.stalls() == wb_single.stalls());
        for (std::uint32_t a = base; a < base + 6 * way_stride; a += 16) {
            REQUIRE(batched.contains(a) == single.contains(a));
            REQUIRE(batched.is_dirty(a) == single.is_dirty(a));
        }
        if (round % 50 == 49) {  // now and then from a cold cache, as after a context switch
            single.clean_invalidate_all();
            batched.clean_invalidate_all();
        }
    }
}
