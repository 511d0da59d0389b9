// SPDX-License-Identifier: Apache-2.0
#include "sim/cpu/arm926_core.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include "sim/core/log.hpp"
#include "sim/cpu/iss/engine.hpp"

namespace rtv::cpu {

using core::picoseconds;

arm926_core::arm926_core(sc_core::sc_module_name name, std::uint64_t hz)
    : sc_module(name),
      bus("bus"),
      m_clock(hz),
      m_cp15(m_tlb_adapter, cpu_costs{}.memory_access),
      m_mmu(m_walker, m_cp15.regs()),
      m_memory_word_cycles(cpu_costs{}.memory_access) {
    m_tlb_adapter.m = &m_mmu;
    m_walker.core = this;
    m_iss = std::make_unique<iss::engine>(*this);
    SC_THREAD(run);
}

arm926_core::~arm926_core() = default;

void arm926_core::set_iss_fast_paths(bool on) { m_iss->set_fast_paths(on); }
void arm926_core::set_instruction_observer(instruction_observer* o) { m_iss->set_observer(o); }
void arm926_core::set_iss_quantum_cycles(std::uint64_t cycles) { m_iss->set_quantum_cycles(cycles); }
const iss::iss_stats& arm926_core::iss_stats() const { return m_iss->stats(); }
void arm926_core::invalidate_decoded(std::uint32_t pa, std::uint32_t len) { m_iss->memory_written(pa, len); }

std::uint32_t arm926_core::vector_base() const {
    return (m_cp15.regs().sctlr & sctlr::v) ? 0xFFFF'0000u : 0u;  // ARM DDI 0100I A2.6
}

void arm926_core::register_iss_stats(core::stats_registry& reg, const std::string& prefix) const {
    const iss::iss_stats& s = m_iss->stats();
    reg.add(prefix + ".instructions", &s.instructions);
    reg.add(prefix + ".cycles", &s.cycles);
    reg.add(prefix + ".icache_hits", &s.icache_hits);
    reg.add(prefix + ".icache_misses", &s.icache_misses);
    reg.add(prefix + ".dcache_hits", &s.dcache_hits);
    reg.add(prefix + ".dcache_misses", &s.dcache_misses);
    reg.add(prefix + ".tlb_hits", &s.tlb_hits);
    reg.add(prefix + ".tlb_misses", &s.tlb_misses);
    reg.add(prefix + ".interlock_cycles", &s.interlock_cycles);
    reg.add(prefix + ".exceptions", &s.exceptions);
    reg.add(prefix + ".undefined", &s.undefined);
    reg.add(prefix + ".decoded_misses", &s.decoded_misses);
}

// Every CP15 write can change what a translation or a fetch gives: the ISS forgets its cached
// translations (TTB, DACR, FCSE PID, SCTLR, TLB operations) and, for I-cache maintenance, its
// I-cache line and decoded instructions.
void arm926_core::cp15_changed(const cp15_op& op) {
    if (op.crn == 7) {
        const bool icache = op.crm == 5 || op.crm == 7 || op.crm == 13;
        if (icache) m_iss->icache_maintenance();
        return;
    }
    m_iss->invalidate_translations();
}

void arm926_core::iss_wait_for_interrupt() {
    sync();
    ++m_stats.wfi_sleeps;
    while (!m_nirq) wait(m_irq_event);
    // The core wakes at the first clock edge at or after the interrupt.
    m_cycle = std::max(m_cycle, m_clock.first_edge_at_or_after(core::now_ps()));
}

void arm926_core::own_arm_context(execution_context& ctx) {
    if (m_arm_ctx == &ctx) return;
    release_arm_context();
    arm_user_registers* regs = ctx.arm_registers();
    if (!regs) throw std::logic_error("a context that runs ARM code has no arm_registers()");
    std::uint32_t cpsr = regs->cpsr;
    if (!arm_state::valid_mode(cpsr & cpsr_mode_mask)) cpsr = (cpsr & ~cpsr_mode_mask) | static_cast<std::uint32_t>(mode::usr);
    m_state.write_cpsr(cpsr);
    for (unsigned i = 0; i < 16; ++i) m_state.reg(i) = regs->r[i];
    m_arm_ctx = &ctx;
}

void arm926_core::release_arm_context() {
    if (!m_arm_ctx) return;
    arm_user_registers* regs = m_arm_ctx->arm_registers();
    for (unsigned i = 0; i < 16; ++i) regs->r[i] = m_state.reg(i);
    regs->cpsr = m_state.cpsr();
    m_arm_ctx = nullptr;
}

void arm926_core::switch_arm_context(execution_context* next) {
    if (m_arm_ctx) {
        arm_user_registers* out = m_arm_ctx->arm_registers();
        for (unsigned i = 0; i < 15; ++i) out->r[i] = m_state.user_reg(i);
        out->r[15] = m_state.reg(14) - m_exception_adjust;
        out->cpsr = m_state.spsr();
    }
    m_arm_ctx = next;
    if (next) {
        const arm_user_registers* in = next->arm_registers();
        if (!in) throw std::logic_error("switch_arm_context: the next context has no arm_registers()");
        for (unsigned i = 0; i < 15; ++i) m_state.set_user_reg(i, in->r[i]);
        m_state.reg(14) = in->r[15] + m_exception_adjust;
        m_state.set_spsr(in->cpsr);
    }
    m_iss->force_boundary();
}

void arm926_core::set_memory_word_cycles(std::uint64_t cycles) {
    m_memory_word_cycles = cycles;
    m_cp15.set_bus_word_cycles(cycles);
}

std::uint32_t arm926_core::cp15_read(cp15_op op) {
    const cp15_result r = m_cp15.read(op);
    if (r.undefined) throw std::logic_error("privileged software used an undefined CP15 encoding");
    spend(r.cycles);
    return r.value;
}

void arm926_core::cp15_write(cp15_op op, std::uint32_t value) {
    const cp15_result r = m_cp15.write(op, value);
    if (r.undefined) throw std::logic_error("privileged software used an undefined CP15 encoding");
    spend(r.cycles);
    cp15_changed(op);
}

std::uint64_t arm926_core::cp15_context_switch_flush() {
    const std::uint64_t cycles = m_cp15.context_switch_flush();
    spend(cycles);
    m_iss->icache_maintenance();
    return cycles;
}

account_memory_stats& arm926_core::memory_stats(int account) {
    if (static_cast<std::size_t>(account) >= m_account_memory.size()) m_account_memory.resize(account + 1);
    return m_account_memory[static_cast<std::size_t>(account)];
}

account_memory_stats arm926_core::account_memory(int id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= m_account_memory.size()) return {};
    return m_account_memory[static_cast<std::size_t>(id)];
}

bool arm926_core::walker::read_word(std::uint32_t pa, std::uint32_t& value, std::uint64_t& cycles) {
    bool via_bus = false;
    const std::uint64_t before = core->m_cycle;
    const bool ok = core->move_data(false, pa, value, via_bus, 4);
    cycles = via_bus ? core->m_cycle - before : core->m_memory_word_cycles;
    core->m_cycle = before;  // the MMU reports the cycles; the caller spends them
    return ok;
}

void arm926_core::bind_irq(core::irq_line& nirq) {
    nirq.bind([this](bool level) {
        m_nirq = level;
        if (level) {
            m_irq_raised_at = core::now_ps();
            m_irq_event.notify();
        }
    });
}

void arm926_core::bind_fiq(core::irq_line& nfiq) {
    nfiq.bind([this](bool level) { m_nfiq = level; });
}

void arm926_core::set_owner(int owner) {
    if (owner == m_owner) return;
    const picoseconds now = local_time();
    if (m_usage && now > m_owner_since) m_usage->on_usage(m_owner, m_owner_since, now);
    m_owner = owner;
    m_owner_since = now;
}

void arm926_core::register_stats(core::stats_registry& reg, const std::string& prefix) const {
    const core_stats& s = m_stats;
    reg.add(prefix + ".irqs_taken", &s.irqs_taken);
    reg.add(prefix + ".traps", &s.traps);
    reg.add(prefix + ".hypercalls", &s.hypercalls);
    reg.add(prefix + ".data_aborts", &s.data_aborts);
    reg.add(prefix + ".preemptions", &s.preemptions);
    reg.add(prefix + ".wfi_sleeps", &s.wfi_sleeps);
    reg.add(prefix + ".bus_reads", &s.bus_reads);
    reg.add(prefix + ".bus_writes", &s.bus_writes);
    reg.add(prefix + ".syncs", &s.syncs);
    reg.add(prefix + ".max_irq_wait_ps", &s.max_irq_wait_ps);
    reg.add(prefix + ".max_irq_wait_at_ps", &s.max_irq_wait_at_ps);
    reg.add(prefix + ".max_irq_wait_cycles",
            [this]() -> core::stats_registry::value { return m_clock.first_edge_at_or_after(m_stats.max_irq_wait_ps); });
}

void arm926_core::finish(picoseconds end) {
    if (m_usage && end > m_owner_since) m_usage->on_usage(m_owner, m_owner_since, end);
    m_owner_since = end;
}

void arm926_core::sync() {
    const picoseconds local = local_time();
    const picoseconds now = core::now_ps();
    if (local > now) {
        ++m_stats.syncs;
        wait(core::to_sc_time(local - now));
    }
}

std::uint64_t arm926_core::catch_up() {
    picoseconds next = 0;
    if (!core::next_activity_ps(next)) return ~std::uint64_t{0};
    const picoseconds now = core::now_ps();
    // local_time() < next  <=>  m_cycle < first_edge_at_or_after(next): no 128-bit division per step.
    const std::uint64_t horizon = m_clock.first_edge_at_or_after(next, m_horizon_memo);
    if (m_cycle < horizon) return horizon;
    const picoseconds local = local_time();
    if (local <= now) return horizon;
    ++m_stats.syncs;
    wait(core::to_sc_time(local - now));
    return 0;
}

// --- bus accesses -------------------------------------------------------------------

bool arm926_core::dmi_covers(std::uint32_t pa) const {
    return m_dmi_valid && pa >= m_dmi.get_start_address() && pa + 3 <= m_dmi.get_end_address();
}

bool arm926_core::transport(tlm::tlm_command cmd, std::uint32_t pa, std::uint32_t& value, bool sync_first) {
    const bool is_read = cmd == tlm::TLM_READ_COMMAND;
    is_read ? ++m_stats.bus_reads : ++m_stats.bus_writes;
    if (dmi_covers(pa)) {
        unsigned char* p = m_dmi.get_dmi_ptr() + (pa - m_dmi.get_start_address());
        if (is_read) {
            std::memcpy(&value, p, 4);
            m_cycle += m_dmi_read_cycles;
        } else {
            std::memcpy(p, &value, 4);
            m_iss->memory_written(pa, 4);
            m_cycle += m_dmi_write_cycles;
        }
        m_cycle += m_costs.memory_access;
        return true;
    }

    // Not memory the core holds a direct pointer to: a peripheral (or memory not yet
    // granted). Peripherals must see the exact instant, so SystemC time catches up first
    // (an atomic SWP's write follows its read with nothing in between: no second sync).
    ++m_bus_transactions;
    if (sync_first) sync();
    // One payload for every transaction: a fresh one allocates its extension array. Each
    // field a target reads or may change is set again here.
    tlm::tlm_generic_payload& gp = m_bus_payload;
    gp.set_command(cmd);
    gp.set_address(pa);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_byte_enable_length(0);
    gp.set_gp_option(tlm::TLM_MIN_PAYLOAD);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    bus->b_transport(gp, delay);
    m_cycle += m_clock.first_edge_at_or_after(core::to_ps(delay), m_latency_memo) + m_costs.peripheral_access;
    if (gp.is_response_error()) return false;

    if (gp.is_dmi_allowed() && !m_dmi_valid) {
        tlm::tlm_dmi dmi;
        tlm::tlm_generic_payload req;
        req.set_command(tlm::TLM_READ_COMMAND);
        req.set_address(pa);
        if (bus->get_direct_mem_ptr(req, dmi) && dmi.is_read_write_allowed()) {
            m_dmi = dmi;
            m_dmi_valid = true;
            m_dmi_read_cycles = m_clock.first_edge_at_or_after(core::to_ps(m_dmi.get_read_latency()));
            m_dmi_write_cycles = m_clock.first_edge_at_or_after(core::to_ps(m_dmi.get_write_latency()));
        }
    }
    return true;
}

std::uint32_t arm926_core::read32(std::uint32_t pa) {
    std::uint32_t v = 0;
    if (!transport(tlm::TLM_READ_COMMAND, pa, v))
        throw bus_error("privileged read from " + std::to_string(pa) + " got a bus error");
    return v;
}

void arm926_core::write32(std::uint32_t pa, std::uint32_t value) {
    if (!transport(tlm::TLM_WRITE_COMMAND, pa, value))
        throw bus_error("privileged write to " + std::to_string(pa) + " got a bus error");
}

bool arm926_core::try_read32(std::uint32_t pa, std::uint32_t& value) {
    return transport(tlm::TLM_READ_COMMAND, pa, value);
}

bool arm926_core::try_write32(std::uint32_t pa, std::uint32_t value) {
    return transport(tlm::TLM_WRITE_COMMAND, pa, value);
}

bool arm926_core::debug_transport(bool write, std::uint32_t pa, unsigned char* data, std::uint32_t len) {
    tlm::tlm_generic_payload gp;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(pa);
    gp.set_data_ptr(data);
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    return bus->transport_dbg(gp) == len;
}

std::uint32_t arm926_core::debug_read32(std::uint32_t pa) {
    std::uint32_t v = 0;
    if (!debug_transport(false, pa, reinterpret_cast<unsigned char*>(&v), 4))
        throw bus_error("debug read from " + std::to_string(pa) + " failed");
    return v;
}

bool arm926_core::debug_access_virtual(std::uint32_t va, unsigned char* data, std::uint32_t len, bool write) {
    const auto read_descriptor = [this](std::uint32_t pa, std::uint32_t& v) {
        return debug_transport(false, pa, reinterpret_cast<unsigned char*>(&v), 4);
    };
    while (len > 0) {
        // One page piece at a time: the smallest mapping (a tiny page) is 1 KiB.
        const std::uint32_t piece = std::min<std::uint32_t>(len, 0x400u - (va & 0x3FFu));
        const std::optional<std::uint32_t> pa = m_mmu.debug_translate(va, read_descriptor);
        if (!pa) return false;
        if (!debug_transport(write, *pa, data, piece)) return false;
        if (write) invalidate_decoded(*pa, piece);
        va += piece;
        data += piece;
        len -= piece;
    }
    return true;
}

mmu::translation arm926_core::translate(std::uint32_t va, mmu::access_kind kind, bool privileged, unsigned size) {
    const mmu::translation t = m_mmu.translate(va, kind, privileged, size);
    if (!t.tlb_hit) m_iss->tlb_refilled();
    return t;
}

bool arm926_core::read_virtual32(std::uint32_t va, std::uint32_t& value) {
    const mmu::translation t = translate(va, mmu::access_kind::read, true, 4);
    spend(t.cycles);
    return t.ok && try_read32(t.pa, value);
}

bool arm926_core::write_virtual32(std::uint32_t va, std::uint32_t value) {
    const mmu::translation t = translate(va, mmu::access_kind::write, true, 4);
    spend(t.cycles);
    return t.ok && try_write32(t.pa, value);
}

// --- the execution loop ---------------------------------------------------------------

void arm926_core::run() {
    if (!m_software) throw std::logic_error("arm926_core: no system software attached");
    core::set_time_source([this] { return local_time(); });
    m_software->boot(*this);
    for (;;) {
        catch_up();  // pending-interrupt levels are only current once every earlier event has run
        // Privileged ARM code takes its interrupts through its own vectors, in the ISS.
        if (irq_pending() && !(m_arm_ctx && privileged())) {
            take_irq();
            continue;
        }
        execution_context* ctx = m_software->current_context();
        if (ctx && ctx->runs_arm_code()) {
            own_arm_context(*ctx);
            set_owner(ctx->account_id());
            m_iss->run();
            continue;
        }
        release_arm_context();
        resume_user_or_idle(ctx != nullptr);
        if (!ctx) {
            wait_for_interrupt();
            continue;
        }
        run_context(*ctx);
    }
}

// Xen-ARM runs guests in USR mode and its idle loop in SVC mode, both with IRQs enabled
// (xen-arm.md 5).
void arm926_core::resume_user_or_idle(bool user) {
    const std::uint32_t m = static_cast<std::uint32_t>(user ? mode::usr : mode::svc);
    const std::uint32_t cpsr = (m_state.cpsr() & ~(cpsr_mode_mask | cpsr_i)) | m;
    if (cpsr != m_state.cpsr()) m_state.write_cpsr(cpsr);
}

void arm926_core::take_irq() {
    // The IRQ is taken at the first core clock edge at or after its assertion.
    const picoseconds at = local_time();
    if (at >= m_irq_raised_at && at - m_irq_raised_at > m_stats.max_irq_wait_ps) {
        m_stats.max_irq_wait_ps = at - m_irq_raised_at;
        m_stats.max_irq_wait_at_ps = m_irq_raised_at;
    }
    ++m_stats.irqs_taken;
    const int interrupted = m_owner;
    const std::uint64_t entry_cycle = m_cycle;
    set_owner(owner_privileged);
    if (m_arm_ctx) {
        // ARM code: LR = the next instruction + 4, returned to with SUBS pc, lr, #4 (A2.6.8).
        m_state.enter(exception::irq, m_state.pc() + 4, vector_base());
        m_exception_adjust = 4;
        spend(m_costs.exception_entry);
        m_software->irq(*this);
        m_state.leave(m_exception_adjust);
        m_iss->force_boundary();
    } else {
        m_exception_adjust = 0;
        m_state.enter(exception::irq, m_state.pc(), 0);
        spend(m_costs.exception_entry);
        m_software->irq(*this);
        m_state.leave(0);
    }
    if (m_trace)
        m_trace->instant(owner_privileged, "irq", at, core::track_arg("interrupted", interrupted),
                         core::arg("cycles", static_cast<std::int64_t>(m_cycle - entry_cycle)),
                         core::arg("wait_ps", static_cast<std::int64_t>(at >= m_irq_raised_at ? at - m_irq_raised_at : 0)));
}

void arm926_core::wait_for_interrupt() {
    sync();
    set_owner(owner_sleep);
    ++m_stats.wfi_sleeps;
    while (!m_nirq) wait(m_irq_event);
    // The core wakes at the first clock edge at or after the interrupt.
    m_cycle = m_clock.first_edge_at_or_after(core::now_ps());
    set_owner(owner_privileged);
}

void arm926_core::run_context(execution_context& ctx) {
    set_owner(ctx.account_id());
    // The native engine's exception return address is a token (see execution_context).
    if (const std::uint32_t entry = m_state.pc()) {
        m_state.pc() = 0;
        ctx.enter_at(entry);
    }
    refill_code(ctx);
    work_item& item = ctx.next_work();
    // catch_up's answer holds across memory steps that stay off the bus (see catch_up).
    std::uint64_t horizon = 0;
    while (!item.done()) {
        if (m_cycle >= horizon) horizon = catch_up();
        if (irq_pending()) {  // an interrupt falls between two steps
            ++m_stats.preemptions;
            ctx.item_interrupted(item);
            return;
        }
        step& s = item.current();
        switch (s.kind) {
        case step_kind::compute:
            horizon = 0;  // it waits
            if (!run_compute(s)) {
                ++m_stats.preemptions;
                ctx.item_interrupted(item);
                return;
            }
            ++item.position;
            break;
        case step_kind::load:
        case step_kind::store:
        case step_kind::rmw: {
            const bool fast = m_native_fast && s.kind != step_kind::rmw;
            if (fast) {
                const std::size_t from = item.position;
                run_memory_fast(item, memory_stats(ctx.account_id()), horizon);
                if (item.position != from) break;  // the loop looks at the horizon and interrupts again
            }
            const std::uint64_t transactions = m_bus_transactions;
            if (!run_memory(ctx, s)) {
                ctx.item_interrupted(item);
                return;
            }
            if (m_bus_transactions != transactions)
                horizon = 0;
            else if (fast)
                remember_translation(s.address);
            ++item.position;
            break;
        }
        case step_kind::hypercall:
            run_hypercall(s);
            ++item.position;
            // The hypervisor may have switched to another vcpu: let the loop ask again.
            if (item.done())
                ctx.item_completed(item);
            else
                ctx.item_interrupted(item);
            return;
        }
    }
    ctx.item_completed(item);
}

// The refill runs as one burst before the context's next item, charged to the guest (it is
// the guest's own instruction fetch). It is not cut short by an IRQ: at most
// code_size / 32 line fills (about 14,000 cycles for 16 KiB at the default SDRAM latency),
// which the longest-IRQ-wait statistic shows. A line outside the guest's map ends the refill:
// the guest could not execute there either.
void arm926_core::refill_code(execution_context& ctx) {
    const code_footprint code = ctx.code();
    if (code.bytes == 0) return;
    const std::uint64_t flushes = m_cp15.icache().stats().flushes;
    if (&ctx == m_code_owner && flushes == m_code_flushes) return;
    m_code_owner = &ctx;
    m_code_flushes = flushes;

    account_memory_stats& ms = memory_stats(ctx.account_id());
    const std::uint64_t start = m_cycle;
    constexpr std::uint32_t line = 32;  // ARM926EJ-S cache line (DDI 0198D 4.1)
    for (std::uint64_t off = 0; off < code.bytes; off += line) {
        const std::uint32_t va = code.base + static_cast<std::uint32_t>(off);
        const mmu::translation t = translate(va, mmu::access_kind::fetch, privileged(), 4);
        spend(t.cycles);
        if (!t.ok) break;
        const access_result r = m_cp15.instruction_fetch(t.mva, policy_from_cb(t.cacheable, t.bufferable));
        if (!r.hit) ++ms.code_refills;
        spend(r.cycles);
    }
    ms.code_refill_cycles += m_cycle - start;
}

bool arm926_core::run_compute(step& s) {
    if (s.cycles == 0) return true;
    const std::uint64_t target = m_cycle + s.cycles;
    const picoseconds end = m_clock.time_of(target, m_compute_end_memo);  // the same after each preemption
    for (;;) {
        // The timeout of a wait that an IRQ cuts short stays in SystemC's event queue until it
        // expires, and a busy guest's step runs for hours: so the wait is cut at the next
        // pending event, which happens then anyway (no delta cycle is added), and resumed.
        const picoseconds from = core::now_ps();
        picoseconds until = end;
        if (picoseconds next = 0; core::next_activity_ps(next) && next > from)
            until = std::min(until, next);  // activity now: a delta cycle, not a time
        wait(core::to_sc_time(until - from), m_irq_event);
        if (!(until < end && timed_out() && !m_nirq)) break;  // an IRQ raised meanwhile ends it as before
    }
    const picoseconds now = core::now_ps();
    if (now < end && m_nirq) {
        const std::uint64_t c = m_clock.first_edge_at_or_after(now);
        if (c < target) {  // on a tie the step completes first
            m_cp15.elapse(c - m_cycle);
            s.cycles = target - c;
            m_cycle = c;
            return false;
        }
    }
    m_cp15.elapse(s.cycles);
    s.cycles = 0;
    m_cycle = target;
    return true;
}

bool arm926_core::move_data(bool write, std::uint32_t pa, std::uint32_t& value, bool& via_bus, unsigned size) {
    if (dmi_covers(pa)) {
        unsigned char* p = m_dmi.get_dmi_ptr() + (pa - m_dmi.get_start_address());
        if (size == 1) {
            if (write)
                *p = static_cast<unsigned char>(value);
            else
                value = *p;
        } else {
            write ? std::memcpy(p, &value, 4) : std::memcpy(&value, p, 4);
        }
        if (write) m_iss->memory_written(pa, size);
        via_bus = false;
        write ? ++m_stats.bus_writes : ++m_stats.bus_reads;
        return true;
    }
    via_bus = true;
    if (size != 4) return false;  // the peripherals decode whole words only
    return transport(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, pa, value);
}

bool arm926_core::run_memory(execution_context& ctx, step& s) {
    const bool write = s.kind != step_kind::load;
    account_memory_stats& ms = memory_stats(ctx.account_id());
    ++ms.accesses;

    const mmu::translation t =
        translate(s.address, write ? mmu::access_kind::write : mmu::access_kind::read, privileged(), s.size);
    spend(t.cycles);
    ms.walk_cycles += t.cycles;
    t.tlb_hit ? ++ms.tlb_hits : ++ms.tlb_misses;
    if (!t.ok) {
        ++ms.faults;
        m_cp15.record_data_abort(t.fsr, t.far);
        data_abort(t.far, t.fsr);
        return false;
    }
    bool via_bus = false;
    bool ok;
    if (s.kind == step_kind::rmw) {
        std::uint32_t old = 0;
        ok = move_data(false, t.pa, old, via_bus, 4);
        std::uint32_t updated = (old & s.and_mask) | s.or_mask;
        ok = ok && move_data(true, t.pa, updated, via_bus, 4);
        s.value = old;
        if (ok && !via_bus) spend(m_costs.memory_access + m_cp15.data_read(t.mva, policy_from_cb(t.cacheable, t.bufferable)).cycles);
    } else {
        ok = move_data(write, t.pa, s.value, via_bus, s.size);
    }
    if (!ok) {
        // External abort on a non-translation access (ARM926EJ-S TRM table 3-9: FS 10x0).
        ++ms.faults;
        m_cp15.record_data_abort(0x8, t.mva);
        data_abort(t.mva, 0x8);
        return false;
    }
    if (!via_bus) {
        // Memory: the D-cache model says what the access costs (hit, line fill, write buffer).
        const cache_policy mapped = policy_from_cb(t.cacheable, t.bufferable);
        const access_result r = write ? m_cp15.data_write(t.mva, mapped) : m_cp15.data_read(t.mva, mapped);
        if (!r.hit) ++ms.cache_misses;
        spend(m_costs.memory_access + r.cycles);
    }
    return true;
}

void arm926_core::data_abort(std::uint32_t va, std::uint32_t fsr) {
    ++m_stats.data_aborts;
    ++m_stats.traps;
    set_owner(owner_privileged);
    m_exception_adjust = 0;
    m_state.enter(exception::data_abort, m_state.pc(), 0);
    spend(m_costs.exception_entry);
    trap_record t;
    t.kind = trap_kind::data_abort;
    t.fault_address = va;
    t.fault_status = fsr;
    t.return_pc = m_state.reg(14);
    m_software->trap(*this, t);
    m_state.leave(0);
}

void arm926_core::run_hypercall(step& s) {
    ++m_stats.traps;
    ++m_stats.hypercalls;
    const int caller = m_owner;
    const std::uint64_t entry_cycle = m_cycle;
    set_owner(owner_privileged);
    m_exception_adjust = 0;
    m_state.enter(exception::swi, m_state.pc(), 0);
    spend(m_costs.exception_entry);
    trap_record t;
    t.kind = trap_kind::swi;
    t.swi_number = s.number;
    t.r = s.args;
    t.return_pc = m_state.reg(14);
    s.result = static_cast<std::int32_t>(m_software->trap(*this, t));
    m_state.leave(0);
    if (m_trace)
        m_trace->instant(caller, "hypercall", m_clock.time_of(entry_cycle), core::arg("nr", s.number),
                         core::arg("cycles", static_cast<std::int64_t>(m_cycle - entry_cycle)), core::arg("result", s.result));
}

}  // namespace rtv::cpu
