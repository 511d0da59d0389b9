// SPDX-License-Identifier: Apache-2.0
#include "app/exec/address_space.hpp"

#include <cstring>

#include "sim/mmu/descriptors.hpp"

namespace rtv::app::exec {

namespace {

constexpr std::uint32_t l1_table_bytes = 16 * 1024;     // 4096 entries (ARM DDI 0100I B3.3.3)
constexpr std::uint32_t coarse_table_bytes = 1024;      // 256 entries (ARM DDI 0100I B3.3.5)
// Linux sets bit 4 of first-level descriptors on ARMv5 (PMD_BIT4 in arch/arm/mm); the
// ARM926EJ-S TRM (DDI 0198D 3.2.4) marks it should-be-one in coarse descriptors.
constexpr std::uint32_t l1_bit4 = 1u << 4;
constexpr unsigned user_domain = 0;
// A present small page keeps its Linux protection in no spare bit, so AP encodes it:
// user RW (3) for writable pages, user RO (2) for readable or executable ones (ARMv5 has no
// execute-never), privileged-only (1) for PROT_NONE (ARM DDI 0100I B4.4.1).
std::uint32_t ap_for(unsigned prot_bits) {
    if (prot_bits & prot::write) return mmu::ap_all_rw;
    if (prot_bits & (prot::read | prot::exec)) return mmu::ap_user_ro;
    return mmu::ap_priv_rw;
}

}  // namespace

address_space::address_space(unsigned char* host, std::uint32_t pa_base, std::uint32_t size)
    : m_host(host), m_pa_base(pa_base), m_size(size), m_next_page(pa_base + l1_table_bytes) {
    std::memset(m_host, 0, l1_table_bytes);
}

std::uint32_t address_space::allocate_page() {
    std::uint32_t pa = 0;
    if (!m_free.empty()) {
        pa = m_free.back();
        m_free.pop_back();
    } else if (m_next_page - m_pa_base + page_size <= m_size) {
        pa = m_next_page;
        m_next_page += page_size;
    } else {
        return 0;
    }
    std::memset(host_of_physical(pa), 0, page_size);
    return pa;
}

std::uint32_t address_space::free_pages() const {
    return static_cast<std::uint32_t>(m_free.size()) + (m_size - (m_next_page - m_pa_base)) / page_size;
}

void address_space::release_page(std::uint32_t pa) { m_free.push_back(pa); }

std::uint32_t* address_space::l2_entry(std::uint32_t va, bool create) {
    std::uint32_t& d = l1()[va >> mmu::l1_index_shift];
    if ((d & mmu::desc_type_mask) != mmu::l1_type_coarse) {
        if (!create) return nullptr;
        if (m_free_tables.empty()) {
            const std::uint32_t pa = allocate_page();
            if (pa == 0) return nullptr;
            for (std::uint32_t t = page_size; t > 0; t -= coarse_table_bytes) m_free_tables.push_back(pa + t - coarse_table_bytes);
        }
        const std::uint32_t table = m_free_tables.back();
        m_free_tables.pop_back();
        std::memset(host_of_physical(table), 0, coarse_table_bytes);
        d = table | (user_domain << mmu::l1_domain_shift) | l1_bit4 | mmu::l1_type_coarse;
    }
    auto* table = reinterpret_cast<std::uint32_t*>(host_of_physical(d & mmu::coarse_base_mask));
    return &table[(va >> mmu::small_shift) & 0xFF];
}

const std::uint32_t* address_space::l2_entry(std::uint32_t va) const {
    const std::uint32_t d = l1()[va >> mmu::l1_index_shift];
    if ((d & mmu::desc_type_mask) != mmu::l1_type_coarse) return nullptr;
    const auto* table = reinterpret_cast<const std::uint32_t*>(m_host + ((d & mmu::coarse_base_mask) - m_pa_base));
    return &table[(va >> mmu::small_shift) & 0xFF];
}

void address_space::set_page(std::uint32_t va, std::uint32_t pa, unsigned prot_bits) {
    std::uint32_t* e = l2_entry(va, true);
    const bool was_present = (*e & mmu::desc_type_mask) != mmu::l2_type_fault;
    const std::uint32_t ap = ap_for(prot_bits);
    const std::uint32_t aps = ap | ap << 2 | ap << 4 | ap << 6;  // AP0..AP3, one per 1 KiB subpage
    // Normal memory: cacheable, bufferable (write-back), as Linux maps user pages.
    *e = (pa & mmu::small_base_mask) | aps << mmu::page_ap_shift | mmu::desc_c | mmu::desc_b | mmu::l2_type_small;
    if (was_present && m_invalidate) m_invalidate(va);
}

bool address_space::map_anonymous(std::uint32_t va, std::uint32_t len, unsigned prot_bits) {
    // One coarse table per MiB plus the pages, checked before touching anything.
    std::uint32_t tables = 0;
    for (std::uint64_t mb = va >> 20; mb <= (std::uint64_t{va} + len - 1) >> 20; ++mb)
        if ((l1()[mb] & mmu::desc_type_mask) != mmu::l1_type_coarse) ++tables;
    const std::uint32_t needed = len / page_size + (tables + 3) / 4;
    std::uint32_t reclaimable = 0;
    for (std::uint64_t a = va; a < std::uint64_t{va} + len; a += page_size)
        if (is_mapped(static_cast<std::uint32_t>(a))) ++reclaimable;
    if (needed > free_pages() + reclaimable + static_cast<std::uint32_t>(m_free_tables.size()) / 4) return false;
    unmap(va, len);
    for (std::uint64_t a = va; a < std::uint64_t{va} + len; a += page_size) {
        const std::uint32_t pa = allocate_page();
        if (pa == 0) return false;
        set_page(static_cast<std::uint32_t>(a), pa, prot_bits);
    }
    return true;
}

void address_space::map_physical(std::uint32_t va, std::uint32_t pa, unsigned prot_bits) { set_page(va, pa, prot_bits); }

void address_space::unmap(std::uint32_t va, std::uint32_t len) {
    for (std::uint64_t a = va; a < std::uint64_t{va} + len; a += page_size) {
        std::uint32_t* e = l2_entry(static_cast<std::uint32_t>(a), false);
        if (!e || (*e & mmu::desc_type_mask) == mmu::l2_type_fault) continue;
        release_page(*e & mmu::small_base_mask);
        *e = 0;
        if (m_invalidate) m_invalidate(static_cast<std::uint32_t>(a));
    }
}

bool address_space::protect(std::uint32_t va, std::uint32_t len, unsigned prot_bits) {
    for (std::uint64_t a = va; a < std::uint64_t{va} + len; a += page_size)
        if (!is_mapped(static_cast<std::uint32_t>(a))) return false;
    for (std::uint64_t a = va; a < std::uint64_t{va} + len; a += page_size) {
        const std::uint32_t* e = l2_entry(static_cast<std::uint32_t>(a));
        set_page(static_cast<std::uint32_t>(a), *e & mmu::small_base_mask, prot_bits);
    }
    return true;
}

bool address_space::is_mapped(std::uint32_t va) const {
    const std::uint32_t* e = l2_entry(va);
    return e && (*e & mmu::desc_type_mask) != mmu::l2_type_fault;
}

std::uint32_t address_space::find_free(std::uint32_t hint, std::uint32_t len, std::uint32_t limit) const {
    std::uint64_t start = hint & ~(page_size - 1);
    while (start + len <= limit) {
        std::uint64_t a = start;
        while (a < start + len && !is_mapped(static_cast<std::uint32_t>(a))) a += page_size;
        if (a >= start + len) return static_cast<std::uint32_t>(start);
        start = a + page_size;
    }
    return 0;
}

unsigned char* address_space::user_byte(std::uint32_t va, bool write) const {
    const std::uint32_t* e = l2_entry(va);
    if (!e || (*e & mmu::desc_type_mask) != mmu::l2_type_small) return nullptr;
    const std::uint32_t ap = (*e >> mmu::page_ap_shift) & 3;
    if (ap == mmu::ap_all_rw || (ap == mmu::ap_user_ro && !write))
        return m_host + ((*e & mmu::small_base_mask) - m_pa_base) + (va & (page_size - 1));
    return nullptr;
}

bool address_space::copy_from_user(std::uint32_t va, void* dst, std::uint32_t len) const {
    auto* out = static_cast<unsigned char*>(dst);
    for (std::uint32_t done = 0; done < len;) {
        const std::uint32_t a = va + done;
        const unsigned char* p = user_byte(a, false);
        if (!p || a < va) return false;
        const std::uint32_t chunk = std::min(len - done, page_size - (a & (page_size - 1)));
        std::memcpy(out + done, p, chunk);
        done += chunk;
    }
    return true;
}

bool address_space::copy_to_user(std::uint32_t va, const void* src, std::uint32_t len) {
    // Checked first so a fault leaves user memory untouched.
    for (std::uint64_t a = va & ~(page_size - 1); a < std::uint64_t{va} + len; a += page_size)
        if (!user_byte(static_cast<std::uint32_t>(a), true)) return false;
    if (std::uint64_t{va} + len > 0x1'0000'0000ULL) return false;
    const auto* in = static_cast<const unsigned char*>(src);
    for (std::uint32_t done = 0; done < len;) {
        const std::uint32_t a = va + done;
        const std::uint32_t chunk = std::min(len - done, page_size - (a & (page_size - 1)));
        unsigned char* dst = user_byte(a, true);
        std::memcpy(dst, in + done, chunk);
        if (m_written) m_written(m_pa_base + static_cast<std::uint32_t>(dst - m_host), chunk);
        done += chunk;
    }
    return true;
}

bool address_space::string_from_user(std::uint32_t va, std::string& out, std::uint32_t max) const {
    out.clear();
    for (std::uint32_t i = 0; i < max; ++i) {
        const unsigned char* p = user_byte(va + i, false);
        if (!p) return false;
        if (*p == 0) return true;
        out.push_back(static_cast<char>(*p));
    }
    return false;
}

}  // namespace rtv::app::exec
