// SPDX-License-Identifier: Apache-2.0
// Reads a binary guest image from disk for the scenario loader: the bytes, their SHA-256
// (OpenSSL's libcrypto) and the ELF as Xen-ARM's domain builder checks it.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "hv_model/elf_image.hpp"

namespace rtv::app {

struct guest_image_file {
    std::shared_ptr<const hv::elf_image> elf;
    std::string sha256;  // lower-case hex
};

// Throws std::runtime_error saying what is wrong (unreadable, not a Xen-ARM guest ELF, ...).
guest_image_file read_guest_image(const std::string& path);

// SHA-256 of `bytes` as lower-case hex.
std::string sha256_hex(const std::vector<std::uint8_t>& bytes);

}  // namespace rtv::app
