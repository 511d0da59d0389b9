// SPDX-License-Identifier: Apache-2.0
// The assembled SoC: memory map and interrupt wiring, and the Xen-ARM tick path end to end.
#include <catch2/catch.hpp>

#include "sim/imx21_periph/imx21_soc.hpp"
#include "tests/sim/tlm_test_bench.hpp"

using namespace rtv;
using namespace rtv::imx21;
using rtv::test::edge32;
using rtv::test::initiator;
using rtv::test::irq_recorder;

namespace {
constexpr std::uint32_t tctl_32k =
    gpt_tctl_ten | (gpt_clk_32k << gpt_tctl_clksource_shift) | gpt_tctl_comp_en;
}

TEST_CASE("soc: GPT1..3 and UART1 reach the AITC as sources 26 25 24 and 20", "[soc]") {
    imx21_soc soc("soc");
    initiator cpu("cpu", [&](initiator& c) {
        for (unsigned n : {irq_gpt1, irq_gpt2, irq_gpt3, irq_uart1}) c.write32(aitc_base + aitc_intennum, n);
        const std::uint64_t bases[] = {gpt1_base, gpt2_base, gpt3_base};
        const unsigned sources[] = {26, 25, 24};
        for (int i = 0; i < 3; ++i) {
            c.write32(bases[i] + gpt_tcmp, 1);
            c.write32(bases[i] + gpt_tctl, tctl_32k);
            c.wait_until(edge32(2 + 4 * i));
            CHECK(soc.aitc().irq_out.level());
            CHECK(c.read32(aitc_base + aitc_nivecsr) == (sources[i] << 16));
            CHECK(c.read32(aitc_base + aitc_intsrcl) == (1u << sources[i]));
            c.write32(bases[i] + gpt_tctl, 0);
            c.write32(bases[i] + gpt_tstat, gpt_tstat_comp);
            CHECK_FALSE(soc.aitc().irq_out.level());
        }
        c.write32(uart1_base + uart_ucr1, uart_ucr1_trdyen);
        CHECK(c.read32(aitc_base + aitc_nivecsr) == (irq_uart1 << 16));
        c.write32(uart1_base + uart_utxd, 'k');
        c.write32(uart1_base + uart_ucr1, 0);
        CHECK(c.read32(aitc_base + aitc_nivecsr) == 0xFFFF'FFFFu);
    });
    cpu.out.bind(soc.in);
    sc_core::sc_start();
    CHECK(soc.uart1().output() == "k");
    CHECK(&soc.gpt(2) == &soc.gpt2());
}

TEST_CASE("soc: Xen-ARM tick path - 999 GPT1 interrupts in 10 s via NIVECSR and TSTAT", "[soc]") {
    imx21_soc soc("soc");
    irq_recorder nirq(soc.aitc().irq_out);
    std::uint64_t handled = 0;
    initiator cpu(
        "cpu",
        [&](initiator& c) {
            c.write32(aitc_base + aitc_nimask, 0x1F);
            c.write32(aitc_base + aitc_intennum, irq_gpt1);
            c.write32(gpt1_base + gpt_tcmp, 327);  // LATCH - 1 with LATCH = (32768 + 50) / 100
            c.write32(gpt1_base + gpt_tctl, tctl_32k);
            for (;;) {
                sc_core::wait(nirq.rose);
                // The hypervisor's IRQ loop: read the vector until none is pending.
                for (std::uint32_t v; (v = c.read32(aitc_base + aitc_nivecsr)) >> 16 != 0xFFFF;) {
                    CHECK((v >> 16) == irq_gpt1);
                    c.write32(gpt1_base + gpt_tstat, gpt_tstat_comp);
                    ++handled;
                }
            }
        },
        false);
    cpu.out.bind(soc.in);
    sc_core::sc_start(core::to_sc_time(10 * core::ps_per_second));
    CHECK(handled == 999);
    REQUIRE(nirq.rises.size() == 999);
    CHECK(nirq.rises.front() == edge32(327));
    CHECK(nirq.rises.back() == edge32(327 + 328 * 998));
}
