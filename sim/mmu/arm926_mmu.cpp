// SPDX-License-Identifier: Apache-2.0
#include "sim/mmu/arm926_mmu.hpp"

namespace rtv::mmu {

const std::vector<core::cost_entry<mmu_costs>>& mmu_costs::entries() {
    static const std::vector<core::cost_entry<mmu_costs>> table = {
        {"mmu_walk_overhead", &mmu_costs::walk_overhead,
         "estimate per walk level (no published figure, imx21-arm926.md 4.4): address + decode cycles"},
    };
    return table;
}

namespace {

constexpr std::uint8_t repeat_ap(std::uint32_t ap) {
    ap &= 3u;
    return static_cast<std::uint8_t>(ap | ap << 2 | ap << 4 | ap << 6);
}

}  // namespace

arm926_mmu::arm926_mmu(walk_memory& mem, const mmu_regs& regs, mmu_costs costs)
    : m_mem(mem), m_regs(regs), m_costs(costs) {}

translation arm926_mmu::translate(std::uint32_t va, access_kind kind, bool privileged, unsigned size_bytes) {
    translation t;
    const std::uint32_t sctlr = m_regs.sctlr;
    const bool mmu_on = (sctlr & sctlr_m) != 0;
    t.mva = mmu_on ? mva_of(va) : va;

    // Alignment has the highest priority, applies to data only, and is checked whether or not
    // the MMU is enabled (ref 4.3; ARM720T manual 7.7.1).
    if ((sctlr & sctlr_a) != 0 && kind != access_kind::fetch && (va & alignment_mask(size_bytes)) != 0) {
        fault(t, fault_kind::alignment, 0);
        return t;
    }

    if (!mmu_on) {
        // Flat: VA = MVA = PA, all regions uncached and unbuffered; the TLB is neither used nor
        // changed, so its contents survive an MMU off/on cycle (Digi NS9215 HW ref p.126).
        ++m_stats.flat;
        t.pa = va;
        return t;
    }

    ++m_stats.translations;
    if (const tlb_entry* e = m_tlb.lookup(t.mva)) {
        ++m_stats.tlb_hits;
        if (m_tlb.is_lockdown(e)) ++m_stats.lockdown_hits;
        t.tlb_hit = true;
        check(t, *e, kind, privileged);
        return t;
    }
    ++m_stats.tlb_misses;
    walk(t, kind, privileged);
    return t;
}

void arm926_mmu::fault(translation& t, fault_kind k, unsigned domain) {
    ++m_stats.faults;
    ++m_stats.by_fault[static_cast<unsigned>(k)];
    t.ok = false;
    t.fault = k;
    t.fsr = make_fsr(k, domain);
    t.far = t.mva;
    t.pa = 0;
    t.cacheable = t.bufferable = false;
}

bool arm926_mmu::read_descriptor(std::uint32_t pa, std::uint32_t& value, translation& t) {
    std::uint64_t bus = 0;
    const bool ok = m_mem.read_word(pa, value, bus);
    const std::uint64_t cost = bus + m_costs.walk_overhead;
    ++m_stats.walk_reads;
    m_stats.walk_cycles += cost;
    t.cycles += cost;
    return ok;
}

// The two-level walk of `mva` from the table at `ttb` (ref 4.1), reading descriptors with
// `read(pa, value)`; fills `e` (valid) or returns the fault and its domain. Shared by the
// hardware walk and the debugger's side-effect-free one.
template <class Read>
bool arm926_mmu::walk_tables(std::uint32_t ttb, std::uint32_t mva, Read&& read, tlb_entry& e, fault_kind& k,
                             unsigned& domain) {
    domain = 0;
    std::uint32_t l1 = 0;
    const std::uint32_t l1_addr = (ttb & ttb_base_mask) | ((mva >> (l1_index_shift - 2)) & l1_index_byte_mask);
    if (!read(l1_addr, l1)) return k = fault_kind::external_abort_l1, false;

    e.c = (l1 & desc_c) != 0;
    e.b = (l1 & desc_b) != 0;
    e.domain = static_cast<std::uint8_t>((l1 >> l1_domain_shift) & l1_domain_mask);

    switch (l1 & desc_type_mask) {
        case l1_type_fault:
            return k = fault_kind::translation_section, false;
        case l1_type_section:
            e.size = page_size::section;
            e.aps = repeat_ap(l1 >> section_ap_shift);
            e.mva_base = mva & section_base_mask;
            e.pa_base = l1 & section_base_mask;
            break;
        default: {  // coarse or fine page table
            const bool fine = (l1 & desc_type_mask) == l1_type_fine;
            const std::uint32_t l2_addr =
                fine ? (l1 & fine_base_mask) | ((mva >> fine_index_shift) & fine_index_byte_mask)
                     : (l1 & coarse_base_mask) | ((mva >> coarse_index_shift) & coarse_index_byte_mask);
            std::uint32_t l2 = 0;
            domain = e.domain;
            if (!read(l2_addr, l2)) return k = fault_kind::external_abort_l2, false;
            const std::uint32_t type = l2 & desc_type_mask;
            // A tiny descriptor in a coarse table is UNPREDICTABLE in ARMv5; the model raises a
            // page translation fault, as QEMU does (ref 4.1).
            if (type == l2_type_fault || (type == l2_type_tiny && !fine))
                return k = fault_kind::translation_page, false;
            // Pages take C and B from the second-level descriptor (ref 4.1).
            e.c = (l2 & desc_c) != 0;
            e.b = (l2 & desc_b) != 0;
            if (type == l2_type_large) {
                e.size = page_size::large;
                e.aps = static_cast<std::uint8_t>((l2 >> page_ap_shift) & page_aps_mask);
                e.mva_base = mva & large_base_mask;
                e.pa_base = l2 & large_base_mask;
            } else if (type == l2_type_small) {
                e.size = page_size::small;
                e.aps = static_cast<std::uint8_t>((l2 >> page_ap_shift) & page_aps_mask);
                e.mva_base = mva & small_base_mask;
                e.pa_base = l2 & small_base_mask;
            } else {
                e.size = page_size::tiny;
                e.aps = repeat_ap(l2 >> page_ap_shift);
                e.mva_base = mva & tiny_base_mask;
                e.pa_base = l2 & tiny_base_mask;
            }
            break;
        }
    }
    e.valid = true;
    return true;
}

void arm926_mmu::walk(translation& t, access_kind kind, bool privileged) {
    ++m_stats.walks;
    tlb_entry e;
    fault_kind k = fault_kind::alignment;
    unsigned domain = 0;
    if (!walk_tables(m_regs.ttb, t.mva, [&](std::uint32_t pa, std::uint32_t& v) { return read_descriptor(pa, v, t); },
                     e, k, domain))
        return fault(t, k, domain);
    // A walk that ends in a valid descriptor fills the TLB even when the access then takes a
    // domain or permission fault: those checks are made against the entry, as on every hit.
    m_tlb.insert(e);
    check(t, e, kind, privileged);
}

std::optional<std::uint32_t> arm926_mmu::debug_translate(std::uint32_t va, const debug_reader& read) const {
    if ((m_regs.sctlr & sctlr_m) == 0) return va;
    const std::uint32_t mva = mva_of(va);
    if (const tlb_entry* e = m_tlb.lookup(mva)) return e->pa_of(mva);
    tlb_entry e;
    fault_kind k = fault_kind::alignment;
    unsigned domain = 0;
    if (!walk_tables(m_regs.ttb, mva, read, e, k, domain)) return std::nullopt;
    return e.pa_of(mva);
}

void arm926_mmu::check(translation& t, const tlb_entry& e, access_kind kind, bool privileged) {
    const bool section = e.size == page_size::section;
    const std::uint32_t d = (m_regs.dacr >> (2 * e.domain)) & 3u;
    // 00 no access and 10 reserved both fault (ref 4.2; ARM720T manual fig. 7-14).
    if (d == dacr_no_access || d == dacr_reserved)
        return fault(t, section ? fault_kind::domain_section : fault_kind::domain_page, e.domain);
    if (d == dacr_client) {
        const std::uint32_t sctlr = m_regs.sctlr;
        if (!access_permitted(e.ap_of(t.mva), (sctlr & sctlr_s) != 0, (sctlr & sctlr_r) != 0, privileged,
                              kind == access_kind::write))
            return fault(t, section ? fault_kind::permission_section : fault_kind::permission_page, e.domain);
    }
    t.pa = e.pa_of(t.mva);
    t.cacheable = e.c;
    t.bufferable = e.b;
}

bool arm926_mmu::grant_of(std::uint32_t va, page_grant& g) const {
    const std::uint32_t sctlr = m_regs.sctlr;
    if ((sctlr & sctlr_m) == 0) return false;
    constexpr std::uint32_t page_mask = (1u << small_shift) - 1u;
    const std::uint32_t mva_page = mva_of(va) & ~page_mask;
    const tlb_entry* e = m_tlb.lookup(mva_page);
    if (!e || e->size == page_size::tiny) return false;
    // Each 1 KiB part of the page must find the same entry first: a tiny page (in the lockdown
    // part, or one left by software that changed a table without invalidating) could take one.
    constexpr std::uint32_t subpage = 1u << small_subpage_shift;
    for (std::uint32_t part = subpage; part <= page_mask; part += subpage)
        if (m_tlb.lookup(mva_page | part) != e) return false;
    g.mva_page = mva_page;
    g.pa_page = e->pa_of(mva_page);
    g.cacheable = e->c;
    g.bufferable = e->b;
    g.lockdown = m_tlb.is_lockdown(e);
    g.permitted = 0;
    // The checks of check(), made for every privilege, direction and subpage.
    const std::uint32_t d = (m_regs.dacr >> (2 * e->domain)) & 3u;
    for (int priv = 0; priv < 2; ++priv)
        for (int write = 0; write < 2; ++write)
            for (std::uint32_t part = 0; part <= page_mask; part += subpage) {
                const std::uint32_t mva = mva_page | part;
                const bool ok = d == dacr_manager ||
                                (d == dacr_client && access_permitted(e->ap_of(mva), (sctlr & sctlr_s) != 0,
                                                                      (sctlr & sctlr_r) != 0, priv != 0, write != 0));
                if (ok) g.permitted |= static_cast<std::uint16_t>(1u << page_grant::permission_bit(priv != 0, write != 0, mva));
            }
    return true;
}

void arm926_mmu::register_stats(core::stats_registry& reg, const std::string& prefix) const {
    const mmu_stats& s = m_stats;
    reg.add(prefix + ".translations", &s.translations);
    reg.add(prefix + ".flat", &s.flat);
    reg.add(prefix + ".tlb_hits", &s.tlb_hits);
    reg.add(prefix + ".lockdown_hits", &s.lockdown_hits);
    reg.add(prefix + ".tlb_misses", &s.tlb_misses);
    reg.add(prefix + ".walks", &s.walks);
    reg.add(prefix + ".walk_reads", &s.walk_reads);
    reg.add(prefix + ".walk_cycles", &s.walk_cycles);
    reg.add(prefix + ".faults", &s.faults);
    for (const fault_info& f : fault_table)
        if (f.kind != fault_kind::external_abort)  // raised by the core, never counted here
            reg.add(prefix + ".faults_by_kind." + f.name, &s.by_fault[static_cast<unsigned>(f.kind)]);
    const tlb_stats& ts = m_tlb.stats();
    reg.add(prefix + ".tlb.main_fills", &ts.main_fills);
    reg.add(prefix + ".tlb.lockdown_fills", &ts.lockdown_fills);
    reg.add(prefix + ".tlb.evictions", &ts.evictions);
    reg.add(prefix + ".tlb.invalidate_all_ops", &ts.invalidate_all_ops);
    reg.add(prefix + ".tlb.invalidate_mva_ops", &ts.invalidate_mva_ops);
    reg.add(prefix + ".tlb.entries_invalidated", &ts.entries_invalidated);
}

}  // namespace rtv::mmu
