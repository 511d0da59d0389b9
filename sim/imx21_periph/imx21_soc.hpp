// SPDX-License-Identifier: Apache-2.0
// The modelled part of the i.MX21: bus, SDRAM, internal RAM, GPT1..3, AITC and UART1, with
// the memory map of docs/models/bus_memory.md and the interrupt wiring of docs/sources.md 2.4.
//
// The core binds its initiator socket to `in` (the bus's target socket) and listens to
// aitc().irq_out / aitc().fiq_out.
#pragma once

#include <cstdint>
#include <systemc>

#include "sim/core/clock.hpp"
#include "sim/imx21_periph/aitc.hpp"
#include "sim/imx21_periph/bus.hpp"
#include "sim/imx21_periph/gpt.hpp"
#include "sim/imx21_periph/imx21_map.hpp"
#include "sim/imx21_periph/sdram.hpp"
#include "sim/imx21_periph/uart.hpp"

namespace rtv::imx21 {

struct soc_config {
    std::uint64_t sdram_size = sdram_default_size;
    // Added to the annotated delay of every SDRAM access and reported as the DMI latency.
    // 0 by default: no published figure; scenarios set it (see docs/models/bus_memory.md).
    core::picoseconds sdram_latency_ps = 0;
    std::uint64_t perclk1_hz = default_perclk1_hz;
};

class imx21_soc : public sc_core::sc_module {
public:
    explicit imx21_soc(const sc_core::sc_module_name& name, const soc_config& cfg = {});

    const soc_config& config() const { return m_cfg; }

    imx21::bus& interconnect() { return m_bus; }
    imx21::memory& sdram() { return m_sdram; }
    imx21::memory& iram() { return m_iram; }
    imx21::gpt& gpt1() { return m_gpt1; }
    imx21::gpt& gpt2() { return m_gpt2; }
    imx21::gpt& gpt3() { return m_gpt3; }
    imx21::gpt& gpt(unsigned n);  // n = 1..3
    imx21::aitc& aitc() { return m_aitc; }
    imx21::uart& uart1() { return m_uart1; }

private:
    soc_config m_cfg;
    imx21::bus m_bus;
    imx21::memory m_sdram;
    imx21::memory m_iram;
    imx21::gpt m_gpt1;
    imx21::gpt m_gpt2;
    imx21::gpt m_gpt3;
    imx21::aitc m_aitc;
    imx21::uart m_uart1;

public:
    // The CPU-side target socket (the bus's `in`); bind the core's initiator socket here.
    decltype(imx21::bus::in)& in;
};

}  // namespace rtv::imx21
