// SPDX-License-Identifier: Apache-2.0
// Xen-ARM's i.MX21 drivers (xen/arch/arm/arch-imx21): the AITC as its irqchip and GPT1 as
// its tick timer. They touch the hardware only through the core's bus accesses.
#pragma once

#include <cstdint>

#include "sim/cpu/arm926_core.hpp"
#include "sim/imx21_periph/imx21_map.hpp"

namespace rtv::hv::drv {

// Xen-ARM ticks from GPT1 (xen-arm.md 3.2), AITC source 26.
inline constexpr std::uint32_t tick_timer_base = static_cast<std::uint32_t>(imx21::gpt1_base);
inline constexpr std::uint32_t tick_timer_irq = imx21::irq_gpt1;

// GPT from CLK32, restart mode, compare interrupt on, compare value `compare`.
void gpt_start_periodic(cpu::arm926_core& core, std::uint32_t base, std::uint32_t compare);
// Acknowledge the compare event (TSTAT is write-1-to-clear on the i.MX21, as Linux's
// imx21_gpt_irq_acknowledge writes CAPT|COMP).
void gpt_ack(cpu::arm926_core& core, std::uint32_t base);
std::uint32_t gpt_counter(cpu::arm926_core& core, std::uint32_t base);
bool gpt_compare_pending(cpu::arm926_core& core, std::uint32_t base);
bool gpt_compare_pending_peek(cpu::arm926_core& core, std::uint32_t base);
// TCN read by a debug transaction: no simulated cost, no synchronisation (for reports).
std::uint32_t gpt_counter_peek(cpu::arm926_core& core, std::uint32_t base);

// imx21_unmask_irq / imx21_mask_irq (arch-imx21/irq.c): INTENNUM / INTDISNUM.
void aitc_enable(cpu::arm926_core& core, std::uint32_t source);
void aitc_disable(cpu::arm926_core& core, std::uint32_t source);
std::uint32_t aitc_nivecsr(cpu::arm926_core& core);

}  // namespace rtv::hv::drv
