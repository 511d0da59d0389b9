// SPDX-License-Identifier: Apache-2.0
#include "sim/cpu/cp15.hpp"

#include <algorithm>

namespace rtv::cpu {

namespace {

constexpr std::uint32_t ttb_mask = 0xFFFF'C000;       // [31:14] (ref 4.1)
constexpr std::uint32_t fsr_mask = 0x0000'00FF;       // [7:4] domain, [3:0] status; [8] reads 0 (NS9215 p.92)
constexpr std::uint32_t fcse_pid_mask = 0xFE00'0000;  // [31:25] (ref 4.5)

unsigned log2_of(std::uint32_t v) {
    unsigned n = 0;
    while (v > 1) {
        v >>= 1;
        ++n;
    }
    return n;
}

// One half of the cache type register: size [9:6], assoc [5:3] = 010, M [2] = 0, len [1:0] = 10.
std::uint32_t cache_type_half(std::uint32_t bytes) { return ((log2_of(bytes) - 9) << 6) | (2u << 3) | 2u; }

}  // namespace

std::uint32_t arm926_cache_type(std::uint32_t icache_bytes, std::uint32_t dcache_bytes) {
    return (0xEu << 25) | (1u << 24) | (cache_type_half(dcache_bytes) << 12) | cache_type_half(icache_bytes);
}

cp15::cp15(tlb_maintenance& tlb, std::uint64_t bus_word_cycles, const cp15_config& cfg)
    : m_tlb(&tlb),
      m_cfg(cfg),
      m_wb(cfg.write_buffer_entries),
      m_icache(m_costs, bus_word_cycles, cfg.icache_bytes),
      m_dcache(m_costs, bus_word_cycles, cfg.dcache_bytes) {
    m_dcache.attach_write_buffer(&m_wb);
    m_icache.seed_random(cfg.seed, "cpu.icache");
    m_dcache.seed_random(cfg.seed, "cpu.dcache");
    apply_control();
}

void cp15::set_bus_word_cycles(std::uint64_t cycles) {
    m_icache.set_bus_word_cycles(cycles);
    m_dcache.set_bus_word_cycles(cycles);
}

void cp15::apply_control() {
    if (!m_cfg.rr_selects_replacement) return;
    const replacement r = (m_regs.sctlr & sctlr::rr) ? replacement::round_robin : replacement::pseudo_random;
    m_icache.set_replacement(r);
    m_dcache.set_replacement(r);
}

cp15_result cp15::undefined() {
    ++m_stats.undefined;
    cp15_result r;
    r.undefined = true;
    return r;
}

cp15_result cp15::read(cp15_op op) {
    ++m_stats.mrc;
    cp15_result r;
    r.cycles = m_costs.cp15_mrc;
    if (op.crn == 15) {
        r.value = m_c15[(op.opc1 & 7u) * 128 + (op.crm & 15u) * 8 + (op.opc2 & 7u)];
        return r;
    }
    if (op.opc1 != 0) return undefined();
    switch (op.crn) {
        case 0:
            if (op.crm != 0) return undefined();
            // An unimplemented c0 register reads as the main ID (ARMv5 convention).
            r.value = op.opc2 == 1   ? arm926_cache_type(m_icache.size_bytes(), m_dcache.size_bytes())
                      : op.opc2 == 2 ? 0u  // TCM status: the i.MX21 has no TCM
                                     : arm926_main_id;
            return r;
        case 1:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            r.value = m_regs.sctlr;
            return r;
        case 2:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            r.value = m_regs.ttb;
            return r;
        case 3:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            r.value = m_regs.dacr;
            return r;
        case 5:
            if (op.crm != 0 || op.opc2 > 1) return undefined();
            r.value = op.opc2 == 0 ? m_regs.dfsr : m_regs.ifsr;
            return r;
        case 6:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            r.value = m_regs.far;
            return r;
        case 7: {
            const bool test_clean = op.crm == 10 && op.opc2 == 3;
            const bool test_clean_invalidate = op.crm == 14 && op.opc2 == 3;
            if (!test_clean && !test_clean_invalidate) return undefined();
            const scan_step s = test_clean ? m_dcache.test_clean() : m_dcache.test_clean_invalidate();
            r.cycles += s.cycles;
            r.value = s.clean ? cp15_z_flag : 0u;
            return r;
        }
        case 9:
            if (op.crm > 1 || op.opc2 > 1) return undefined();
            r.value = m_c9[op.crm * 2u + op.opc2];
            return r;
        case 10:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            r.value = m_tlb->read_lockdown();
            return r;
        case 13:
            if (op.crm != 0 || op.opc2 > 1) return undefined();
            r.value = op.opc2 == 0 ? m_regs.fcse_pid : m_regs.context_id;
            return r;
        default:
            return undefined();
    }
}

cp15_result cp15::write(cp15_op op, std::uint32_t value) {
    ++m_stats.mcr;
    cp15_result r;
    r.cycles = m_costs.cp15_mcr;
    if (op.crn == 15) {
        // Test and debug (Linux writes p15,7,c15,c0,0 to force write-through): stored only.
        m_c15[(op.opc1 & 7u) * 128 + (op.crm & 15u) * 8 + (op.opc2 & 7u)] = value;
        return r;
    }
    if (op.opc1 != 0) return undefined();
    switch (op.crn) {
        case 1:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            m_regs.sctlr = (value & sctlr::writable) | sctlr::sbo;
            apply_control();
            return r;
        case 2:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            m_regs.ttb = value & ttb_mask;
            return r;
        case 3:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            m_regs.dacr = value;
            return r;
        case 5:
            if (op.crm != 0 || op.opc2 > 1) return undefined();
            (op.opc2 == 0 ? m_regs.dfsr : m_regs.ifsr) = value & fsr_mask;
            return r;
        case 6:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            m_regs.far = value;
            return r;
        case 7:
            return write_c7(op, value, r);
        case 8:
            return write_c8(op, value, r);
        case 9:
            // Cache lockdown (crm 0) and TCM region (crm 1): stored, no effect on replacement.
            if (op.crm > 1 || op.opc2 > 1) return undefined();
            m_c9[op.crm * 2u + op.opc2] = value;
            return r;
        case 10:
            if (op.crm != 0 || op.opc2 != 0) return undefined();
            m_tlb->write_lockdown(value);
            return r;
        case 13:
            if (op.crm != 0 || op.opc2 > 1) return undefined();
            if (op.opc2 == 0)
                m_regs.fcse_pid = value & fcse_pid_mask;
            else
                m_regs.context_id = value;
            return r;
        default:  // c0 is read-only; c4, c11, c12, c14 do not exist on the ARM926
            return undefined();
    }
}

cp15_result cp15::write_c7(cp15_op op, std::uint32_t value, cp15_result r) {
    const unsigned code = op.crm * 8u + op.opc2;
    switch (code) {
        case 0 * 8 + 4:  // c7,c0,4 wait for interrupt
            ++m_stats.wfi;
            r.wait_for_interrupt = true;
            return r;
        case 5 * 8 + 0:
            r.cycles += m_icache.invalidate_all();
            return r;
        case 5 * 8 + 1:
            r.cycles += m_icache.invalidate_line(value);
            return r;
        case 6 * 8 + 0:
            r.cycles += m_dcache.invalidate_all();
            return r;
        case 6 * 8 + 1:
            r.cycles += m_dcache.invalidate_line(value);
            return r;
        case 7 * 8 + 0: {
            // The I and D tag RAMs are separate and cleared in parallel.
            const std::uint64_t ic = m_icache.invalidate_all();
            const std::uint64_t dc = m_dcache.invalidate_all();
            r.cycles += std::max(ic, dc);
            return r;
        }
        case 10 * 8 + 1:
            r.cycles += m_dcache.clean_line(value);
            return r;
        case 10 * 8 + 4:
            r.cycles += m_wb.drain(m_dcache.write_buffer_entry_cycles());
            return r;
        case 13 * 8 + 1:
            r.cycles += m_icache.prefetch_line(value);
            return r;
        case 14 * 8 + 1:
            r.cycles += m_dcache.clean_invalidate_line(value);
            return r;
        default:  // including the test-and-clean encodings, which exist only as MRC
            return undefined();
    }
}

cp15_result cp15::write_c8(cp15_op op, std::uint32_t value, cp15_result r) {
    // The ARM926 TLB is unified: the I and D forms are aliases (ref 4.4).
    if (op.crm < 5 || op.crm > 7 || op.opc2 > 1) return undefined();
    if (op.opc2 == 0)
        m_tlb->invalidate_all();
    else
        m_tlb->invalidate_mva(value);
    ++m_stats.tlb_ops;
    r.cycles += m_costs.tlb_op;
    return r;
}

std::uint64_t cp15::context_switch_flush() {
    ++m_stats.context_switch_flushes;
    // The loop of MRC c7,c14,3 (what read(test_clean_invalidate_dcache) does, each step an MRC)
    // with its branch: taken after every step but the last, which is clean. Each step that is
    // not clean has cleaned one line, so the loop ends after at most dirty lines + 1 steps.
    const scan_loop loop = m_dcache.test_clean_invalidate_until_clean();
    m_stats.mrc += loop.steps;
    std::uint64_t cycles = loop.steps * m_costs.cp15_mrc + loop.cycles +
                           (loop.steps - 1) * m_costs.flush_loop_branch_taken + m_costs.flush_loop_branch_not_taken;
    cycles += write(cp15_ops::invalidate_icache, 0).cycles;
    cycles += write(cp15_ops::drain_write_buffer, 0).cycles;
    return cycles;
}

cache_policy cp15::data_policy(cache_policy mapped) const {
    if (!(m_regs.sctlr & sctlr::m)) return cache_policy::uncached_unbuffered;
    if (!(m_regs.sctlr & sctlr::c))
        return is_bufferable(mapped) ? cache_policy::uncached_buffered : cache_policy::uncached_unbuffered;
    return mapped;
}

cache_policy cp15::instruction_policy(cache_policy mapped) const {
    if (!(m_regs.sctlr & sctlr::i)) return cache_policy::uncached_unbuffered;
    if (!(m_regs.sctlr & sctlr::m)) return cache_policy::write_through;
    return mapped;
}

void cp15::record_data_abort(std::uint32_t fsr, std::uint32_t far) {
    m_regs.dfsr = fsr & fsr_mask;
    m_regs.far = far;
}

void cp15::record_prefetch_abort(std::uint32_t fsr) { m_regs.ifsr = fsr & fsr_mask; }

void cp15::register_stats(core::stats_registry& reg, const std::string& prefix) const {
    reg.add(prefix + ".mcr", &m_stats.mcr);
    reg.add(prefix + ".mrc", &m_stats.mrc);
    reg.add(prefix + ".undefined", &m_stats.undefined);
    reg.add(prefix + ".wfi", &m_stats.wfi);
    reg.add(prefix + ".tlb_ops", &m_stats.tlb_ops);
    reg.add(prefix + ".context_switch_flushes", &m_stats.context_switch_flushes);
    m_icache.register_stats(reg, prefix + ".icache");
    m_dcache.register_stats(reg, prefix + ".dcache");
    reg.add(prefix + ".write_buffer.writes",
            [this]() -> core::stats_registry::value { return m_wb.writes(); });
    reg.add(prefix + ".write_buffer.stalls",
            [this]() -> core::stats_registry::value { return m_wb.stalls(); });
}

}  // namespace rtv::cpu
