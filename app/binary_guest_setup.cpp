// SPDX-License-Identifier: Apache-2.0
#include "app/binary_guest_setup.hpp"

#include <stdexcept>

#include "app/binary_ucos.hpp"
#include "app/scenario_loader.hpp"

namespace rtv::app {

// The project's firmware (rtos_model/firmware) takes its configuration blocks from the
// domain's ucos: block and working set; an image without those symbols runs as it was built.
void prepare_binary_guest(const domain_config& d, const scenario& sc, std::size_t index, const hv::xen_config& xcfg,
                          hv::guest_image_spec& image) {
    try {
        add_firmware_config(sc, d, image_range_of(xcfg, index), image);
    } catch (const std::invalid_argument& e) {
        throw scenario_error(d.image.where + ": domains[" + std::to_string(index) + "].image: " + image.path + ": " +
                             e.what());
    }
}

}  // namespace rtv::app
