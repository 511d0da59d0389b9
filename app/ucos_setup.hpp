// SPDX-License-Identifier: Apache-2.0
// A scenario's `ucos:` block as the uC/OS-II kernels take it: the task set in CPU cycles and
// picoseconds (rtos::ucos_config), the port's set-up (tick mode, devices) and the domain's
// seed. The model guest (rtos::ucos_guest) and the binary guest's configuration block
// (rtos::make_ucos_config) are built from the same conversion.
#pragma once

#include <cstdint>
#include <string>

#include "app/scenario.hpp"
#include "hv_model/xen.hpp"
#include "rtos_model/ucos/ucos_config.hpp"
#include "rtos_model/ucos/ucos_guest.hpp"

namespace rtv::app {

struct ucos_parts {
    rtos::ucos_config cfg;
    rtos::ucos_guest_setup setup;
    std::uint64_t seed = 0;  // the domain's: the scenario seed mixed with its name
};

// Working sets are placed one after the other from `ws_base` (the model guest's choice; the
// binary guest's block places them after its image instead).
ucos_parts make_ucos_parts(const scenario& sc, const domain_config& d, std::uint32_t memory_base, std::uint32_t ws_base);

// The board device a scenario names ("gpt2", "gpt3"): its register window and interrupt.
hv::device_grant device_of(const std::string& name);

}  // namespace rtv::app
