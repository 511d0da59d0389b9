// SPDX-License-Identifier: Apache-2.0
#include "app/binary_guest_setup.hpp"

namespace rtv::app {

// No guest kernel is known here yet: an image runs as it was built.
void prepare_binary_guest(const domain_config&, const scenario&, std::size_t, const hv::xen_config&,
                          hv::guest_image_spec&) {}

}  // namespace rtv::app
