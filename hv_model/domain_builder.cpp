// SPDX-License-Identifier: Apache-2.0
#include "hv_model/domain_builder.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "hv_model/public/start_info_layout.hpp"

namespace rtv::hv {

namespace {

constexpr std::uint32_t page = 4096;

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

// Where the loaded image ends (exclusive; 64-bit: an image may end at 4 GiB).
std::uint64_t loaded_end(const loaded_image& at, const elf_image& elf) {
    return std::uint64_t{static_cast<std::uint32_t>(elf.image_start() + at.bias)} + (elf.image_end() - elf.image_start());
}

}  // namespace

loaded_image plan_guest_image(const guest_image_spec& spec, std::uint32_t range_base, std::uint32_t range_size) {
    const elf_image& elf = *spec.elf;
    loaded_image at;
    at.spec = &spec;
    at.bias = elf.load_bias(range_base);
    elf.check_fits(at.bias, range_base, range_size);
    at.entry = elf.entry() + at.bias;
    // Xen-ARM puts the guest's page tables after the image and start_info after them
    // (domain_build.c map_track); rtvsim keeps the page tables in Xen's own region, so
    // start_info is the first page after the image, and the boot stack the page above it.
    const std::uint64_t image_end = loaded_end(at, elf);
    const std::uint64_t start_info = (image_end + page - 1) & ~std::uint64_t{page - 1};
    const std::uint64_t stack_top = start_info + abi::boot_stack_offset;
    if (stack_top > std::uint64_t{range_base} + range_size)
        throw elf_error("no room after the image (it ends at " + hex(static_cast<std::uint32_t>(image_end)) +
                        ") for start_info and the boot stack (two pages) in the domain's partition [" +
                        hex(range_base) + ", +" + std::to_string(range_size >> 20) + " MiB)");
    at.start_info_va = static_cast<std::uint32_t>(start_info);
    at.stack_top = static_cast<std::uint32_t>(stack_top);
    return at;
}

void check_image_patches(const guest_image_spec& spec, const loaded_image& at) {
    const elf_image& elf = *spec.elf;
    for (const image_patch& p : spec.patches) {
        const auto sym = elf.symbol(p.symbol);
        if (!sym) throw elf_error("the image has no symbol '" + p.symbol + "' to write its configuration into");
        if (sym->size < p.bytes.size())
            throw elf_error("symbol '" + p.symbol + "' is " + std::to_string(sym->size) + " bytes, smaller than the " +
                            std::to_string(p.bytes.size()) + " bytes to write there");
        bool inside = false;
        for (const elf_segment& s : elf.segments())
            inside = inside || (sym->value >= s.paddr && std::uint64_t{sym->value} + p.bytes.size() <=
                                                              std::uint64_t{s.paddr} + s.memsz);
        if (!inside) throw elf_error("symbol '" + p.symbol + "' is not inside a loadable segment");
    }
    (void)at;
}

image_words guest_image_words(const guest_image_spec& spec, const loaded_image& at) {
    const elf_image& elf = *spec.elf;
    // The image's bytes widened to whole words.
    const std::uint32_t first = (elf.image_start() + at.bias) & ~3u;
    const std::uint64_t end = (loaded_end(at, elf) + 3) & ~std::uint64_t{3};
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(end - first), 0);
    elf.load(
        at.bias, [&](std::uint32_t a, const std::uint8_t* d, std::uint32_t n) { std::memcpy(&bytes[a - first], d, n); },
        [&](std::uint32_t a, std::uint32_t n) { std::memset(&bytes[a - first], 0, n); });
    check_image_patches(spec, at);
    for (const image_patch& p : spec.patches) {
        const std::uint32_t a = elf.symbol(p.symbol)->value + at.bias;
        std::copy(p.bytes.begin(), p.bytes.end(), bytes.begin() + (a - first));
    }
    image_words out;
    out.first_va = first;
    out.words.resize(bytes.size() / 4);
    std::memcpy(out.words.data(), bytes.data(), bytes.size());  // the guest is little-endian, as the host
    return out;
}

std::vector<std::uint32_t> start_info_page(const start_info_fields& f) {
    std::vector<std::uint8_t> bytes(page, 0);
    const auto put = [&](std::uint32_t offset, std::uint32_t v) { std::memcpy(&bytes[offset], &v, 4); };
    put(abi::sinfo::nr_pages, f.nr_pages);
    put(abi::sinfo::shared_info, f.shared_info);
    put(abi::sinfo::flags, f.flags);
    put(abi::sinfo::pt_base, f.pt_base);
    put(abi::sinfo::nr_pt_frames, f.nr_pt_frames);
    put(abi::sinfo::mfn_list, 0);
    put(abi::sinfo::min_mfn, f.min_mfn);
    const std::size_t n = std::min<std::size_t>(f.cmdline.size(), abi::max_guest_cmdline - 1);
    std::memcpy(&bytes[abi::sinfo::cmd_line], f.cmdline.data(), n);
    std::vector<std::uint32_t> words(page / 4);
    std::memcpy(words.data(), bytes.data(), page);
    return words;
}

}  // namespace rtv::hv
