// SPDX-License-Identifier: Apache-2.0
// The ARM926EJ-S MMU: ARMv5 VMSA translation with FCSE, hardware table walks, domains, access
// permissions, fault status codes, and the unified 64 + 8 entry TLB (docs/sources.md 4;
// model page docs/models/mmu.md).
//
// The MMU reads the CP15 registers it depends on through a reference to `mmu_regs`, which the
// CP15 model owns, so a register write takes effect on the next access without a call. It reads
// descriptors through `walk_memory` (real SDRAM reads over the bus, implemented by the core).
//
// translate() order (ARM926EJ-S TRM table 3-9 priorities; ARM720T manual fig. 7-14 sequence):
//  1. alignment (data accesses with SCTLR.A = 1, whether the MMU is on or not);
//  2. SCTLR.M = 0: flat, PA = VA, uncached, no FCSE and no TLB access;
//  3. FCSE: MVA = VA | PID when VA[31:25] == 0;
//  4. TLB lookup; on a miss, the walk (level-1 external abort, section translation fault,
//     level-2 external abort, page translation fault), whose valid result fills the TLB;
//  5. domain check against the current DACR, then AP against the current SCTLR S/R, on every
//     access including TLB hits.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/cost_table.hpp"
#include "sim/core/stats.hpp"
#include "sim/mmu/descriptors.hpp"
#include "sim/mmu/mmu_regs.hpp"
#include "sim/mmu/fault.hpp"
#include "sim/mmu/tlb.hpp"

namespace rtv::mmu {

// The CP15 registers the MMU depends on; the CP15 model owns them and the MMU keeps a reference.

enum class access_kind { read, write, fetch };

struct translation {
    bool ok = true;
    std::uint32_t mva = 0, pa = 0;
    // On a fault: the FSR value, [7:4] domain (0 when TRM table 3-9 says the field is not valid
    // for that fault), [3:0] FS. The CP15 model writes it to the DFSR for reads and writes and to
    // the IFSR for fetches.
    std::uint32_t fsr = 0;
    // On a fault: the faulting MVA (the ARM926 FAR holds the MVA, ref 4.3; with the
    // MMU off MVA = VA). The CP15 model writes it to FAR for data aborts only: prefetch aborts do
    // not update FAR (ref 4.3).
    std::uint32_t far = 0;
    fault_kind fault = fault_kind::alignment;    // meaningful only when !ok
    bool cacheable = false, bufferable = false;  // C and B of the mapping; false with the MMU off
    bool tlb_hit = false;
    // Translation cost: 0 on a TLB hit (and with the MMU off); on a miss the sum over the levels
    // walked of (bus cycles of the descriptor read + mmu_costs::walk_overhead).
    std::uint64_t cycles = 0;
};

// Where table walks read descriptors: real reads of SDRAM over the bus (the core implements it).
// The walk does not look up the D-cache (ref 4.4).
class walk_memory {
public:
    virtual ~walk_memory() = default;
    // false = external abort on the walk (-> FS 1100 level 1 / 1110 level 2). `cycles` receives
    // the bus cycles the read took (also when it fails).
    virtual bool read_word(std::uint32_t pa, std::uint32_t& value, std::uint64_t& cycles) = 0;
};

struct mmu_costs {
    // Walk cycles per level on top of the descriptor's bus read. No published figure (ref 4.4,
    // 7): estimate of one cycle to form the descriptor address and start the AHB read and one
    // to decode the descriptor (and at the last level write the TLB) before the access restarts.
    std::uint64_t walk_overhead = 2;

    static const std::vector<core::cost_entry<mmu_costs>>& entries();
};

struct mmu_stats {
    std::uint64_t translations = 0;  // accesses translated with the MMU on (hits + misses)
    std::uint64_t flat = 0;          // accesses with the MMU off
    std::uint64_t tlb_hits = 0;
    std::uint64_t lockdown_hits = 0;  // the part of tlb_hits served by the lockdown entries
    std::uint64_t tlb_misses = 0;
    std::uint64_t walks = 0;
    std::uint64_t walk_reads = 0;   // descriptor reads (1 per section, 2 per page)
    std::uint64_t walk_cycles = 0;  // all cycles charged for walks
    std::uint64_t faults = 0;
    std::array<std::uint64_t, fault_kind_count> by_fault{};  // index: fault_kind

    std::uint64_t faults_of(fault_kind k) const { return by_fault[static_cast<unsigned>(k)]; }
};

// Natural alignment for 1, 2, 4 and 8 byte accesses (ARM720T manual 7.7.1: words and halfwords;
// LDRD/STRD need doubleword alignment in ARMv5TE).
constexpr std::uint32_t alignment_mask(unsigned size_bytes) {
    return size_bytes >= 8 ? 7u : size_bytes >= 4 ? 3u : size_bytes >= 2 ? 1u : 0u;
}

// A 4 KiB page that one TLB entry serves whole (a section, large or small page; never a tiny
// one): what translate() gives for any access in it that hits the TLB and is permitted, so that
// a cache of translations can answer without a lookup. Valid while the TLB's generation and
// SCTLR, DACR and the FCSE PID stay as they were when it was made.
struct page_grant {
    std::uint32_t mva_page = 0, pa_page = 0;
    bool cacheable = false, bufferable = false;
    bool lockdown = false;  // the entry is in the lockdown part (a hit counts as lockdown_hit)
    // Bit privileged * 8 + write * 4 + subpage (MVA[11:10]): the domain and AP checks pass.
    std::uint16_t permitted = 0;

    static constexpr unsigned permission_bit(bool privileged, bool write, std::uint32_t va) {
        return (privileged ? 8u : 0u) + (write ? 4u : 0u) + ((va >> 10) & 3u);
    }
    bool permits(bool privileged, bool write, std::uint32_t va) const {
        return ((permitted >> permission_bit(privileged, write, va)) & 1u) != 0;
    }
};

// ARMv5 access permission check (ref 4.2 table): may an access with this AP, SCTLR S/R and
// privilege read (write = false) or write? AP = 00 with S = R = 1 is UNPREDICTABLE; the model
// denies all access there, as QEMU does (ref 4.2). Fetches are checked as reads (ref 4.2: ARMv5
// has no execute-never, readable implies executable).
constexpr bool access_permitted(std::uint32_t ap, bool s, bool r, bool privileged, bool write) {
    switch (ap & 3u) {
        case ap_none:
            if (write) return false;
            if (s && !r) return privileged;
            if (!s && r) return true;
            return false;
        case ap_priv_rw:
            return privileged;
        case ap_user_ro:
            return privileged || !write;
        default:
            return true;
    }
}

class arm926_mmu {
public:
    arm926_mmu(walk_memory& mem, const mmu_regs& regs, mmu_costs costs = {});

    // Translates one access (privileged = the core is in a privileged mode; size_bytes = 1, 2, 4
    // or 8, checked for natural alignment when SCTLR.A = 1). With SCTLR.M == 0: flat, PA = VA,
    // cacheable false, ok (an alignment fault can still occur).
    translation translate(std::uint32_t va, access_kind kind, bool privileged, unsigned size_bytes = 4);

    // The FCSE remap (ref 4.5): VA below 32 MiB gets the PID in [31:25].
    std::uint32_t mva_of(std::uint32_t va) const {
        return (va & fcse_region_mask) == 0 ? va | (m_regs.fcse_pid & fcse_pid_mask) : va;
    }

    // A debugger's translation: the TLB entry if one maps the address, else a walk whose
    // descriptors come from `read(pa, value)` (debug reads). No TLB fill, no statistics, no
    // cycles, no permission check (the debugger sees whatever is mapped). nullopt: unmapped.
    using debug_reader = std::function<bool(std::uint32_t pa, std::uint32_t& value)>;
    std::optional<std::uint32_t> debug_translate(std::uint32_t va, const debug_reader& read) const;

    tlb& tlbs() { return m_tlb; }
    const tlb& tlbs() const { return m_tlb; }
    // c8 operations; they take an MVA, as the hardware does (apply mva_of() to a VA first).
    void invalidate_tlb_all() { m_tlb.invalidate_all(); }
    void invalidate_tlb_mva(std::uint32_t mva) { m_tlb.invalidate_mva(mva); }

    // The grant of the 4 KiB page holding `va` as the current TLB and registers give it;
    // false when the MMU is off, no TLB entry maps the page or one entry does not serve all of it
    // (a tiny page). No statistic or TLB state changes.
    bool grant_of(std::uint32_t va, page_grant& g) const;
    // TLB hits answered from a cache of grants (`lockdown` of them from lockdown entries):
    // counts what translate() counts for those hits.
    void count_cached_hits(std::uint64_t hits, std::uint64_t lockdown) {
        m_stats.translations += hits;
        m_stats.tlb_hits += hits;
        m_stats.lockdown_hits += lockdown;
    }

    const mmu_stats& stats() const { return m_stats; }
    mmu_costs& costs() { return m_costs; }
    const mmu_regs& regs() const { return m_regs; }

    // Registers the MMU and TLB counters under `prefix` (e.g. "mmu.tlb_hits",
    // "mmu.faults_by_kind.permission_page", "mmu.tlb.evictions").
    void register_stats(core::stats_registry& reg, const std::string& prefix) const;

private:
    // These fill in `t` in place (no copies of the result on the hit path).
    void walk(translation& t, access_kind kind, bool privileged);
    template <class Read>
    static bool walk_tables(std::uint32_t ttb, std::uint32_t mva, Read&& read, tlb_entry& e, fault_kind& k,
                            unsigned& domain);
    void check(translation& t, const tlb_entry& e, access_kind kind, bool privileged);
    void fault(translation& t, fault_kind k, unsigned domain);
    bool read_descriptor(std::uint32_t pa, std::uint32_t& value, translation& t);

    walk_memory& m_mem;
    const mmu_regs& m_regs;
    mmu_costs m_costs;
    tlb m_tlb;
    mmu_stats m_stats;
};

}  // namespace rtv::mmu
