// SPDX-License-Identifier: Apache-2.0
#include "sim/core/elf_file.hpp"

#include <fstream>
#include <iterator>

namespace rtv::core {

namespace {

// ELF header constants (System V gABI, "ELF Header"; ARM: IHI 0044 "ELF header").
constexpr unsigned ei_class = 4, ei_data = 5;
constexpr unsigned char elfclass32 = 1, elfclass64 = 2, elfdata2lsb = 1;
constexpr std::uint16_t em_arm = 40;
constexpr std::uint32_t pt_load = 1, pt_interp = 3, pt_phdr = 6;
constexpr std::size_t ehdr_size = 52, phdr_size = 32;

std::uint16_t u16(const std::vector<unsigned char>& b, std::size_t o) {
    return static_cast<std::uint16_t>(b[o] | b[o + 1] << 8);
}
std::uint32_t u32(const std::vector<unsigned char>& b, std::size_t o) {
    return static_cast<std::uint32_t>(b[o]) | static_cast<std::uint32_t>(b[o + 1]) << 8 |
           static_cast<std::uint32_t>(b[o + 2]) << 16 | static_cast<std::uint32_t>(b[o + 3]) << 24;
}

}  // namespace

elf_file elf_file::load(const std::string& path, bool zero_entry_ok) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw elf_error(path + ": cannot open");
    std::vector<unsigned char> image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parse(image, path, zero_entry_ok);
}

std::uint32_t elf_file::physical_entry() const {
    for (const elf_segment& s : segments)
        if (entry >= s.vaddr && entry - s.vaddr < s.mem_size) return entry - s.vaddr + s.paddr;
    return entry;
}

elf_file elf_file::parse(const std::vector<unsigned char>& b, const std::string& name, bool zero_entry_ok) {
    if (b.size() < 16 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
        throw elf_error(name + ": not an ELF file");
    if (b[ei_class] == elfclass64) throw elf_error(name + ": a 64-bit ELF file; only ELF32 ARM programs run here");
    if (b[ei_class] != elfclass32) throw elf_error(name + ": not ELF32 (EI_CLASS " + std::to_string(b[ei_class]) + ")");
    if (b[ei_data] != elfdata2lsb) throw elf_error(name + ": not little-endian");
    if (b.size() < ehdr_size) throw elf_error(name + ": truncated ELF header");
    const std::uint16_t machine = u16(b, 18);
    if (machine != em_arm)
        throw elf_error(name + ": not an ARM program (e_machine " + std::to_string(machine) + ")");

    elf_file f;
    f.type = u16(b, 16);
    if (f.type != et_exec && f.type != et_dyn)
        throw elf_error(name + ": not an executable (e_type " + std::to_string(f.type) + ")");
    f.entry = u32(b, 24);
    f.phoff = u32(b, 28);
    f.flags = u32(b, 36);
    f.phentsize = u16(b, 42);
    f.phnum = u16(b, 44);
    if (f.entry == 0 && !zero_entry_ok) throw elf_error(name + ": no entry point");
    if (f.phnum == 0) throw elf_error(name + ": no program headers");
    if (f.phentsize != phdr_size) throw elf_error(name + ": unexpected program header size " + std::to_string(f.phentsize));
    if (static_cast<std::uint64_t>(f.phoff) + std::uint64_t{f.phnum} * phdr_size > b.size())
        throw elf_error(name + ": program headers beyond the end of the file");

    for (unsigned i = 0; i < f.phnum; ++i) {
        const std::size_t o = f.phoff + i * phdr_size;
        const std::uint32_t type = u32(b, o);
        if (type == pt_interp) f.has_interpreter = true;
        if (type == pt_phdr) f.phdr_vaddr = u32(b, o + 8);
        if (type != pt_load) continue;
        elf_segment s;
        const std::uint32_t offset = u32(b, o + 4);
        s.vaddr = u32(b, o + 8);
        s.paddr = u32(b, o + 12);
        s.file_size = u32(b, o + 16);
        s.mem_size = u32(b, o + 20);
        s.flags = u32(b, o + 24);
        s.align = u32(b, o + 28);
        if (s.file_size > s.mem_size) throw elf_error(name + ": segment " + std::to_string(i) + " larger in the file than in memory");
        if (static_cast<std::uint64_t>(offset) + s.file_size > b.size())
            throw elf_error(name + ": segment " + std::to_string(i) + " beyond the end of the file");
        if (static_cast<std::uint64_t>(s.vaddr) + s.mem_size > 0x1'0000'0000ULL)
            throw elf_error(name + ": segment " + std::to_string(i) + " wraps around the address space");
        s.bytes.assign(b.begin() + offset, b.begin() + offset + s.file_size);
        // Without PT_PHDR, the headers are in memory if a segment loads the file bytes holding them.
        if (f.phdr_vaddr == 0 && offset <= f.phoff && f.phoff + std::uint64_t{f.phnum} * phdr_size <= offset + std::uint64_t{s.file_size})
            f.phdr_vaddr = s.vaddr + (f.phoff - offset);
        f.segments.push_back(std::move(s));
    }
    if (f.segments.empty()) throw elf_error(name + ": no loadable segment");
    return f;
}

}  // namespace rtv::core
