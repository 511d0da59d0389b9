// SPDX-License-Identifier: Apache-2.0
// Xen-ARM's domain builder for a binary guest (andreiw/xen3-arm-tegra @8caa5e6,
// xen/arch/arm/xen/domain_build.c construct_dom0 / construct_guest_dom and new_thread;
// xen/common/elf.c loadelfimage), as pure functions: where the image, start_info and the boot
// stack go in the domain's range, and the words to write there. The hypervisor writes them
// into SDRAM through the bus (xen::build_binary_guests); the app calls the planning and
// checking functions while it reads the scenario, so a bad image is a scenario error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hv_model/guest_image.hpp"

namespace rtv::hv {

// Where the image goes in the domain's guest-virtual range [range_base, range_base +
// range_size): the load bias (ET_DYN: the range's base), the entry, start_info on the first
// page after the image and the boot stack's top two pages above it (docs/guest_abi.md 2).
// Throws elf_error saying what does not fit.
loaded_image plan_guest_image(const guest_image_spec& spec, std::uint32_t range_base, std::uint32_t range_size);

// Throws elf_error naming the first patch whose symbol is missing, smaller than its bytes or
// outside the loaded segments.
void check_image_patches(const guest_image_spec& spec, const loaded_image& at);

// The loaded and patched image as whole words from `first_va` (word-aligned): the segments'
// bytes, their zero-filled tails (and zeros in any gap between segments).
struct image_words {
    std::uint32_t first_va = 0;
    std::vector<std::uint32_t> words;
};
image_words guest_image_words(const guest_image_spec& spec, const loaded_image& at);

// start_info's fields as the builder fills them (public/xen.h struct start_info).
struct start_info_fields {
    std::uint32_t nr_pages = 0;
    std::uint32_t shared_info = 0;  // Xen's own pointer to the page
    std::uint32_t flags = 0;
    std::uint32_t pt_base = 0;
    std::uint32_t nr_pt_frames = 0;
    std::uint32_t min_mfn = 0;
    std::string cmdline;  // cut to MAX_GUEST_CMDLINE - 1 bytes and NUL-terminated
};
// The whole start_info page (4 KiB) as words: zeroed, then the fields.
std::vector<std::uint32_t> start_info_page(const start_info_fields& f);

}  // namespace rtv::hv
