// SPDX-License-Identifier: Apache-2.0
#include "hv_model/elf_image.hpp"

#include <algorithm>
#include <cstring>

namespace rtv::hv {

namespace {

// ELF constants (the System V gABI; ARM's in the ELF for the ARM Architecture, ARM IHI 0044).
constexpr std::uint8_t elfclass32 = 1;
constexpr std::uint8_t elfdata2lsb = 1;
constexpr std::uint16_t et_exec = 2;
constexpr std::uint16_t et_dyn = 3;
constexpr std::uint16_t em_arm = 40;
constexpr std::uint32_t pt_load = 1;
constexpr std::uint32_t pf_x = 1;
constexpr std::uint32_t pf_w = 2;
constexpr std::uint32_t sht_symtab = 2;
constexpr std::uint16_t shn_undef = 0;
constexpr std::uint32_t ehdr_size = 52;
constexpr std::uint32_t phdr_size = 32;
constexpr std::uint32_t shdr_size = 40;
constexpr std::uint32_t sym_size = 16;
constexpr std::uint32_t page = 4096;

std::string hex(std::uint32_t v) {
    static const char digits[] = "0123456789abcdef";
    std::string s = "0x";
    for (int shift = 28; shift >= 0; shift -= 4) s += digits[(v >> shift) & 0xF];
    return s;
}

class reader {
public:
    explicit reader(const std::vector<std::uint8_t>& b) : m_b(b) {}
    void need(std::uint64_t offset, std::uint64_t length, const char* what) const {
        if (offset + length > m_b.size())
            throw elf_error(std::string(what) + ": past the end of the image (" +
                            std::to_string(m_b.size()) + " bytes)");
    }
    std::uint16_t u16(std::uint64_t o, const char* what) const {
        need(o, 2, what);
        return static_cast<std::uint16_t>(m_b[o] | m_b[o + 1] << 8);
    }
    std::uint32_t u32(std::uint64_t o, const char* what) const {
        need(o, 4, what);
        return static_cast<std::uint32_t>(m_b[o]) | static_cast<std::uint32_t>(m_b[o + 1]) << 8 |
               static_cast<std::uint32_t>(m_b[o + 2]) << 16 | static_cast<std::uint32_t>(m_b[o + 3]) << 24;
    }
    // A NUL-terminated string at o, within [o, limit).
    std::string str(std::uint64_t o, std::uint64_t limit, const char* what) const {
        limit = std::min<std::uint64_t>(limit, m_b.size());
        if (o >= limit) throw elf_error(std::string(what) + " is outside its string table");
        const auto* begin = m_b.data() + o;
        const auto* end = static_cast<const std::uint8_t*>(std::memchr(begin, 0, limit - o));
        if (!end) throw elf_error(std::string(what) + " is not NUL-terminated");
        return std::string(begin, end);
    }

private:
    const std::vector<std::uint8_t>& m_b;
};

}  // namespace

elf_image elf_image::parse(std::vector<std::uint8_t> bytes) {
    elf_image img;
    img.m_bytes = std::move(bytes);
    const reader r(img.m_bytes);
    const auto& b = img.m_bytes;

    r.need(0, ehdr_size, "the ELF header");
    if (b[0] != 0x7F || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') throw elf_error("not an ELF file");
    if (b[4] != elfclass32) throw elf_error("not ELF32 (an ARMv5 guest is a 32-bit image)");
    if (b[5] != elfdata2lsb) throw elf_error("not little-endian (elf_sanity_check wants ELFDATA2LSB)");
    const std::uint16_t type = r.u16(16, "e_type");
    if (type != et_exec && type != et_dyn)
        throw elf_error("not an executable (e_type " + std::to_string(type) + "; ET_EXEC or a static PIE)");
    img.m_dyn = type == et_dyn;
    if (r.u16(18, "e_machine") != em_arm)
        throw elf_error("not an ARM image (e_machine " + std::to_string(r.u16(18, "e_machine")) + ", EM_ARM is 40)");
    img.m_entry = r.u32(24, "e_entry");
    const std::uint32_t phoff = r.u32(28, "e_phoff"), shoff = r.u32(32, "e_shoff");
    const std::uint16_t phentsize = r.u16(42, "e_phentsize"), phnum = r.u16(44, "e_phnum");
    const std::uint16_t shentsize = r.u16(46, "e_shentsize"), shnum = r.u16(48, "e_shnum");
    const std::uint16_t shstrndx = r.u16(50, "e_shstrndx");
    if (phnum && phentsize != phdr_size) throw elf_error("program headers of an unexpected size");
    if (shnum && shentsize != shdr_size) throw elf_error("section headers of an unexpected size");
    // parseelfimage's checks, in its order.
    r.need(phoff, std::uint64_t{phnum} * phdr_size, "the program headers");
    r.need(shoff, std::uint64_t{shnum} * shdr_size, "the section headers");
    if (shstrndx == shn_undef || shstrndx >= shnum) throw elf_error("no section-header string table");

    const std::uint64_t shstr = shoff + std::uint64_t{shstrndx} * shdr_size;
    const std::uint32_t shstr_off = r.u32(shstr + 16, "shstrtab"), shstr_size = r.u32(shstr + 20, "shstrtab");
    r.need(shstr_off, shstr_size, "the section-header string table");
    bool found = false;
    for (std::uint32_t i = 0; i < shnum; ++i) {
        const std::uint64_t sh = shoff + std::uint64_t{i} * shdr_size;
        const std::string name = r.str(std::uint64_t{shstr_off} + r.u32(sh, "sh_name"),
                                       std::uint64_t{shstr_off} + shstr_size, "a section name");
        const std::uint32_t off = r.u32(sh + 16, "sh_offset"), size = r.u32(sh + 20, "sh_size");
        if (name == "__xen_guest" && !found) {
            r.need(off, size, "the __xen_guest section");
            found = true;
            img.m_xen_guest.assign(reinterpret_cast<const char*>(b.data()) + off, size);
            img.m_xen_guest = img.m_xen_guest.substr(0, img.m_xen_guest.find('\0'));
        } else if (r.u32(sh + 4, "sh_type") == sht_symtab && img.m_symtab_size == 0) {
            const std::uint32_t link = r.u32(sh + 24, "sh_link");
            if (link >= shnum) throw elf_error("the symbol table names no string table");
            const std::uint64_t strsh = shoff + std::uint64_t{link} * shdr_size;
            img.m_symtab_offset = off;
            img.m_symtab_size = size;
            img.m_strtab_offset = r.u32(strsh + 16, "the symbol string table");
            img.m_strtab_size = r.u32(strsh + 20, "the symbol string table");
            r.need(off, size, "the symbol table");
            r.need(img.m_strtab_offset, img.m_strtab_size, "the symbol string table");
        }
    }
    // construct_dom0 / construct_guest_dom refuse an image without the section.
    if (!found) throw elf_error("not a Xen-ELF image: no '__xen_guest' section (docs/guest_abi.md)");
    const std::string& g = img.m_xen_guest;
    if (g.find("LOADER=generic") == std::string::npos && g.find("GUEST_OS=linux") == std::string::npos)
        throw elf_error("'__xen_guest' says neither LOADER=generic nor GUEST_OS=linux: \"" + g + "\"");
    if (g.find("XEN_VER=xen-3.0") == std::string::npos)
        throw elf_error("'__xen_guest' does not say XEN_VER=xen-3.0: \"" + g + "\"");

    std::uint64_t start = ~0ULL, end = 0;
    for (std::uint32_t i = 0; i < phnum; ++i) {
        const std::uint64_t ph = phoff + std::uint64_t{i} * phdr_size;
        elf_segment s;
        const std::uint32_t ptype = r.u32(ph, "p_type");
        s.offset = r.u32(ph + 4, "p_offset");
        s.vaddr = r.u32(ph + 8, "p_vaddr");
        s.paddr = r.u32(ph + 12, "p_paddr");
        s.filesz = r.u32(ph + 16, "p_filesz");
        s.memsz = r.u32(ph + 20, "p_memsz");
        s.flags = r.u32(ph + 24, "p_flags");
        if (ptype != pt_load || (s.flags & (pf_w | pf_x)) == 0) continue;  // is_loadable_phdr
        if (s.filesz > s.memsz) throw elf_error("segment " + std::to_string(i) + " has p_filesz > p_memsz");
        r.need(s.offset, s.filesz, "a loadable segment");
        if (std::uint64_t{s.paddr} + s.memsz > (1ULL << 32))
            throw elf_error("segment " + std::to_string(i) + " wraps around the 32-bit address space");
        start = std::min<std::uint64_t>(start, s.paddr);
        end = std::max<std::uint64_t>(end, std::uint64_t{s.paddr} + s.memsz);
        img.m_segments.push_back(s);
    }
    if (img.m_segments.empty()) throw elf_error("no loadable segment");
    // parseelfimage: "Malformed ELF image" unless kernstart <= entry <= kernend.
    if (img.m_entry < start || img.m_entry > end)
        throw elf_error("the entry point " + hex(img.m_entry) + " is outside the loadable segments [" +
                        hex(static_cast<std::uint32_t>(start)) + ", " + hex(static_cast<std::uint32_t>(end - 1)) + "]");
    img.m_start = static_cast<std::uint32_t>(start);
    img.m_end = static_cast<std::uint32_t>(end);  // a segment ending at 4 GiB wraps to 0 here
    return img;
}

std::optional<elf_symbol> elf_image::symbol(const std::string& name) const {
    const reader r(m_bytes);
    for (std::uint64_t o = m_symtab_offset; o + sym_size <= std::uint64_t{m_symtab_offset} + m_symtab_size;
         o += sym_size) {
        if (r.u16(o + 14, "st_shndx") == shn_undef) continue;
        const std::uint32_t name_off = r.u32(o, "st_name");
        if (name_off >= m_strtab_size) continue;
        if (r.str(std::uint64_t{m_strtab_offset} + name_off, std::uint64_t{m_strtab_offset} + m_strtab_size,
                  "a symbol name") == name)
            return elf_symbol{r.u32(o + 4, "st_value"), r.u32(o + 8, "st_size")};
    }
    return std::nullopt;
}

std::uint32_t elf_image::load_bias(std::uint32_t range_base) const {
    return m_dyn ? range_base - (m_start & ~(page - 1)) : 0;
}

void elf_image::check_fits(std::uint32_t bias, std::uint32_t base, std::uint32_t size) const {
    for (std::size_t i = 0; i < m_segments.size(); ++i) {
        const elf_segment& s = m_segments[i];
        const std::uint64_t from = std::uint64_t{static_cast<std::uint32_t>(s.paddr + bias)};
        if (from < base || from + s.memsz > std::uint64_t{base} + size)
            throw elf_error("loadable segment " + std::to_string(i) + " [" + hex(static_cast<std::uint32_t>(from)) +
                            ", +" + std::to_string(s.memsz) + " bytes) is outside the domain's partition [" +
                            hex(base) + ", +" + std::to_string(size >> 20) + " MiB)");
    }
}

void elf_image::load(std::uint32_t bias, const writer& write, const zeroer& zero) const {
    for (const elf_segment& s : m_segments) {
        const std::uint32_t at = s.paddr + bias;
        if (s.filesz) write(at, m_bytes.data() + s.offset, s.filesz);
        if (s.memsz > s.filesz) zero(at + s.filesz, s.memsz - s.filesz);
    }
}

}  // namespace rtv::hv
