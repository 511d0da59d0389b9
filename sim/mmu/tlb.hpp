// SPDX-License-Identifier: Apache-2.0
// The ARM926EJ-S unified TLB: a 2-way set-associative main part of 32 sets (64 entries) and an
// 8-entry fully associative lockdown part (TRM DDI0198D 3.7; ref 4.4).
//
// Entries are tagged by MVA and keep what the permission check needs on every hit (domain, the
// four subpage APs, C, B), so a DACR or S/R change takes effect without a flush. The main part's
// organisation and replacement are not architected (TRM 3.7); this model's choices, documented
// in docs/models/mmu.md:
//  - an entry of size 2^k is placed in set (MVA >> k) % 32, so a section covers its whole 1 MiB
//    from one entry; a lookup probes one set per page size present in the TLB;
//  - a fill takes the set's lower-numbered invalid way, else the way a per-set round-robin
//    pointer names; the pointer then moves to the other way (so the older entry goes first).
// The lockdown part follows the c10 register (TRM 2.3.11): while P = 1 walks fill lockdown entry
// `victim`, and victim then increments (modulo 8). Invalidate-all leaves lockdown entries; an
// invalidate by MVA removes any entry, main or lockdown, that maps the MVA (TRM 2.3.11, 3.7).
#pragma once

#include <array>
#include <cstdint>

#include "sim/mmu/descriptors.hpp"

namespace rtv::mmu {

enum class page_size : std::uint8_t { section, large, small, tiny };
inline constexpr unsigned page_size_count = 4;

constexpr unsigned size_shift(page_size s) {
    return s == page_size::section ? section_shift
           : s == page_size::large ? large_shift
           : s == page_size::small ? small_shift
                                   : tiny_shift;
}

struct tlb_entry {
    bool valid = false;
    page_size size = page_size::small;
    std::uint8_t domain = 0;
    std::uint8_t aps = 0;  // AP3..AP0, 2 bits each (AP0 in [1:0]); sections and tiny pages repeat one AP
    bool c = false, b = false;
    std::uint32_t mva_base = 0;  // MVA of the first byte of the page
    std::uint32_t pa_base = 0;   // PA of the first byte of the page

    std::uint32_t offset_mask() const { return (1u << size_shift(size)) - 1u; }
    bool maps(std::uint32_t mva) const { return valid && (mva & ~offset_mask()) == mva_base; }
    std::uint32_t pa_of(std::uint32_t mva) const { return pa_base | (mva & offset_mask()); }
    // The AP of the subpage holding `mva`: MVA[15:14] for large pages, MVA[11:10] for small ones
    // (ref 4.1); sections and tiny pages have one AP, repeated in all four fields.
    std::uint32_t ap_of(std::uint32_t mva) const {
        const unsigned shift = size == page_size::large ? large_subpage_shift : small_subpage_shift;
        return (aps >> (2 * ((mva >> shift) & 3u))) & 3u;
    }
};

// Where a fill went.
struct tlb_slot {
    bool lockdown = false;
    unsigned index = 0;    // lockdown entry, or set
    unsigned way = 0;      // main part only
    bool evicted = false;  // a valid entry was overwritten
};

struct tlb_stats {
    std::uint64_t main_fills = 0;
    std::uint64_t lockdown_fills = 0;
    std::uint64_t evictions = 0;            // valid main or lockdown entries overwritten by a fill
    std::uint64_t invalidate_all_ops = 0;   // c8 invalidate-all operations
    std::uint64_t invalidate_mva_ops = 0;   // c8 invalidate-by-MVA operations
    std::uint64_t entries_invalidated = 0;  // valid entries removed by either
};

class tlb {
public:
    static constexpr unsigned sets = 32;  // TRM 3.7: 2 way x 32 entries
    static constexpr unsigned ways = 2;
    static constexpr unsigned lockdown_entries = 8;  // TRM 3.7

    tlb() = default;

    // The entry mapping `mva`, or nullptr. Lockdown entries are searched first, then the main
    // part from the largest page size to the smallest. Two entries can only map one MVA when
    // software changed a table without invalidating (UNPREDICTABLE); the first found wins.
    const tlb_entry* lookup(std::uint32_t mva) const {
        if (m_lockdown_valid != 0)
            for (const tlb_entry& e : m_lockdown)
                if (e.maps(mva)) return &e;
        for (unsigned s = 0; s < page_size_count; ++s) {
            if (m_main_count[s] == 0) continue;
            const auto& set = m_main[set_index(mva, static_cast<page_size>(s))];
            for (const tlb_entry& e : set)
                if (e.maps(mva)) return &e;
        }
        return nullptr;
    }
    // Whether the hit came from the lockdown part.
    bool is_lockdown(const tlb_entry* e) const {
        return e >= m_lockdown.data() && e < m_lockdown.data() + lockdown_entries;
    }

    // Writes a walk's result: to lockdown entry `victim` while P = 1 (victim then increments),
    // else to the main part. `e.mva_base`/`e.pa_base` must be aligned to the page size.
    tlb_slot insert(const tlb_entry& e);

    // c8 invalidate all (also the I-only and D-only forms on this unified TLB): the main part.
    void invalidate_all();
    // c8 invalidate by MVA: every main or lockdown entry that maps `mva`.
    void invalidate_mva(std::uint32_t mva);

    // c10, TLB lockdown register: victim [28:26], P [0] (TRM 2.3.11). Reads return the current
    // victim, which fills advance.
    std::uint32_t lockdown_register() const {
        return (m_victim << lockdown_victim_shift) | (m_preserve ? lockdown_p : 0u);
    }
    void write_lockdown_register(std::uint32_t value);

    // The set an entry of size `s` covering `mva` lives in.
    static unsigned set_index(std::uint32_t mva, page_size s) { return (mva >> size_shift(s)) % sets; }

    // Introspection (tests, reports).
    const tlb_entry& main_entry(unsigned set, unsigned way) const { return m_main[set][way]; }
    const tlb_entry& lockdown_entry(unsigned i) const { return m_lockdown[i]; }
    unsigned valid_main_entries() const;
    unsigned valid_lockdown_entries() const { return m_lockdown_valid; }
    const tlb_stats& stats() const { return m_stats; }
    // Changes with every fill, invalidation and lockdown-register write: while it holds, every
    // lookup() gives what it gave before (caches of translations compare it).
    std::uint32_t generation() const { return m_generation; }

private:
    void drop(tlb_entry& e, bool lockdown);

    std::array<std::array<tlb_entry, ways>, sets> m_main{};
    std::array<std::uint8_t, sets> m_next_way{};  // round-robin pointer per set
    std::array<tlb_entry, lockdown_entries> m_lockdown{};
    std::array<unsigned, page_size_count> m_main_count{};  // valid main entries per page size
    unsigned m_lockdown_valid = 0;
    std::uint32_t m_victim = 0;
    bool m_preserve = false;
    std::uint32_t m_generation = 0;
    tlb_stats m_stats;
};

}  // namespace rtv::mmu
