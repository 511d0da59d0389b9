// SPDX-License-Identifier: Apache-2.0
// The ARM926EJ-S system control coprocessor CP15: registers and operations addressed by
// (CRn, opcode_1, CRm, opcode_2) as MRC and MCR address them (imx21-arm926.md 4.5), the I and D
// cache cost models and the write buffer (model page docs/models/cp15_caches.md).
//
// Every operation returns its cycle cost: the MCR/MRC itself plus the cache, write-buffer or
// TLB work it starts. An encoding the ARM926 does not implement returns `undefined`; the caller
// raises the undefined-instruction exception (and also for any CP15 access from User mode,
// which this class does not see).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "sim/core/stats.hpp"
#include "sim/mmu/mmu_regs.hpp"
#include "sim/cpu/cache_costs.hpp"
#include "sim/cpu/cache_model.hpp"

namespace rtv::cpu {

// The TLB side of c8 and c10, adapted to the MMU by its owner.
class tlb_maintenance {
public:
    virtual ~tlb_maintenance() = default;
    virtual void invalidate_all() = 0;
    virtual void invalidate_mva(std::uint32_t mva) = 0;
    virtual void write_lockdown(std::uint32_t value) = 0;
    virtual std::uint32_t read_lockdown() const = 0;
};

// For a platform without an MMU: the TLB operations do nothing, the lockdown register stores.
class no_tlb final : public tlb_maintenance {
public:
    void invalidate_all() override {}
    void invalidate_mva(std::uint32_t) override {}
    void write_lockdown(std::uint32_t value) override { m_lockdown = value; }
    std::uint32_t read_lockdown() const override { return m_lockdown; }

private:
    std::uint32_t m_lockdown = 0;
};

// c1 control register bits (imx21-arm926.md 4.5).
namespace sctlr {
inline constexpr std::uint32_t m = 1u << 0;    // MMU enable
inline constexpr std::uint32_t a = 1u << 1;    // alignment checking
inline constexpr std::uint32_t c = 1u << 2;    // D-cache enable
inline constexpr std::uint32_t w = 1u << 3;    // write buffer: should-be-one on the ARM926
inline constexpr std::uint32_t b = 1u << 7;    // big-endian
inline constexpr std::uint32_t s = 1u << 8;    // system protection
inline constexpr std::uint32_t r = 1u << 9;    // ROM protection
inline constexpr std::uint32_t i = 1u << 12;   // I-cache enable
inline constexpr std::uint32_t v = 1u << 13;   // high vectors (0xFFFF0000)
inline constexpr std::uint32_t rr = 1u << 14;  // round-robin replacement
inline constexpr std::uint32_t l4 = 1u << 15;  // ARMv4 behaviour of loads to PC
// Bits that read as one whatever is written: [6:3] (ref 4.5) and 16 and 18 (softgun's reset
// value 0x00050078; QEMU's 0x00090078 sets 19 instead: [19:16] is unconfirmed, ref 4.5).
inline constexpr std::uint32_t sbo = 0x0005'0078;
inline constexpr std::uint32_t writable = m | a | c | b | s | r | i | v | rr | l4;
// Every defined bit is zero at reset except V and B, which follow the VINITHI and BIGENDINIT
// pins (Digi NS9215 HW ref p.88); the i.MX21 is little-endian and low vectors are assumed.
inline constexpr std::uint32_t reset = sbo;
}  // namespace sctlr

// Main ID: ARM, variant 0, architecture 5TEJ, part 0x926, revision 5 (ref 4.5: QEMU arm926, r0p5).
inline constexpr std::uint32_t arm926_main_id = 0x4106'9265;
// The Z flag of the value an MRC c7 test-and-clean returns (MRC to r15 sets NZCV from [31:28]).
inline constexpr std::uint32_t cp15_z_flag = 1u << 30;

// Cache type register for the given cache sizes: ctype 1110 (write-back, register-7 cleaning,
// format C lockdown), S = 1 (separate I and D), per cache: size log2(bytes) - 9 (0101 = 16 KiB),
// assoc 010 (4-way), M = 0, len 10 (8 words) (ref 4.5, Digi NS9215 HW ref p.88; softgun's
// 0x1D0D2112 for 8 KiB I + 4 KiB D decodes the same way). 16 KiB + 16 KiB gives 0x1D152152.
std::uint32_t arm926_cache_type(std::uint32_t icache_bytes, std::uint32_t dcache_bytes);

// The registers. The first four are the MMU's (rtv::mmu::mmu_regs), so the MMU keeps a
// reference into this register file.
using cp15_mmu_regs = mmu::mmu_regs;

struct cp15_regs : cp15_mmu_regs {
    std::uint32_t dfsr = 0;        // c5 op2 0, [7:0]
    std::uint32_t ifsr = 0;        // c5 op2 1, [7:0]
    std::uint32_t far = 0;         // c6
    std::uint32_t context_id = 0;  // c13 op2 1
};

// An MRC/MCR p15 address.
struct cp15_op {
    std::uint8_t crn, opc1, crm, opc2;
};

namespace cp15_ops {
inline constexpr cp15_op main_id{0, 0, 0, 0};
inline constexpr cp15_op cache_type{0, 0, 0, 1};
inline constexpr cp15_op tcm_status{0, 0, 0, 2};
inline constexpr cp15_op control{1, 0, 0, 0};
inline constexpr cp15_op ttb{2, 0, 0, 0};
inline constexpr cp15_op dacr{3, 0, 0, 0};
inline constexpr cp15_op dfsr{5, 0, 0, 0};
inline constexpr cp15_op ifsr{5, 0, 0, 1};
inline constexpr cp15_op far{6, 0, 0, 0};
// c7 (ref 4.6; Linux proc-arm926.S; Xen-ARM core-arm926.S)
inline constexpr cp15_op wait_for_interrupt{7, 0, 0, 4};
inline constexpr cp15_op invalidate_icache{7, 0, 5, 0};
inline constexpr cp15_op invalidate_icache_line{7, 0, 5, 1};
inline constexpr cp15_op invalidate_dcache{7, 0, 6, 0};
inline constexpr cp15_op invalidate_dcache_line{7, 0, 6, 1};
inline constexpr cp15_op invalidate_caches{7, 0, 7, 0};
inline constexpr cp15_op clean_dcache_line{7, 0, 10, 1};
inline constexpr cp15_op test_clean_dcache{7, 0, 10, 3};  // MRC
inline constexpr cp15_op drain_write_buffer{7, 0, 10, 4};
inline constexpr cp15_op prefetch_icache_line{7, 0, 13, 1};
inline constexpr cp15_op clean_invalidate_dcache_line{7, 0, 14, 1};
inline constexpr cp15_op test_clean_invalidate_dcache{7, 0, 14, 3};  // MRC
// c8 (ref 4.4; Linux tlb-v4wbi.S)
inline constexpr cp15_op invalidate_tlb{8, 0, 7, 0};
inline constexpr cp15_op invalidate_itlb{8, 0, 5, 0};
inline constexpr cp15_op invalidate_dtlb{8, 0, 6, 0};
inline constexpr cp15_op invalidate_tlb_entry{8, 0, 7, 1};
inline constexpr cp15_op invalidate_itlb_entry{8, 0, 5, 1};
inline constexpr cp15_op invalidate_dtlb_entry{8, 0, 6, 1};
inline constexpr cp15_op dcache_lockdown{9, 0, 0, 0};
inline constexpr cp15_op icache_lockdown{9, 0, 0, 1};
inline constexpr cp15_op tlb_lockdown{10, 0, 0, 0};
inline constexpr cp15_op fcse_pid{13, 0, 0, 0};
inline constexpr cp15_op context_id{13, 0, 0, 1};
}  // namespace cp15_ops

struct cp15_result {
    std::uint32_t value = 0;          // MRC: the value read
    std::uint64_t cycles = 0;         // cost of the instruction and of the work it started
    bool undefined = false;           // not an ARM926 encoding: raise undefined instruction
    bool wait_for_interrupt = false;  // c7,c0,4: the core sleeps until an interrupt
};

struct cp15_config {
    std::uint32_t icache_bytes = cache_model::default_bytes;  // 16 KiB I + 16 KiB D (ref 3.2)
    std::uint32_t dcache_bytes = cache_model::default_bytes;
    unsigned write_buffer_entries = write_buffer::default_entries;
    // false: both caches replace round-robin whatever SCTLR.RR says (deterministic, and what
    // the cost acceptance criteria assume). true: RR = 0 selects the seeded pseudo-random
    // replacement, as on the real part (Xen-ARM never sets RR).
    bool rr_selects_replacement = false;
    std::uint64_t seed = 0;  // scenario seed for pseudo-random replacement
};

struct cp15_stats {
    std::uint64_t mcr = 0, mrc = 0;
    std::uint64_t undefined = 0;
    std::uint64_t wfi = 0;
    std::uint64_t tlb_ops = 0;
    std::uint64_t context_switch_flushes = 0;
};

class cp15 {
public:
    // `tlb` must outlive the CP15. `bus_word_cycles`: CPU cycles of one single-word SDRAM
    // access (what the core charges for an uncached word). Throws std::invalid_argument for a
    // cache size the ARM926 cannot have.
    cp15(tlb_maintenance& tlb, std::uint64_t bus_word_cycles, const cp15_config& cfg = {});
    cp15(const cp15&) = delete;
    cp15& operator=(const cp15&) = delete;

    cp15_result read(cp15_op op);                        // MRC p15
    cp15_result write(cp15_op op, std::uint32_t value);  // MCR p15

    // Xen-ARM's arm926_switch_mm cache part (core-arm926.S), through the same operations:
    // `1: mrc p15,0,r15,c7,c14,3; bne 1b`, then invalidate I (c7,c5,0) and drain the write
    // buffer (c7,c10,4). The TTB write and c8,c7,0 are separate calls of the hypervisor.
    // Returns its cycles: the operations' plus the loop's branches.
    std::uint64_t context_switch_flush();

    // --- the memory side, for the core ------------------------------------------------------
    // Policy of an access given the mapping's C/B and SCTLR: data is uncached and unbuffered
    // with the MMU off and loses C with the D-cache off; instruction fetches are uncached with
    // the I-cache off and cacheable with the I-cache on and the MMU off (ARM926EJ-S TRM
    // behaviour as recalled, unconfirmed).
    cache_policy data_policy(cache_policy mapped) const;
    cache_policy instruction_policy(cache_policy mapped) const;
    access_result data_read(std::uint32_t mva, cache_policy mapped) {
        return m_dcache.read(mva, data_policy(mapped));
    }
    access_result data_write(std::uint32_t mva, cache_policy mapped) {
        return m_dcache.write(mva, data_policy(mapped));
    }
    access_result instruction_fetch(std::uint32_t mva, cache_policy mapped) {
        return m_icache.read(mva, instruction_policy(mapped));
    }
    // The core ran `cycles` without a memory access: the write buffer drains meanwhile.
    void elapse(std::uint64_t cycles) { m_wb.elapse(cycles, m_dcache.write_buffer_entry_cycles()); }
    // FCSE: VA[31:25] == 0 gives MVA = VA | PID (ref 4.5).
    std::uint32_t modified_va(std::uint32_t va) const { return (va >> 25) == 0 ? va | m_regs.fcse_pid : va; }

    // --- aborts: the MMU's fault status and address ------------------------------------------
    void record_data_abort(std::uint32_t fsr, std::uint32_t far);
    void record_prefetch_abort(std::uint32_t fsr);  // FAR is not updated (ref 4.3)

    const cp15_regs& regs() const { return m_regs; }
    cache_costs& costs() { return m_costs; }
    const cache_costs& costs() const { return m_costs; }
    void set_bus_word_cycles(std::uint64_t cycles);
    cache_model& icache() { return m_icache; }
    cache_model& dcache() { return m_dcache; }
    const cache_model& icache() const { return m_icache; }
    const cache_model& dcache() const { return m_dcache; }
    write_buffer& wbuf() { return m_wb; }
    const write_buffer& wbuf() const { return m_wb; }
    const cp15_stats& stats() const { return m_stats; }
    // Registers "<prefix>.mcr", "<prefix>.dcache.hits", "<prefix>.write_buffer.writes", ...
    void register_stats(core::stats_registry& reg, const std::string& prefix) const;

private:
    cp15_result undefined();
    cp15_result write_c7(cp15_op op, std::uint32_t value, cp15_result r);
    cp15_result write_c8(cp15_op op, std::uint32_t value, cp15_result r);
    void apply_control();

    cache_costs m_costs;
    tlb_maintenance* m_tlb;
    cp15_config m_cfg;
    cp15_regs m_regs;
    write_buffer m_wb;
    cache_model m_icache;
    cache_model m_dcache;
    std::array<std::uint32_t, 4> m_c9{};      // c9: [crm 0..1][op2 0..1] lockdown and TCM region
    std::array<std::uint32_t, 1024> m_c15{};  // c15: [opc1][crm][op2], stored and read back
    cp15_stats m_stats;
};

}  // namespace rtv::cpu
