// SPDX-License-Identifier: Apache-2.0
// The ARM926EJ-S CP15: ID registers, control register reset and writes, TTB/DACR/FSR/FAR/FCSE,
// dispatch of every c7 and c8 operation, undefined encodings, and the cost of Xen-ARM's
// context-switch flush as the sum of its operations.
//
// Costs use the default cache_costs (MCR 2, MRC 3) and a bus word of 10 cycles: line fill 24,
// half-line write-back 16, write-buffer entry 10; 16 KiB caches of 128 sets.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/cpu/cp15.hpp"

using namespace rtv;
using cpu::cache_policy;
using cpu::cp15_op;
namespace ops = cpu::cp15_ops;

namespace {

constexpr std::uint64_t bus = 10;
constexpr std::uint64_t fill = 24;
constexpr std::uint64_t half_wb = 16;
constexpr std::uint64_t mcr = 2, mrc = 3;
constexpr std::uint32_t base = 0xC010'0000;
constexpr auto wb = cache_policy::write_back;

struct fake_tlb final : cpu::tlb_maintenance {
    std::vector<std::string> calls;
    std::uint32_t lockdown = 0;
    void invalidate_all() override { calls.push_back("all"); }
    void invalidate_mva(std::uint32_t mva) override { calls.push_back("mva " + std::to_string(mva)); }
    void write_lockdown(std::uint32_t value) override {
        calls.push_back("lockdown " + std::to_string(value));
        lockdown = value;
    }
    std::uint32_t read_lockdown() const override { return lockdown; }
};

// MMU, D-cache and I-cache on, as Xen-ARM's start.S leaves them (plus high vectors).
constexpr std::uint32_t xen_control =
    cpu::sctlr::m | cpu::sctlr::c | cpu::sctlr::w | cpu::sctlr::i | cpu::sctlr::v;

void dirty_working_set(cpu::cp15& cp, std::uint32_t from, std::uint32_t bytes) {
    for (std::uint32_t a = from; a < from + bytes; a += 32) {
        cp.data_read(a, wb);
        cp.data_write(a, wb);
        cp.data_write(a + 16, wb);
    }
}

}  // namespace

TEST_CASE("cp15: ID registers", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    const auto id = cp.read(ops::main_id);
    CHECK_FALSE(id.undefined);
    CHECK(id.value == 0x41069265);
    CHECK(id.cycles == mrc);
    CHECK(cp.read(ops::cache_type).value == 0x1D152152);
    CHECK(cpu::arm926_cache_type(8 * 1024, 4 * 1024) == 0x1D0D2112);  // softgun's NS9750 value
    CHECK(cp.read(ops::tcm_status).value == 0);
    CHECK(cp.read(cp15_op{0, 0, 0, 5}).value == 0x41069265);  // unimplemented: main ID
    CHECK(cp.read(cp15_op{0, 0, 1, 0}).undefined);
    CHECK(cp.write(ops::main_id, 0).undefined);

    cpu::cp15_config cfg;
    cfg.icache_bytes = 32 * 1024;
    cfg.dcache_bytes = 8 * 1024;
    cpu::cp15 other(tlb, bus, cfg);
    CHECK(other.read(ops::cache_type).value == ((0xEu << 25) | (1u << 24) | (0x112u << 12) | 0x192u));
}

TEST_CASE("cp15: control register reset value and writes", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    CHECK(cp.read(ops::control).value == 0x00050078);
    CHECK(cp.regs().sctlr == 0x00050078);

    const auto w = cp.write(ops::control, 0);
    CHECK(w.cycles == mcr);
    CHECK(cp.read(ops::control).value == 0x00050078);  // should-be-one bits stay one
    cp.write(ops::control, 0xFFFFFFFF);
    CHECK(cp.read(ops::control).value == 0x0005F3FF);  // M A C W B S R I V RR L4 + SBO
    cp.write(ops::control, xen_control);
    CHECK(cp.read(ops::control).value == 0x0005307D);
    CHECK(cp.read(cp15_op{1, 0, 0, 1}).undefined);
    CHECK(cp.write(cp15_op{1, 0, 1, 0}, 0).undefined);
}

TEST_CASE("cp15: TTB keeps bits 31 to 14", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cp.write(ops::ttb, 0xC0123FFF);
    CHECK(cp.read(ops::ttb).value == 0xC0120000);
    CHECK(cp.regs().ttb == 0xC0120000);
    CHECK(cp.write(cp15_op{2, 0, 0, 1}, 0).undefined);
}

TEST_CASE("cp15: DACR, fault status and fault address", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cp.write(ops::dacr, 0x7D);
    CHECK(cp.read(ops::dacr).value == 0x7D);
    cp.write(ops::dacr, 0xFFFFFFFF);
    CHECK(cp.regs().dacr == 0xFFFFFFFF);

    cp.write(ops::dfsr, 0xFFFF01F5);
    CHECK(cp.read(ops::dfsr).value == 0xF5);  // [7:0]; bit 8 reads zero
    cp.write(ops::ifsr, 0x17);
    CHECK(cp.read(ops::ifsr).value == 0x17);
    cp.write(ops::far, 0xDEADBEEF);
    CHECK(cp.read(ops::far).value == 0xDEADBEEF);
    CHECK(cp.read(cp15_op{5, 0, 0, 2}).undefined);
    CHECK(cp.read(cp15_op{6, 0, 0, 1}).undefined);

    cp.record_data_abort(0x1D, 0xC0400004);  // permission fault, section, domain 1
    CHECK(cp.regs().dfsr == 0x1D);
    CHECK(cp.regs().far == 0xC0400004);
    cp.record_prefetch_abort(0x05);
    CHECK(cp.regs().ifsr == 0x05);
    CHECK(cp.regs().far == 0xC0400004);  // prefetch aborts leave FAR alone
}

TEST_CASE("cp15: FCSE PID and context ID", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cp.write(ops::fcse_pid, 0x0A000000 | 0x01FFFFFF);
    CHECK(cp.read(ops::fcse_pid).value == 0x0A000000);
    CHECK(cp.modified_va(0x00001234) == 0x0A001234);
    CHECK(cp.modified_va(0x02001234) == 0x02001234);
    cp.write(ops::context_id, 0x12345678);
    CHECK(cp.read(ops::context_id).value == 0x12345678);
    CHECK(cp.regs().context_id == 0x12345678);
    CHECK(cp.read(cp15_op{13, 0, 0, 2}).undefined);
}

TEST_CASE("cp15: c7 cache invalidation operations", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cp.write(ops::control, xen_control);
    auto fill_both = [&] {
        cp.data_read(base, wb);
        cp.data_read(base + 32, wb);
        cp.instruction_fetch(base, wb);
        cp.instruction_fetch(base + 32, wb);
    };

    fill_both();
    auto r = cp.write(ops::invalidate_icache, 0);
    CHECK(r.cycles == mcr + 128);
    CHECK(cp.icache().valid_lines() == 0);
    CHECK(cp.dcache().valid_lines() == 2);

    fill_both();
    r = cp.write(ops::invalidate_icache_line, base + 32);
    CHECK(r.cycles == mcr + 1);
    CHECK(cp.icache().contains(base));
    CHECK_FALSE(cp.icache().contains(base + 32));

    r = cp.write(ops::invalidate_dcache_line, base);
    CHECK(r.cycles == mcr + 1);
    CHECK_FALSE(cp.dcache().contains(base));
    CHECK(cp.dcache().contains(base + 32));

    cp.data_write(base + 32, wb);  // dirty data is discarded
    r = cp.write(ops::invalidate_dcache, 0);
    CHECK(r.cycles == mcr + 128);
    CHECK(cp.dcache().valid_lines() == 0);
    CHECK(cp.dcache().stats().write_backs == 0);

    fill_both();
    r = cp.write(ops::invalidate_caches, 0);
    CHECK(r.cycles == mcr + 128);  // both tag RAMs in parallel
    CHECK(cp.icache().valid_lines() == 0);
    CHECK(cp.dcache().valid_lines() == 0);

    r = cp.write(ops::prefetch_icache_line, base + 64);
    CHECK(r.cycles == mcr + 1 + fill);
    CHECK(cp.icache().contains(base + 64));
}

TEST_CASE("cp15: c7 clean operations write back dirty half-lines", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cp.write(ops::control, xen_control);
    cp.data_read(base, wb);
    cp.data_write(base, wb);
    cp.data_write(base + 16, wb);

    auto r = cp.write(ops::clean_dcache_line, base);
    CHECK(r.cycles == mcr + 1 + 2 * half_wb);
    CHECK(cp.dcache().contains(base));
    CHECK(cp.dcache().dirty_lines() == 0);

    cp.data_write(base, wb);
    r = cp.write(ops::clean_invalidate_dcache_line, base);
    CHECK(r.cycles == mcr + 1 + half_wb);
    CHECK_FALSE(cp.dcache().contains(base));
    CHECK(cp.dcache().stats().write_backs == 3);
}

TEST_CASE("cp15: c7 test-and-clean operations return the Z flag", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cp.write(ops::control, xen_control);
    cp.data_read(base, wb);
    cp.data_write(base, wb);

    auto r = cp.read(ops::test_clean_dcache);
    CHECK_FALSE(r.undefined);
    CHECK((r.value & cpu::cp15_z_flag) == 0);
    CHECK(r.cycles == mrc + 1 + half_wb);
    r = cp.read(ops::test_clean_dcache);
    CHECK(r.value == cpu::cp15_z_flag);
    CHECK(r.cycles == mrc + 128);
    CHECK(cp.dcache().contains(base));  // test-and-clean does not invalidate

    cp.data_write(base, wb);
    r = cp.read(ops::test_clean_invalidate_dcache);
    CHECK((r.value & cpu::cp15_z_flag) == 0);
    r = cp.read(ops::test_clean_invalidate_dcache);
    CHECK(r.value == cpu::cp15_z_flag);
    CHECK(r.cycles == mrc + 128 + 128);  // scan + whole-cache invalidate
    CHECK_FALSE(cp.dcache().contains(base));

    // The test-and-clean encodings exist only as MRC, the others only as MCR.
    CHECK(cp.write(ops::test_clean_dcache, 0).undefined);
    CHECK(cp.write(ops::test_clean_invalidate_dcache, 0).undefined);
    CHECK(cp.read(ops::invalidate_icache).undefined);
    CHECK(cp.read(ops::drain_write_buffer).undefined);
}

TEST_CASE("cp15: c7 drain write buffer and wait for interrupt", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cp.write(ops::control, xen_control);
    for (int k = 0; k < 3; ++k)
        CHECK(cp.data_write(0x10000000 + 4 * k, cache_policy::uncached_buffered).cycles == 0);
    CHECK(cp.wbuf().pending() == 3);
    auto r = cp.write(ops::drain_write_buffer, 0);
    CHECK(r.cycles == mcr + 3 * bus);
    CHECK(cp.wbuf().pending() == 0);
    CHECK(cp.write(ops::drain_write_buffer, 0).cycles == mcr);

    // Background draining while the core computes.
    cp.data_write(0x10000000, cache_policy::uncached_buffered);
    cp.data_write(0x10000004, cache_policy::uncached_buffered);
    cp.elapse(bus + 3);
    CHECK(cp.write(ops::drain_write_buffer, 0).cycles == mcr + bus - 3);

    r = cp.write(ops::wait_for_interrupt, 0);
    CHECK_FALSE(r.undefined);
    CHECK(r.wait_for_interrupt);
    CHECK(r.cycles == mcr);
    CHECK(cp.stats().wfi == 1);
    CHECK_FALSE(cp.write(ops::drain_write_buffer, 0).wait_for_interrupt);
}

TEST_CASE("cp15: c8 operations forward to the TLB", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    CHECK(cp.write(ops::invalidate_tlb, 0).cycles == mcr);
    cp.write(ops::invalidate_itlb, 0);
    cp.write(ops::invalidate_dtlb, 0);
    cp.write(ops::invalidate_tlb_entry, 0xC0001000);
    cp.write(ops::invalidate_itlb_entry, 0xC0002000);
    cp.write(ops::invalidate_dtlb_entry, 0xC0003000);
    CHECK(tlb.calls == std::vector<std::string>{"all", "all", "all", "mva 3221229568", "mva 3221233664",
                                                "mva 3221237760"});
    CHECK(cp.stats().tlb_ops == 6);
    CHECK(cp.write(cp15_op{8, 0, 7, 2}, 0).undefined);
    CHECK(cp.write(cp15_op{8, 0, 4, 0}, 0).undefined);
    CHECK(cp.read(ops::invalidate_tlb).undefined);
    CHECK(tlb.calls.size() == 6);
}

TEST_CASE("cp15: c9 and c15 store and c10 forwards the TLB lockdown", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cp.write(ops::dcache_lockdown, 0xFFFFFFF3);
    cp.write(ops::icache_lockdown, 0xFFFFFFF1);
    CHECK(cp.read(ops::dcache_lockdown).value == 0xFFFFFFF3);
    CHECK(cp.read(ops::icache_lockdown).value == 0xFFFFFFF1);
    CHECK(cp.read(cp15_op{9, 0, 2, 0}).undefined);

    CHECK(cp.write(ops::tlb_lockdown, 0x04000000).cycles == mcr);
    CHECK(tlb.calls == std::vector<std::string>{"lockdown 67108864"});
    CHECK(cp.read(ops::tlb_lockdown).value == 0x04000000);

    const cp15_op debug_override{15, 7, 0, 0};  // Linux: force D-cache write-through
    CHECK_FALSE(cp.write(debug_override, 4).undefined);
    CHECK(cp.read(debug_override).value == 4);
    CHECK(cp.read(cp15_op{15, 0, 1, 0}).value == 0);
}

TEST_CASE("cp15: unknown encodings are undefined", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    const std::vector<cp15_op> bad = {
        {4, 0, 0, 0}, {11, 0, 0, 0}, {12, 0, 0, 0}, {14, 0, 0, 0}, {1, 1, 0, 0},  {2, 0, 0, 2},  {3, 0, 1, 0},
        {6, 0, 0, 1}, {7, 0, 5, 4},  {7, 0, 10, 2}, {7, 0, 14, 2}, {10, 0, 0, 1}, {13, 0, 1, 0}, {7, 1, 7, 0},
    };
    for (const auto& op : bad) {
        INFO("c" << int(op.crn) << " op1 " << int(op.opc1) << " c" << int(op.crm) << " op2 " << int(op.opc2));
        const auto w = cp.write(op, 0);
        CHECK(w.undefined);
        CHECK(w.cycles == 0);
        CHECK(cp.read(op).undefined);
    }
    CHECK(cp.stats().undefined == 2 * bad.size());
    CHECK(cp.regs().sctlr == cpu::sctlr::reset);
}

TEST_CASE("cp15: the context switch flush costs the sum of its operations", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cpu::cp15 twin(tlb, bus);
    for (cpu::cp15* c : {&cp, &twin}) {
        c->write(ops::control, xen_control);
        dirty_working_set(*c, base, 2048);  // 64 lines, 128 dirty halves
        c->instruction_fetch(base, wb);
        c->data_write(0x10000000, cache_policy::uncached_buffered);
        c->data_write(0x10000004, cache_policy::uncached_buffered);
    }
    const std::uint64_t got = cp.context_switch_flush();

    // The same sequence issued one operation at a time.
    std::uint64_t ops_sum = 0;
    unsigned passes = 0;
    for (;;) {
        const auto r = twin.read(ops::test_clean_invalidate_dcache);
        ops_sum += r.cycles;
        ++passes;
        if (r.value & cpu::cp15_z_flag) break;
    }
    ops_sum += twin.write(ops::invalidate_icache, 0).cycles;
    ops_sum += twin.write(ops::drain_write_buffer, 0).cycles;
    const auto& k = cp.costs();
    CHECK(passes == 65);
    CHECK(got == ops_sum + 64 * k.flush_loop_branch_taken + k.flush_loop_branch_not_taken);

    // And from first principles: 65 MRCs, sets + dirty lines indices read, the write-backs, the
    // final D invalidate, the I invalidate and the drain of two entries.
    const std::uint64_t expected =
        65 * mrc + (128 + 64) * 1 + 128 * half_wb + 128 + 64 * 3 + 1 + (mcr + 128) + (mcr + 2 * bus);
    CHECK(got == expected);

    CHECK(cp.dcache().valid_lines() == 0);
    CHECK(cp.icache().valid_lines() == 0);
    CHECK(cp.wbuf().pending() == 0);
    CHECK(cp.stats().context_switch_flushes == 1);
    CHECK(tlb.calls.empty());  // TTB and TLB are the hypervisor's separate calls
}

TEST_CASE("cp15: the context switch flush cost follows the dirty working set", "[cp15][acceptance]") {
    fake_tlb tlb;
    std::vector<std::uint64_t> cost;
    for (std::uint32_t kib : {4u, 8u, 16u, 64u}) {
        cpu::cp15 cp(tlb, bus);
        cp.write(ops::control, xen_control);
        dirty_working_set(cp, base, kib * 1024);
        cost.push_back(cp.context_switch_flush());
    }
    CHECK(cost[0] < cost[1]);
    CHECK(cost[1] < cost[2]);
    CHECK(cost[2] == cost[3]);
    // A clean cache costs the fixed part only: one MRC with a full scan and the invalidates.
    cpu::cp15 clean(tlb, bus);
    CHECK(clean.context_switch_flush() == mrc + 128 + 128 + 1 + (mcr + 128) + mcr);
}

TEST_CASE("cp15: the memory-side policy follows SCTLR", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    using cpu::sctlr::c;
    using cpu::sctlr::i;
    using cpu::sctlr::m;
    // Reset: MMU and caches off.
    CHECK(cp.data_policy(wb) == cache_policy::uncached_unbuffered);
    CHECK(cp.instruction_policy(wb) == cache_policy::uncached_unbuffered);
    CHECK(cp.data_read(base, wb).cycles == bus);
    CHECK_FALSE(cp.dcache().contains(base));

    cp.write(ops::control, i);  // I-cache on with the MMU off: fetches are cacheable
    CHECK(cp.instruction_policy(cache_policy::uncached_unbuffered) == cache_policy::write_through);
    CHECK(cp.instruction_fetch(base, cache_policy::uncached_unbuffered).cycles == fill);
    CHECK(cp.icache().contains(base));

    cp.write(ops::control, m);  // MMU on, D-cache off: C is dropped, B kept
    CHECK(cp.data_policy(wb) == cache_policy::uncached_buffered);
    CHECK(cp.data_policy(cache_policy::write_through) == cache_policy::uncached_unbuffered);

    cp.write(ops::control, m | c | i);
    CHECK(cp.data_policy(wb) == wb);
    CHECK(cp.data_policy(cache_policy::uncached_buffered) == cache_policy::uncached_buffered);
    CHECK(cp.instruction_policy(cache_policy::uncached_unbuffered) == cache_policy::uncached_unbuffered);
    CHECK(cp.data_read(base, wb).cycles == fill);
    CHECK(cp.data_read(base, wb).hit);
}

TEST_CASE("cp15: SCTLR.RR selects the replacement only when configured to", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 plain(tlb, bus);
    CHECK(plain.dcache().replacement_policy() == cpu::replacement::round_robin);
    plain.write(ops::control, 0);
    CHECK(plain.dcache().replacement_policy() == cpu::replacement::round_robin);

    cpu::cp15_config cfg;
    cfg.rr_selects_replacement = true;
    cfg.seed = 7;
    cpu::cp15 faithful(tlb, bus, cfg);
    CHECK(faithful.dcache().replacement_policy() == cpu::replacement::pseudo_random);
    CHECK(faithful.icache().replacement_policy() == cpu::replacement::pseudo_random);
    faithful.write(ops::control, cpu::sctlr::rr);
    CHECK(faithful.dcache().replacement_policy() == cpu::replacement::round_robin);
    CHECK(faithful.icache().replacement_policy() == cpu::replacement::round_robin);
}

TEST_CASE("cp15: cost overrides and bus timing reach the caches", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    cp.costs().cp15_mcr = 5;
    cp.costs().invalidate_index = 0;
    CHECK(cp.write(ops::invalidate_dcache, 0).cycles == 5);
    cp.set_bus_word_cycles(30);
    CHECK(cp.dcache().line_fill_cycles() == 30 + 14);
    CHECK(cp.icache().line_fill_cycles() == 30 + 14);
    CHECK(cp.dcache().write_buffer_entry_cycles() == 30);
}

TEST_CASE("cp15: statistics are registered", "[cp15]") {
    fake_tlb tlb;
    cpu::cp15 cp(tlb, bus);
    core::stats_registry reg;
    cp.register_stats(reg, "cpu.cp15");
    cp.write(ops::control, xen_control);
    cp.data_read(base, wb);
    cp.data_read(base, wb);
    const auto snap = reg.snapshot();
    CHECK(std::get<std::uint64_t>(snap.at("cpu.cp15.mcr")) == 1);
    CHECK(std::get<std::uint64_t>(snap.at("cpu.cp15.dcache.hits")) == 1);
    CHECK(std::get<std::uint64_t>(snap.at("cpu.cp15.dcache.refills")) == 1);
    CHECK(snap.count("cpu.cp15.write_buffer.writes") == 1);
    CHECK(snap.count("cpu.cp15.icache.flushes") == 1);
}
