// SPDX-License-Identifier: Apache-2.0
#include "sim/mmu/tlb.hpp"

namespace rtv::mmu {

void tlb::drop(tlb_entry& e, bool lockdown) {
    if (!e.valid) return;
    e.valid = false;
    if (lockdown)
        --m_lockdown_valid;
    else
        --m_main_count[static_cast<unsigned>(e.size)];
}

tlb_slot tlb::insert(const tlb_entry& e) {
    ++m_generation;
    tlb_slot slot;
    if (m_preserve) {
        slot.lockdown = true;
        slot.index = m_victim;
        tlb_entry& dst = m_lockdown[m_victim];
        slot.evicted = dst.valid;
        drop(dst, true);
        dst = e;
        dst.valid = true;
        ++m_lockdown_valid;
        ++m_stats.lockdown_fills;
        // TRM 2.3.11: "the victim automatically increments after any table walk that results in
        // an entry being written into the lockdown part"; the 3-bit field wraps (UNCONFIRMED).
        m_victim = (m_victim + 1) % lockdown_entries;
    } else {
        const unsigned set = set_index(e.mva_base, e.size);
        auto& ways_of_set = m_main[set];
        unsigned way = m_next_way[set];
        for (unsigned w = 0; w < ways; ++w)
            if (!ways_of_set[w].valid) {
                way = w;
                break;
            }
        slot.index = set;
        slot.way = way;
        tlb_entry& dst = ways_of_set[way];
        slot.evicted = dst.valid;
        drop(dst, false);
        dst = e;
        dst.valid = true;
        ++m_main_count[static_cast<unsigned>(e.size)];
        m_next_way[set] = static_cast<std::uint8_t>((way + 1) % ways);
        ++m_stats.main_fills;
    }
    if (slot.evicted) ++m_stats.evictions;
    return slot;
}

void tlb::invalidate_all() {
    ++m_generation;
    ++m_stats.invalidate_all_ops;
    for (auto& set : m_main)
        for (tlb_entry& e : set)
            if (e.valid) {
                drop(e, false);
                ++m_stats.entries_invalidated;
            }
}

void tlb::invalidate_mva(std::uint32_t mva) {
    ++m_generation;
    ++m_stats.invalidate_mva_ops;
    for (tlb_entry& e : m_lockdown)
        if (e.maps(mva)) {
            drop(e, true);
            ++m_stats.entries_invalidated;
        }
    for (unsigned s = 0; s < page_size_count; ++s) {
        auto& set = m_main[set_index(mva, static_cast<page_size>(s))];
        for (tlb_entry& e : set)
            if (e.maps(mva)) {
                drop(e, false);
                ++m_stats.entries_invalidated;
            }
    }
}

void tlb::write_lockdown_register(std::uint32_t value) {
    ++m_generation;
    m_victim = (value >> lockdown_victim_shift) & lockdown_victim_mask;
    m_preserve = (value & lockdown_p) != 0;
}

unsigned tlb::valid_main_entries() const {
    unsigned n = 0;
    for (unsigned c : m_main_count) n += c;
    return n;
}

}  // namespace rtv::mmu
