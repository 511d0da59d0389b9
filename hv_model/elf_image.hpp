// SPDX-License-Identifier: Apache-2.0
// A guest kernel image as Xen-ARM's domain builder reads it (andreiw/xen3-arm-tegra @8caa5e6:
// xen/common/elf.c parseelfimage / loadelfimage, xen/arch/arm/xen/domain_build.c
// elf_sanity_check): an ELF32 little-endian ARM executable with a `__xen_guest` section
// saying LOADER=generic (or GUEST_OS=linux) and XEN_VER=xen-3.0, whose loadable segments
// (PT_LOAD with W or X) are copied to their p_paddr and zero-filled to p_memsz, and whose
// entry lies within them. Xen-ARM takes only ET_EXEC; rtvsim also takes a position-
// independent ET_DYN image and loads it at the start of the domain's range (a load bias),
// since an identity-mapped partition's address depends on the scenario (docs/guest_abi.md).
//
// Parsing is pure: the image is a byte vector, checked field by field (every offset and
// size against the file's length), so a bad image is an error with a message, never a crash.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rtv::hv {

struct elf_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct elf_segment {
    std::uint32_t offset = 0;  // in the file
    std::uint32_t vaddr = 0;
    std::uint32_t paddr = 0;   // where Xen-ARM copies it (a guest virtual address there)
    std::uint32_t filesz = 0;
    std::uint32_t memsz = 0;
    std::uint32_t flags = 0;   // PF_X 1, PF_W 2, PF_R 4
};

struct elf_symbol {
    std::uint32_t value = 0;  // link-time address; add the load bias
    std::uint32_t size = 0;
};

class elf_image {
public:
    // Parses and checks `bytes`; throws elf_error saying what is wrong.
    static elf_image parse(std::vector<std::uint8_t> bytes);

    bool position_independent() const { return m_dyn; }  // ET_DYN
    std::uint32_t entry() const { return m_entry; }
    // Loadable segments (Xen-ARM's is_loadable_phdr), in file order.
    const std::vector<elf_segment>& segments() const { return m_segments; }
    // [kernstart, kernend) over the loadable segments' p_paddr, as parseelfimage computes it.
    std::uint32_t image_start() const { return m_start; }
    std::uint32_t image_end() const { return m_end; }
    const std::string& xen_guest() const { return m_xen_guest; }  // the __xen_guest string
    // A symbol of .symtab by name (the first defined one); none for a stripped image.
    std::optional<elf_symbol> symbol(const std::string& name) const;

    // What to add to link-time addresses when the domain's image range starts at
    // `range_base`: 0 for ET_EXEC (loaded where linked), range_base - image_start() rounded
    // down to a page for ET_DYN.
    std::uint32_t load_bias(std::uint32_t range_base) const;
    // Throws elf_error naming the first segment that does not fit [base, base + size) once
    // moved by `bias`.
    void check_fits(std::uint32_t bias, std::uint32_t base, std::uint32_t size) const;
    // Copies each segment's file bytes and zero-fills the rest up to p_memsz, at p_paddr + bias.
    using writer = std::function<void(std::uint32_t address, const std::uint8_t* data, std::uint32_t length)>;
    using zeroer = std::function<void(std::uint32_t address, std::uint32_t length)>;
    void load(std::uint32_t bias, const writer& write, const zeroer& zero) const;

private:
    std::vector<std::uint8_t> m_bytes;
    bool m_dyn = false;
    std::uint32_t m_entry = 0;
    std::uint32_t m_start = 0, m_end = 0;
    std::vector<elf_segment> m_segments;
    std::string m_xen_guest;
    std::uint32_t m_symtab_offset = 0, m_symtab_size = 0, m_strtab_offset = 0, m_strtab_size = 0;
};

}  // namespace rtv::hv
