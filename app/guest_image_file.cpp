// SPDX-License-Identifier: Apache-2.0
#include "app/guest_image_file.hpp"

#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace rtv::app {

std::string sha256_hex(const std::vector<std::uint8_t>& bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed (libcrypto)");
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < length; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 0xF];
    }
    return hex;
}

guest_image_file read_guest_image(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw std::runtime_error("no such file: " + path);
    if (std::filesystem::is_directory(path, ec)) throw std::runtime_error(path + " is a directory, not an image");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error("cannot read " + path);
    guest_image_file f;
    f.sha256 = sha256_hex(bytes);
    try {
        f.elf = std::make_shared<const hv::elf_image>(hv::elf_image::parse(std::move(bytes)));
    } catch (const hv::elf_error& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
    return f;
}

}  // namespace rtv::app
