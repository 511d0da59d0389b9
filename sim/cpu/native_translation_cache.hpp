// SPDX-License-Identifier: Apache-2.0
// The native engine's translation cache: for the 4 KiB pages that a work item's loads and
// stores touch, what a TLB hit in the MMU would give (MVA and PA pages, the permission
// checks, the effective cache policy) and the host pointer of the page in DMI memory.
//
// It is a cache of results, not of state: a slot is only used while the MMU state it was
// made from still holds. revalidate() compares the TLB's generation (every fill, invalidation
// and lockdown write changes it) and the registers a TLB hit depends on (SCTLR, DACR, FCSE
// PID) with the ones the slots were made under, and forgets every slot when one differs, as
// the ISS's software TLB forgets its slots on a walk or a CP15 write. A TLB lookup that hits
// changes nothing in the TLB (no replacement state moves on a hit), so answering a hit from
// here leaves the TLB as the lookup would; the hit's statistics are counted by the MMU
// (arm926_mmu::count_cached_hits).
#pragma once

#include <array>
#include <cstdint>

#include "sim/cpu/cache_model.hpp"
#include "sim/mmu/arm926_mmu.hpp"

namespace rtv::cpu {

class native_translation_cache {
public:
    static constexpr unsigned entries = 64;  // direct-mapped by VA page: working sets of up to 256 KiB
    static constexpr std::uint32_t page_mask = 0xFFF;

    struct slot {
        std::uint32_t vpage = no_page;
        std::uint32_t gen = 0;
        unsigned char* host = nullptr;  // the page in DMI memory
        std::uint32_t pa_page = 0, mva_page = 0;
        std::uint16_t permitted = 0;    // mmu::page_grant::permitted
        cache_policy policy = cache_policy::uncached_unbuffered;  // effective D-side policy
        bool lockdown = false;
    };

    // Forgets every slot if the MMU state changed since the slots were made.
    void revalidate(const mmu::mmu_regs& regs, std::uint32_t tlb_generation) {
        if (tlb_generation == m_tlb_generation && regs.sctlr == m_sctlr && regs.dacr == m_dacr &&
            regs.fcse_pid == m_fcse_pid)
            return;
        ++m_gen;
        m_tlb_generation = tlb_generation;
        m_sctlr = regs.sctlr;
        m_dacr = regs.dacr;
        m_fcse_pid = regs.fcse_pid;
    }
    // The slot of `va`'s page, or nullptr. Call revalidate() first whenever the MMU state may
    // have changed since the last call.
    const slot* lookup(std::uint32_t va) const {
        const slot& s = m_slots[(va >> 12) % entries];
        return s.vpage == (va >> 12) && s.gen == m_gen ? &s : nullptr;
    }
    // Keeps `g` (made under the state of the last revalidate()) for `va`'s page.
    void fill(std::uint32_t va, const mmu::page_grant& g, unsigned char* host, cache_policy policy) {
        slot& s = m_slots[(va >> 12) % entries];
        s.vpage = va >> 12;
        s.gen = m_gen;
        s.host = host;
        s.pa_page = g.pa_page;
        s.mva_page = g.mva_page;
        s.permitted = g.permitted;
        s.policy = policy;
        s.lockdown = g.lockdown;
    }
    void invalidate_all() { ++m_gen; }
    // SCTLR as of the last revalidate() (its A bit decides the alignment check).
    std::uint32_t sctlr() const { return m_sctlr; }

private:
    static constexpr std::uint32_t no_page = ~0u;  // VA >> 12 never reaches it
    std::array<slot, entries> m_slots{};
    std::uint32_t m_gen = 1;
    std::uint32_t m_tlb_generation = 0, m_sctlr = 0, m_dacr = 0, m_fcse_pid = 0;
};

}  // namespace rtv::cpu
