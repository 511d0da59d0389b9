// SPDX-License-Identifier: Apache-2.0
// A small reader of 32-bit little-endian ARM ELF executables (the System V ABI's ELF
// format, ARM's "ELF for the ARM Architecture", IHI 0044): the loadable segments, the
// entry point and where the program headers sit. Used by `rtvsim exec` to load Linux and
// bare-metal programs (guest images of Xen-ARM have their own reader with Xen's checks,
// hv_model/elf_image). Every malformed input
// raises elf_error naming what is wrong; nothing is guessed.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace rtv::core {

class elf_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One PT_LOAD program header and its file bytes.
struct elf_segment {
    std::uint32_t vaddr = 0;
    std::uint32_t paddr = 0;
    std::uint32_t file_size = 0;  // bytes taken from the file; the rest up to mem_size is zero
    std::uint32_t mem_size = 0;
    std::uint32_t flags = 0;      // PF_R | PF_W | PF_X
    std::uint32_t align = 0;
    std::vector<unsigned char> bytes;  // file_size bytes
};

struct elf_file {
    static constexpr std::uint32_t pf_x = 1, pf_w = 2, pf_r = 4;  // ELF gABI p_flags
    static constexpr std::uint16_t et_exec = 2, et_dyn = 3;      // ELF gABI e_type

    std::uint16_t type = 0;
    std::uint32_t entry = 0;
    std::uint32_t flags = 0;          // e_flags (EF_ARM_EABI version in [31:24])
    std::uint32_t phoff = 0;          // file offset of the program headers
    std::uint16_t phentsize = 0;
    std::uint16_t phnum = 0;
    std::uint32_t phdr_vaddr = 0;     // where the program headers are in memory (0: not loaded)
    bool has_interpreter = false;     // PT_INTERP: a dynamically linked program
    std::vector<elf_segment> segments;

    // Reads and checks `path`; throws elf_error (not an ELF file, not ELF32, not little-
    // endian, not ARM, not an executable, no entry point, a truncated header or segment).
    // `zero_entry_ok`: a bare-metal image may start at address 0 (its vector table).
    static elf_file load(const std::string& path, bool zero_entry_ok = false);
    // The same from bytes already in memory; `name` only appears in error messages.
    static elf_file parse(const std::vector<unsigned char>& image, const std::string& name, bool zero_entry_ok = false);
    // The entry's physical (load) address: through the segment that holds it.
    std::uint32_t physical_entry() const;
};

}  // namespace rtv::core
