// SPDX-License-Identifier: Apache-2.0
// The user address space of the one process `rtvsim exec` runs, kept as a Linux kernel on
// an ARMv5 keeps it: a first-level table of 4096 entries in SDRAM whose used entries point
// at coarse second-level tables of 4 KiB small pages (ARM DDI 0100I B3.3), physical pages
// taken from SDRAM by a page allocator. Every change of an existing mapping is followed by
// a TLB invalidation through the owner's hook (CP15 c8, as the kernel's flush_tlb_page),
// so the core's MMU and its fast paths see it.
//
// The kernel side (system calls) reads and writes user memory through the same tables
// (copy_from_user / copy_to_user): an address that user mode could not access fails.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rtv::app::exec {

inline constexpr std::uint32_t page_size = 4096;  // ARM small page (ARM DDI 0100I B4.1)

// Linux-style protection bits (PROT_READ 1, PROT_WRITE 2, PROT_EXEC 4).
namespace prot {
inline constexpr unsigned read = 1, write = 2, exec = 4;
}

class address_space {
public:
    // The physical memory the tables and pages live in: `host` is the host view of
    // [pa_base, pa_base + size). The first-level table takes the first 16 KiB.
    address_space(unsigned char* host, std::uint32_t pa_base, std::uint32_t size);

    // Called after every change of a present mapping with the page's virtual address.
    void set_tlb_invalidate(std::function<void(std::uint32_t va)> f) { m_invalidate = std::move(f); }
    // Called after the kernel side wrote user memory (physical range), so the core can forget
    // instructions it decoded from there.
    void set_write_notify(std::function<void(std::uint32_t pa, std::uint32_t len)> f) { m_written = std::move(f); }
    // Physical address of the first-level table (for CP15 c2).
    std::uint32_t ttb() const { return m_pa_base; }

    // Maps fresh zeroed pages over [va, va + len) (page-aligned) with `prot`, replacing any
    // mapping there. false when physical memory runs out (nothing is left half-mapped).
    bool map_anonymous(std::uint32_t va, std::uint32_t len, unsigned prot_bits);
    // Maps the given physical page at `va` (shared, e.g. the kuser helper page).
    void map_physical(std::uint32_t va, std::uint32_t pa, unsigned prot_bits);
    void unmap(std::uint32_t va, std::uint32_t len);
    // Changes the protection of the mapped pages in the range; false if one is unmapped.
    bool protect(std::uint32_t va, std::uint32_t len, unsigned prot_bits);
    bool is_mapped(std::uint32_t va) const;
    // The first address >= `hint` (page-aligned) where `len` bytes are free below `limit`;
    // 0 if none.
    std::uint32_t find_free(std::uint32_t hint, std::uint32_t len, std::uint32_t limit) const;

    // A fresh zeroed physical page (its physical address), 0 when memory runs out.
    std::uint32_t allocate_page();
    std::uint32_t free_pages() const;
    unsigned char* host_of_physical(std::uint32_t pa) { return m_host + (pa - m_pa_base); }

    // Kernel access to user memory: false (nothing copied) if any byte is not accessible to
    // user mode (for writes: not user-writable).
    bool copy_from_user(std::uint32_t va, void* dst, std::uint32_t len) const;
    bool copy_to_user(std::uint32_t va, const void* src, std::uint32_t len);
    // A NUL-terminated user string of at most `max` bytes; false on a fault or no NUL.
    bool string_from_user(std::uint32_t va, std::string& out, std::uint32_t max = 4096) const;

private:
    std::uint32_t* l1() const { return reinterpret_cast<std::uint32_t*>(m_host); }
    // The second-level entry of `va`, creating the coarse table when `create`.
    std::uint32_t* l2_entry(std::uint32_t va, bool create);
    const std::uint32_t* l2_entry(std::uint32_t va) const;
    void set_page(std::uint32_t va, std::uint32_t pa, unsigned prot_bits);
    void release_page(std::uint32_t pa);
    // Host pointer of a user-accessible byte, nullptr if user mode may not access it.
    unsigned char* user_byte(std::uint32_t va, bool write) const;

    unsigned char* m_host;
    std::uint32_t m_pa_base, m_size;
    std::uint32_t m_next_page;                  // bump pointer into never-used memory
    std::vector<std::uint32_t> m_free;          // pages given back
    std::vector<std::uint32_t> m_free_tables;   // 1 KiB coarse tables not yet used
    std::function<void(std::uint32_t)> m_invalidate;
    std::function<void(std::uint32_t, std::uint32_t)> m_written;
};

}  // namespace rtv::app::exec
