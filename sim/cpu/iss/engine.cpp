// SPDX-License-Identifier: Apache-2.0
#include "sim/cpu/iss/engine.hpp"

#include <algorithm>
#include <cstring>

#include "sim/core/clock.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/cpu/iss/alu.hpp"
#include "sim/cpu/iss/arm_decoder.hpp"
#include "sim/cpu/iss/timing.hpp"

namespace rtv::cpu::iss {

namespace {

constexpr std::uint32_t page_mask = 0xFFFu;
constexpr std::uint32_t no_line = 1;  // an address no line starts at: "look the I-cache up again"

mmu::access_kind mmu_kind(unsigned kind) {
    return kind == 0 ? mmu::access_kind::read : kind == 1 ? mmu::access_kind::write : mmu::access_kind::fetch;
}

// External abort on a non-translation access (ARM926EJ-S TRM table 3-9: FS 10x0), as the
// native engine reports it.
constexpr std::uint32_t fsr_external_abort = 0x8;
// BKPT raises a prefetch abort (ARM DDI 0100I A4.1.7); its trap record carries the ARMv6
// debug-event status 0b0010 so that software can tell it from a translation fault. The IFSR is
// left unchanged (the ARM926 reports debug events through its debug unit, not modelled).
constexpr std::uint32_t fsr_debug_event = 0x2;

// Little-endian copies of 1, 2 or 4 bytes between host memory and a register value.
std::uint32_t read_host(const std::uint8_t* p, unsigned size) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, size);
    return v;
}
void write_host(std::uint8_t* p, unsigned size, std::uint32_t v) { std::memcpy(p, &v, size); }

}  // namespace

engine::engine(arm926_core& core) : m_core(core) {
    arm_state& s = core.m_state;
    r = s.raw_regs();
    cpsr = &s.raw_cpsr();
    cycle = &core.m_cycle;
    m_dcache = &core.m_cp15.dcache();
    m_wbuf = &core.m_cp15.wbuf();
    m_code_page.assign(std::size_t{1} << 20, 0);
}

engine::~engine() = default;

arm_state& engine::state() { return m_core.m_state; }

bool engine::interworking_loads() const { return (m_core.m_cp15.regs().sctlr & sctlr::l4) == 0; }

void engine::set_fast_paths(bool on) {
    m_fast = on;
    invalidate_translations();
    m_decoded.clear();
    m_fetch_page = nullptr;
}

void engine::invalidate_translations() {
    m_gen += one_generation;
    m_fetch_vpage = no_line;
    m_fetch_page = nullptr;
    m_icache_line = no_line;
    m_align_check = (m_core.m_cp15.regs().sctlr & sctlr::a) != 0;
    force_boundary();
}

void engine::icache_maintenance() {
    invalidate_translations();
    m_decoded.clear();
    m_fast_page = nullptr;
}

void engine::memory_written(std::uint32_t pa, std::uint32_t len) {
    for (std::uint64_t a = pa & ~page_mask; a < std::uint64_t{pa} + len; a += page_mask + 1) {
        const auto page = static_cast<std::uint32_t>(a);
        if (!m_code_page[page >> 12]) continue;
        const std::uint32_t from = std::max(pa, page), to = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::uint64_t{pa} + len, a + page_mask + 1));
        code_written(from, to - from);
    }
}

void engine::code_written(std::uint32_t pa, unsigned size) {
    const auto it = m_decoded.find(pa >> 12);
    if (it == m_decoded.end()) return;
    // The ARM entries of the words written, and the Thumb entries from the first written word's
    // first halfword to the last halfword written.
    const std::uint32_t off = pa & page_mask;
    const std::uint32_t end = std::min<std::uint32_t>(off + size - 1, page_mask);
    decoded_page& p = *it->second;
    for (std::uint32_t w = off >> 2; w <= end >> 2; ++w) {
        p.insn[w].flags = 0;
        p.link(w);
    }
    for (std::uint32_t h = (off & ~3u) >> 1; h <= end >> 1; ++h) {
        p.insn[decoded_page::thumb_base + h].flags = 0;
        p.link(decoded_page::thumb_base + h);
    }
}

// --- the run loop ------------------------------------------------------------------------------

void engine::set_observer(instruction_observer* o) {
    m_observer = o;
    m_watched.clear();
    m_observer_watches = o && o->only_at(m_watched);
}

void engine::run() {
    const std::uint64_t start = *cycle;
    m_wb_mark = *cycle;
    force_boundary();
    for (;;) {
        if (*cycle >= m_horizon && !boundary()) break;
        if (m_fast && !m_observer)
            run_fast<false>();
        else if (m_fast && m_observer_watches)
            run_fast<true>();
        else
            step();
    }
    m_stats.cycles += *cycle - start;
}

const decoded* engine::resident(std::uint32_t pc) const {
    if ((pc >> 12) != m_fast_vpage || !line_resident(pc)) return nullptr;
    const bool t = (*cpsr & cpsr_t) != 0;
    const decoded* d = &m_fast_page->insn[decoded_page::index(pc, t)];
    const std::uint16_t want = t ? (f_valid | f_thumb) : f_valid;
    return (d->flags & (f_valid | f_thumb)) == want ? d : nullptr;
}

// step()'s work, instruction after instruction, in one loop that returns at the horizon or after
// an exception (which resets the horizon). Within a straight run (falling through in one
// I-cache line known resident) the next instruction is the next decoded entry, with no lookup.
template <bool Watch>
void engine::run_fast() {
    privilege_changed();  // the privileged software may have changed the mode since the last run
    bool first = true;    // Watch: the first instruction is reported too
    // An instruction that changes the instruction set breaks the run (BX, an exception return,
    // a CPSR write...), and the loop for the other set takes over.
    while (thumb() ? run_fast_in<Watch, true>(first) : run_fast_in<Watch, false>(first)) {
    }
}

template <bool Watch, bool Thumb>
bool engine::run_fast_in([[maybe_unused]] bool& first) {
    constexpr std::uint32_t size = Thumb ? 2 : 4;
    std::uint32_t* const regs = r;
    const std::uint32_t* const psr = cpsr;
    std::uint64_t* const cyc = cycle;
    std::uint32_t pc = regs[15];
    const decoded* d = resident(pc);
    for (;;) {
        if (d) {
            m_run_broken = false;
        } else {
            // A new line or page, or an entry to decode: step()'s full fetch.
            cur_pc = pc;
            d = fetch(pc, Thumb);
            if (!d) {
                take_exception(pending_exception::prefetch_abort, 0);
                return false;
            }
            // A straight run starts only from an entry known resident (not from the slow path's
            // scratch entry or an uncached line).
            m_run_broken = resident(pc) != d;
        }
        for (;;) {
            ++m_stats.instructions;
            const outcome o = execute<false, !Watch, size>(*d, pc, regs, psr, cyc);
            if (o == outcome::raised) {
                cur_pc = pc;
                take_exception(exc, d->imm);
                if constexpr (Watch) {
                    if (first || watched(pc)) observe(*d, pc);
                }
                return false;
            }
            if constexpr (Watch) {
                if (first || watched(pc)) {
                    regs[15] = next_pc;  // the state after the instruction, as step() shows it
                    observe(*d, pc);
                    first = false;
                }
            }
            if (*cyc >= m_horizon) {
                regs[15] = next_pc;
                return false;
            }
            // The line stays resident and the page mapped unless the instruction broke the run (a
            // PC write, a table walk, a change of instruction set; I-cache maintenance and
            // exceptions reset the horizon too). Unbroken, the next instruction is at pc + size:
            // the next entry, if it is in the same line and decoded (f_straight; a store into the
            // code clears it with the entry it clears).
            if (o == outcome::jumped) {
                // A target in the same page whose line is known resident: its entry, as
                // resident() would find it (the page is the fast page and the state unchanged
                // while the run is unbroken).
                if (!m_run_broken && ((next_pc ^ pc) >> 12) == 0 && line_resident(next_pc)) {
                    const decoded* t = d + (static_cast<std::int32_t>(next_pc - pc) >> (Thumb ? 1 : 2));
                    if (t->flags & f_valid) {
                        d = t;
                        pc = next_pc;
                        continue;
                    }
                }
            } else if (!m_run_broken) {
                // Unbroken, the handler did not write next_pc (every write breaks the run): it is
                // pc + size, known here without reading it back.
                const std::uint32_t next = pc + size;
                if (d->flags & f_straight) {
                    ++d;
                    pc = next;
                    continue;
                }
                // At the end of a line, the next line of the same page, if known resident: its
                // first entry is the next one in the decoded page (resident()'s answer, without
                // the tests that cannot fail here: the page is the fast page and the state the
                // same, or the run would be broken).
                if ((next & 31u) == 0 && (next & page_mask) != 0 && line_resident(next) && (d[1].flags & f_valid)) {
                    ++d;
                    pc = next;
                    continue;
                }
            }
            pc = next_pc;
            regs[15] = pc;
            if (thumb() != Thumb) return true;
            d = resident(pc);
            break;
        }
    }
}

template void engine::run_fast<false>();
template void engine::run_fast<true>();

void engine::compute_horizon() {
    const core::picoseconds now = core::now_ps();
    const core::clock_domain& clk = m_core.m_clock;
    std::uint64_t h = clk.first_edge_at_or_after(now) + m_quantum;
    core::picoseconds next = 0;
    if (core::next_activity_ps(next)) h = std::min(h, clk.first_edge_at_or_after(next));  // one look at the queues
    m_horizon = h;
}

bool engine::boundary() {
    // sc_stop() takes effect at the end of the delta cycle; the request itself is visible at once.
    if (sc_core::sc_get_curr_simcontext()->sim_status() == sc_core::SC_SIM_USER_STOP ||
        sc_core::sc_get_status() == sc_core::SC_STOPPED) {
        // sc_stop() from a trap handler: no further instruction runs (the thread parks).
        sc_core::wait(m_never);
        return false;
    }
    if (m_leave) {
        m_leave = false;
        return false;
    }
    compute_horizon();
    if (*cycle >= m_horizon) {
        // An event is due at or before this boundary: let SystemC reach the boundary's time and
        // run what is scheduled up to and at it (one delta cycle after the timed wake-up, so the
        // processes woken at the same instant have run), so an interrupt asserted at or before
        // the boundary's edge is seen here (docs/models/arm926_iss.md, "Interrupts").
        m_core.sync();
        if (sc_core::sc_pending_activity_at_current_time()) sc_core::wait(sc_core::SC_ZERO_TIME);
        compute_horizon();
        // Everything at or before this boundary has run; what is still pending at this instant
        // belongs to other processes' delta cycles, which run at the next wait.
        if (m_horizon <= *cycle) m_horizon = *cycle + 1;
    }
    const bool fiq = m_core.m_nfiq && !(*cpsr & cpsr_f);
    const bool irq = m_core.m_nirq && !(*cpsr & cpsr_i);
    if (!fiq && !irq) return true;
    if (privileged()) {
        take_interrupt(fiq);
        return true;
    }
    if (fiq) {
        // FIQ from User mode: to the privileged software, entered as the architecture does.
        ++m_stats.exceptions;
        m_core.set_owner(owner_privileged);
        forget_resident_code();
        m_core.m_state.enter(exception::fiq, r[15] + 4, m_core.vector_base());
        m_core.m_exception_adjust = 4;
        m_core.spend(m_core.m_costs.exception_entry);
        m_core.m_software->fiq(m_core);
        m_core.m_state.leave(4);
    }
    return false;  // an IRQ for the privileged software: the core's loop takes it
}

void engine::take_interrupt(bool fiq) {
    ++m_stats.exceptions;
    const core::picoseconds at = m_core.local_time();
    if (!fiq && at >= m_core.m_irq_raised_at) {
        ++m_core.m_stats.irqs_taken;
        if (at - m_core.m_irq_raised_at > m_core.m_stats.max_irq_wait_ps) {
            m_core.m_stats.max_irq_wait_ps = at - m_core.m_irq_raised_at;
            m_core.m_stats.max_irq_wait_at_ps = m_core.m_irq_raised_at;
        }
    }
    // LR = the address of the next instruction + 4 (A2.6.8, A2.6.9).
    m_core.m_state.enter(fiq ? exception::fiq : exception::irq, r[15] + 4, m_core.vector_base());
    *cycle += m_core.m_costs.exception_entry;
    forget_resident_code();
}

void engine::step() {
    privilege_changed();  // as run_fast() does
    const std::uint32_t pc = r[15];
    cur_pc = pc;
    const bool t = thumb();
    const decoded* d = resident(pc);
    if (!d) {
        d = fetch(pc, t);
        if (!d) {
            take_exception(pending_exception::prefetch_abort, 0);
            return;
        }
    }
    ++m_stats.instructions;
    if (execute(*d, pc, r, cpsr, cycle) == outcome::raised) take_exception(exc, d->imm);
    if (m_observer) m_observer->after_instruction(m_core.m_state, pc, d->raw, t);
}

void engine::observe(const decoded& d, std::uint32_t pc) {
    m_observer->after_instruction(m_core.m_state, pc, d.raw, (d.flags & f_thumb) != 0);
}

// --- fetch ----------------------------------------------------------------------------------------

const decoded* engine::fetch(std::uint32_t pc, bool t) {
    const bool priv = privileged();
    std::uint32_t mva;
    if (m_fast && (pc >> 12) == m_fetch_vpage && m_fetch_gen == m_gen && m_fetch_priv == priv) {
        mva = m_fetch_mva_page | (pc & page_mask);
    } else {
        const resolved x = resolve(pc, acc_fetch, priv, t ? 2 : 4);
        if (!x.ok) return nullptr;
        mva = x.mva;
        forget_resident_code();
        m_fetch_vpage = pc >> 12;
        m_fetch_gen = m_gen;
        m_fetch_priv = priv;
        m_fetch_host = x.host;
        m_fetch_pa_page = x.pa & ~page_mask;
        m_fetch_mva_page = x.mva & ~page_mask;
        m_fetch_policy = x.policy;
        m_fetch_page = nullptr;
        if (m_fast && x.host) {
            auto& slot = m_decoded[m_fetch_pa_page >> 12];
            if (!slot) {
                slot = std::make_unique<decoded_page>();
                m_code_page[m_fetch_pa_page >> 12] = 1;
            }
            m_fetch_page = slot.get();
        }
    }
    // The I-cache is looked up when the fetch enters a new line; within a cached line nothing can
    // evict it (only fills of other lines, which need a fetch from them, and I-cache maintenance,
    // which resets m_icache_line). Uncached fetches each cost their bus access.
    if ((mva & ~31u) != m_icache_line) {
        // m_fetch_policy is the effective policy (cp15::instruction_policy already applied)
        const cache_policy effective = static_cast<cache_policy>(m_fetch_policy);
        const access_result a = m_core.m_cp15.icache().read(mva, effective);
        *cycle += a.cycles;
        if (is_cacheable(effective)) {
            if (a.hit) {
                ++m_stats.icache_hits;
            } else {
                ++m_stats.icache_misses;
                ++m_ifill_gen;  // the fill may have evicted a line known resident
            }
            m_icache_line = mva & ~31u;
        } else {
            m_icache_line = no_line;
        }
    }
    if (m_fetch_page) {
        if (m_icache_line != no_line) {
            m_fast_vpage = pc >> 12;
            m_fast_page = m_fetch_page;
            m_resident[(pc >> 5) & 63u] = {pc & ~31u, m_ifill_gen};
        }
        const unsigned i = decoded_page::index(pc, t);
        decoded& e = m_fetch_page->insn[i];
        if ((e.flags & f_valid) && ((e.flags & f_thumb) != 0) == t) return &e;
        ++m_stats.decoded_misses;
        const std::uint8_t* p = m_fetch_host + (pc & page_mask & (t ? ~1u : ~3u));
        if (t) {
            std::uint16_t h;
            std::memcpy(&h, p, 2);
            e = decode_thumb(h);
        } else {
            std::uint32_t w;
            std::memcpy(&w, p, 4);
            e = decode_arm(w);
        }
        m_fetch_page->link(i);
        return &e;
    }
    // Slow path (fast paths off, or code outside DMI memory): read and decode every time.
    ++m_stats.decoded_misses;
    std::uint32_t w = 0;
    const std::uint32_t pa = m_fetch_pa_page | (pc & page_mask & (t ? ~1u : ~3u));
    if (m_fetch_host) {
        std::memcpy(&w, m_fetch_host + (pa & page_mask), t ? 2 : 4);
    } else {
        if (!bus_read(pa, t ? 2 : 4, w)) {
            fault_status = fsr_external_abort;
            fault_address = pc;
            return nullptr;
        }
        m_horizon = 0;
    }
    m_scratch = t ? decode_thumb(static_cast<std::uint16_t>(w)) : decode_arm(w);
    return &m_scratch;
}

// --- translation --------------------------------------------------------------------------------

std::uint8_t* engine::host_of(std::uint32_t pa) {
    for (const dmi_region& d : m_dmi)
        if (pa >= d.start && std::uint64_t{pa} + page_mask <= d.end) return d.host + (pa - d.start);
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(pa);
    tlm::tlm_dmi dmi;
    if (!m_core.bus->get_direct_mem_ptr(gp, dmi) || !dmi.is_read_write_allowed()) return nullptr;
    dmi_region d;
    d.start = dmi.get_start_address();
    d.end = dmi.get_end_address();
    d.host = dmi.get_dmi_ptr();
    m_dmi.push_back(d);
    if (pa >= d.start && std::uint64_t{pa} + page_mask <= d.end) return d.host + (pa - d.start);
    return nullptr;
}

engine::resolved engine::resolve(std::uint32_t va, unsigned kind, bool priv, unsigned size) {
    soft_tlb_slot& slot = m_stlb[priv ? 1 : 0][kind][(va >> 12) & (soft_tlb_entries - 1)];
    // A misaligned data access with SCTLR.A set faults before any translation: the MMU says so.
    const bool misaligned = kind != acc_fetch && (va & (size - 1)) != 0 &&
                            (m_core.m_cp15.regs().sctlr & sctlr::a) != 0;
    if (m_fast && slot.key == slot_key(va) && !misaligned) {
        ++m_stats.tlb_hits;
        resolved x;
        x.ok = true;
        x.host = slot.host;
        x.pa = slot.pa_page | (va & page_mask);
        x.mva = slot.mva_page | (va & page_mask);
        x.policy = slot.policy;
        return x;
    }
    const mmu::translation t = m_core.m_mmu.translate(va, mmu_kind(kind), priv, size);
    *cycle += t.cycles;
    const bool mmu_on = (m_core.m_cp15.regs().sctlr & sctlr::m) != 0;
    // `fault` is meaningful only when the translation failed (its default reads "alignment").
    if (mmu_on && (t.ok || t.fault != mmu::fault_kind::alignment)) {
        if (t.tlb_hit) {
            ++m_stats.tlb_hits;
        } else {
            ++m_stats.tlb_misses;
            m_gen += one_generation;  // a walk may have replaced a TLB entry that soft-TLB slots mirror
            forget_resident_code();
        }
    }
    resolved x;
    if (!t.ok) {
        fault_status = t.fsr;
        fault_address = t.far;
        return x;
    }
    x.ok = true;
    x.pa = t.pa;
    x.mva = t.mva;
    // The effective policy: what the cache sees once SCTLR's M, C and I bits are applied.
    const cache_policy mapped = policy_from_cb(t.cacheable, t.bufferable);
    const cp15& c = m_core.m_cp15;
    x.policy = static_cast<std::uint8_t>(kind == acc_fetch ? c.instruction_policy(mapped) : c.data_policy(mapped));
    std::uint8_t* page = host_of(t.pa & ~page_mask);
    x.host = page;
    if (m_fast && page) {
        slot.key = slot_key(va);
        slot.host = page;
        slot.pa_page = t.pa & ~page_mask;
        slot.mva_page = t.mva & ~page_mask;
        slot.policy = x.policy;
    }
    return x;
}

// --- data accesses ------------------------------------------------------------------------------

void engine::data_fault(std::uint32_t fsr, std::uint32_t far) {
    fault_status = fsr;
    fault_address = far;
    raise(pending_exception::data_abort);
}

bool engine::bus_read(std::uint32_t pa, unsigned size, std::uint32_t& value) {
    std::uint32_t word = 0;
    if (!m_core.transport(tlm::TLM_READ_COMMAND, pa & ~3u, word)) return false;
    // The peripherals decode whole words: a narrower read takes its lanes of the word.
    value = size == 4 ? word : (word >> (8 * (pa & 3u))) & (size == 1 ? 0xFFu : 0xFFFFu);
    return true;
}

bool engine::bus_write(std::uint32_t pa, unsigned size, std::uint32_t value) {
    if (size != 4) return false;  // the peripherals decode whole words only: an external abort
    return m_core.transport(tlm::TLM_WRITE_COMMAND, pa, value);
}

bool engine::load_slow(std::uint32_t va, unsigned size, std::uint32_t& value, bool user) {
    const bool priv = user ? false : privileged();
    const resolved x = resolve(va, acc_read, priv, size);
    if (!x.ok) {
        data_fault(fault_status, fault_address);
        return false;
    }
    const std::uint32_t align = align_mask(size);
    if (x.host) {
        value = read_host(x.host + (x.pa & page_mask & align), size >= 4 ? 4 : size);
        data_cache(x.mva & align, x.policy, false);
        return true;
    }
    if (!bus_read(x.pa & align, size, value)) {
        data_fault(fsr_external_abort, x.mva);
        return false;
    }
    m_horizon = 0;  // SystemC time moved: look at the horizon and interrupts again
    return true;
}

bool engine::store_slow(std::uint32_t va, unsigned size, std::uint32_t value, bool user) {
    const bool priv = user ? false : privileged();
    const resolved x = resolve(va, acc_write, priv, size);
    if (!x.ok) {
        data_fault(fault_status, fault_address);
        return false;
    }
    const std::uint32_t align = align_mask(size);
    const std::uint32_t pa = x.pa & align;
    if (x.host) {
        write_host(x.host + (pa & page_mask), size >= 4 ? 4 : size, value);
        if (m_code_page[pa >> 12]) code_written(pa, size);
        data_cache(x.mva & align, x.policy, true);
        return true;
    }
    if (!bus_write(pa, size, value)) {
        data_fault(fsr_external_abort, x.mva);
        return false;
    }
    m_horizon = 0;
    return true;
}

bool engine::probe(std::uint32_t va, unsigned size, bool write, bool user) {
    const bool priv = user ? false : privileged();
    const resolved x = resolve(va, write ? acc_write : acc_read, priv, size);
    if (!x.ok) {
        data_fault(fault_status, fault_address);
        return false;
    }
    return true;
}

bool engine::swap(std::uint32_t va, unsigned size, std::uint32_t in, std::uint32_t& out) {
    const bool priv = privileged();
    // SWP checks both the read and the write permission before either access (A4.1.108).
    const resolved w = resolve(va, acc_write, priv, size);
    if (!w.ok) {
        data_fault(fault_status, fault_address);
        return false;
    }
    const std::uint32_t align = size >= 4 ? ~3u : ~0u;
    if (w.host) {
        if (!load(va, size, out)) return false;
        return store(va, size, in);
    }
    // A peripheral: the read and the write go out back to back, nothing runs in between. The
    // peripherals decode whole words, so SWPB there is an external abort before either access.
    std::uint32_t word = 0;
    if (size != 4 || !m_core.transport(tlm::TLM_READ_COMMAND, w.pa & align, word) ||
        !m_core.transport(tlm::TLM_WRITE_COMMAND, w.pa & align, in, false)) {
        data_fault(fsr_external_abort, w.mva);
        return false;
    }
    out = word;
    m_horizon = 0;
    return true;
}

// --- state changes --------------------------------------------------------------------------------

void engine::branch_exchange(std::uint32_t target) {
    m_run_broken = true;
    if (target & 1u) {
        *cpsr |= cpsr_t;
        next_pc = target & ~1u;
    } else {
        *cpsr &= ~cpsr_t;
        next_pc = target & ~3u;
    }
}

void engine::load_pc(std::uint32_t value) {
    if (interworking_loads())
        branch_exchange(value);
    else
        branch_to(value);
}

void engine::write_cpsr(std::uint32_t value) {
    // A reserved mode is UNPREDICTABLE: the model keeps the current mode.
    if (!arm_state::valid_mode(value & cpsr_mode_mask)) value = (value & ~cpsr_mode_mask) | (*cpsr & cpsr_mode_mask);
    m_core.m_state.write_cpsr(value);
    privilege_changed();
    force_boundary();  // I or F may have been cleared; the privilege may have changed
}

void engine::restore_cpsr_from_spsr() {
    arm_state& s = m_core.m_state;
    if (!s.has_spsr()) return;  // UNPREDICTABLE in USR and SYS: nothing happens
    write_cpsr(s.spsr());
}

bool engine::cp15_transfer(const decoded& d, bool to_coprocessor) {
    if (!privileged()) return false;  // CP15 is not accessible from User mode (ARM926EJ-S TRM 2.3)
    const cp15_op op{d.rn, d.op, d.rm, d.rs};
    cp15& c = m_core.m_cp15;
    c.elapse(*cycle - m_wb_mark);
    m_wb_mark = *cycle;
    if (!to_coprocessor) {
        const cp15_result res = c.read(op);
        if (res.undefined) return false;
        *cycle += res.cycles;
        if (d.rd == 15)  // MRC to r15 sets the flags from bits [31:28] (A4.1.36)
            *cpsr = (*cpsr & ~flags_nzcv) | (res.value & flags_nzcv);
        else
            r[d.rd] = res.value;
        if (op.crn == 7) m_wb_mark = *cycle;
        return true;
    }
    const cp15_result res = c.write(op, r[d.rd]);
    if (res.undefined) return false;
    *cycle += res.cycles;
    if (op.crn == 7 && op.crm == 10 && op.opc2 == 4) m_wb_mark = *cycle;  // drained
    m_core.cp15_changed(op);
    if (res.wait_for_interrupt) m_core.iss_wait_for_interrupt();
    return true;
}

// --- exceptions --------------------------------------------------------------------------------------

void engine::take_exception(pending_exception e, std::uint32_t swi_number) {
    exc = pending_exception::none;
    ++m_stats.exceptions;
    const std::uint32_t size = thumb() ? 2 : 4;
    exception kind = exception::undefined;
    std::uint32_t lr = 0, adjust = 0;
    trap_record t;
    switch (e) {
    case pending_exception::undefined:
        ++m_stats.undefined;
        kind = exception::undefined;
        lr = cur_pc + size;  // A2.6.3
        t.kind = trap_kind::undefined;
        break;
    case pending_exception::swi:
        kind = exception::swi;
        lr = cur_pc + size;  // A2.6.4
        t.kind = trap_kind::swi;
        t.swi_number = swi_number;
        break;
    case pending_exception::prefetch_abort:
    case pending_exception::bkpt:
        kind = exception::prefetch_abort;
        lr = cur_pc + 4;  // A2.6.5
        adjust = 4;
        t.kind = trap_kind::prefetch_abort;
        t.fault_address = cur_pc;
        if (e == pending_exception::bkpt) {
            t.fault_status = fsr_debug_event;
        } else {
            t.fault_status = fault_status;
            m_core.m_cp15.record_prefetch_abort(fault_status);
        }
        break;
    case pending_exception::data_abort:
        kind = exception::data_abort;
        lr = cur_pc + 8;  // A2.6.6
        adjust = 8;
        t.kind = trap_kind::data_abort;
        t.fault_address = fault_address;
        t.fault_status = fault_status;
        m_core.m_cp15.record_data_abort(fault_status, fault_address);
        ++m_core.m_stats.data_aborts;
        break;
    case pending_exception::none:
        return;
    }
    forget_resident_code();
    arm_state& s = m_core.m_state;
    if (privileged()) {
        // Privileged ARM code owns the machine: the vector table in memory handles it.
        s.enter(kind, lr, m_core.vector_base());
        *cycle += m_core.m_costs.exception_entry;
        m_horizon = 0;
        return;
    }
    // From User mode: the privileged software gets the engine-neutral trap record.
    for (unsigned i = 0; i < 5; ++i) t.r[i] = r[i];
    ++m_core.m_stats.traps;
    if (t.kind == trap_kind::swi) ++m_core.m_stats.hypercalls;
    const int caller = m_core.m_owner;
    const std::uint64_t entry_cycle = *cycle;
    m_core.set_owner(owner_privileged);
    s.enter(kind, lr, m_core.vector_base());
    m_core.m_exception_adjust = adjust;
    *cycle += m_core.m_costs.exception_entry;
    t.return_pc = s.reg(14);
    execution_context* const trapped = m_core.m_arm_ctx;
    const std::uint32_t result = m_core.m_software->trap(m_core, t);
    // r0 := the result, for the context that trapped: a handler that switched to another
    // context (switch_arm_context) resumes that one with its own r0.
    if (m_core.m_arm_ctx == trapped) r[0] = result;
    // The same timeline record as the native engine's hypercall step (run_hypercall).
    if (t.kind == trap_kind::swi && m_core.m_trace)
        m_core.m_trace->instant(caller, "hypercall", m_core.m_clock.time_of(entry_cycle), core::arg("nr", t.swi_number),
                                core::arg("cycles", static_cast<std::int64_t>(*cycle - entry_cycle)),
                                core::arg("result", static_cast<std::int32_t>(result)));
    s.leave(m_core.m_exception_adjust);
    m_leave = true;
    m_horizon = 0;
}

}  // namespace rtv::cpu::iss
