// SPDX-License-Identifier: Apache-2.0
// AITC: enabling, priorities, NIMASK, FIQ routing, forcing. Each TEST_CASE is its own process.
#include <catch2/catch.hpp>

#include "sim/imx21_periph/aitc.hpp"
#include "tests/sim/tlm_test_bench.hpp"

using namespace rtv;
using namespace rtv::imx21;
using rtv::test::initiator;
using rtv::test::irq_recorder;

namespace {

// Writes priority p for source n, keeping the other seven sources of that register.
void set_priority(initiator& c, unsigned n, unsigned p) {
    const std::uint32_t off = aitc_nipriority(n / 8);
    const unsigned shift = 4 * (n % 8);
    const std::uint32_t v = (c.read32(off) & ~(0xFu << shift)) | (p << shift);
    c.write32(off, v);
}

constexpr std::uint32_t vec(unsigned n, unsigned prio) { return (n << 16) | prio; }

}  // namespace

TEST_CASE("aitc: reset values and nothing pending reads 0xFFFFFFFF", "[aitc]") {
    aitc ic("aitc");
    initiator cpu("cpu", [&](initiator& c) {
        CHECK(c.read32(aitc_intcntl) == 0);
        CHECK(c.read32(aitc_nimask) == aitc_nimask_reset);
        CHECK(c.read32(aitc_intenableh) == 0);
        CHECK(c.read32(aitc_intenablel) == 0);
        CHECK(c.read32(aitc_nivecsr) == 0xFFFF'FFFFu);
        CHECK(c.read32(aitc_fivecsr) == 0xFFFF'FFFFu);
        CHECK(c.read32(aitc_nipndl) == 0);
        CHECK(c.read32(aitc_fipndl) == 0);
        for (unsigned x = 0; x < 8; ++x) CHECK(c.read32(aitc_nipriority(x)) == 0);
    });
    cpu.out.bind(ic.in);
    sc_core::sc_start();
    CHECK_FALSE(ic.irq_out.level());
    CHECK_FALSE(ic.fiq_out.level());
}

TEST_CASE("aitc: INTENNUM and INTDISNUM enable and disable one source", "[aitc]") {
    aitc ic("aitc");
    core::irq_line gpt1_irq("gpt1");
    core::irq_line dma_irq("dma");
    ic.bind_source(irq_gpt1, gpt1_irq);
    ic.bind_source(40, dma_irq);
    irq_recorder nirq(ic.irq_out);
    initiator cpu("cpu", [&](initiator& c) {
        gpt1_irq.set(true);
        CHECK(c.read32(aitc_intsrcl) == (1u << irq_gpt1));
        CHECK_FALSE(nirq.level());  // disabled
        CHECK(c.read32(aitc_nivecsr) == 0xFFFF'FFFFu);
        sc_core::wait(1, sc_core::SC_US);
        c.write32(aitc_intennum, irq_gpt1);
        CHECK(nirq.level());  // synchronously, at the write
        CHECK(c.read32(aitc_intenablel) == (1u << irq_gpt1));
        CHECK(c.read32(aitc_intennum) == 0);  // write-only, reads 0
        CHECK(c.read32(aitc_nivecsr) == vec(irq_gpt1, 0));
        CHECK(c.read32(aitc_nipndl) == (1u << irq_gpt1));
        c.write32(aitc_intennum, 40);
        CHECK(c.read32(aitc_intenableh) == (1u << 8));
        dma_irq.set(true);
        CHECK(c.read32(aitc_intsrch) == (1u << 8));
        CHECK(c.read32(aitc_nipndh) == (1u << 8));
        sc_core::wait(1, sc_core::SC_US);
        c.write32(aitc_intdisnum, irq_gpt1);
        c.write32(aitc_intdisnum, 40);
        CHECK_FALSE(nirq.level());
        CHECK(c.read32(aitc_intenablel) == 0);
        CHECK(c.read32(aitc_intenableh) == 0);
        c.write32(aitc_intenablel, 1u << irq_gpt1);  // the direct register works too
        CHECK(nirq.level());
        gpt1_irq.set(false);  // level-sensitive: the source dropping its line clears it
        CHECK_FALSE(nirq.level());
    });
    cpu.out.bind(ic.in);
    sc_core::sc_start();
    REQUIRE(nirq.rises.size() == 2);
    CHECK(nirq.rises[0] == 1'000'000);
    CHECK(nirq.rises[1] == 2'000'000);
    REQUIRE(nirq.falls.size() == 2);
    CHECK(nirq.falls[0] == 2'000'000);
    CHECK(nirq.falls[1] == 2'000'000);
}

TEST_CASE("aitc: NIVECSR gives the highest priority and ties go to the higher source", "[aitc]") {
    aitc ic("aitc");
    initiator cpu("cpu", [&](initiator& c) {
        for (unsigned n : {3u, 24u, 25u, 26u, 63u}) c.write32(aitc_intennum, n);
        set_priority(c, 24, 5);
        set_priority(c, 25, 9);
        set_priority(c, 26, 9);
        set_priority(c, 63, 15);
        set_priority(c, 3, 1);
        // NIPRIORITY3 holds sources 31..24: 24 at [3:0], 25 at [7:4], 26 at [11:8].
        CHECK(c.read32(aitc_nipriority(3)) == 0x995u);
        CHECK(c.read32(aitc_nipriority(3)) == c.read32(0x30));
        ic.set_source(3, true);
        CHECK(c.read32(aitc_nivecsr) == vec(3, 1));
        ic.set_source(24, true);
        CHECK(c.read32(aitc_nivecsr) == vec(24, 5));
        ic.set_source(25, true);
        CHECK(c.read32(aitc_nivecsr) == vec(25, 9));
        ic.set_source(26, true);
        CHECK(c.read32(aitc_nivecsr) == vec(26, 9));  // same level as 25: higher number wins
        ic.set_source(63, true);
        CHECK(c.read32(aitc_nivecsr) == vec(63, 15));
        CHECK(c.read32(aitc_nivecsr) == vec(63, 15));  // reading has no side effect
        ic.set_source(63, false);
        ic.set_source(26, false);
        CHECK(c.read32(aitc_nivecsr) == vec(25, 9));
    });
    cpu.out.bind(ic.in);
    sc_core::sc_start();
}

TEST_CASE("aitc: NIMASK masks normal interrupts at or below its level", "[aitc]") {
    aitc ic("aitc");
    irq_recorder nirq(ic.irq_out);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(aitc_intennum, 10);
        c.write32(aitc_intennum, 11);
        set_priority(c, 10, 4);
        set_priority(c, 11, 7);
        ic.set_source(10, true);
        CHECK(nirq.level());
        c.write32(aitc_nimask, 4);  // 4 is not above 4: masked
        CHECK_FALSE(nirq.level());
        CHECK(c.read32(aitc_nivecsr) == 0xFFFF'FFFFu);
        CHECK(c.read32(aitc_nipndl) == 0);
        ic.set_source(11, true);
        CHECK(nirq.level());
        CHECK(c.read32(aitc_nivecsr) == vec(11, 7));
        c.write32(aitc_nimask, 7);
        CHECK_FALSE(nirq.level());
        c.write32(aitc_nimask, 3);
        CHECK(nirq.level());
        CHECK(c.read32(aitc_nivecsr) == vec(11, 7));
        CHECK(c.read32(aitc_nipndl) == ((1u << 10) | (1u << 11)));
        c.write32(aitc_nimask, 15);
        CHECK_FALSE(nirq.level());
        c.write32(aitc_nimask, 0x1F);  // -1: none masked
        CHECK(nirq.level());
        CHECK(c.read32(aitc_nimask) == 0x1F);
        c.write32(aitc_nimask, 0xFFFF'FFE0);  // only 5 bits exist
        CHECK(c.read32(aitc_nimask) == 0);
    });
    cpu.out.bind(ic.in);
    sc_core::sc_start();
}

TEST_CASE("aitc: INTTYPE routes a source to nFIQ and FIVECSR", "[aitc]") {
    aitc ic("aitc");
    irq_recorder nirq(ic.irq_out);
    irq_recorder nfiq(ic.fiq_out);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(aitc_intennum, irq_gpt2);
        c.write32(aitc_intennum, 45);
        c.write32(aitc_inttypel, 1u << irq_gpt2);
        ic.set_source(irq_gpt2, true);
        CHECK(nfiq.level());
        CHECK_FALSE(nirq.level());
        CHECK(c.read32(aitc_fivecsr) == irq_gpt2);
        CHECK(c.read32(aitc_nivecsr) == 0xFFFF'FFFFu);
        CHECK(c.read32(aitc_fipndl) == (1u << irq_gpt2));
        CHECK(c.read32(aitc_nipndl) == 0);
        c.write32(aitc_nimask, 0);  // NIMASK does not apply to FIQs
        CHECK(nfiq.level());
        c.write32(aitc_inttypeh, 1u << (45 - 32));
        ic.set_source(45, true);
        CHECK(c.read32(aitc_fivecsr) == 45);  // several FIQs: the higher number
        CHECK(c.read32(aitc_fipndh) == (1u << 13));
        c.write32(aitc_inttypel, 0);  // back to a normal interrupt
        CHECK(c.read32(aitc_fivecsr) == 45);
        c.write32(aitc_nimask, 0x1F);
        CHECK(nirq.level());
        CHECK(c.read32(aitc_nivecsr) == vec(irq_gpt2, 0));
        c.write32(aitc_intcntl, aitc_intcntl_fidis);  // FIDIS gates nFIQ
        CHECK_FALSE(nfiq.level());
        c.write32(aitc_intcntl, aitc_intcntl_nidis);  // NIDIS gates nIRQ
        CHECK_FALSE(nirq.level());
        CHECK(nfiq.level());
        CHECK(c.read32(aitc_nivecsr) == vec(irq_gpt2, 0));  // the vector is still there
    });
    cpu.out.bind(ic.in);
    sc_core::sc_start();
}

TEST_CASE("aitc: INTFRC forces sources without an input", "[aitc]") {
    aitc ic("aitc");
    irq_recorder nirq(ic.irq_out);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(aitc_intfrcl, 1u << 5);
        CHECK_FALSE(nirq.level());  // forced but not enabled
        c.write32(aitc_intennum, 5);
        CHECK(nirq.level());
        CHECK(c.read32(aitc_nivecsr) == vec(5, 0));
        CHECK(c.read32(aitc_intsrcl) == 0);  // INTSRC shows the inputs only
        CHECK(c.read32(aitc_intfrcl) == (1u << 5));
        c.write32(aitc_intennum, 50);
        set_priority(c, 50, 2);
        c.write32(aitc_intfrch, 1u << (50 - 32));
        CHECK(c.read32(aitc_nivecsr) == vec(50, 2));
        c.write32(aitc_intfrch, 0);
        c.write32(aitc_intfrcl, 0);
        CHECK_FALSE(nirq.level());
        CHECK(c.read32(aitc_nivecsr) == 0xFFFF'FFFFu);
    });
    cpu.out.bind(ic.in);
    sc_core::sc_start();
}

TEST_CASE("aitc: read-only status registers refuse writes", "[aitc]") {
    aitc ic("aitc");
    initiator cpu("cpu", [&](initiator& c) {
        CHECK(c.write32(aitc_nivecsr, 0) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(c.write32(aitc_fivecsr, 0) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(c.write32(aitc_intsrcl, 0) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(c.write32(aitc_nipndh, 0) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        tlm::tlm_response_status st;
        c.read32(0x68, &st);
        CHECK(st == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    });
    cpu.out.bind(ic.in);
    sc_core::sc_start();
}
