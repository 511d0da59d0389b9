// SPDX-License-Identifier: Apache-2.0
// hv_model's reading of a guest image as Xen-ARM's domain builder reads it, on the images the
// build cross-compiles (rtos_model/firmware, examples/xen-arm-hello) and on broken copies.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "hv_model/elf_image.hpp"

using rtv::hv::elf_error;
using rtv::hv::elf_image;

namespace {

std::vector<std::uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::string ucos_elf = std::string(RTV_FIRMWARE_DIR) + "/ucos_guest.elf";

void put16(std::vector<std::uint8_t>& b, std::size_t o, std::uint16_t v) {
    b[o] = static_cast<std::uint8_t>(v);
    b[o + 1] = static_cast<std::uint8_t>(v >> 8);
}
void put32(std::vector<std::uint8_t>& b, std::size_t o, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[o + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::string error_of(std::vector<std::uint8_t> bytes) {
    try {
        elf_image::parse(std::move(bytes));
    } catch (const elf_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("The uC/OS-II image is a static PIE that loads at its partition's base") {
    const elf_image img = elf_image::parse(read_file(ucos_elf));
    CHECK(img.position_independent());
    CHECK(img.image_start() == 0);
    CHECK(img.entry() == img.symbol("_start")->value);
    CHECK(img.xen_guest().find("LOADER=generic") != std::string::npos);
    CHECK(img.symbol("rtv_ucos_config")->size == 1136);
    CHECK(img.symbol("rtv_ucos_state")->size == 592);
    CHECK_FALSE(img.symbol("no_such_symbol"));

    // An RTOS partition at 0xC3000000 (edf_drift's), 4 MiB, identity-mapped.
    const std::uint32_t base = 0xC300'0000u, size = 4u << 20;
    const std::uint32_t bias = img.load_bias(base);
    CHECK(bias == base);
    CHECK_NOTHROW(img.check_fits(bias, base, size));
    CHECK_THROWS_WITH(img.check_fits(bias, base, 16u << 10), Catch::Contains("outside the domain's partition"));

    std::vector<std::uint8_t> mem(size, 0xA5);
    img.load(
        bias,
        [&](std::uint32_t at, const std::uint8_t* data, std::uint32_t n) { std::memcpy(&mem[at - base], data, n); },
        [&](std::uint32_t at, std::uint32_t n) { std::memset(&mem[at - base], 0, n); });
    // _start's first instruction, `mov r8, r12` (keep start_info), is where the entry points.
    const std::uint32_t entry = img.entry() + bias - base;
    CHECK((mem[entry] | mem[entry + 1] << 8 | mem[entry + 2] << 16 | static_cast<std::uint32_t>(mem[entry + 3]) << 24) ==
          0xE1A0800Cu);
    // The configuration block is file-backed and zero until the builder fills it; .bss is zeroed.
    const std::uint32_t cfg = img.symbol("rtv_ucos_config")->value;
    CHECK(std::all_of(&mem[cfg], &mem[cfg + 1136], [](std::uint8_t v) { return v == 0; }));
    const std::uint32_t state = img.symbol("rtv_ucos_state")->value;
    CHECK(std::all_of(&mem[state], &mem[state + 592], [](std::uint8_t v) { return v == 0; }));
    CHECK(mem[img.image_end()] == 0xA5);  // nothing written past the image
}

TEST_CASE("The example is linked at the first partition and loads where it is linked") {
    const elf_image img = elf_image::parse(read_file(RTV_HELLO_ELF));
    CHECK_FALSE(img.position_independent());
    CHECK(img.load_bias(0xC100'0000u) == 0);
    CHECK(img.entry() == 0xC100'0000u);
    CHECK_NOTHROW(img.check_fits(0, 0xC100'0000u, 1u << 20));
    CHECK_THROWS_WITH(img.check_fits(0, 0xC200'0000u, 1u << 20),
                      Catch::Contains("segment 0 [0xc1000000") && Catch::Contains("outside the domain's partition"));
}

TEST_CASE("A broken image is refused with what is wrong") {
    const std::vector<std::uint8_t> good = read_file(ucos_elf);
    auto broken = [&](auto&& change) {
        std::vector<std::uint8_t> b = good;
        change(b);
        return error_of(std::move(b));
    };
    CHECK(error_of(good).empty());
    CHECK_THAT(broken([](auto& b) { b[1] = 'X'; }), Catch::Contains("not an ELF file"));
    CHECK_THAT(broken([](auto& b) { b[4] = 2; }), Catch::Contains("not ELF32"));
    CHECK_THAT(broken([](auto& b) { b[5] = 2; }), Catch::Contains("not little-endian"));
    CHECK_THAT(broken([](auto& b) { put16(b, 16, 1); }), Catch::Contains("not an executable"));
    CHECK_THAT(broken([](auto& b) { put16(b, 18, 3); }), Catch::Contains("not an ARM image"));
    CHECK_THAT(broken([](auto& b) { b.resize(40); }), Catch::Contains("the ELF header: past the end of the image"));
    CHECK_THAT(broken([](auto& b) { put32(b, 28, 0x7FFFFFF0u); }), Catch::Contains("the program headers: past the end"));
    CHECK_THAT(broken([](auto& b) { put32(b, 24, 0x00100000u); }),
               Catch::Contains("entry point 0x00100000 is outside the loadable segments"));
    CHECK_THAT(broken([](auto& b) {
                   const char name[] = "__xen_guest";
                   auto it = std::search(b.begin(), b.end(), name, name + sizeof name - 1);
                   REQUIRE(it != b.end());
                   it[10] = 'X';  // the section is there under another name
               }),
               Catch::Contains("no '__xen_guest' section"));
    CHECK_THAT(broken([](auto& b) {
                   const char loader[] = "LOADER=generic";
                   auto it = std::search(b.begin(), b.end(), loader, loader + sizeof loader - 1);
                   REQUIRE(it != b.end());
                   it[0] = 'l';
               }),
               Catch::Contains("neither LOADER=generic nor GUEST_OS=linux"));
}
