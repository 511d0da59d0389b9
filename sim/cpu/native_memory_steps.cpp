// SPDX-License-Identifier: Apache-2.0
// The native engine's fast path for memory steps. A busy guest's working-set touch is hundreds
// of loads and stores in a row; each one on the slow path (run_memory) goes through the MMU's
// TLB lookup and permission check, the DMI check and the CP15's policy selection. Here a run of
// such steps is executed in one loop, translated by the native translation cache, with exactly
// the slow path's effects: the same data moved, the same D-cache accesses in the same order,
// the same cycles and the same statistics (core, MMU, per-account). Anything else (a step the
// cache cannot answer, a fault, a peripheral, an atomic rmw) is left to the slow path.
#include <cstring>

#include "sim/cpu/arm926_core.hpp"
#include "sim/cpu/iss/engine.hpp"

namespace rtv::cpu {

void arm926_core::set_native_fast_paths(bool on) {
    m_native_fast = on;
    m_translations.invalidate_all();
}

void arm926_core::remember_translation(std::uint32_t va) {
    m_translations.revalidate(m_cp15.regs(), m_mmu.tlbs().generation());
    mmu::page_grant g;
    if (!m_mmu.grant_of(va, g) || !m_dmi_valid) return;
    // The whole page must be DMI memory, as move_data would find it for any word in it.
    const std::uint64_t start = m_dmi.get_start_address();
    if (g.pa_page < start || std::uint64_t{g.pa_page} + native_translation_cache::page_mask > m_dmi.get_end_address())
        return;
    unsigned char* host = m_dmi.get_dmi_ptr() + (g.pa_page - start);
    m_translations.fill(va, g, host, m_cp15.data_policy(policy_from_cb(g.cacheable, g.bufferable)));
}

void arm926_core::run_memory_fast(work_item& item, account_memory_stats& ms, std::uint64_t horizon) {
    m_translations.revalidate(m_cp15.regs(), m_mmu.tlbs().generation());
    const bool align_check = (m_translations.sctlr() & mmu::sctlr_a) != 0;
    const bool priv = privileged();
    cache_model::run dcache(m_cp15.dcache());
    const std::uint64_t access_cycles = m_costs.memory_access;
    step* const steps = item.steps.data();
    const std::size_t count = item.steps.size();
    const std::size_t first = item.position;
    // Counted in locals and added at the end: the guest-memory writes below go through a byte
    // pointer, which would otherwise make the compiler reload every counter after each one.
    std::uint64_t cycle = m_cycle;
    std::uint64_t lockdown_hits = 0, writes = 0, cache_misses = 0;
    std::size_t pos = first;
    // What the translation cache says for the 1 KiB subpage (the unit of access permissions)
    // the last step touched, the permission checks made once for it: a working set is walked
    // line by line. Nothing in the loop changes the MMU state, the slots or the ISS's record of
    // code pages (memory_written only forgets decoded instructions).
    struct subpage {
        std::uint32_t key = ~0u;  // VA >> 10; never reaches ~0u
        unsigned char* host = nullptr;
        std::uint32_t pa_page = 0, mva_page = 0;
        bool read_ok = false, write_ok = false, lockdown = false, code = false;
        cache_policy policy = cache_policy::uncached_unbuffered;
    } sub;
    for (; pos < count && cycle < horizon; ++pos) {
        step& s = steps[pos];
        const bool write = s.kind == step_kind::store;
        if (!write && s.kind != step_kind::load) break;
        const std::uint32_t va = s.address;
        const std::uint32_t offset = va & native_translation_cache::page_mask;
        // A word there would reach into the next page, which may not be DMI memory.
        if (offset > native_translation_cache::page_mask - 3) break;
        if (align_check && (va & mmu::alignment_mask(s.size)) != 0) break;  // the MMU raises the fault
        if ((va >> 10) != sub.key) {
            const native_translation_cache::slot* p = m_translations.lookup(va);
            if (!p) break;
            sub.key = va >> 10;
            sub.host = p->host;
            sub.pa_page = p->pa_page;
            sub.mva_page = p->mva_page;
            sub.read_ok = ((p->permitted >> mmu::page_grant::permission_bit(priv, false, va)) & 1u) != 0;
            sub.write_ok = ((p->permitted >> mmu::page_grant::permission_bit(priv, true, va)) & 1u) != 0;
            sub.lockdown = p->lockdown;
            sub.code = m_iss->holds_code(p->pa_page);  // pa_page is 4 KiB aligned: the page of every pa below
            sub.policy = p->policy;
        }
        if (!(write ? sub.write_ok : sub.read_ok)) break;

        // translate(): a TLB hit, no walk cycles.
        lockdown_hits += sub.lockdown ? 1u : 0u;
        // move_data(): DMI.
        unsigned char* host = sub.host + offset;
        if (write) {
            if (s.size == 1)
                *host = static_cast<unsigned char>(s.value);
            else
                std::memcpy(host, &s.value, 4);
            if (sub.code) {
                m_cycle = cycle;
                m_iss->memory_written(sub.pa_page | offset, s.size);
            }
            ++writes;
        } else {
            if (s.size == 1)
                s.value = *host;
            else
                std::memcpy(&s.value, host, 4);
        }
        // The D-cache's cost of the access.
        const std::uint32_t mva = sub.mva_page | offset;
        const access_result r = write ? dcache.write(mva, sub.policy) : dcache.read(mva, sub.policy);
        cache_misses += r.hit ? 0u : 1u;
        cycle += access_cycles + r.cycles;
    }
    const std::uint64_t accesses = pos - first;
    m_cycle = cycle;
    item.position = pos;
    m_mmu.count_cached_hits(accesses, lockdown_hits);
    ms.accesses += accesses;
    ms.tlb_hits += accesses;
    ms.cache_misses += cache_misses;
    m_stats.bus_writes += writes;
    m_stats.bus_reads += accesses - writes;
}

}  // namespace rtv::cpu
