// SPDX-License-Identifier: Apache-2.0
// i.MX21 UART, transmit side only: enough for a polling console driver.
//
// A byte written to UTXD is sent at once (the model has no baud-rate timing), so the
// transmitter is always ready and empty: USR1.TRDY, USR2.TXFE and USR2.TXDC stay set and
// UTS.TXFULL stays clear, and a driver polling any of them never waits. Every byte is
// appended to output() and passed to the optional transmit callback (the app uses it to
// split the console per domain). There is no receiver: URXD reads 0. Other registers
// store what is written and read their reset values until then.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <systemc>

#include "sim/core/irq_line.hpp"
#include "sim/core/register_bank.hpp"
#include "sim/imx21_periph/imx21_map.hpp"

namespace rtv::imx21 {

class uart : public core::tlm_peripheral {
public:
    // Level: (TRDYEN && TRDY) || (TXMPTYEN && TXFE) || (TCEN && TXDC); with an always-ready
    // transmitter it follows those enable bits.
    core::irq_line irq;

    explicit uart(const sc_core::sc_module_name& name);

    const std::string& output() const { return m_output; }
    void clear_output() { m_output.clear(); }
    void on_transmit(std::function<void(char)> f) { m_on_transmit = std::move(f); }

    void reset() override;

private:
    void transmit(std::uint32_t v);
    void update_irq();

    core::reg m_urxd;
    core::reg m_utxd;
    core::reg m_ucr1;
    core::reg m_ucr2;
    core::reg m_ucr3;
    core::reg m_ucr4;
    core::reg m_ufcr;
    core::reg m_usr1;
    core::reg m_usr2;
    core::reg m_uesc;
    core::reg m_utim;
    core::reg m_ubir;
    core::reg m_ubmr;
    core::reg m_ubrc;
    core::reg m_onems;
    core::reg m_uts;

    std::string m_output;
    std::function<void(char)> m_on_transmit;
};

}  // namespace rtv::imx21
