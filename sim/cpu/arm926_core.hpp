// SPDX-License-Identifier: Apache-2.0
// The ARM926EJ-S core: one SystemC thread that takes exceptions and runs software
// (docs/architecture.md, Execution model).
//
// It loops: if an unmasked IRQ is pending, take the exception and run the privileged
// software's handler to completion; otherwise run the current user context's work items,
// or wait for an interrupt when there is none. Privileged paths spend cycles on a local,
// decoupled clock; the core synchronises with SystemC time before every peripheral access
// and before it looks for pending interrupts, so peripherals always see the exact instant.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "sim/core/clock.hpp"
#include "sim/core/irq_line.hpp"
#include "sim/core/stats.hpp"
#include "sim/core/trace.hpp"
#include "sim/cpu/arm_state.hpp"
#include "sim/cpu/cp15.hpp"
#include "sim/cpu/cpu_costs.hpp"
#include "sim/cpu/iss/instruction_observer.hpp"
#include "sim/cpu/native_translation_cache.hpp"
#include "sim/mmu/arm926_mmu.hpp"
#include "sim/cpu/system_software.hpp"
#include "sim/cpu/usage_listener.hpp"

namespace rtv::cpu {

namespace iss {
class engine;
struct iss_stats;
}  // namespace iss

// A bus access by privileged software failed (a model or configuration error, not a
// guest error: guest accesses become data aborts instead).
class bus_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Memory-system figures of the user contexts, per account (domain).
struct account_memory_stats {
    std::uint64_t accesses = 0;
    std::uint64_t tlb_hits = 0;
    std::uint64_t tlb_misses = 0;
    std::uint64_t walk_cycles = 0;
    std::uint64_t faults = 0;
    std::uint64_t cache_misses = 0;
    std::uint64_t code_refills = 0;        // I-cache line fills of the code footprint
    std::uint64_t code_refill_cycles = 0;  // their cycles, translation included
};

struct core_stats {
    std::uint64_t irqs_taken = 0;
    std::uint64_t traps = 0;
    std::uint64_t hypercalls = 0;
    std::uint64_t data_aborts = 0;
    std::uint64_t preemptions = 0;      // work items cut short by an IRQ
    std::uint64_t wfi_sleeps = 0;
    std::uint64_t syncs = 0;            // waits to bring SystemC time up to the core's
    std::uint64_t max_irq_wait_ps = 0;  // longest time an asserted IRQ waited to be taken
    std::uint64_t max_irq_wait_at_ps = 0;
    std::uint64_t bus_reads = 0, bus_writes = 0;
};

class arm926_core : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<arm926_core> bus;

    SC_HAS_PROCESS(arm926_core);
    arm926_core(sc_core::sc_module_name name, std::uint64_t hz);
    ~arm926_core() override;

    // Wiring, before simulation starts.
    void attach(system_software& sw) { m_software = &sw; }
    // CPU cycles of one single-word SDRAM access (the core's access plus the memory's
    // latency): the basis of the cache's line-fill and write-back costs.
    void set_memory_word_cycles(std::uint64_t cycles);
    void set_usage_listener(usage_listener* l) { m_usage = l; }
    // Timeline events (IRQs taken, hypercalls) go to `t`; nullptr (the default) records nothing.
    void set_trace(core::trace_recorder* t) { m_trace = t; }
    void bind_irq(core::irq_line& nirq);
    void bind_fiq(core::irq_line& nfiq);
    cpu_costs& costs() { return m_costs; }

    // Services for privileged software.
    void spend(std::uint64_t cycles) { m_cycle += cycles; }
    std::uint32_t read32(std::uint32_t pa);
    void write32(std::uint32_t pa, std::uint32_t value);
    // A guest-visible access: false (and no cycles beyond the attempt) on a bus error.
    bool try_read32(std::uint32_t pa, std::uint32_t& value);
    bool try_write32(std::uint32_t pa, std::uint32_t value);
    // A debug access (TLM transport_dbg): no cycles, no synchronisation; for reports.
    std::uint32_t debug_read32(std::uint32_t pa);
    // A debugger's access to `len` bytes at virtual address `va` through the current
    // translation (mmu::arm926_mmu::debug_translate: no TLB fill, no cycles, no statistics),
    // the bytes moved by transport_dbg; a write forgets instructions decoded from them.
    // false (possibly after some bytes) when an address is unmapped or not memory.
    bool debug_access_virtual(std::uint32_t va, unsigned char* data, std::uint32_t len, bool write);

    // CP15 from privileged software (MRC/MCR p15): the operation's cycles are spent.
    std::uint32_t cp15_read(cp15_op op);
    void cp15_write(cp15_op op, std::uint32_t value);
    // Xen-ARM's arm926_switch_mm cache sequence through CP15; returns the cycles spent.
    std::uint64_t cp15_context_switch_flush();

    // The address the current exception returns to (LR of the exception mode) and the
    // interrupted mode's CPSR (SPSR): what Xen saves in a trap frame and redirects for an
    // upcall or a bounced fault.
    std::uint32_t exception_return_address() const { return m_state.reg(14); }
    void set_exception_return_address(std::uint32_t a) { m_state.reg(14) = a; }
    std::uint32_t exception_spsr() const { return m_state.spsr(); }
    void set_exception_spsr(std::uint32_t v) { m_state.set_spsr(v); }
    // The PC the current exception resumes at: LR less what its return subtracts (4 after an
    // IRQ taken from ARM code, 8 after a data abort, 0 after a SWI and for the native engine).
    // What Xen-ARM's SAVE_CONTEXT keeps as a trap frame's pc, and where a switch resumes.
    std::uint32_t exception_resume_pc() const { return m_state.reg(14) - m_exception_adjust; }
    void set_exception_resume_pc(std::uint32_t pc) { m_state.reg(14) = pc + m_exception_adjust; }
    // A privileged access to a virtual address through the current page table (Xen's
    // copy_from_guest/copy_to_guest); the walk's cycles are spent. false on any fault.
    bool read_virtual32(std::uint32_t va, std::uint32_t& value);
    bool write_virtual32(std::uint32_t va, std::uint32_t value);

    std::uint64_t cycle() const { return m_cycle; }
    core::picoseconds local_time() const { return m_clock.time_of(m_cycle, m_local_time_memo); }
    const core::clock_domain& clock() const { return m_clock; }
    arm_state& state() { return m_state; }
    const core_stats& stats() const { return m_stats; }
    const cp15& coprocessor() const { return m_cp15; }
    const mmu::arm926_mmu& memory_management() const { return m_mmu; }
    // Memory figures of account `id` (zero if it never ran).
    account_memory_stats account_memory(int id) const;

    // Registers the core's counters under `prefix` (e.g. "cpu.irqs_taken").
    void register_stats(core::stats_registry& reg, const std::string& prefix) const;

    // The native engine's fast path for memory steps (a translation cache and batched steps):
    // on or off, same results, same cycles, same statistics.
    void set_native_fast_paths(bool on);

    // --- the ISS engine (docs/models/arm926_iss.md) --------------------------------------
    // Contexts whose runs_arm_code() is true run on the instruction-set simulator.
    // Fast paths (software TLB, decoded-instruction cache) on or off: same results, same cycles.
    void set_iss_fast_paths(bool on);
    // Called after every instruction the ISS retires; nullptr (the default) for none.
    void set_instruction_observer(instruction_observer* o);
    // Cycles the ISS may run ahead of SystemC time when no event is pending (default 1 ms).
    void set_iss_quantum_cycles(std::uint64_t cycles);
    const iss::iss_stats& iss_stats() const;
    // Registers the ISS counters (instructions, cycles, caches, TLB, interlocks, exceptions)
    // under `prefix`, e.g. "cpu.iss". Separate from register_stats so that scenarios without
    // ARM code keep their summaries.
    void register_iss_stats(core::stats_registry& reg, const std::string& prefix) const;
    // The interrupted User-mode registers from a trap handler (r13/r14 are banked in SVC).
    std::uint32_t user_reg(unsigned n) const { return m_state.user_reg(n); }
    void set_user_reg(unsigned n, std::uint32_t v) { m_state.set_user_reg(n, v); }
    // From a trap or IRQ handler: saves the outgoing ARM context's user registers, its
    // exception return address (as the PC it resumes at) and SPSR (as its CPSR) into its
    // arm_registers(), and loads `next`'s, so that the exception return resumes `next`.
    void switch_arm_context(execution_context* next);
    // The ARM context whose registers are in state() now (nullptr: none; its
    // arm_registers() are then where a context's registers are).
    const execution_context* arm_context() const { return m_arm_ctx; }
    // Memory at [pa, pa + len) was written behind the core's back (a loader, DMA): forget
    // instructions decoded from it.
    void invalidate_decoded(std::uint32_t pa, std::uint32_t len);
    // The vector base CP15 c1.V selects (0 or 0xFFFF0000).
    std::uint32_t vector_base() const;

    // Closes the open usage interval at `end` (the end of the run).
    void finish(core::picoseconds end);

private:
    friend class iss::engine;
    void run();
    void sync();
    // The ARM context that owns the core's arm_state (nullptr: none).
    void own_arm_context(execution_context& ctx);
    void release_arm_context();
    void cp15_changed(const cp15_op& op);
    void iss_wait_for_interrupt();
    // Brings SystemC time up to the core's only when some event is due before the core's
    // local time: otherwise nothing can change in between and the core may run on. Returns
    // the first core cycle at which an event may be due (~0: none is pending); until then,
    // as long as the core neither waits nor touches SystemC (no bus transaction other than
    // DMI, no hypervisor code), calling it again would find the same and may be skipped.
    std::uint64_t catch_up();
    bool irq_pending() const { return m_nirq && !m_state.irq_masked(); }
    void take_irq();
    void wait_for_interrupt();
    void run_context(execution_context& ctx);
    // Fetches the context's code footprint through the I-cache unless it is still resident.
    void refill_code(execution_context& ctx);
    // Every translation outside the ISS goes through here: a walk it makes refills the TLB,
    // which the ISS's software TLB must hear of (fast and slow paths stay equal).
    mmu::translation translate(std::uint32_t va, mmu::access_kind kind, bool privileged, unsigned size);
    // Returns false when the step was cut short (the item is handed back).
    bool run_compute(step& s);
    bool run_memory(execution_context& ctx, step& s);
    // The fast path of memory steps (native_memory_steps.cpp): runs the item's steps from its
    // position while each is a load or store that the translation cache serves from DMI memory
    // and the core stays before `horizon` (so no event can be due and no interrupt pending,
    // exactly as run_context's loop would find between the steps). Stops at the first other step.
    void run_memory_fast(work_item& item, account_memory_stats& ms, std::uint64_t horizon);
    // After a memory step on the slow path: keeps its page's translation for the fast path.
    void remember_translation(std::uint32_t va);
    account_memory_stats& memory_stats(int account);
    bool privileged() const { return m_state.current_mode() != mode::usr; }
    // Moves the data of a memory step: DMI without cycles (the cache model charges the
    // time), or a bus transaction (peripherals, uncached) that costs its own cycles.
    bool move_data(bool write, std::uint32_t pa, std::uint32_t& value, bool& via_bus, unsigned size);
    void run_hypercall(step& s);
    void data_abort(std::uint32_t va, std::uint32_t fsr);
    void resume_user_or_idle(bool user);
    void set_owner(int owner);
    bool transport(tlm::tlm_command cmd, std::uint32_t pa, std::uint32_t& value, bool sync_first = true);
    bool dmi_covers(std::uint32_t pa) const;
    bool debug_transport(bool write, std::uint32_t pa, unsigned char* data, std::uint32_t len);

    core::clock_domain m_clock;
    // Repeated clock queries: local_time() between cycle changes, catch_up's horizon while the
    // same event is next, a bus target's latency, the end of a compute step resumed after an
    // interrupt (see core::clock_memo).
    mutable core::clock_memo m_local_time_memo;
    core::clock_memo m_horizon_memo, m_latency_memo, m_compute_end_memo;
    arm_state m_state;
    cpu_costs m_costs;
    system_software* m_software = nullptr;
    // The TLB side of CP15 c8/c10, adapted to the MMU.
    struct tlb_adapter final : tlb_maintenance {
        mmu::arm926_mmu* m = nullptr;
        void invalidate_all() override { m->invalidate_tlb_all(); }
        void invalidate_mva(std::uint32_t mva) override { m->invalidate_tlb_mva(mva); }
        void write_lockdown(std::uint32_t v) override { m->tlbs().write_lockdown_register(v); }
        std::uint32_t read_lockdown() const override { return m->tlbs().lockdown_register(); }
    };
    // Table walks read descriptors from SDRAM as single uncached words.
    struct walker final : mmu::walk_memory {
        arm926_core* core = nullptr;
        bool read_word(std::uint32_t pa, std::uint32_t& value, std::uint64_t& cycles) override;
    };
    tlb_adapter m_tlb_adapter;
    cp15 m_cp15;
    walker m_walker;
    mmu::arm926_mmu m_mmu;
    std::uint64_t m_memory_word_cycles;
    std::vector<account_memory_stats> m_account_memory;
    usage_listener* m_usage = nullptr;
    core::trace_recorder* m_trace = nullptr;

    std::uint64_t m_cycle = 0;
    std::uint64_t m_bus_transactions = 0;  // non-DMI accesses: they may notify SystemC events
    bool m_nirq = false, m_nfiq = false;
    core::picoseconds m_irq_raised_at = 0;
    sc_core::sc_event m_irq_event;

    int m_owner = owner_privileged;
    core::picoseconds m_owner_since = 0;

    // The context whose code footprint was fetched last, and the I-cache's whole-cache
    // invalidation count then: while both hold, its lines are still resident.
    const execution_context* m_code_owner = nullptr;
    std::uint64_t m_code_flushes = 0;

    tlm::tlm_generic_payload m_bus_payload;  // transport()'s, reused
    tlm::tlm_dmi m_dmi;
    bool m_dmi_valid = false;
    std::uint64_t m_dmi_read_cycles = 0, m_dmi_write_cycles = 0;  // m_dmi's latencies in core cycles
    bool m_native_fast = true;
    native_translation_cache m_translations;
    core_stats m_stats;

    std::unique_ptr<iss::engine> m_iss;
    execution_context* m_arm_ctx = nullptr;
    // What the return from the current exception subtracts from LR (SUBS pc, lr, #n): 0 for
    // SWI and undefined (and the native engine), 4 for IRQ/FIQ and prefetch aborts, 8 for data aborts.
    std::uint32_t m_exception_adjust = 0;
};

}  // namespace rtv::cpu
