// SPDX-License-Identifier: Apache-2.0
#include "sim/imx21_periph/imx21_soc.hpp"

#include <stdexcept>

namespace rtv::imx21 {

imx21_soc::imx21_soc(const sc_core::sc_module_name& name, const soc_config& cfg)
    : sc_core::sc_module(name),
      m_cfg(cfg),
      m_bus("bus"),
      m_sdram("sdram", cfg.sdram_size, cfg.sdram_latency_ps),
      m_iram("iram", iram_size, 0),
      m_gpt1("gpt1", cfg.perclk1_hz),
      m_gpt2("gpt2", cfg.perclk1_hz),
      m_gpt3("gpt3", cfg.perclk1_hz),
      m_aitc("aitc"),
      m_uart1("uart1"),
      in(m_bus.in) {
    m_bus.map(sdram_base, cfg.sdram_size, m_sdram.in, "sdram");
    m_bus.map(iram_base, iram_size, m_iram.in, "iram");
    m_bus.map(gpt1_base, periph_window, m_gpt1.in, "gpt1");
    m_bus.map(gpt2_base, periph_window, m_gpt2.in, "gpt2");
    m_bus.map(gpt3_base, periph_window, m_gpt3.in, "gpt3");
    m_bus.map(aitc_base, periph_window, m_aitc.in, "aitc");
    m_bus.map(uart1_base, periph_window, m_uart1.in, "uart1");

    m_aitc.bind_source(irq_gpt1, m_gpt1.irq);
    m_aitc.bind_source(irq_gpt2, m_gpt2.irq);
    m_aitc.bind_source(irq_gpt3, m_gpt3.irq);
    m_aitc.bind_source(irq_uart1, m_uart1.irq);
}

imx21::gpt& imx21_soc::gpt(unsigned n) {
    switch (n) {
        case 1:
            return m_gpt1;
        case 2:
            return m_gpt2;
        case 3:
            return m_gpt3;
        default:
            throw std::out_of_range("i.MX21 has GPT1..GPT3");
    }
}

}  // namespace rtv::imx21
