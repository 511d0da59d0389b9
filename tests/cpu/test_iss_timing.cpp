// SPDX-License-Identifier: Apache-2.0
// ISS cycle counts: one sequence per row of the timing table (sim/cpu/iss/timing.hpp, from ARM
// DDI 0222B table 8.2 and ARM DDI 0165B chapter 8), measured with warm caches and TLB between
// SWI markers (tests/cpu/iss/timing.S); and the interrupt boundary rule in picoseconds.
#include <catch2/catch.hpp>

#include "iss_bench.hpp"
#include "timing.hpp"

using namespace rtv;

TEST_CASE("every row of the timing table costs what the table says", "[iss][timing]") {
    test::iss_bench b("b", timing_image, sizeof timing_image);
    test::run_for_ms(1);
    REQUIRE(b.sw.done);
    // Cycles of each sequence of timing.S (second pass), plus 3 for the closing SWI's exception
    // entry (cpu_costs::exception_entry).
    const unsigned sequence[] = {
        10, 2, 3, 2, 4, 4, 4, 4, 3, 4,   // data ops, register shift, load-use interlocks, C port
        4, 4, 4, 3, 5, 3,                // multiplies
        1 + 10 * (1 + 3) - 2,            // subs/bne loop of 10: the last BNE fails (1 cycle)
        3, 6, 5, 3, 5,                   // B, BL+BX, MOV pc, ADD pc, LDR pc
        3, 2, 6, 4, 1, 2, 4, 4, 4,       // LDM, STM, STR, STRD, LDRD, STM interlocks
        2, 2, 6, 2,                      // SWP, MRS+MSR, failed conditions, CLZ+QADD
        5, 7, 2, 1 + 1 + 3,              // BX to Thumb, Thumb BL+BX, Thumb shift, LDR+interlock+BX back
    };
    constexpr std::size_t per_pass = std::size(sequence) + 1;
    REQUIRE(b.sw.traps.size() == 2 * per_pass + 1);
    for (std::size_t i = 0; i < std::size(sequence); ++i) {
        INFO("sequence " << i + 1);
        CHECK(b.cycles_between(per_pass + i) == sequence[i] + 3);
    }
    CHECK(b.cpu().iss_stats().interlock_cycles > 0);
}

#include "irq_rule.hpp"

namespace {

// Raises the bench's nIRQ at the times the trap handler asks for.
struct irq_driver : sc_core::sc_module {
    core::irq_line* line = nullptr;
    sc_core::sc_event raise;
    SC_HAS_PROCESS(irq_driver);
    explicit irq_driver(sc_core::sc_module_name n) : sc_module(n) { SC_THREAD(run); }
    void run() {
        for (;;) {
            wait(raise);
            line->set(true);
        }
    }
};

}  // namespace

TEST_CASE("an IRQ is taken at the first instruction boundary whose cycle edge is at or after it", "[iss][timing][irq]") {
    test::bench_options o;
    o.test_irq = true;
    o.caches = false;  // every fetch costs one bus word: each multiply takes 1 + 2 cycles
    test::iss_bench b("b", irq_rule_image, sizeof irq_rule_image, o);
    irq_driver drv("drv");
    drv.line = &b.irq;
    const core::clock_domain& clk = b.cpu().clock();
    // After marker k the multiplies start at the trap's cycle m; their boundaries are m + 3j.
    // The IRQ is asserted at: 1 ps before edge m + 10 (first boundary at or after: m + 12);
    // exactly on edge m + 12 (taken there: at or after); 1 ps after edge m + 12 (m + 15).
    const std::int64_t edge[] = {10, 12, 12};
    const std::int64_t offset_ps[] = {-1, 0, 1};
    const std::uint64_t boundary[] = {12, 12, 15};
    std::vector<std::uint64_t> marks, taken, returns;
    std::vector<core::picoseconds> taken_ps;
    b.sw.on_irq = [&](cpu::arm926_core& c) {
        taken.push_back(c.cycle());
        taken_ps.push_back(c.local_time());
        returns.push_back(c.exception_return_address());
        b.irq.set(false);
    };
    // The marker's trap schedules the assertion: the multiplies start at the trap's cycle m.
    b.sw.on_trap = [&](cpu::arm926_core& c, const cpu::trap_record& t) {
        if (t.swi_number != 1) return;
        const std::size_t k = marks.size();
        const std::uint64_t m = c.cycle();
        marks.push_back(m);
        const auto at = static_cast<core::picoseconds>(static_cast<std::int64_t>(clk.time_of(m + edge[k])) + offset_ps[k]);
        drv.raise.notify(core::to_sc_time(at - core::now_ps()));
    };
    test::run_for_ms(1);
    REQUIRE(b.sw.done);
    REQUIRE(taken.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) {
        INFO("IRQ " << k);
        CHECK(taken[k] == marks[k] + boundary[k] + 3);  // + exception entry
        CHECK(taken_ps[k] == clk.time_of(marks[k] + boundary[k] + 3));
        // LR = the address of the first multiply not executed + 4 (A2.6.8); the k-th run of
        // multiplies starts after its marker at 0x20 + k * (4 + 40 * 4) + 4.
        CHECK(returns[k] == 0x20 + k * (4 + 160) + 4 + 4 * (boundary[k] / 3) + 4);
    }
}
