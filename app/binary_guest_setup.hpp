// SPDX-License-Identifier: Apache-2.0
// Guest-kernel-specific set-up of a binary (guest: elf) domain: the seam where a layer that
// knows a guest kernel (rtos_model's uC/OS-II firmware) fills the image's configuration
// blocks from the domain's scenario blocks. The domain builder itself knows no guest kernel.
#pragma once

#include <cstddef>

#include "app/scenario.hpp"
#include "hv_model/xen.hpp"

namespace rtv::app {

// Called once per `guest: elf` domain while the scenario is turned into xen_config: may add
// image patches (configuration blocks) from the domain's scenario blocks.
void prepare_binary_guest(const domain_config& d, const scenario& sc, std::size_t index,
                          const hv::xen_config& xcfg, hv::guest_image_spec& image);

}  // namespace rtv::app
