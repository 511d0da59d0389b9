// SPDX-License-Identifier: Apache-2.0
// UART1 transmit path: captured output, always-ready status, reset values, interrupt level.
#include <catch2/catch.hpp>

#include "sim/imx21_periph/uart.hpp"
#include "tests/sim/tlm_test_bench.hpp"

using namespace rtv;
using namespace rtv::imx21;
using rtv::test::initiator;

TEST_CASE("uart: bytes written to UTXD appear in the output", "[uart]") {
    uart u("uart1");
    std::string seen;
    u.on_transmit([&](char ch) { seen.push_back(ch); });
    initiator cpu("cpu", [&](initiator& c) {
        for (char ch : std::string("Hello, i.MX21\n")) {
            // A polling console driver: wait for TRDY (or TXFE), then write.
            while (!(c.read32(uart_usr1) & uart_usr1_trdy)) sc_core::wait(1, sc_core::SC_US);
            CHECK(c.write32(uart_utxd, static_cast<unsigned char>(ch)) == tlm::TLM_OK_RESPONSE);
            CHECK((c.read32(uart_usr2) & uart_usr2_txdc) != 0);
        }
        c.write32(uart_utxd, 0x1'41);     // only TX_DATA[7:0] is sent
        CHECK(c.read32(uart_utxd) == 0);  // write-only
    });
    cpu.out.bind(u.in);
    sc_core::sc_start();
    CHECK(u.output() == "Hello, i.MX21\nA");
    CHECK(seen == u.output());
    CHECK(sc_core::sc_time_stamp() == sc_core::SC_ZERO_TIME);  // the driver never waited
    u.clear_output();
    CHECK(u.output().empty());
}

TEST_CASE("uart: status registers keep the transmitter ready and empty", "[uart]") {
    uart u("uart1");
    initiator cpu("cpu", [&](initiator& c) {
        for (int i = 0; i < 100; ++i) c.write32(uart_utxd, 'x');
        CHECK(c.read32(uart_usr1) == uart_usr1_reset);
        CHECK(c.read32(uart_usr2) == uart_usr2_reset);
        CHECK((c.read32(uart_usr2) & uart_usr2_txfe) != 0);
        CHECK(c.read32(uart_uts) == uart_uts_reset);  // TXFULL never set
        c.write32(uart_usr1, 0xFFFF'FFFF);            // W1C of flags the model never raises: no effect
        c.write32(uart_usr2, 0xFFFF'FFFF);
        c.write32(uart_uts, 0);
        CHECK(c.read32(uart_usr1) == uart_usr1_reset);
        CHECK(c.read32(uart_usr2) == uart_usr2_reset);
        CHECK(c.read32(uart_uts) == uart_uts_reset);
    });
    cpu.out.bind(u.in);
    sc_core::sc_start();
    CHECK(u.output() == std::string(100, 'x'));
}

TEST_CASE("uart: unused registers read their reset values and store writes", "[uart]") {
    uart u("uart1");
    initiator cpu("cpu", [&](initiator& c) {
        CHECK(c.read32(uart_urxd) == 0);
        CHECK(c.read32(uart_ucr1) == 0);
        CHECK(c.read32(uart_ucr2) == uart_ucr2_reset);
        CHECK(c.read32(uart_ucr3) == uart_ucr3_reset);
        CHECK(c.read32(uart_ucr4) == 0);
        CHECK(c.read32(uart_ufcr) == uart_ufcr_reset);
        CHECK(c.read32(uart_ubrc) == uart_ubrc_reset);
        CHECK(c.read32(uart_onems) == 0);
        c.write32(uart_ubir, 0xF);
        c.write32(uart_ubmr, 0x3E7);
        CHECK(c.read32(uart_ubir) == 0xF);
        CHECK(c.read32(uart_ubmr) == 0x3E7);
        CHECK(c.write32(uart_urxd, 1) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(c.write32(uart_ubrc, 1) == tlm::TLM_COMMAND_ERROR_RESPONSE);
        tlm::tlm_response_status st;
        c.read32(0x44, &st);
        CHECK(st == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    });
    cpu.out.bind(u.in);
    sc_core::sc_start();
    u.reset();
    CHECK(u.find_register(uart_ubir)->get() == 0);
}

TEST_CASE("uart: transmit interrupts follow their enable bits", "[uart]") {
    uart u("uart1");
    initiator cpu("cpu", [&](initiator& c) {
        CHECK_FALSE(u.irq.level());
        c.write32(uart_ucr1, uart_ucr1_trdyen);
        CHECK(u.irq.level());
        c.write32(uart_ucr1, 0);
        CHECK_FALSE(u.irq.level());
        c.write32(uart_ucr1, uart_ucr1_txmptyen);
        CHECK(u.irq.level());
        c.write32(uart_ucr1, 0);
        c.write32(uart_ucr4, uart_ucr4_tcen);
        CHECK(u.irq.level());
        c.write32(uart_ucr4, 0);
        CHECK_FALSE(u.irq.level());
    });
    cpu.out.bind(u.in);
    sc_core::sc_start();
}
