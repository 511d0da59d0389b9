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
