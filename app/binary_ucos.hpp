// SPDX-License-Identifier: Apache-2.0
// The project's binary guests (rtos_model/firmware) in a scenario: their configuration
// blocks, from the domain's `ucos:` block or working set, written as image patches; and the
// observer that turns a binary uC/OS-II guest's progress into the model guest's records.
// A binary guest is recognised by the symbols its ELF exports (docs/guest_abi.md 10-11), so
// a user's own port with the same symbols is configured and observed the same way.
#pragma once

#include <cstdint>
#include <memory>

#include "app/scenario.hpp"
#include "hv_model/guest_image.hpp"
#include "hv_model/xen.hpp"
#include "rtos_model/binary_ucos_observer.hpp"
#include "rtos_model/function_timer.hpp"
#include "sim/cpu/arm926_core.hpp"

namespace rtv::app {

// The guest-virtual range the domain builder loads a domain's image into (identity: the
// partition's physical base; offset: its virtual base) and its size.
struct image_range {
    std::uint32_t base = 0, size = 0;
};
image_range image_range_of(const hv::xen_config& xcfg, std::size_t index);

// Adds the configuration blocks the image takes: `rtv_ucos_config` from the domain's ucos:
// block, `rtv_busy_config` from its working set. Throws std::invalid_argument saying what
// does not fit (a ucos: block for an image without `rtv_ucos_config`, too many tasks,
// working sets beyond the partition).
void add_firmware_config(const scenario& sc, const domain_config& d, const image_range& range,
                         hv::guest_image_spec& image);

// True when the domain runs a binary uC/OS-II guest the observer can follow: its image
// exports the observed symbols and the scenario gave its task set.
bool observes_binary_ucos(const domain_config& d, const hv::guest_image_spec& image);

// The observer of domain `index` (call only if observes_binary_ucos), reading the guest
// through Xen's mapping of the domain and the core's debug port, at the core's time.
std::unique_ptr<rtos::binary_ucos_observer> make_binary_ucos_observer(const scenario& sc, std::size_t index,
                                                                      const hv::xen_config& xcfg, const hv::xen& xen,
                                                                      cpu::arm926_core& core);

// A timer of the uC/OS-II kernel's and the Xen port's functions in domain `index` (a binary
// guest; the functions its image does not export are left out): the cycles each path of the
// binary really costs, beside the model guest's cost table (docs/experiments.md).
std::unique_ptr<rtos::function_timer> make_binary_profile(const scenario& sc, std::size_t index,
                                                          const hv::xen_config& xcfg, const hv::xen& xen,
                                                          cpu::arm926_core& core);

}  // namespace rtv::app
