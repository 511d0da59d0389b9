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
#include "sim/mmu/arm926_mmu.hpp"
#include "sim/cpu/system_software.hpp"
#include "sim/cpu/usage_listener.hpp"

namespace rtv::cpu {

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
    // A privileged access to a virtual address through the current page table (Xen's
    // copy_from_guest/copy_to_guest); the walk's cycles are spent. false on any fault.
    bool read_virtual32(std::uint32_t va, std::uint32_t& value);
    bool write_virtual32(std::uint32_t va, std::uint32_t value);

    std::uint64_t cycle() const { return m_cycle; }
    core::picoseconds local_time() const { return m_clock.time_of(m_cycle); }
    const core::clock_domain& clock() const { return m_clock; }
    arm_state& state() { return m_state; }
    const core_stats& stats() const { return m_stats; }
    const cp15& coprocessor() const { return m_cp15; }
    const mmu::arm926_mmu& memory_management() const { return m_mmu; }
    // Memory figures of account `id` (zero if it never ran).
    account_memory_stats account_memory(int id) const;

    // Registers the core's counters under `prefix` (e.g. "cpu.irqs_taken").
    void register_stats(core::stats_registry& reg, const std::string& prefix) const;

    // Closes the open usage interval at `end` (the end of the run).
    void finish(core::picoseconds end);

private:
    void run();
    void sync();
    // Brings SystemC time up to the core's only when some event is due before the core's
    // local time: otherwise nothing can change in between and the core may run on.
    void catch_up();
    bool irq_pending() const { return m_nirq && !m_state.irq_masked(); }
    void take_irq();
    void wait_for_interrupt();
    void run_context(execution_context& ctx);
    // Returns false when the step was cut short (the item is handed back).
    bool run_compute(step& s);
    bool run_memory(execution_context& ctx, step& s);
    bool privileged() const { return m_state.current_mode() != mode::usr; }
    // Moves the data of a memory step: DMI without cycles (the cache model charges the
    // time), or a bus transaction (peripherals, uncached) that costs its own cycles.
    bool move_data(bool write, std::uint32_t pa, std::uint32_t& value, bool& via_bus, unsigned size);
    void run_hypercall(step& s);
    void data_abort(std::uint32_t va, std::uint32_t fsr);
    void resume_user_or_idle(bool user);
    void set_owner(int owner);
    bool transport(tlm::tlm_command cmd, std::uint32_t pa, std::uint32_t& value);
    bool dmi_covers(std::uint32_t pa) const;

    core::clock_domain m_clock;
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
    bool m_nirq = false, m_nfiq = false;
    core::picoseconds m_irq_raised_at = 0;
    sc_core::sc_event m_irq_event;

    int m_owner = owner_privileged;
    core::picoseconds m_owner_since = 0;

    tlm::tlm_dmi m_dmi;
    bool m_dmi_valid = false;
    core_stats m_stats;
};

}  // namespace rtv::cpu
