// SPDX-License-Identifier: Apache-2.0
#include "sim/imx21_periph/uart.hpp"

namespace rtv::imx21 {

using core::reg_access;

uart::uart(const sc_core::sc_module_name& name)
    : core::tlm_peripheral(name),
      irq(std::string(this->name()) + ".irq"),
      m_urxd(*this, "URXD", uart_urxd, 0),
      m_utxd(*this, "UTXD", uart_utxd, 0),
      m_ucr1(*this, "UCR1", uart_ucr1, 0),
      m_ucr2(*this, "UCR2", uart_ucr2, uart_ucr2_reset),
      m_ucr3(*this, "UCR3", uart_ucr3, uart_ucr3_reset),
      m_ucr4(*this, "UCR4", uart_ucr4, 0),
      m_ufcr(*this, "UFCR", uart_ufcr, uart_ufcr_reset),
      m_usr1(*this, "USR1", uart_usr1, uart_usr1_reset),
      m_usr2(*this, "USR2", uart_usr2, uart_usr2_reset),
      m_uesc(*this, "UESC", uart_uesc, 0),
      m_utim(*this, "UTIM", uart_utim, 0),
      m_ubir(*this, "UBIR", uart_ubir, 0),
      m_ubmr(*this, "UBMR", uart_ubmr, 0),
      m_ubrc(*this, "UBRC", uart_ubrc, uart_ubrc_reset),
      m_onems(*this, "ONEMS", uart_onems, 0),
      m_uts(*this, "UTS", uart_uts, uart_uts_reset) {
    m_urxd.set_access(reg_access::read_only);
    m_utxd.set_access(reg_access::write_only);
    m_utxd.on_write([this](std::uint32_t v) { transmit(v); });
    for (core::reg* r : {&m_ucr1, &m_ucr4}) {
        r->on_write([this, r](std::uint32_t v) {
            *r = v;
            update_irq();
        });
    }
    // The status registers are W1C in hardware; none of their event bits is modelled and the
    // transmitter bits are facts of the model, so a write clears nothing.
    for (core::reg* r : {&m_usr1, &m_usr2}) {
        r->set_access(reg_access::write_1_to_clear);
        r->set_write_mask(0);
    }
    m_ubrc.set_access(reg_access::read_only);
    // The empty flags are facts of the model; software may still set the test-mode bits.
    m_uts.set_write_mask(~(uart_uts_txempty | uart_uts_rxempty));
    m_output.reserve(4096);
}

void uart::transmit(std::uint32_t v) {
    const char c = static_cast<char>(v & uart_utxd_data);
    m_output.push_back(c);
    if (m_on_transmit) m_on_transmit(c);
}

void uart::update_irq() {
    const std::uint32_t ucr1 = m_ucr1;
    const std::uint32_t ucr4 = m_ucr4;
    const std::uint32_t usr1 = m_usr1;
    const std::uint32_t usr2 = m_usr2;
    irq.set(((ucr1 & uart_ucr1_trdyen) && (usr1 & uart_usr1_trdy)) ||
            ((ucr1 & uart_ucr1_txmptyen) && (usr2 & uart_usr2_txfe)) ||
            ((ucr4 & uart_ucr4_tcen) && (usr2 & uart_usr2_txdc)));
}

void uart::reset() {
    core::tlm_peripheral::reset();
    update_irq();
}

}  // namespace rtv::imx21
