// SPDX-License-Identifier: Apache-2.0
#include "hv_model/imx21_drivers.hpp"

namespace rtv::hv::drv {

namespace {
constexpr std::uint32_t aitc = static_cast<std::uint32_t>(imx21::aitc_base);
}

void gpt_start_periodic(cpu::arm926_core& core, std::uint32_t base, std::uint32_t compare) {
    core.write32(base + imx21::gpt_tctl, 0);  // stop while programming
    core.write32(base + imx21::gpt_tprer, 0);
    core.write32(base + imx21::gpt_tcmp, compare);
    core.write32(base + imx21::gpt_tctl, (imx21::gpt_clk_32k << imx21::gpt_tctl_clksource_shift) |
                                             imx21::gpt_tctl_comp_en | imx21::gpt_tctl_ten);
}

void gpt_ack(cpu::arm926_core& core, std::uint32_t base) {
    core.write32(base + imx21::gpt_tstat, imx21::gpt_tstat_capt | imx21::gpt_tstat_comp);
}

std::uint32_t gpt_counter(cpu::arm926_core& core, std::uint32_t base) { return core.read32(base + imx21::gpt_tcn); }

bool gpt_compare_pending(cpu::arm926_core& core, std::uint32_t base) {
    return (core.read32(base + imx21::gpt_tstat) & imx21::gpt_tstat_comp) != 0;
}

bool gpt_compare_pending_peek(cpu::arm926_core& core, std::uint32_t base) {
    return (core.debug_read32(base + imx21::gpt_tstat) & imx21::gpt_tstat_comp) != 0;
}

std::uint32_t gpt_counter_peek(cpu::arm926_core& core, std::uint32_t base) {
    return core.debug_read32(base + imx21::gpt_tcn);
}

void aitc_enable(cpu::arm926_core& core, std::uint32_t source) { core.write32(aitc + imx21::aitc_intennum, source); }

void aitc_disable(cpu::arm926_core& core, std::uint32_t source) { core.write32(aitc + imx21::aitc_intdisnum, source); }

std::uint32_t aitc_nivecsr(cpu::arm926_core& core) { return core.read32(aitc + imx21::aitc_nivecsr); }

}  // namespace rtv::hv::drv
