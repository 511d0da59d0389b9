// SPDX-License-Identifier: Apache-2.0
// A binary guest image as the scenario hands it to Xen's domain builder (docs/guest_abi.md):
// the parsed ELF, its provenance, the command line for start_info, and bytes a guest-kernel-
// specific layer (rtos_model) writes at symbols before the vcpu starts (configuration
// blocks). Also where the builder put things, for reports, observers and debuggers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hv_model/elf_image.hpp"

namespace rtv::hv {

// Bytes written into the loaded image at a symbol (+ bias) before the vcpu starts: how a
// guest-kernel-specific layer (rtos_model) fills a configuration block. The builder
// fails (scenario error) if the symbol is missing or smaller than the bytes.
struct image_patch {
    std::string symbol;
    std::vector<std::uint8_t> bytes;
};

struct guest_image_spec {
    std::string path;                      // absolute
    std::shared_ptr<const elf_image> elf;  // parsed, checked
    std::string sha256;                    // hex, of the file's bytes
    std::string cmdline;                   // start_info.cmd_line
    std::vector<image_patch> patches;
};

// Where the domain builder put the image of a domain (guest virtual addresses). A symbol's
// address is elf->symbol(name)->value + bias.
struct loaded_image {
    std::uint32_t bias = 0;           // added to link-time addresses (0 for ET_EXEC)
    std::uint32_t entry = 0;          // the vcpu's first pc
    std::uint32_t start_info_va = 0;  // r12 at entry
    std::uint32_t stack_top = 0;      // sp at entry
    const guest_image_spec* spec = nullptr;
};

}  // namespace rtv::hv
