// SPDX-License-Identifier: Apache-2.0
// ARMv5 MMU translation on the ARM926EJ-S: descriptors, permissions, domains, faults and their
// priority, FCSE, MMU off. Every case walks hand-made page tables held in a small in-test memory
// (5 cycles per descriptor read). Descriptor bits are written out here from
// docs/sources.md 4.1 (ARM DDI0198D section 3.2) rather than taken from the model's own constants.
#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <unordered_map>

#include "sim/mmu/arm926_mmu.hpp"

using namespace rtv::mmu;

namespace {

constexpr std::uint64_t read_cost = 5;
constexpr std::uint32_t ttb = 0xC000'4000;
constexpr std::uint32_t coarse_table = 0xC000'8000;    // 1 KiB aligned
constexpr std::uint32_t fine_table = 0xC001'0000;      // 4 KiB aligned
constexpr std::uint32_t sctlr_on = 0x0005'0078 | 0x1;  // reset value + M

class table_memory : public walk_memory {
public:
    void write(std::uint32_t pa, std::uint32_t v) { m_words[pa] = v; }
    void abort_at(std::uint32_t pa) { m_aborts.insert(pa); }
    bool read_word(std::uint32_t pa, std::uint32_t& value, std::uint64_t& cycles) override {
        ++reads;
        cycles = read_cost;
        if (m_aborts.count(pa)) return false;
        const auto it = m_words.find(pa);
        value = it == m_words.end() ? 0 : it->second;
        return true;
    }
    unsigned reads = 0;

private:
    std::unordered_map<std::uint32_t, std::uint32_t> m_words;
    std::set<std::uint32_t> m_aborts;
};

// Descriptors (ref 4.1).
std::uint32_t section(std::uint32_t pa, unsigned ap, unsigned dom, bool c = false, bool b = false) {
    return (pa & 0xFFF0'0000) | ap << 10 | dom << 5 | 1u << 4 | unsigned(c) << 3 | unsigned(b) << 2 | 0b10;
}
std::uint32_t coarse(std::uint32_t table, unsigned dom) {
    return (table & 0xFFFF'FC00) | dom << 5 | 1u << 4 | 0b01;
}
std::uint32_t fine(std::uint32_t table, unsigned dom) {
    return (table & 0xFFFF'F000) | dom << 5 | 1u << 4 | 0b11;
}
std::uint32_t large(std::uint32_t pa, unsigned ap0, unsigned ap1, unsigned ap2, unsigned ap3, bool c = false,
                    bool b = false) {
    return (pa & 0xFFFF'0000) | ap3 << 10 | ap2 << 8 | ap1 << 6 | ap0 << 4 | unsigned(c) << 3 |
           unsigned(b) << 2 | 0b01;
}
std::uint32_t large(std::uint32_t pa, unsigned ap) { return large(pa, ap, ap, ap, ap); }
std::uint32_t small(std::uint32_t pa, unsigned ap0, unsigned ap1, unsigned ap2, unsigned ap3, bool c = false,
                    bool b = false) {
    return (pa & 0xFFFF'F000) | ap3 << 10 | ap2 << 8 | ap1 << 6 | ap0 << 4 | unsigned(c) << 3 |
           unsigned(b) << 2 | 0b10;
}
std::uint32_t small(std::uint32_t pa, unsigned ap) { return small(pa, ap, ap, ap, ap); }
std::uint32_t tiny(std::uint32_t pa, unsigned ap, bool c = false, bool b = false) {
    return (pa & 0xFFFF'FC00) | ap << 4 | unsigned(c) << 3 | unsigned(b) << 2 | 0b11;
}

std::uint32_t dacr_all(unsigned v) {
    std::uint32_t d = 0;
    for (unsigned i = 0; i < 16; ++i) d |= v << (2 * i);
    return d;
}
std::uint32_t dacr_with(std::uint32_t base, unsigned dom, unsigned v) {
    return (base & ~(3u << (2 * dom))) | v << (2 * dom);
}

struct bench {
    table_memory mem;
    mmu_regs regs;
    arm926_mmu mmu{mem, regs};

    bench() {
        regs.sctlr = sctlr_on;
        regs.ttb = ttb;
        regs.dacr = dacr_all(1);  // every domain client
    }
    void l1(std::uint32_t mva, std::uint32_t desc) { mem.write(ttb | (mva >> 20) << 2, desc); }
    void l2_coarse(std::uint32_t table, std::uint32_t mva, std::uint32_t desc) {
        mem.write(table | ((mva >> 12) & 0xFF) << 2, desc);
    }
    void l2_fine(std::uint32_t table, std::uint32_t mva, std::uint32_t desc) {
        mem.write(table | ((mva >> 10) & 0x3FF) << 2, desc);
    }
    translation read(std::uint32_t va, bool priv = true) {
        return mmu.translate(va, access_kind::read, priv);
    }
    translation write(std::uint32_t va, bool priv = true) {
        return mmu.translate(va, access_kind::write, priv);
    }
};

constexpr std::uint64_t overhead = mmu_costs{}.walk_overhead;
constexpr std::uint64_t section_walk = read_cost + overhead;
constexpr std::uint64_t page_walk = 2 * (read_cost + overhead);

}  // namespace

// ---- MMU off ---------------------------------------------------------------------------------

TEST_CASE("MMU off: flat, uncached, no walk, no FCSE", "[mmu]") {
    bench b;
    b.regs.sctlr = 0x0005'0078;  // reset value: M = 0
    b.regs.fcse_pid = 5u << 25;
    b.l1(0x0010'0000, section(0x8000'0000, 3, 0, true, true));
    const translation t = b.mmu.translate(0x0010'1234, access_kind::write, false);
    CHECK(t.ok);
    CHECK(t.pa == 0x0010'1234);
    CHECK(t.mva == 0x0010'1234);
    CHECK_FALSE(t.cacheable);
    CHECK_FALSE(t.bufferable);
    CHECK(t.cycles == 0);
    CHECK(b.mem.reads == 0);
    CHECK(b.mmu.stats().flat == 1);
    CHECK(b.mmu.stats().translations == 0);
    CHECK(b.mmu.tlbs().valid_main_entries() == 0);
}

TEST_CASE("MMU off: alignment is still checked when SCTLR.A = 1", "[mmu][fault]") {
    bench b;
    b.regs.sctlr = 0x0005'0078 | 0x2;  // A, no M
    const translation t = b.mmu.translate(0x1002, access_kind::read, true, 4);
    CHECK_FALSE(t.ok);
    CHECK(t.fsr == 0x1);
    CHECK(t.far == 0x1002);
    CHECK(b.mmu.translate(0x1002, access_kind::read, true, 2).ok);
}

// ---- descriptor types ------------------------------------------------------------------------

TEST_CASE("section: 1 MiB, one descriptor read, C and B from the descriptor", "[mmu][descriptor]") {
    bench b;
    b.l1(0x1230'0000, section(0xC120'0000, 3, 4, true, false));
    const translation t = b.read(0x1234'5678);
    REQUIRE(t.ok);
    CHECK(t.pa == 0xC124'5678);
    CHECK(t.mva == 0x1234'5678);
    CHECK(t.cacheable);
    CHECK_FALSE(t.bufferable);
    CHECK(t.cycles == section_walk);
    CHECK(b.mem.reads == 1);
    CHECK_FALSE(t.tlb_hit);
}

TEST_CASE("coarse table + small page: 4 KiB, two reads, C/B from the level-2 descriptor",
          "[mmu][descriptor]") {
    bench b;
    b.l1(0x4000'0000, coarse(coarse_table, 2));
    b.l2_coarse(coarse_table, 0x4003'7000, small(0xC055'5000, 3, 3, 3, 3, false, true));
    const translation t = b.read(0x4003'7ABC);
    REQUIRE(t.ok);
    CHECK(t.pa == 0xC055'5ABC);
    CHECK_FALSE(t.cacheable);
    CHECK(t.bufferable);
    CHECK(t.cycles == page_walk);
    CHECK(b.mem.reads == 2);
    // The neighbouring 4 KiB has no descriptor.
    const translation n = b.read(0x4003'8000);
    CHECK_FALSE(n.ok);
    CHECK(n.fsr == (2u << 4 | 0x7));
}

TEST_CASE("coarse table + large page: 64 KiB from 16 replicated descriptors", "[mmu][descriptor]") {
    bench b;
    b.l1(0x4000'0000, coarse(coarse_table, 1));
    // A large page at MVA 0x4005_0000 occupies coarse entries 0x50..0x5F (ref 4.1: repeated 16x).
    for (unsigned i = 0; i < 16; ++i)
        b.l2_coarse(coarse_table, 0x4005'0000 + i * 0x1000, large(0xC0A0'0000, 3, 3, 3, 3, true, true));
    for (unsigned i = 0; i < 16; ++i) {
        b.mmu.invalidate_tlb_all();  // make each access walk through its own replica
        const std::uint32_t va = 0x4005'0000 + i * 0x1000 + 0x124;
        const translation t = b.read(va);
        INFO("replica " << i);
        REQUIRE(t.ok);
        CHECK(t.pa == (0xC0A0'0000 | (va & 0xFFFF)));
        CHECK(t.cacheable);
        CHECK(t.bufferable);
        CHECK(t.cycles == page_walk);
    }
    CHECK(b.read(0x4005'FFFC).pa == 0xC0A0'FFFC);
}

TEST_CASE("coarse table + large page: the walk indexes MVA[19:12], so a missing replica faults",
          "[mmu][descriptor]") {
    bench b;
    b.l1(0x4000'0000, coarse(coarse_table, 6));
    b.l2_coarse(coarse_table, 0x4005'0000, large(0xC0A0'0000, 3));  // first replica only
    CHECK(b.read(0x4005'0010).pa == 0xC0A0'0010);
    b.mmu.invalidate_tlb_all();
    const translation t = b.read(0x4005'3010);
    CHECK_FALSE(t.ok);
    CHECK(t.fsr == (6u << 4 | 0x7));
}

TEST_CASE("fine table + tiny page: 1 KiB, index MVA[19:10], one AP in [5:4]", "[mmu][descriptor]") {
    bench b;
    b.l1(0x5000'0000, fine(fine_table, 3));
    b.l2_fine(fine_table, 0x500A'BC00, tiny(0xC033'4400, 2, true, true));
    const translation t = b.read(0x500A'BDEF);
    REQUIRE(t.ok);
    CHECK(t.pa == 0xC033'45EF);
    CHECK(t.cacheable);
    CHECK(t.bufferable);
    CHECK(t.cycles == page_walk);
    // AP = 10: user read allowed, user write is a page permission fault.
    CHECK(b.read(0x500A'BC00, false).ok);
    const translation w = b.write(0x500A'BC00, false);
    CHECK_FALSE(w.ok);
    CHECK(w.fsr == (3u << 4 | 0xF));
    // The next 1 KiB is another descriptor (none here).
    CHECK(b.read(0x500A'C000).fsr == (3u << 4 | 0x7));
}

TEST_CASE("fine table + small page: 4 replicated descriptors", "[mmu][descriptor]") {
    bench b;
    b.l1(0x5000'0000, fine(fine_table, 0));
    for (unsigned i = 0; i < 4; ++i) b.l2_fine(fine_table, 0x5001'2000 + i * 0x400, small(0xC077'7000, 3));
    for (unsigned i = 0; i < 4; ++i) {
        b.mmu.invalidate_tlb_all();
        const std::uint32_t va = 0x5001'2000 + i * 0x400 + 0x3C;
        const translation t = b.read(va);
        INFO("replica " << i);
        REQUIRE(t.ok);
        CHECK(t.pa == (0xC077'7000 | (va & 0xFFF)));
        CHECK(t.cycles == page_walk);
    }
}

TEST_CASE("fine table + large page: 64 replicated descriptors", "[mmu][descriptor]") {
    bench b;
    b.l1(0x5000'0000, fine(fine_table, 0));
    for (unsigned i = 0; i < 64; ++i) b.l2_fine(fine_table, 0x5003'0000 + i * 0x400, large(0xC0B0'0000, 3));
    for (unsigned i = 0; i < 64; i += 9) {
        b.mmu.invalidate_tlb_all();
        const std::uint32_t va = 0x5003'0000 + i * 0x400 + 0x10;
        const translation t = b.read(va);
        INFO("replica " << i);
        REQUIRE(t.ok);
        CHECK(t.pa == (0xC0B0'0000 | (va & 0xFFFF)));
    }
}

TEST_CASE("tiny descriptor in a coarse table is a page translation fault", "[mmu][descriptor][fault]") {
    bench b;
    b.l1(0x4000'0000, coarse(coarse_table, 9));
    b.l2_coarse(coarse_table, 0x4000'1000, tiny(0xC000'0000, 3));
    const translation t = b.read(0x4000'1000);
    CHECK_FALSE(t.ok);
    CHECK(t.fault == fault_kind::translation_page);
    CHECK(t.fsr == (9u << 4 | 0x7));
    CHECK(t.cycles == page_walk);
}

TEST_CASE("TTB bits [13:0] are ignored", "[mmu][descriptor]") {
    bench b;
    b.regs.ttb = ttb | 0x3FFF;
    b.l1(0x0030'0000, section(0xC030'0000, 3, 0));
    CHECK(b.read(0x0030'0040).pa == 0xC030'0040);
}

// ---- subpages --------------------------------------------------------------------------------

TEST_CASE("large page subpage AP is chosen by MVA[15:14], small page by MVA[11:10]", "[mmu][permission]") {
    bench b;
    b.l1(0x4000'0000, coarse(coarse_table, 0));
    for (unsigned i = 0; i < 16; ++i)
        b.l2_coarse(coarse_table, 0x4001'0000 + i * 0x1000, large(0xC010'0000, 3, 2, 1, 0));
    b.l2_coarse(coarse_table, 0x4002'0000, small(0xC020'0000, 3, 2, 1, 0));
    struct expect {
        bool user_read, user_write;
    };
    const expect per_ap[4] = {{true, true}, {true, false}, {false, false}, {false, false}};  // AP 3,2,1,0
    for (unsigned sub = 0; sub < 4; ++sub) {
        INFO("subpage " << sub);
        const std::uint32_t lva = 0x4001'0000 + sub * 0x4000 + 0x20;
        const std::uint32_t sva = 0x4002'0000 + sub * 0x400 + 0x20;
        CHECK(b.read(lva, false).ok == per_ap[sub].user_read);
        CHECK(b.write(lva, false).ok == per_ap[sub].user_write);
        CHECK(b.read(sva, false).ok == per_ap[sub].user_read);
        CHECK(b.write(sva, false).ok == per_ap[sub].user_write);
    }
    // All four subpages share one TLB entry per page.
    CHECK(b.mmu.stats().walks == 2);
}

// ---- AP x S x R ------------------------------------------------------------------------------

namespace {

enum class acc { none, ro, rw };
struct ap_row {
    unsigned ap;
    bool s, r;
    acc priv, user;
};

// docs/sources.md 4.2 (QEMU ap_to_rw_prot_is_user) table (AP = 00, S = R = 1 is UNPREDICTABLE; QEMU and
// the model: no access).
std::vector<ap_row> ap_table() {
    std::vector<ap_row> rows = {
        {0, false, false, acc::none, acc::none},
        {0, true, false, acc::ro, acc::none},
        {0, false, true, acc::ro, acc::ro},
        {0, true, true, acc::none, acc::none},
    };
    for (bool s : {false, true})
        for (bool r : {false, true}) {
            rows.push_back({1, s, r, acc::rw, acc::none});
            rows.push_back({2, s, r, acc::rw, acc::ro});
            rows.push_back({3, s, r, acc::rw, acc::rw});
        }
    return rows;
}

bool may_read(acc a) { return a != acc::none; }
bool may_write(acc a) { return a == acc::rw; }

void check_ap_table(bool use_page) {
    for (const ap_row& row : ap_table()) {
        bench b;
        b.regs.sctlr = sctlr_on | (row.s ? 1u << 8 : 0) | (row.r ? 1u << 9 : 0);
        const unsigned dom = 5;
        const std::uint32_t va = 0x6000'0000;
        if (use_page) {
            b.l1(va, coarse(coarse_table, dom));
            b.l2_coarse(coarse_table, va, small(0xC000'0000, row.ap));
        } else {
            b.l1(va, section(0xC000'0000, row.ap, dom));
        }
        const std::uint32_t perm_fsr = dom << 4 | (use_page ? 0xFu : 0xDu);
        for (bool priv : {true, false}) {
            const acc allowed = priv ? row.priv : row.user;
            INFO("AP " << row.ap << " S " << row.s << " R " << row.r << " privileged " << priv);
            for (access_kind k : {access_kind::read, access_kind::fetch, access_kind::write}) {
                const bool expect_ok = k == access_kind::write ? may_write(allowed) : may_read(allowed);
                const translation t = b.mmu.translate(va + 0x40, k, priv);
                INFO("kind " << static_cast<int>(k));
                CHECK(t.ok == expect_ok);
                if (!expect_ok) {
                    CHECK(t.fsr == perm_fsr);
                    CHECK(t.far == va + 0x40);
                } else {
                    CHECK(t.pa == 0xC000'0040);
                }
            }
        }
        // One walk; every other check was made on the TLB entry.
        CHECK(b.mmu.stats().walks == 1);
    }
}

}  // namespace

TEST_CASE("AP x S x R for privileged and user reads, fetches and writes: sections", "[mmu][permission]") {
    check_ap_table(false);
}

TEST_CASE("AP x S x R for privileged and user reads, fetches and writes: pages", "[mmu][permission]") {
    check_ap_table(true);
}

TEST_CASE("access_permitted follows the reference table", "[mmu][permission]") {
    for (const ap_row& row : ap_table())
        for (bool priv : {true, false}) {
            const acc a = priv ? row.priv : row.user;
            INFO("AP " << row.ap << " S " << row.s << " R " << row.r << " privileged " << priv);
            CHECK(access_permitted(row.ap, row.s, row.r, priv, false) == may_read(a));
            CHECK(access_permitted(row.ap, row.s, row.r, priv, true) == may_write(a));
        }
}

// ---- domains ---------------------------------------------------------------------------------

TEST_CASE("every DACR value for sections and pages", "[mmu][domain]") {
    for (bool use_page : {false, true})
        for (unsigned v = 0; v < 4; ++v) {
            bench b;
            const unsigned dom = 11;
            b.regs.dacr = dacr_with(dacr_all(3), dom, v);
            const std::uint32_t va = 0x7000'0000;
            // AP 01: privileged RW, user none -- so client and manager differ for a user access.
            if (use_page) {
                b.l1(va, coarse(coarse_table, dom));
                b.l2_coarse(coarse_table, va, small(0xC000'0000, 1));
            } else {
                b.l1(va, section(0xC000'0000, 1, dom));
            }
            INFO("page " << use_page << " DACR value " << v);
            const translation user = b.read(va, false);
            const translation priv = b.write(va, true);
            switch (v) {
                case 0:  // no access
                case 2:  // reserved: treated as no access (ref 4.2)
                    CHECK_FALSE(priv.ok);
                    CHECK_FALSE(user.ok);
                    CHECK(priv.fsr == (dom << 4 | (use_page ? 0xBu : 0x9u)));
                    CHECK(user.fsr == priv.fsr);
                    break;
                case 1:  // client: AP checked
                    CHECK(priv.ok);
                    CHECK_FALSE(user.ok);
                    CHECK(user.fsr == (dom << 4 | (use_page ? 0xFu : 0xDu)));
                    break;
                case 3:  // manager: no AP check, even for AP 00 with S = R = 0
                    CHECK(priv.ok);
                    CHECK(user.ok);
                    CHECK(user.pa == 0xC000'0000);
                    break;
            }
        }
}

TEST_CASE("manager domain ignores AP 00", "[mmu][domain]") {
    bench b;
    b.regs.dacr = dacr_all(3);
    b.l1(0x7000'0000, section(0xC000'0000, 0, 2));
    CHECK(b.write(0x7000'0004, false).ok);
}

TEST_CASE("the descriptor's domain selects its DACR field (domain 15 = bits [31:30])", "[mmu][domain]") {
    bench b;
    b.regs.dacr = dacr_with(dacr_all(3), 15, 0);
    b.l1(0x7000'0000, section(0xC000'0000, 3, 15));
    b.l1(0x7010'0000, section(0xC010'0000, 3, 14));
    const translation t = b.read(0x7000'0000);
    CHECK_FALSE(t.ok);
    CHECK(t.fsr == 0xF9);
    CHECK(b.read(0x7010'0000).ok);
}

// ---- every fault code ------------------------------------------------------------------------

TEST_CASE("alignment fault: FS 0001, domain field 0, data only, by access size", "[mmu][fault]") {
    bench b;
    b.regs.sctlr = sctlr_on | 0x2;
    b.l1(0x0010'0000, section(0xC010'0000, 3, 7));
    const translation t = b.mmu.translate(0x0010'0002, access_kind::write, true, 4);
    CHECK_FALSE(t.ok);
    CHECK(t.fault == fault_kind::alignment);
    CHECK(t.fsr == 0x01);
    CHECK(t.far == 0x0010'0002);
    CHECK(t.cycles == 0);
    CHECK(b.mem.reads == 0);
    CHECK(b.mmu.translate(0x0010'0002, access_kind::read, true, 2).ok);
    CHECK_FALSE(b.mmu.translate(0x0010'0001, access_kind::read, true, 2).ok);
    CHECK(b.mmu.translate(0x0010'0001, access_kind::read, true, 1).ok);
    CHECK_FALSE(b.mmu.translate(0x0010'0004, access_kind::read, true, 8).ok);
    CHECK(b.mmu.translate(0x0010'0008, access_kind::read, true, 8).ok);
    CHECK(b.mmu.translate(0x0010'0002, access_kind::fetch, true, 4).ok);  // fetches never
    // A = 0: no check.
    b.regs.sctlr = sctlr_on;
    CHECK(b.mmu.translate(0x0010'0003, access_kind::read, true, 4).ok);
}

TEST_CASE("external abort on the level-1 walk: FS 1100, domain field invalid", "[mmu][fault]") {
    bench b;
    b.mem.abort_at(ttb | (0x0020'0000 >> 20) << 2);
    const translation t = b.read(0x0020'1234);
    CHECK_FALSE(t.ok);
    CHECK(t.fault == fault_kind::external_abort_l1);
    CHECK(t.fsr == 0x0C);
    CHECK(t.far == 0x0020'1234);
    CHECK(t.cycles == section_walk);
}

TEST_CASE("external abort on the level-2 walk: FS 1110, domain field valid", "[mmu][fault]") {
    bench b;
    b.l1(0x4000'0000, coarse(coarse_table, 12));
    b.mem.abort_at(coarse_table | (0x4000'3000 >> 12 & 0xFF) << 2);
    const translation t = b.read(0x4000'3010);
    CHECK_FALSE(t.ok);
    CHECK(t.fault == fault_kind::external_abort_l2);
    CHECK(t.fsr == (12u << 4 | 0xE));
    CHECK(t.cycles == page_walk);
}

TEST_CASE("section translation fault: FS 0101, domain field invalid", "[mmu][fault]") {
    bench b;
    const translation t = b.read(0x0900'0040);
    CHECK_FALSE(t.ok);
    CHECK(t.fault == fault_kind::translation_section);
    CHECK(t.fsr == 0x05);
    CHECK(t.far == 0x0900'0040);
    CHECK(t.cycles == section_walk);
}

TEST_CASE("page translation fault: FS 0111, domain of the level-1 descriptor", "[mmu][fault]") {
    bench b;
    b.l1(0x5000'0000, fine(fine_table, 13));
    const translation t = b.read(0x5000'0400);
    CHECK_FALSE(t.ok);
    CHECK(t.fault == fault_kind::translation_page);
    CHECK(t.fsr == (13u << 4 | 0x7));
}

TEST_CASE("domain faults: section FS 1001, page FS 1011", "[mmu][fault]") {
    bench b;
    b.regs.dacr = 0;
    b.l1(0x0010'0000, section(0xC010'0000, 3, 4));
    b.l1(0x4000'0000, coarse(coarse_table, 8));
    b.l2_coarse(coarse_table, 0x4000'0000, small(0xC020'0000, 3));
    CHECK(b.read(0x0010'0000).fsr == 0x49);
    CHECK(b.read(0x4000'0000).fsr == 0x8B);
}

TEST_CASE("permission faults: section FS 1101, page FS 1111", "[mmu][fault]") {
    bench b;
    b.l1(0x0010'0000, section(0xC010'0000, 1, 4));
    b.l1(0x4000'0000, coarse(coarse_table, 8));
    b.l2_coarse(coarse_table, 0x4000'0000, small(0xC020'0000, 2));
    CHECK(b.read(0x0010'0000, false).fsr == 0x4D);
    CHECK(b.write(0x4000'0000, false).fsr == 0x8F);
}

// ---- priority --------------------------------------------------------------------------------

TEST_CASE("fault table: priority order, codes and domain validity of TRM table 3-9", "[mmu][fault]") {
    const fault_kind order[] = {fault_kind::alignment,         fault_kind::external_abort_l1,
                                fault_kind::external_abort_l2, fault_kind::translation_section,
                                fault_kind::translation_page,  fault_kind::domain_section,
                                fault_kind::domain_page,       fault_kind::permission_section,
                                fault_kind::permission_page,   fault_kind::external_abort};
    const std::uint32_t fs[] = {0b0001, 0b1100, 0b1110, 0b0101, 0b0111,
                                0b1001, 0b1011, 0b1101, 0b1111, 0b1000};
    const bool dom_valid[] = {false, false, true, false, true, true, true, true, true, false};
    for (unsigned i = 0; i < 10; ++i) {
        INFO("row " << i);
        CHECK(priority(order[i]) == i);
        CHECK(info(order[i]).fs == fs[i]);
        CHECK(info(order[i]).domain_valid == dom_valid[i]);
        CHECK(make_fsr(order[i], 0xA) == ((dom_valid[i] ? 0xA0u : 0u) | fs[i]));
    }
}

TEST_CASE("priority: alignment beats translation and level-1 external abort", "[mmu][fault][priority]") {
    bench b;
    b.regs.sctlr = sctlr_on | 0x2;
    b.mem.abort_at(ttb | (0x0020'0000 >> 20) << 2);
    CHECK(b.read(0x0900'0001).fsr == 0x01);  // unmapped
    CHECK(b.read(0x0020'0001).fsr == 0x01);  // walk would abort
    CHECK(b.mem.reads == 0);
}

TEST_CASE("priority: level-2 external abort beats domain", "[mmu][fault][priority]") {
    bench b;
    b.regs.dacr = 0;
    b.l1(0x4000'0000, coarse(coarse_table, 3));
    b.mem.abort_at(coarse_table);
    CHECK(b.read(0x4000'0000).fsr == 0x3E);
}

TEST_CASE("priority: translation beats domain", "[mmu][fault][priority]") {
    bench b;
    b.regs.dacr = 0;
    b.l1(0x4000'0000, coarse(coarse_table, 3));
    CHECK(b.read(0x4000'0000).fsr == 0x37);  // page translation, not page domain
    CHECK(b.read(0x0900'0000).fsr == 0x05);  // section translation
}

TEST_CASE("priority: domain beats permission", "[mmu][fault][priority]") {
    bench b;
    b.regs.dacr = dacr_all(2);  // reserved = no access
    b.l1(0x0010'0000, section(0xC010'0000, 0, 4));
    b.l1(0x4000'0000, coarse(coarse_table, 8));
    b.l2_coarse(coarse_table, 0x4000'0000, small(0xC020'0000, 0));
    CHECK(b.write(0x0010'0000, false).fsr == 0x49);
    CHECK(b.write(0x4000'0000, false).fsr == 0x8B);
}

// ---- FCSE --------------------------------------------------------------------------------------

TEST_CASE("FCSE: a VA below 32 MiB gets the PID, above does not", "[mmu][fcse]") {
    bench b;
    b.regs.fcse_pid = 3u << 25;  // slot 3: MVA 0x0600_0000..0x07FF_FFFF
    b.l1(0x0610'0000, section(0xC610'0000, 3, 0));
    b.l1(0x0010'0000, section(0xC010'0000, 3, 0));
    b.l1(0x0210'0000, section(0xC210'0000, 3, 0));
    const translation t = b.read(0x0010'0ABC);
    REQUIRE(t.ok);
    CHECK(t.mva == 0x0610'0ABC);
    CHECK(t.pa == 0xC610'0ABC);
    const translation f = b.mmu.translate(0x0010'0ABC, access_kind::fetch, true);
    CHECK(f.pa == 0xC610'0ABC);
    const translation above = b.read(0x0210'0ABC);  // VA[31:25] = 1: no remap
    CHECK(above.mva == 0x0210'0ABC);
    CHECK(above.pa == 0xC210'0ABC);
    CHECK(b.mmu.mva_of(0x01FF'FFFF) == 0x07FF'FFFF);
    CHECK(b.mmu.mva_of(0x0200'0000) == 0x0200'0000);
    // A fault reports the MVA in FAR.
    const translation miss = b.read(0x0020'0010);
    CHECK_FALSE(miss.ok);
    CHECK(miss.far == 0x0620'0010);
    // PID 0: identity.
    b.regs.fcse_pid = 0;
    CHECK(b.read(0x0010'0ABC).pa == 0xC010'0ABC);
}

TEST_CASE("FCSE PID bits below 25 are ignored", "[mmu][fcse]") {
    bench b;
    b.regs.fcse_pid = (1u << 25) | 0x01FF'FFFF;
    CHECK(b.mmu.mva_of(0x0000'1000) == 0x0200'1000);
}

// ---- caching of walks and checks on hits ------------------------------------------------------

TEST_CASE("translation faults and walk aborts are not cached", "[mmu][tlb]") {
    bench b;
    CHECK_FALSE(b.read(0x0900'0000).ok);
    CHECK_FALSE(b.read(0x0900'0000).ok);
    b.mem.abort_at(ttb | (0x0A00'0000 >> 20) << 2);
    CHECK_FALSE(b.read(0x0A00'0000).ok);
    CHECK_FALSE(b.read(0x0A00'0000).ok);
    CHECK(b.mmu.stats().walks == 4);
    CHECK(b.mmu.tlbs().valid_main_entries() == 0);
    // Mapping the section afterwards needs no TLB maintenance.
    b.l1(0x0900'0000, section(0xC090'0000, 3, 0));
    CHECK(b.read(0x0900'0000).ok);
}

TEST_CASE("a walk ending in a permission fault fills the TLB and the next check uses the entry",
          "[mmu][tlb]") {
    bench b;
    b.l1(0x0010'0000, section(0xC010'0000, 1, 0));
    const translation user = b.read(0x0010'0000, false);
    CHECK_FALSE(user.ok);
    CHECK(user.cycles == section_walk);
    const translation priv = b.read(0x0010'0000, true);
    CHECK(priv.ok);
    CHECK(priv.tlb_hit);
    CHECK(priv.cycles == 0);
}

TEST_CASE("a DACR change to no access faults on a TLB hit", "[mmu][tlb][domain]") {
    bench b;
    b.l1(0x0010'0000, section(0xC010'0000, 3, 6));
    REQUIRE(b.read(0x0010'0000).ok);
    b.regs.dacr = dacr_with(b.regs.dacr, 6, 0);
    const translation t = b.read(0x0010'0010);
    CHECK_FALSE(t.ok);
    CHECK(t.tlb_hit);
    CHECK(t.cycles == 0);
    CHECK(t.fsr == 0x69);
    CHECK(b.mmu.stats().walks == 1);
    CHECK(b.mmu.stats().tlb_hits == 1);
    // And back to client: the same entry serves the access again.
    b.regs.dacr = dacr_with(b.regs.dacr, 6, 1);
    CHECK(b.read(0x0010'0010).ok);
    CHECK(b.mmu.stats().walks == 1);
}

TEST_CASE("an S/R change takes effect on a TLB hit", "[mmu][tlb][permission]") {
    bench b;
    b.l1(0x0010'0000, section(0xC010'0000, 0, 0));
    CHECK_FALSE(b.read(0x0010'0000, false).ok);  // S = R = 0: none
    b.regs.sctlr |= 1u << 9;                     // R: everyone reads
    const translation t = b.read(0x0010'0000, false);
    CHECK(t.ok);
    CHECK(t.tlb_hit);
    CHECK_FALSE(b.write(0x0010'0000, true).ok);
}

TEST_CASE("statistics: translations, hits, misses, walks, reads, cycles and faults by kind", "[mmu][stats]") {
    bench b;
    b.regs.sctlr = sctlr_on | 0x2;
    b.l1(0x0010'0000, section(0xC010'0000, 1, 0));
    b.l1(0x4000'0000, coarse(coarse_table, 0));
    b.l2_coarse(coarse_table, 0x4000'0000, small(0xC020'0000, 3));
    b.read(0x0010'0000);         // miss, section walk
    b.read(0x0010'0004);         // hit
    b.read(0x0010'0008, false);  // hit, permission fault
    b.read(0x4000'0000);         // miss, page walk
    b.read(0x4000'0001);         // alignment
    b.read(0x0900'0000);         // miss, translation section
    const mmu_stats& s = b.mmu.stats();
    CHECK(s.translations == 5);
    CHECK(s.tlb_hits == 2);
    CHECK(s.tlb_misses == 3);
    CHECK(s.walks == 3);
    CHECK(s.walk_reads == 4);
    CHECK(s.walk_cycles == 2 * section_walk + page_walk);
    CHECK(s.faults == 3);
    CHECK(s.faults_of(fault_kind::permission_section) == 1);
    CHECK(s.faults_of(fault_kind::alignment) == 1);
    CHECK(s.faults_of(fault_kind::translation_section) == 1);
    CHECK(s.faults_of(fault_kind::domain_page) == 0);

    rtv::core::stats_registry reg;
    b.mmu.register_stats(reg, "mmu");
    const auto snap = reg.snapshot();
    CHECK(std::get<std::uint64_t>(snap.at("mmu.tlb_hits")) == 2);
    CHECK(std::get<std::uint64_t>(snap.at("mmu.faults_by_kind.permission_section")) == 1);
    CHECK(std::get<std::uint64_t>(snap.at("mmu.tlb.main_fills")) == 2);
}

TEST_CASE("cost table names the walk overhead", "[mmu][costs]") {
    mmu_costs c;
    CHECK(rtv::core::set_cost(c, mmu_costs::entries(), "mmu_walk_overhead", 7));
    CHECK(c.walk_overhead == 7);
    CHECK_FALSE(rtv::core::set_cost(c, mmu_costs::entries(), "nope", 1));
}

// ---- page grants (what the native engine's translation cache keeps) ----------------------------

namespace {

// For every access in the page: a granted access is what translate() gives on a TLB hit that
// passes its checks, and a refused one is one that translate() faults.
void check_grant_matches_translate(bench& b, std::uint32_t va_page) {
    page_grant g;
    REQUIRE(b.mmu.grant_of(va_page, g));
    for (std::uint32_t off = 0; off < 4096; off += 256)
        for (bool priv : {false, true})
            for (bool write : {false, true}) {
                const std::uint32_t va = va_page | off;
                const translation t = write ? b.write(va, priv) : b.read(va, priv);
                CHECK(t.tlb_hit);
                CHECK(g.permits(priv, write, va) == t.ok);
                if (!t.ok) continue;
                CHECK((g.pa_page | off) == t.pa);
                CHECK((g.mva_page | off) == t.mva);
                CHECK(g.cacheable == t.cacheable);
                CHECK(g.bufferable == t.bufferable);
            }
}

}  // namespace

TEST_CASE("grant_of: a small page's subpage APs, per privilege and direction, as translate() checks them",
          "[mmu][grant]") {
    bench b;
    b.regs.sctlr |= 1u << 8;  // S: AP 00 gives privileged read-only
    b.l1(0x0040'0000, coarse(coarse_table, 3));
    b.l2_coarse(coarse_table, 0x0040'1000, small(0xC020'0000, 0, 1, 2, 3, true, true));
    page_grant g;
    CHECK_FALSE(b.mmu.grant_of(0x0040'1000, g));  // not in the TLB yet: no grant, no walk
    CHECK(b.mem.reads == 0);
    b.read(0x0040'1000);  // the walk fills the TLB
    const std::uint64_t hits = b.mmu.stats().tlb_hits;
    REQUIRE(b.mmu.grant_of(0x0040'1ABC, g));
    CHECK(b.mmu.stats().tlb_hits == hits);  // grant_of counts nothing
    CHECK_FALSE(g.lockdown);
    check_grant_matches_translate(b, 0x0040'1000);
    SECTION("domain no access refuses everything, manager permits everything") {
        b.regs.dacr = dacr_with(b.regs.dacr, 3, 0);
        check_grant_matches_translate(b, 0x0040'1000);
        b.regs.dacr = dacr_with(b.regs.dacr, 3, 3);
        check_grant_matches_translate(b, 0x0040'1000);
    }
}

TEST_CASE("grant_of: sections and large pages with the FCSE PID applied", "[mmu][grant]") {
    bench b;
    b.regs.fcse_pid = 0x0600'0000;
    b.l1(0x0600'0000, section(0xC030'0000, 1, 0, true, false));  // VA 0 with PID 3 -> MVA 0x06000000
    b.l1(0x0210'0000, coarse(coarse_table, 1));
    for (unsigned i = 0; i < 16; ++i)
        b.l2_coarse(coarse_table, 0x0211'0000 + i * 0x1000, large(0xC040'0000, 3, 1, 2, 3));
    b.read(0x0000'5000);
    b.read(0x0211'4000);
    check_grant_matches_translate(b, 0x0000'5000);
    check_grant_matches_translate(b, 0x0211'4000);  // subpage 1 of the large page (MVA[15:14])
}

TEST_CASE("grant_of: no grant with the MMU off or for a page a tiny page takes part of", "[mmu][grant]") {
    bench b;
    b.l1(0x0010'0000, fine(fine_table, 0));
    b.l2_fine(fine_table, 0x0010'0400, tiny(0xC050'0400, 3));
    b.read(0x0010'0400);
    page_grant g;
    CHECK_FALSE(b.mmu.grant_of(0x0010'0400, g));
    // A section holding the page, with a tiny lockdown entry over one of its 1 KiB parts.
    b.l1(0x0020'0000, section(0xC060'0000, 3, 0));
    b.read(0x0020'0000);
    REQUIRE(b.mmu.grant_of(0x0020'0000, g));
    b.mmu.tlbs().write_lockdown_register(1);  // P = 1: walks fill the lockdown part
    tlb_entry e;
    e.valid = true;
    e.size = page_size::tiny;
    e.aps = 0xFF;
    e.mva_base = 0x0020'0800;
    e.pa_base = 0xC070'0800;
    b.mmu.tlbs().insert(e);
    CHECK_FALSE(b.mmu.grant_of(0x0020'0000, g));
    b.regs.sctlr &= ~1u;
    CHECK_FALSE(b.mmu.grant_of(0x0020'1000, g));
}

TEST_CASE("the TLB's generation changes with every fill, invalidation and lockdown write", "[mmu][tlb][grant]") {
    bench b;
    b.l1(0x0020'0000, section(0xC060'0000, 3, 0));
    tlb& t = b.mmu.tlbs();
    std::uint32_t g = t.generation();
    auto changed = [&] {
        const bool c = t.generation() != g;
        g = t.generation();
        return c;
    };
    b.read(0x0020'0000);
    CHECK(changed());  // the walk's fill
    b.read(0x0020'0004);
    CHECK_FALSE(changed());  // a hit changes nothing
    b.mmu.invalidate_tlb_mva(0x0020'0000);
    CHECK(changed());
    b.mmu.invalidate_tlb_all();
    CHECK(changed());
    t.write_lockdown_register(0);
    CHECK(changed());
}

TEST_CASE("count_cached_hits counts what a TLB hit in translate() counts", "[mmu][grant][stats]") {
    bench b;
    b.l1(0x0020'0000, section(0xC060'0000, 3, 0));
    b.read(0x0020'0000);
    const mmu_stats before = b.mmu.stats();
    b.read(0x0020'0010);
    const mmu_stats after_translate = b.mmu.stats();
    b.mmu.count_cached_hits(1, 0);
    const mmu_stats after_cached = b.mmu.stats();
    CHECK(after_translate.translations - before.translations == after_cached.translations - after_translate.translations);
    CHECK(after_translate.tlb_hits - before.tlb_hits == after_cached.tlb_hits - after_translate.tlb_hits);
    CHECK(after_cached.lockdown_hits == after_translate.lockdown_hits);
    CHECK(after_cached.tlb_misses == after_translate.tlb_misses);
    b.mmu.count_cached_hits(3, 2);
    CHECK(b.mmu.stats().tlb_hits == after_cached.tlb_hits + 3);
    CHECK(b.mmu.stats().lockdown_hits == after_cached.lockdown_hits + 2);
}

// ---- the debugger's translation ----------------------------------------------------------------

TEST_CASE("debug_translate: walks with the debugger's reads, fills no TLB, counts nothing", "[mmu][debug]") {
    bench b;
    b.l1(0x0040'0000, coarse(coarse_table, 3));
    b.l2_coarse(coarse_table, 0x0040'1000, small(0xC123'4000, 0));  // AP 00: no access, still mapped
    b.l1(0x0050'0000, section(0xC060'0000, 3, 0));
    unsigned debug_reads = 0;
    const arm926_mmu::debug_reader read = [&](std::uint32_t pa, std::uint32_t& v) {
        ++debug_reads;
        std::uint64_t unused = 0;
        return b.mem.read_word(pa, v, unused);
    };
    CHECK(b.mmu.debug_translate(0x0040'1ABC, read) == 0xC123'4ABCu);
    CHECK(debug_reads == 2);
    CHECK(b.mmu.debug_translate(0x0050'0010, read) == 0xC060'0010u);
    CHECK_FALSE(b.mmu.debug_translate(0x0060'0000, read).has_value());  // section translation fault
    CHECK(b.mmu.tlbs().valid_main_entries() == 0);
    CHECK(b.mmu.stats().translations == 0);
    CHECK(b.mmu.stats().walks == 0);
    CHECK(b.mmu.stats().faults == 0);
    // A TLB entry wins over the tables (it is what the core would use).
    CHECK(b.read(0x0050'0010).ok);
    b.l1(0x0050'0000, section(0xC070'0000, 3, 0));  // changed without a TLB invalidation
    debug_reads = 0;
    CHECK(b.mmu.debug_translate(0x0050'0010, read) == 0xC060'0010u);
    CHECK(debug_reads == 0);
    // MMU off: flat.
    b.regs.sctlr = 0x0005'0078;
    CHECK(b.mmu.debug_translate(0x1234, read) == 0x1234u);
}
