// SPDX-License-Identifier: Apache-2.0
// Bus decoding, SDRAM/internal RAM, DMI, and the register bank's error responses through the
// SoC's memory map. Each TEST_CASE is its own process.
#include <catch2/catch.hpp>
#include <cstring>

#include "sim/imx21_periph/imx21_soc.hpp"
#include "tests/sim/tlm_test_bench.hpp"

using namespace rtv;
using namespace rtv::imx21;
using rtv::test::initiator;

namespace {
constexpr core::picoseconds sdram_latency = 7'500;  // 7.5 ns per access
soc_config test_config() {
    soc_config cfg;
    cfg.sdram_latency_ps = sdram_latency;
    return cfg;
}
}  // namespace

TEST_CASE("bus: unmapped addresses get an address error", "[bus]") {
    imx21_soc soc("soc");
    initiator cpu("cpu", [&](initiator& c) {
        tlm::tlm_response_status st;
        for (std::uint64_t a : {0x0ULL, 0x1000'2000ULL, 0x1000'6000ULL, 0x1004'1000ULL, 0xBFFF'FFFCULL,
                                0xC400'0000ULL, 0xFFFF'E7FCULL}) {
            c.read32(a, &st);
            CHECK(st == tlm::TLM_ADDRESS_ERROR_RESPONSE);
            CHECK(c.write32(a, 1) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        }
        std::uint32_t v = 0;
        CHECK(c.debug(tlm::TLM_READ_COMMAND, 0x2000'0000, &v, 4) == 0);
        // A transaction crossing the end of a window is refused as a whole.
        std::uint64_t two = 0;
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        CHECK(c.transport(tlm::TLM_READ_COMMAND, 0xC3FF'FFFC, &two, 8, d) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        // DMI outside any window: refused, with the whole hole as the range.
        tlm::tlm_dmi dmi;
        CHECK_FALSE(c.dmi(0xA000'0000, dmi));
        CHECK(dmi.get_start_address() == 0x1004'1000);
        CHECK(dmi.get_end_address() == 0xBFFF'FFFF);
    });
    cpu.out.bind(soc.in);
    sc_core::sc_start();
}

TEST_CASE("bus: SDRAM reads back writes and annotates its latency", "[bus]") {
    imx21_soc soc("soc", test_config());
    initiator cpu("cpu", [&](initiator& c) {
        std::uint32_t v = 0x1234'5678;
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        CHECK(c.transport(tlm::TLM_WRITE_COMMAND, 0xC000'0100, &v, 4, d) == tlm::TLM_OK_RESPONSE);
        CHECK(core::to_ps(d) == sdram_latency);
        CHECK(c.last_dmi_allowed);
        std::uint32_t r = 0;
        CHECK(c.transport(tlm::TLM_READ_COMMAND, 0xC000'0100, &r, 4, d) == tlm::TLM_OK_RESPONSE);
        CHECK(r == 0x1234'5678);
        CHECK(core::to_ps(d) == 2 * sdram_latency);  // added to what was already annotated
        // Last word of the 64 MiB bank; bytes and bursts are fine for memory.
        CHECK(c.write32(0xC3FF'FFFC, 0xCAFE'F00D) == tlm::TLM_OK_RESPONSE);
        CHECK(c.read32(0xC3FF'FFFC) == 0xCAFE'F00D);
        std::uint8_t b = 0;
        CHECK(c.transport(tlm::TLM_READ_COMMAND, 0xC3FF'FFFF, &b, 1, d) == tlm::TLM_OK_RESPONSE);
        CHECK(b == 0xCA);
        std::uint32_t w = 0xFFFF'FFFF;
        unsigned char be[4] = {0xFF, 0, 0xFF, 0};
        CHECK(c.transport(tlm::TLM_WRITE_COMMAND, 0xC000'0100, &w, 4, d, be, 4) == tlm::TLM_OK_RESPONSE);
        CHECK(c.read32(0xC000'0100) == 0x12FF'56FF);
        // Debug access: no latency, same memory.
        std::uint32_t dbg = 0;
        CHECK(c.debug(tlm::TLM_READ_COMMAND, 0xC000'0100, &dbg, 4) == 4);
        CHECK(dbg == 0x12FF'56FF);
    });
    cpu.out.bind(soc.in);
    sc_core::sc_start();
    CHECK(soc.sdram().size() == sdram_default_size);
}

TEST_CASE("bus: SDRAM DMI pointer covers the bank in bus addresses", "[bus]") {
    imx21_soc soc("soc", test_config());
    initiator cpu("cpu", [&](initiator& c) {
        tlm::tlm_dmi dmi;
        REQUIRE(c.dmi(0xC000'1000, dmi));
        CHECK(dmi.get_start_address() == sdram_base);
        CHECK(dmi.get_end_address() == sdram_base + sdram_default_size - 1);
        CHECK(dmi.is_read_write_allowed());
        CHECK(core::to_ps(dmi.get_read_latency()) == sdram_latency);
        CHECK(core::to_ps(dmi.get_write_latency()) == sdram_latency);
        unsigned char* p = dmi.get_dmi_ptr() + (0xC000'2000 - dmi.get_start_address());
        const std::uint32_t v = 0xA5A5'0F0F;
        std::memcpy(p, &v, 4);
        CHECK(c.read32(0xC000'2000) == v);
        CHECK(c.write32(0xC000'2004, 0x0102'0304) == tlm::TLM_OK_RESPONSE);
        std::uint32_t r = 0;
        std::memcpy(&r, p + 4, 4);
        CHECK(r == 0x0102'0304);
        // Peripherals never grant DMI; the refused range is the peripheral's window.
        tlm::tlm_dmi none;
        CHECK_FALSE(c.dmi(gpt1_base + 8, none));
        CHECK(none.get_start_address() == gpt1_base);
        CHECK(none.get_end_address() == gpt1_base + periph_window - 1);
    });
    cpu.out.bind(soc.in);
    sc_core::sc_start();
}

TEST_CASE("bus: internal RAM is 6 KiB at 0xFFFFE800", "[bus]") {
    imx21_soc soc("soc");
    initiator cpu("cpu", [&](initiator& c) {
        CHECK(c.write32(iram_base, 0x1111'1111) == tlm::TLM_OK_RESPONSE);
        CHECK(c.write32(0xFFFF'FFFC, 0x2222'2222) == tlm::TLM_OK_RESPONSE);
        CHECK(c.read32(iram_base) == 0x1111'1111);
        CHECK(c.read32(0xFFFF'FFFC) == 0x2222'2222);
        tlm::tlm_dmi dmi;
        REQUIRE(c.dmi(0xFFFF'F000, dmi));
        CHECK(dmi.get_start_address() == iram_base);
        CHECK(dmi.get_end_address() == 0xFFFF'FFFFULL);
    });
    cpu.out.bind(soc.in);
    sc_core::sc_start();
    CHECK(soc.iram().size() == 0x1800);
}

TEST_CASE("bus: register bank errors through the bus", "[bus]") {
    imx21_soc soc("soc");
    initiator cpu("cpu", [&](initiator& c) {
        tlm::tlm_response_status st;
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        std::uint16_t h = 0;
        CHECK(c.transport(tlm::TLM_READ_COMMAND, gpt1_base + gpt_tctl, &h, 2, d) ==
              tlm::TLM_BURST_ERROR_RESPONSE);
        std::uint64_t dw = 0;
        CHECK(c.transport(tlm::TLM_READ_COMMAND, aitc_base + aitc_nivecsr, &dw, 8, d) ==
              tlm::TLM_BURST_ERROR_RESPONSE);
        c.read32(gpt1_base + 0x2, &st);
        CHECK(st == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        c.read32(gpt2_base + 0x18, &st);  // unmapped offset inside a mapped window
        CHECK(st == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        c.read32(uart1_base + 0x100, &st);
        CHECK(st == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        CHECK(c.write32(gpt3_base + gpt_tcn, 1) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(c.write32(aitc_base + aitc_nivecsr, 1) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        std::uint32_t w = 0;
        unsigned char be[4] = {0xFF, 0, 0, 0};
        CHECK(c.transport(tlm::TLM_WRITE_COMMAND, gpt1_base + gpt_tcmp, &w, 4, d, be, 4) ==
              tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        CHECK(c.read32(gpt1_base + gpt_tcmp) == gpt_tcmp_reset);  // untouched by the refused write
        // Debug access to registers: whole words only.
        std::uint32_t regs[2] = {};
        CHECK(c.debug(tlm::TLM_READ_COMMAND, gpt1_base + gpt_tcmp, regs, 8) == 8);
        CHECK(regs[0] == gpt_tcmp_reset);
        CHECK(c.debug(tlm::TLM_READ_COMMAND, gpt1_base + gpt_tcmp, regs, 3) == 0);
    });
    cpu.out.bind(soc.in);
    sc_core::sc_start();
}

TEST_CASE("bus: several initiators share the bus", "[bus]") {
    imx21_soc soc("soc");
    initiator writer(
        "writer",
        [&](initiator& c) {
            CHECK(c.write32(0xC000'0000, 77) == tlm::TLM_OK_RESPONSE);
            CHECK(c.write32(gpt1_base + gpt_tcmp, 1234) == tlm::TLM_OK_RESPONSE);
        },
        false);
    initiator reader("reader", [&](initiator& c) {
        sc_core::wait(1, sc_core::SC_NS);
        CHECK(c.read32(0xC000'0000) == 77);
        CHECK(c.read32(gpt1_base + gpt_tcmp) == 1234);
    });
    writer.out.bind(soc.in);
    reader.out.bind(soc.in);
    sc_core::sc_start();
}

TEST_CASE("bus: overlapping windows are refused at elaboration", "[bus]") {
    bus b("bus");
    memory m1("m1", 0x1000);
    memory m2("m2", 0x1000);
    b.map(0x1000, 0x1000, m1.in, "m1");
    CHECK_THROWS_AS(b.map(0x1800, 0x1000, m2.in, "m2"), std::invalid_argument);
    b.map(0x2000, 0x1000, m2.in, "m2");
    CHECK(b.decode(0x1FFF) == &b.regions()[0]);
    CHECK(b.decode(0x2000)->label == "m2");
    CHECK(b.decode(0x3000) == nullptr);
    CHECK(b.decode(0x1FFC, 8) == nullptr);
}
