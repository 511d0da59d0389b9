// SPDX-License-Identifier: Apache-2.0
// GPT: exact interrupt instants and register behaviour. Each TEST_CASE is its own process.
#include <catch2/catch.hpp>

#include "sim/imx21_periph/gpt.hpp"
#include "tests/sim/tlm_test_bench.hpp"

using namespace rtv;
using namespace rtv::imx21;
using rtv::test::edge32;
using rtv::test::edge_after;
using rtv::test::edge_time;
using rtv::test::initiator;
using rtv::test::irq_recorder;

namespace {

constexpr std::uint32_t clk(unsigned source) { return source << gpt_tctl_clksource_shift; }
constexpr std::uint32_t ten_32k = gpt_tctl_ten | clk(gpt_clk_32k);
constexpr std::uint64_t perclk = default_perclk1_hz;

}  // namespace

TEST_CASE("gpt: Xen-ARM tick - 32 kHz restart mode compare 327 from time 0", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tcmp, 327);
        c.write32(gpt_tctl, ten_32k | gpt_tctl_comp_en);
        for (int k = 0; k < 3; ++k) {
            sc_core::wait(irq.rose);
            CHECK(c.read32(gpt_tstat) == gpt_tstat_comp);
            CHECK(c.read32(gpt_tcn) == 327);
            c.write32(gpt_tstat, gpt_tstat_comp);
            CHECK_FALSE(irq.level());
        }
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    REQUIRE(irq.rises.size() == 3);
    // Edge 327 at floor(327e12/32768) ps, then every 328 edges = 10,009,765,625 ps exactly.
    CHECK(irq.rises[0] == 9'979'248'046ULL);
    CHECK(irq.rises[1] == 19'989'013'671ULL);
    CHECK(irq.rises[2] == edge32(327 + 2 * 328));
    CHECK(irq.falls == irq.rises);  // acknowledged at the same instant
}

TEST_CASE("gpt: restart mode period is TCMP+1 edges - 1st 2nd and 10000th interrupt", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    const core::picoseconds t0 = 1'000'000'007;  // 1 ms + 7 ps, between two 32 kHz edges
    initiator cpu("cpu", [&](initiator& c) {
        c.wait_until(t0);
        c.write32(gpt_tcmp, 327);
        c.write32(gpt_tctl, ten_32k | gpt_tctl_comp_en);
        for (int k = 0; k < 10'000; ++k) {
            sc_core::wait(irq.rose);
            c.write32(gpt_tstat, gpt_tstat_comp);
        }
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    const std::uint64_t first = edge_after(t0, 32'768);
    REQUIRE(first == 33);
    REQUIRE(irq.rises.size() == 10'000);
    CHECK(irq.rises[0] == edge32(first + 326));  // the 327th edge after t0
    CHECK(irq.rises[1] == edge32(first + 326 + 328));
    CHECK(irq.rises[9'999] == edge32(first + 326 + 328ULL * 9'999));
    CHECK(timer.compare_events() == 10'000);
}

TEST_CASE("gpt: 999 ticks in 10 s and 99902 in 1000 s", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    std::size_t at_10s = 0;
    initiator cpu(
        "cpu",
        [&](initiator& c) {
            c.write32(gpt_tcmp, 327);
            c.write32(gpt_tctl, ten_32k | gpt_tctl_comp_en);
            for (;;) {
                sc_core::wait(irq.rose);
                c.write32(gpt_tstat, gpt_tstat_comp);
                if (core::now_ps() <= 10 * core::ps_per_second) at_10s = irq.rises.size();
            }
        },
        false);
    cpu.out.bind(timer.in);
    sc_core::sc_start(core::to_sc_time(1000 * core::ps_per_second));
    CHECK(at_10s == 999);
    CHECK(irq.rises.size() == 99'902);
}

TEST_CASE("gpt: counter reads at known instants and restarts to 0 the edge after the match", "[gpt]") {
    gpt timer("gpt1");
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tcmp, 3);
        c.write32(gpt_tctl, ten_32k);  // at t = 0: edge 0 is not strictly after, edge 1 counts
        CHECK(c.read32(gpt_tcn) == 0);
        c.wait_until(edge32(1) - 1);
        CHECK(c.read32(gpt_tcn) == 0);
        c.wait_until(edge32(1));
        CHECK(c.read32(gpt_tcn) == 1);
        c.wait_until(edge32(3));
        CHECK(c.read32(gpt_tcn) == 3);
        CHECK(c.read32(gpt_tstat) == gpt_tstat_comp);
        c.wait_until(edge32(4));
        CHECK(c.read32(gpt_tcn) == 0);
        c.wait_until(edge32(7) + 5);
        CHECK(c.read32(gpt_tcn) == 3);
        c.wait_until(edge32(8));
        CHECK(c.read32(gpt_tcn) == 0);
        c.wait_until(edge32(4 * 1000 + 2));
        CHECK(c.read32(gpt_tcn) == 2);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    CHECK(timer.compare_events() == 1000);  // matches at edges 3, 7, ..., 3999
}

TEST_CASE("gpt: free-run mode wraps at 2^32 and matches again after 2^32 counts", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    const core::picoseconds t0 = 123'456'789;
    initiator cpu("cpu", [&](initiator& c) {
        c.wait_until(t0);
        c.write32(gpt_tcmp, 100);
        c.write32(gpt_tctl, ten_32k | gpt_tctl_frr | gpt_tctl_comp_en);
        sc_core::wait(irq.rose);
        c.write32(gpt_tstat, gpt_tstat_comp);
        const std::uint64_t s = edge_after(t0, 32'768);
        c.wait_until(edge32(s + 99 + 5));
        CHECK(c.read32(gpt_tcn) == 105);  // free-run: no restart after the match
        c.wait_until(edge32(s - 1 + (1ULL << 32) - 1));
        CHECK(c.read32(gpt_tcn) == 0xFFFF'FFFFu);
        c.wait_until(edge32(s - 1 + (1ULL << 32) + 3));
        CHECK(c.read32(gpt_tcn) == 3);
        sc_core::wait(irq.rose);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    const std::uint64_t s = edge_after(t0, 32'768);
    REQUIRE(irq.rises.size() == 2);
    CHECK(irq.rises[0] == edge32(s + 99));
    CHECK(irq.rises[1] == edge32(s + 99 + (1ULL << 32)));
}

TEST_CASE("gpt: PERCLK1 with prescaler 3 counts every 4th edge after enable", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    const core::picoseconds t0 = 12'345'678;
    initiator cpu("cpu", [&](initiator& c) {
        c.wait_until(t0);
        c.write32(gpt_tprer, 3);
        c.write32(gpt_tcmp, 10);
        c.write32(gpt_tctl, gpt_tctl_ten | clk(gpt_clk_perclk1) | gpt_tctl_comp_en);
        const std::uint64_t s = edge_after(t0, perclk);
        c.wait_until(edge_time(s + 4 * 2 - 1, perclk) - 1);
        CHECK(c.read32(gpt_tcn) == 1);
        c.wait_until(edge_time(s + 4 * 2 - 1, perclk));
        CHECK(c.read32(gpt_tcn) == 2);
        sc_core::wait(irq.rose);
        c.write32(gpt_tstat, gpt_tstat_comp);
        sc_core::wait(irq.rose);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    const std::uint64_t s = edge_after(t0, perclk);
    REQUIRE(irq.rises.size() == 2);
    CHECK(irq.rises[0] == edge_time(s + 10 * 4 - 1, perclk));
    CHECK(irq.rises[1] == edge_time(s + 10 * 4 - 1 + 11 * 4, perclk));
}

TEST_CASE("gpt: PERCLK1/4 takes every 4th PERCLK1 edge of the global grid", "[gpt]") {
    gpt timer("gpt1", 1'000'003);  // odd frequency: edges fall on uneven picoseconds
    irq_recorder irq(timer.irq);
    const core::picoseconds t0 = 5'000'000;
    initiator cpu("cpu", [&](initiator& c) {
        c.wait_until(t0);
        c.write32(gpt_tprer, 1);
        c.write32(gpt_tcmp, 5);
        c.write32(gpt_tctl, gpt_tctl_ten | clk(gpt_clk_perclk1_div4) | gpt_tctl_comp_en);
        sc_core::wait(irq.rose);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    const std::uint64_t e = edge_after(t0, 1'000'003);
    const std::uint64_t s4 = (e + 3) / 4;  // first PERCLK1/4 edge after t0
    REQUIRE(irq.rises.size() == 1);
    CHECK(irq.rises[0] == edge_time(4 * (s4 + 5 * 2 - 1), 1'000'003));
}

TEST_CASE("gpt: enable instant includes the annotated delay", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tcmp, 5);
        std::uint32_t v = ten_32k | gpt_tctl_comp_en;
        sc_core::sc_time d = core::to_sc_time(edge32(10));  // the access happens at edge 10
        CHECK(c.transport(tlm::TLM_WRITE_COMMAND, gpt_tctl, &v, 4, d) == tlm::TLM_OK_RESPONSE);
        sc_core::wait(irq.rose);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    REQUIRE(irq.rises.size() == 1);
    CHECK(irq.rises[0] == edge32(15));
}

TEST_CASE("gpt: TSTAT is write-1-to-clear and the level IRQ drops when it is cleared", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tcmp, 2);
        c.write32(gpt_tctl, ten_32k | gpt_tctl_comp_en);
        sc_core::wait(irq.rose);
        c.wait_until(edge32(2) + 1000);
        c.write32(gpt_tstat, 0);
        CHECK(c.read32(gpt_tstat) == gpt_tstat_comp);
        c.write32(gpt_tstat, gpt_tstat_capt);
        CHECK(c.read32(gpt_tstat) == gpt_tstat_comp);
        CHECK(irq.level());
        c.write32(gpt_tstat, 0xFFFF'FFFF);
        CHECK(c.read32(gpt_tstat) == 0);
        CHECK_FALSE(irq.level());
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    REQUIRE(irq.rises.size() == 1);
    CHECK(irq.rises[0] == edge32(2));
    REQUIRE(irq.falls.size() == 1);
    CHECK(irq.falls[0] == edge32(2) + 1000);
}

TEST_CASE("gpt: COMP without COMP_EN sets TSTAT but raises no IRQ until enabled", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tcmp, 4);
        c.write32(gpt_tctl, ten_32k);
        c.wait_until(edge32(20));
        CHECK(c.read32(gpt_tstat) == gpt_tstat_comp);
        CHECK_FALSE(irq.level());
        c.write32(gpt_tctl, ten_32k | gpt_tctl_comp_en);  // same clock: counting goes on
        CHECK(irq.level());
        CHECK(c.read32(gpt_tcn) == 0);  // edge 20: 4 matches at 4, 9, 14, 19; restart at 20
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    REQUIRE(irq.rises.size() == 1);
    CHECK(irq.rises[0] == edge32(20));
    CHECK(timer.compare_events() == 4);
}

TEST_CASE("gpt: TEN=0 freezes the counter with CC=0 and clears it with CC=1", "[gpt]") {
    gpt timer("gpt1");
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tctl, ten_32k);
        c.wait_until(edge32(10) + 7);
        c.write32(gpt_tctl, clk(gpt_clk_32k));  // TEN=0, CC=0: hold at 10
        c.wait_until(edge32(50) + 3);
        CHECK(c.read32(gpt_tcn) == 10);
        c.write32(gpt_tctl, ten_32k);  // resume from 10 at the first edge after this instant
        c.wait_until(edge32(51));
        CHECK(c.read32(gpt_tcn) == 11);
        c.wait_until(edge32(60));
        CHECK(c.read32(gpt_tcn) == 20);
        c.write32(gpt_tctl, clk(gpt_clk_32k) | gpt_tctl_cc);  // TEN=0, CC=1: counter cleared
        CHECK(c.read32(gpt_tcn) == 0);
        c.wait_until(edge32(70));
        CHECK(c.read32(gpt_tcn) == 0);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
}

TEST_CASE("gpt: clock source stop does not count", "[gpt]") {
    gpt timer("gpt1");
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tcmp, 1);
        c.write32(gpt_tctl, gpt_tctl_ten | clk(gpt_clk_stop) | gpt_tctl_comp_en);
        c.wait_until(edge32(100));
        CHECK(c.read32(gpt_tcn) == 0);
        CHECK(c.read32(gpt_tstat) == 0);
        CHECK(timer.next_compare_ps() == gpt::never);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
}

TEST_CASE("gpt: SWR resets every register but keeps TEN and stops counting", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tprer, 2);
        c.write32(gpt_tcmp, 3);
        c.write32(gpt_tctl, ten_32k | gpt_tctl_comp_en | gpt_tctl_frr);
        sc_core::wait(irq.rose);
        c.wait_until(edge32(20));
        CHECK(c.read32(gpt_tcn) != 0);
        c.write32(gpt_tctl, gpt_tctl_swr);
        CHECK_FALSE(irq.level());
        CHECK(c.read32(gpt_tctl) == gpt_tctl_ten);  // SWR self-clears; TEN kept; CLKSOURCE stop
        CHECK(c.read32(gpt_tprer) == 0);
        CHECK(c.read32(gpt_tcmp) == gpt_tcmp_reset);
        CHECK(c.read32(gpt_tcr) == 0);
        CHECK(c.read32(gpt_tcn) == 0);
        CHECK(c.read32(gpt_tstat) == 0);
        CHECK(timer.next_compare_ps() == gpt::never);
        c.wait_until(edge32(200));
        CHECK(c.read32(gpt_tcn) == 0);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    REQUIRE(irq.rises.size() == 1);
    CHECK(irq.rises[0] == edge32(9));  // prescaler 2 (divide by 3): counts at edges 3, 6, 9
}

TEST_CASE("gpt: a TCMP write in restart mode does not reset the counter", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tcmp, 1000);
        c.write32(gpt_tctl, ten_32k | gpt_tctl_comp_en);
        c.wait_until(edge32(100) + 10);
        c.write32(gpt_tcmp, 200);
        CHECK(c.read32(gpt_tcn) == 100);
        sc_core::wait(irq.rose);
        c.write32(gpt_tstat, gpt_tstat_comp);
        sc_core::wait(irq.rose);
        c.write32(gpt_tstat, gpt_tstat_comp);
        // Lowering TCMP below TCN: no match until the counter wraps through 2^32.
        c.wait_until(edge32(500) + 10);
        CHECK(c.read32(gpt_tcn) == 98);  // match at edge 401, 0 at edge 402, 98 at edge 500
        c.write32(gpt_tcmp, 50);
        CHECK(c.read32(gpt_tcn) == 98);
        CHECK(timer.next_compare_ps() == edge32(500 + ((1ULL << 32) - 98 + 50)));
        c.wait_until(edge32(600));
        CHECK(c.read32(gpt_tcn) == 198);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    REQUIRE(irq.rises.size() == 2);
    CHECK(irq.rises[0] == edge32(200));
    CHECK(irq.rises[1] == edge32(200 + 201));
}

TEST_CASE("gpt: capture on TIN edges latches TCN into TCR and sets CAPT", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tctl, ten_32k | gpt_tctl_capt_en | (gpt_cap_rising << gpt_tctl_cap_shift));
        c.wait_until(edge32(42) + 1);
        timer.tin_edge(false);  // falling edge: CAP=rising ignores it
        CHECK(c.read32(gpt_tstat) == 0);
        timer.tin_edge(true);
        CHECK(c.read32(gpt_tcr) == 42);
        CHECK(c.read32(gpt_tstat) == gpt_tstat_capt);
        CHECK(irq.level());
        c.write32(gpt_tstat, gpt_tstat_capt);
        CHECK_FALSE(irq.level());
        CHECK(c.read32(gpt_tcr) == 42);
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
    REQUIRE(irq.rises.size() == 1);
    CHECK(irq.rises[0] == edge32(42) + 1);
}

TEST_CASE("gpt: TIN as clock source counts rising edges through the prescaler", "[gpt]") {
    gpt timer("gpt1");
    irq_recorder irq(timer.irq);
    initiator cpu("cpu", [&](initiator& c) {
        c.write32(gpt_tprer, 1);
        c.write32(gpt_tcmp, 2);
        c.write32(gpt_tctl, gpt_tctl_ten | clk(gpt_clk_tin) | gpt_tctl_comp_en);
        for (int i = 0; i < 3; ++i) {
            timer.tin_edge(true);
            timer.tin_edge(false);
        }
        CHECK(c.read32(gpt_tcn) == 1);
        timer.tin_edge(true);
        CHECK(c.read32(gpt_tcn) == 2);
        CHECK(irq.level());
        timer.tin_edge(true);
        timer.tin_edge(true);
        CHECK(c.read32(gpt_tcn) == 0);  // restart mode: 0 after the match
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
}

TEST_CASE("gpt: register bank answers bad accesses with TLM errors", "[gpt]") {
    gpt timer("gpt1");
    initiator cpu("cpu", [&](initiator& c) {
        tlm::tlm_response_status st;
        CHECK(c.write32(gpt_tcn, 5) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(c.write32(gpt_tcr, 5) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        c.read32(0x18, &st);
        CHECK(st == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        c.read32(0x02, &st);
        CHECK(st == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        std::uint16_t h = 0;
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        CHECK(c.transport(tlm::TLM_READ_COMMAND, gpt_tctl, &h, 2, d) == tlm::TLM_BURST_ERROR_RESPONSE);
        std::uint32_t w = 0;
        unsigned char be[4] = {0xFF, 0xFF, 0, 0};
        CHECK(c.transport(tlm::TLM_WRITE_COMMAND, gpt_tctl, &w, 4, d, be, 4) ==
              tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        CHECK(c.read32(gpt_tcmp) == gpt_tcmp_reset);
        CHECK(c.write32(gpt_tprer, 0xFFFF'FFFF) == tlm::TLM_OK_RESPONSE);
        CHECK(c.read32(gpt_tprer) == gpt_tprer_mask);
        CHECK(c.write32(gpt_tctl, 0xFFFF'7FFF) == tlm::TLM_OK_RESPONSE);
        CHECK(c.read32(gpt_tctl) == (gpt_tctl_writable & ~gpt_tctl_swr));
    });
    cpu.out.bind(timer.in);
    sc_core::sc_start();
}
