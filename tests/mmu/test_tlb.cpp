// SPDX-License-Identifier: Apache-2.0
// The ARM926EJ-S TLB: 2-way x 32-set main part with round-robin replacement per set, 8-entry
// lockdown part driven by the c10 register, invalidation, costs of hits and walks, counters.
// Descriptor reads cost 5 cycles in the in-test memory.
#include <catch2/catch.hpp>
#include <cstdint>
#include <unordered_map>

#include "sim/mmu/arm926_mmu.hpp"

using namespace rtv::mmu;

namespace {

constexpr std::uint64_t read_cost = 5;
constexpr std::uint32_t ttb = 0xC000'4000;
constexpr std::uint32_t coarse_table = 0xC000'8000;
constexpr std::uint32_t sctlr_on = 0x0005'0078 | 0x1;

class table_memory : public walk_memory {
public:
    void write(std::uint32_t pa, std::uint32_t v) { m_words[pa] = v; }
    bool read_word(std::uint32_t pa, std::uint32_t& value, std::uint64_t& cycles) override {
        ++reads;
        cycles = read_cost;
        const auto it = m_words.find(pa);
        value = it == m_words.end() ? 0 : it->second;
        return true;
    }
    unsigned reads = 0;

private:
    std::unordered_map<std::uint32_t, std::uint32_t> m_words;
};

// Descriptors (ARM DDI0198D section 3.2, docs/sources.md 4.1), all AP = 11, domain 0.
std::uint32_t section(std::uint32_t pa) { return (pa & 0xFFF0'0000) | 3u << 10 | 1u << 4 | 0b10; }
std::uint32_t coarse(std::uint32_t table) { return (table & 0xFFFF'FC00) | 1u << 4 | 0b01; }
std::uint32_t small(std::uint32_t pa) { return (pa & 0xFFFF'F000) | 0xFFu << 4 | 0b10; }

struct bench {
    table_memory mem;
    mmu_regs regs;
    arm926_mmu mmu;

    explicit bench(mmu_costs costs = {}) : mmu(mem, regs, costs) {
        regs.sctlr = sctlr_on;
        regs.ttb = ttb;
        regs.dacr = 0x5555'5555;  // all client
    }
    void map_section(std::uint32_t va, std::uint32_t pa) { mem.write(ttb | (va >> 20) << 2, section(pa)); }
    // Small pages in the 1 MiB at 0x4000_0000 through one coarse table.
    void map_small(std::uint32_t va, std::uint32_t pa) {
        mem.write(ttb | (va >> 20) << 2, coarse(coarse_table));
        mem.write(coarse_table | ((va >> 12) & 0xFF) << 2, small(pa));
    }
    translation read(std::uint32_t va) { return mmu.translate(va, access_kind::read, true); }
};

tlb_entry small_entry(std::uint32_t mva, std::uint32_t pa) {
    tlb_entry e;
    e.valid = true;
    e.size = page_size::small;
    e.aps = 0xFF;
    e.mva_base = mva & 0xFFFF'F000;
    e.pa_base = pa & 0xFFFF'F000;
    return e;
}

constexpr std::uint32_t lockdown_value(unsigned victim, bool p) { return victim << 26 | (p ? 1u : 0u); }

}  // namespace

// ---- costs -----------------------------------------------------------------------------------

TEST_CASE("a TLB hit costs 0 cycles and a miss costs reads x 5 + overhead per level", "[tlb][cost]") {
    bench b(mmu_costs{3});
    b.map_section(0x0010'0000, 0xC010'0000);
    b.map_small(0x4000'1000, 0xC020'1000);
    const translation s1 = b.read(0x0010'0000);
    CHECK(s1.cycles == 5 + 3);
    CHECK_FALSE(s1.tlb_hit);
    const translation s2 = b.read(0x001F'FFFC);  // anywhere in the same section
    CHECK(s2.cycles == 0);
    CHECK(s2.tlb_hit);
    CHECK(s2.pa == 0xC01F'FFFC);
    const translation p1 = b.read(0x4000'1004);
    CHECK(p1.cycles == 2 * (5 + 3));
    const translation p2 = b.read(0x4000'1FF8);
    CHECK(p2.cycles == 0);
    CHECK(p2.pa == 0xC020'1FF8);
    CHECK(b.mem.reads == 3);
    CHECK(b.mmu.stats().tlb_hits == 2);
    CHECK(b.mmu.stats().tlb_misses == 2);
}

TEST_CASE("default walk overhead is 2 cycles per level", "[tlb][cost]") {
    CHECK(mmu_costs{}.walk_overhead == 2);
    bench b;
    b.map_small(0x4000'1000, 0xC020'1000);
    CHECK(b.read(0x4000'1000).cycles == 2 * (5 + 2));
}

// ---- organisation ----------------------------------------------------------------------------

TEST_CASE("set index: (MVA >> log2(page size)) mod 32", "[tlb]") {
    CHECK(tlb::set_index(0x0130'0000, page_size::section) == 0x13);
    CHECK(tlb::set_index(0x0230'0000, page_size::section) == 0x3);
    CHECK(tlb::set_index(0x0005'0000, page_size::large) == 5);
    CHECK(tlb::set_index(0x4001'F000, page_size::small) == 0x1F);
    CHECK(tlb::set_index(0x4002'0000, page_size::small) == 0);
    CHECK(tlb::set_index(0x0000'7C00, page_size::tiny) == 0x1F);
}

TEST_CASE("entries hold tag, size, PA, domain, four APs, C and B", "[tlb]") {
    bench b;
    b.mem.write(ttb | (0x4000'0000 >> 20) << 2, (coarse_table & 0xFFFF'FC00) | 9u << 5 | 1u << 4 | 0b01);
    // small page: AP3..AP0 = 00 01 10 11, C = 1, B = 0
    b.mem.write(coarse_table | (0x05u << 2), 0xC0AB'C000 | 0b00'01'10'11u << 4 | 1u << 3 | 0b10);
    REQUIRE(b.read(0x4000'5123).ok);
    const tlb_entry* e = b.mmu.tlbs().lookup(0x4000'5FFF);
    REQUIRE(e != nullptr);
    CHECK(e->size == page_size::small);
    CHECK(e->mva_base == 0x4000'5000);
    CHECK(e->pa_base == 0xC0AB'C000);
    CHECK(e->domain == 9);
    CHECK(e->aps == 0b00'01'10'11);
    CHECK(e->ap_of(0x4000'5000) == 3);
    CHECK(e->ap_of(0x4000'5400) == 2);
    CHECK(e->ap_of(0x4000'5800) == 1);
    CHECK(e->ap_of(0x4000'5C00) == 0);
    CHECK(e->c);
    CHECK_FALSE(e->b);
    CHECK(b.mmu.tlbs().lookup(0x4000'6000) == nullptr);
    CHECK(b.mmu.tlbs().lookup(0x4000'4FFF) == nullptr);
}

TEST_CASE("replacement within a 2-way set: invalid way first, then round robin (oldest first)",
          "[tlb][replacement]") {
    tlb t;
    // Small pages 128 KiB apart share set 3.
    const std::uint32_t a = 0x0000'3000, b = a + 0x2'0000, c = a + 0x4'0000, d = a + 0x6'0000;
    REQUIRE(tlb::set_index(d, page_size::small) == 3);
    tlb_slot s = t.insert(small_entry(a, 0xC000'A000));
    CHECK((s.index == 3 && s.way == 0 && !s.evicted && !s.lockdown));
    s = t.insert(small_entry(b, 0xC000'B000));
    CHECK((s.way == 1 && !s.evicted));
    s = t.insert(small_entry(c, 0xC000'C000));  // evicts a (way 0)
    CHECK((s.way == 0 && s.evicted));
    CHECK(t.lookup(a) == nullptr);
    CHECK(t.lookup(b) != nullptr);
    CHECK(t.lookup(c)->pa_base == 0xC000'C000);
    s = t.insert(small_entry(d, 0xC000'D000));  // evicts b (way 1)
    CHECK((s.way == 1 && s.evicted));
    CHECK(t.lookup(b) == nullptr);
    CHECK(t.lookup(c) != nullptr);
    CHECK(t.lookup(d) != nullptr);
    // An invalidated way is refilled before the round-robin victim.
    t.invalidate_mva(c);  // way 0 free; the pointer names way 0 too
    t.invalidate_mva(d);
    t.insert(small_entry(a, 0xC000'A000));  // way 0
    s = t.insert(small_entry(b, 0xC000'B000));
    CHECK(s.way == 1);
    t.invalidate_mva(a);  // way 0 free, pointer names way 0 after the fill of way 1
    s = t.insert(small_entry(c, 0xC000'C000));
    CHECK((s.way == 0 && !s.evicted));
    CHECK(t.stats().evictions == 2);
    // Other sets are untouched.
    CHECK(t.valid_main_entries() == 2);
}

TEST_CASE("replacement through the MMU: a third page in a set evicts the oldest and re-walks",
          "[tlb][replacement]") {
    bench b;
    // Pages 0x4000_2000, 0x4002_2000, 0x4004_2000 share set 2 (small).
    for (std::uint32_t va : {0x4000'2000u, 0x4002'2000u, 0x4004'2000u})
        b.map_small(va, 0xC100'0000 + (va & 0xFF000));
    CHECK(b.read(0x4000'2000).cycles == 14);
    CHECK(b.read(0x4002'2000).cycles == 14);
    CHECK(b.read(0x4000'2000).cycles == 0);
    CHECK(b.read(0x4002'2000).cycles == 0);
    CHECK(b.read(0x4004'2000).cycles == 14);  // evicts 0x4000_2000
    CHECK(b.read(0x4002'2000).cycles == 0);
    CHECK(b.read(0x4000'2000).cycles == 14);  // walks again, evicts 0x4002_2000
    CHECK(b.read(0x4004'2000).cycles == 0);
    CHECK(b.read(0x4002'2000).cycles == 14);
    CHECK(b.mmu.tlbs().stats().evictions == 3);
}

TEST_CASE("the main part holds 64 pages: two per set", "[tlb]") {
    bench b;
    // 64 small pages at 0x4000_0000 + i * 4 KiB: sets 0..31, two each.
    for (unsigned i = 0; i < 64; ++i) b.map_small(0x4000'0000 + i * 0x1000, 0xC100'0000 + i * 0x1000);
    for (unsigned i = 0; i < 64; ++i) CHECK(b.read(0x4000'0000 + i * 0x1000).cycles == 14);
    CHECK(b.mmu.tlbs().valid_main_entries() == 64);
    for (unsigned i = 0; i < 64; ++i) CHECK(b.read(0x4000'0000 + i * 0x1000 + 0x10).cycles == 0);
    CHECK(b.mmu.tlbs().stats().evictions == 0);
    // A 65th page evicts exactly one.
    b.map_small(0x4004'0000, 0xC104'0000);
    CHECK(b.read(0x4004'0000).cycles == 14);
    CHECK(b.mmu.tlbs().valid_main_entries() == 64);
    CHECK(b.mmu.tlbs().stats().evictions == 1);
}

TEST_CASE("entries of every page size share the 32 x 2 array: a section and pages compete in a set",
          "[tlb]") {
    bench b;
    b.map_section(0x0000'0000, 0xC000'0000);  // section index MVA[24:20] = 0
    b.map_small(0x4000'0000, 0xC200'0000);    // small index MVA[16:12] = 0
    b.map_small(0x4002'0000, 0xC202'0000);    // small index 0
    b.read(0x0000'0000);
    b.read(0x4000'0000);
    b.read(0x4002'0000);  // set 0 is full: the section, the oldest, goes
    CHECK(b.mmu.tlbs().valid_main_entries() == 2);
    CHECK(b.mmu.tlbs().stats().evictions == 1);
    CHECK(b.read(0x4000'0000).tlb_hit);
    CHECK(b.read(0x4002'0000).tlb_hit);
    CHECK_FALSE(b.read(0x0000'0000).tlb_hit);
}

// ---- lockdown --------------------------------------------------------------------------------

TEST_CASE("lockdown register: victim [28:26] and P [0], victim increments after each lockdown fill",
          "[tlb][lockdown]") {
    tlb t;
    CHECK(t.lockdown_register() == 0);
    t.write_lockdown_register(lockdown_value(6, true) | 0xE3FF'FFFE);  // SBZ bits ignored
    CHECK(t.lockdown_register() == lockdown_value(6, true));
    tlb_slot s = t.insert(small_entry(0x1000, 0xC000'1000));
    CHECK((s.lockdown && s.index == 6));
    CHECK(t.lockdown_register() == lockdown_value(7, true));
    s = t.insert(small_entry(0x2000, 0xC000'2000));
    CHECK((s.lockdown && s.index == 7));
    CHECK(t.lockdown_register() == lockdown_value(0, true));  // wraps
    s = t.insert(small_entry(0x3000, 0xC000'3000));
    CHECK((s.lockdown && s.index == 0));
    CHECK(t.valid_lockdown_entries() == 3);
    CHECK(t.valid_main_entries() == 0);
    // Overwriting a valid lockdown entry.
    t.write_lockdown_register(lockdown_value(6, true));
    s = t.insert(small_entry(0x4000, 0xC000'4000));
    CHECK(s.evicted);
    CHECK(t.lookup(0x1000) == nullptr);
    CHECK(t.lookup(0x4000)->pa_base == 0xC000'4000);
    // P = 0: back to the main part; the victim field stays as written.
    t.write_lockdown_register(lockdown_value(2, false));
    s = t.insert(small_entry(0x5000, 0xC000'5000));
    CHECK_FALSE(s.lockdown);
    CHECK(t.lockdown_register() == lockdown_value(2, false));
    CHECK(t.stats().lockdown_fills == 4);
    CHECK(t.stats().main_fills == 1);
}

TEST_CASE("lockdown entries survive invalidate-all and are used on lookup", "[tlb][lockdown]") {
    bench b;
    b.map_section(0x0010'0000, 0xC010'0000);
    b.map_small(0x4000'1000, 0xC020'1000);
    b.mmu.tlbs().write_lockdown_register(lockdown_value(0, true));
    CHECK(b.read(0x0010'0000).cycles == 7);  // walk fills lockdown entry 0
    b.mmu.tlbs().write_lockdown_register(lockdown_value(1, false));
    CHECK(b.read(0x4000'1000).cycles == 14);  // main part
    CHECK(b.mmu.tlbs().valid_lockdown_entries() == 1);
    CHECK(b.mmu.tlbs().lockdown_entry(0).mva_base == 0x0010'0000);

    b.mmu.invalidate_tlb_all();
    const translation locked = b.read(0x0018'0000);
    CHECK(locked.tlb_hit);
    CHECK(locked.cycles == 0);
    CHECK(locked.pa == 0xC018'0000);
    CHECK(b.read(0x4000'1000).cycles == 14);  // main entry was flushed
    CHECK(b.mmu.stats().lockdown_hits == 1);
}

TEST_CASE("lockdown entries are searched before main entries", "[tlb][lockdown]") {
    tlb t;
    t.insert(small_entry(0x7000, 0xC000'1000));
    t.write_lockdown_register(lockdown_value(3, true));
    t.insert(small_entry(0x7000, 0xC000'2000));  // only if software skipped an invalidate
    const tlb_entry* e = t.lookup(0x7000);
    REQUIRE(e != nullptr);
    CHECK(t.is_lockdown(e));
    CHECK(e->pa_base == 0xC000'2000);
}

TEST_CASE("invalidate by MVA removes main and lockdown matches of any page size", "[tlb][invalidate]") {
    bench b;
    b.map_section(0x0010'0000, 0xC010'0000);
    b.map_section(0x0020'0000, 0xC020'0000);
    b.map_small(0x4000'1000, 0xC030'1000);
    b.map_small(0x4000'2000, 0xC030'2000);
    b.mmu.tlbs().write_lockdown_register(lockdown_value(0, true));
    b.read(0x0020'0000);  // lockdown 0
    b.read(0x4000'2000);  // lockdown 1
    b.mmu.tlbs().write_lockdown_register(lockdown_value(0, false));
    b.read(0x0010'0000);  // main
    b.read(0x4000'1000);  // main
    REQUIRE(b.mmu.tlbs().valid_lockdown_entries() == 2);
    REQUIRE(b.mmu.tlbs().valid_main_entries() == 2);

    b.mmu.invalidate_tlb_mva(0x001A'BCDE);  // inside the main section
    b.mmu.invalidate_tlb_mva(0x0020'0004);  // inside the locked section
    b.mmu.invalidate_tlb_mva(0x4000'2FFC);  // inside the locked page
    CHECK(b.mmu.tlbs().valid_lockdown_entries() == 0);
    CHECK(b.mmu.tlbs().valid_main_entries() == 1);
    CHECK(b.read(0x4000'1000).tlb_hit);  // untouched
    CHECK_FALSE(b.read(0x0010'0000).tlb_hit);
    CHECK_FALSE(b.read(0x0020'0000).tlb_hit);
    CHECK_FALSE(b.read(0x4000'2000).tlb_hit);
    // An MVA that nothing maps removes nothing.
    b.mmu.invalidate_tlb_mva(0x0900'0000);
    CHECK(b.mmu.tlbs().stats().entries_invalidated == 3);
    CHECK(b.mmu.tlbs().stats().invalidate_mva_ops == 4);
}

// ---- MMU off, counters -----------------------------------------------------------------------

TEST_CASE("turning the MMU off and on keeps the TLB contents", "[tlb]") {
    bench b;
    b.map_section(0x0010'0000, 0xC010'0000);
    b.read(0x0010'0000);
    b.regs.sctlr = 0x0005'0078;
    CHECK(b.read(0x0010'0000).pa == 0x0010'0000);
    b.regs.sctlr = sctlr_on;
    const translation t = b.read(0x0010'0000);
    CHECK(t.tlb_hit);
    CHECK(t.pa == 0xC010'0000);
}

TEST_CASE("TLB counters: fills, evictions, invalidations", "[tlb][stats]") {
    bench b;
    for (std::uint32_t va : {0x4000'2000u, 0x4002'2000u, 0x4004'2000u})
        b.map_small(va, 0xC100'0000 + (va & 0xFF000));
    b.read(0x4000'2000);
    b.read(0x4002'2000);
    b.read(0x4004'2000);
    b.mmu.invalidate_tlb_all();
    b.mmu.invalidate_tlb_all();
    const tlb_stats& s = b.mmu.tlbs().stats();
    CHECK(s.main_fills == 3);
    CHECK(s.lockdown_fills == 0);
    CHECK(s.evictions == 1);
    CHECK(s.invalidate_all_ops == 2);
    CHECK(s.entries_invalidated == 2);
    CHECK(b.mmu.stats().tlb_misses == 3);
    CHECK(b.mmu.stats().walks == 3);
    CHECK(b.mmu.stats().walk_reads == 6);
}
