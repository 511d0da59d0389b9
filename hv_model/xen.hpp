// SPDX-License-Identifier: Apache-2.0
// The Xen-ARM hypervisor as privileged software on the modelled ARM926 (docs/models/xen_arm.md):
// boot, the IRQ path with the tick handler, softirqs on the return path, hypercalls,
// domains and their vcpus, the generic scheduler with BVT, and context switches. It runs
// on the core through cpu::system_software and reaches the hardware only through the
// core's bus accesses (AITC, GPT1) and cycle spending; it knows no guest kernel.
#pragma once

#include <cstdint>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hv_model/arm_vcpu_context.hpp"
#include "hv_model/domain.hpp"
#include "hv_model/event_channels.hpp"
#include "hv_model/guest_image.hpp"
#include "hv_model/guest_page_tables.hpp"
#include "hv_model/hv_costs.hpp"
#include "hv_model/sched_bvt.hpp"
#include "hv_model/schedule.hpp"
#include "hv_model/softirq.hpp"
#include "hv_model/timer_list.hpp"
#include "hv_model/xen_clock.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/core/log.hpp"
#include "sim/core/stats.hpp"
#include "sim/core/trace.hpp"
#include "sim/cpu/system_software.hpp"

namespace rtv::hv {

struct xen_quirks {
    bool bvt_slice_units = true;
    bool recharge_on_continue = true;
    bool timer_list_no_resort = true;
    // Xen-ARM's do_ni_hypercall prints and spins forever, and a number past the 51-entry
    // hypercall_table is not range-checked; either hangs the platform. Off: -ENOSYS.
    bool ni_hypercall_hangs = true;
    // The later tree's t_timer_fn, which runs Credit's accounting, is started only by
    // schedulers_start, which is under `#if 0` there: nothing is ever debited. Off: it runs.
    bool credit_no_tick = true;
};

// What update_dom_time writes into a vcpu's shared time record (docs/models/xen_arm.md, guest time).
enum class time_update_kind {
    none,     // as shipped: the calls are commented out, the record never moves
    jiffies,  // an enabled update_dom_time: system_time = the jiffy-clock NOW()
    precise,  // the paper's fix: system_time = true time from jiffies and TCN
};

// SCHEDOP_shutdown of dom0 (xen/common/domain.c domain_shutdown): poweroff halts the
// machine, any other reason restarts it; either way the run ends there.
struct machine_stop {
    bool stopped = false;
    std::string action;  // "halt" | "restart"
    int reason = 0;      // SHUTDOWN_* (xen/include/public/sched.h)
    std::uint64_t at_ps = 0;
};

enum class on_fault_policy { inject, kill };

// A device of the board given to a domain: its page (VA == PA) and its interrupt source.
struct device_grant {
    device_window window;
    std::uint32_t irq = 0;
};

struct domain_spec {
    std::string name;
    sched_adjdom_cmd sched;
    std::uint32_t memory_bytes = 4u << 20;
    bool identity_map = false;            // VA == PA in sections (RTOS guests)
    std::uint32_t virtual_base = 0xC0000000u;  // offset map: where the partition appears
    std::vector<device_grant> devices;    // devices given to the domain
    on_fault_policy on_fault = on_fault_policy::inject;
    cpu::execution_context* guest = nullptr;
    // A binary guest (docs/guest_abi.md): when set, `guest` is null and the domain builder
    // loads the image, writes start_info, applies the patches and creates the vcpu's ARM
    // execution context (runs_arm_code(), account_id() = the domain id).
    std::optional<guest_image_spec> image;
};

// A guest abort as Xen recorded it.
struct fault_record {
    std::string domain;
    std::uint64_t at_ps = 0;
    std::uint32_t address = 0;  // FAR (the faulting MVA)
    std::uint32_t fsr = 0;      // DFSR: [7:4] domain, [3:0] status
    std::string action;         // "injected", "killed", "hang"
};

struct xen_config {
    std::uint32_t hz = 100;          // Xen-ARM arch-imx21 config.h HZ
    bool precise_clock = false;
    std::int32_t ctx_allow_ns = bvt_ctx_allow_default;
    xen_quirks quirks;
    std::uint32_t sdram_base = 0xC0000000u;  // i.MX21 CSD0 (imx21-arm926.md 3)
    std::uint32_t sdram_bytes = 64u << 20;
    std::uint32_t reserved_bytes = 16u << 20;  // Xen's own region at the start of SDRAM
    // The scheduler compiled in: "bvt", "sedf" or "credit" (schedule.c opt_sched).
    std::string scheduler = "bvt";
    time_update_kind time_update = time_update_kind::none;
    // Where update_dom_time runs: at the switch to a domain (schedule.c's commented-out call)
    // and at every tick for the running domain.
    bool time_update_at_switch_in = true;
    bool time_update_at_tick = true;
    // VIRQ_TIMER: false = every tick to the running vcpu (the imported tree's timer_tick);
    // true = the later tree's per-vcpu periodic timer (VCPUOP_set_periodic_timer), stopped
    // while the vcpu is descheduled, and no VIRQ from the tick itself.
    bool virq_periodic_timer = false;
    // Check the run queue, timer list and event channels after every hypercall and stop
    // the run on a violation (robustness tests; costs no simulated time).
    bool check_invariants = false;
    std::vector<domain_spec> domains;
};

struct xen_counters {
    std::uint64_t irqs = 0;
    std::uint64_t spurious_irqs = 0;
    std::uint64_t unhandled_irqs = 0;
    std::uint64_t ticks = 0;
    std::uint64_t softirqs_timer = 0;
    std::uint64_t softirqs_schedule = 0;
    std::uint64_t timers_fired = 0;
    std::uint64_t hypercalls = 0;
    std::uint64_t hypercall_errors = 0;
    std::uint64_t virq_timer_sent = 0;
    std::uint64_t virq_timer_unbound = 0;  // sent to a vcpu that has no port for it
    std::uint64_t data_aborts = 0;
    std::uint64_t context_switch_cycles = 0;
    std::uint64_t domains_killed = 0;
    std::uint64_t upcalls = 0;
    std::uint64_t upcalls_without_entry = 0;
    std::uint64_t time_updates = 0;
    std::uint64_t faults_injected = 0;
    std::uint64_t guest_irqs = 0;
    std::uint64_t invariant_checks = 0;
};

// Physical base of domain `index`'s partition: Xen's region first, then the partitions in
// scenario order (docs/models/xen_arm.md).
std::uint32_t partition_base(const xen_config& cfg, std::size_t index);

class xen final : public cpu::system_software, private schedule_hooks, private evtchn_hooks, private guest_memory_port {
public:
    xen(xen_config cfg, const hv_costs& costs);
    ~xen() override;

    // cpu::system_software
    void boot(cpu::arm926_core& core) override;
    void irq(cpu::arm926_core& core) override;
    std::uint32_t trap(cpu::arm926_core& core, const cpu::trap_record& t) override;
    cpu::execution_context* current_context() override;

    // What each domain wrote to its console (console_io), by domain name.
    std::map<std::string, std::string> consoles() const;

    // Introspection for reports and monitors (no simulated cost, no bus traffic).
    const std::vector<std::unique_ptr<domain>>& domains() const { return m_domains; }
    const domain& idle_domain() const { return *m_idle; }
    const xen_counters& counters() const { return m_counters; }
    const schedule_counters& sched_counters() const { return m_sched->counters(); }
    scheduler& sched_ops() { return m_sched->ops(); }
    const xen_clock& clock() const { return m_clock; }
    const xen_config& config() const { return m_cfg; }
    const timer_list& timers() const { return m_timers; }
    const std::vector<fault_record>& faults() const { return m_faults; }
    // Set when dom0 shut down: the machine halted or restarted and the run ended.
    const machine_stop& machine_stopped() const { return m_machine_stop; }
    // Physical address of a domain's shared_info page and L1 table (for reports and tests).
    std::uint32_t shared_info_pa(const domain& d) const;
    // NOW() as Xen would compute it at this instant, read without side effects.
    s_time_t peek_now() const;
    s_time_t runstate_running_time(const vcpu& v) const { return m_sched->runstate_running_time(v, peek_now()); }
    // Registers the hypervisor's counters under `prefix` (e.g. "hypervisor.ticks").
    void register_stats(core::stats_registry& reg, const std::string& prefix) const;
    // Timeline events (context switches, upcalls) go to `t`; nullptr (the default) records nothing.
    // Tracks are the core's CPU-time owners: a domain's id, cpu::owner_privileged, cpu::owner_sleep (idle).
    void set_trace(core::trace_recorder* t) { m_trace = t; }
    // Non-empty when the platform stopped: a guest fault with no handler hangs it.
    const std::string& fatal_error() const { return m_fatal; }
    // Run queue, timer list, scheduler and event-channel invariants hold.
    bool consistent() const;
    const event_channels& evtchns() const { return *m_evtchn; }

    // Binary guests, after boot (no simulated cost): where the builder put a domain's image
    // (nullptr for native guests), a guest virtual address as the domain's own mapping
    // translates it (identity or offset map, the shared_info page at 0xFFF00000, device
    // windows; no table walk), and whose context owns the core now (nullptr when idle).
    const loaded_image* image_of(const domain& d) const;
    std::optional<std::uint32_t> guest_va_to_pa(const domain& d, std::uint32_t va) const;
    const domain* current_domain() const;

private:
    // schedule_hooks
    s_time_t now() override;
    void send_timer_event(vcpu& v) override;
    bool event_pending(vcpu& v) override;
    void clear_upcall_mask(vcpu& v) override;
    void context_switch(vcpu& prev, vcpu& next) override;

    // evtchn_hooks
    bool is_blocked(const vcpu& v) override { return v.blocked; }
    void vcpu_unblock(vcpu& v) override;
    bool is_privileged(const domain& d) override { return d.domain_id == 0; }
    bool irq_access_permitted(const domain& d, std::uint32_t pirq) override;
    long pirq_guest_bind(vcpu& v, std::uint32_t pirq, bool will_share) override;
    void pirq_guest_unbind(domain& d, std::uint32_t pirq) override;
    // guest_memory_port: the hypervisor's physical accesses to shared_info.
    std::uint32_t read32(std::uint32_t pa) override { return m_core->read32(pa); }
    void write32(std::uint32_t pa, std::uint32_t v) override { m_core->write32(pa, v); }

    // Guest-bound physical interrupts (xen/arch/arm/xen/irq.c).
    void handle_guest_bound_irq(std::uint32_t irq);
    long pirq_guest_unmask(domain& d);
    long do_physdev_op(std::uint32_t op_va);
    guest_copy make_guest_copy();

    // The para-virtual interface (xen_pv.cpp).
    std::uint32_t shinfo_read(const domain& d, std::uint32_t offset);
    void shinfo_write(const domain& d, std::uint32_t offset, std::uint32_t value);
    bool upcall_pending(const vcpu& v);
    bool upcall_masked(const vcpu& v);
    void set_upcall_mask(const vcpu& v, bool masked);
    // entry.S return_to_guest: softirqs, then an upcall if one is pending and unmasked.
    void return_to_guest();
    // Saves the trap frame in vcpu_info.arch, masks upcalls and enters the guest at `entry`.
    void bounce_to_guest(vcpu& v, std::uint32_t entry);
    // The same for a vcpu that runs ARM code: the full frame of entry.S (sp, lr, spsr with the
    // virtual mode), the switch to virtual kernel mode, lr = `interrupted_pc`.
    void bounce_arm_guest(vcpu& v, std::uint32_t entry, std::uint32_t interrupted_pc);
    static bool runs_arm(const vcpu& v) { return v.context && v.context->runs_arm_code(); }
    // resume_guest_domain: DACR by the virtual mode of a vcpu that runs ARM code.
    void resume_arm_guest(const vcpu& v);
    // Traps of a vcpu that runs ARM code (entry.S vector_swi, vector_*_abort, vector_undefined).
    std::uint32_t arm_trap(const cpu::trap_record& t);
    std::uint32_t arm_forward_trap(const cpu::trap_record& t);
    void platform_hang(const std::string& message);
    // The domain builder for binary guests: image, start_info, registers (domain_builder.hpp).
    void build_binary_guests();
    void update_dom_time(vcpu& v);
    template <class Access>
    bool copy_guest_words(std::uint32_t va, std::uint32_t count, Access access);
    bool copy_from_guest(std::uint32_t va, std::uint32_t* words, std::uint32_t count);
    bool copy_to_guest(std::uint32_t va, const std::uint32_t* words, std::uint32_t count);
    long do_set_trap_table(std::uint32_t va);
    long do_restore_trap_frame();
    long do_console_io(std::uint32_t cmd, std::uint32_t count, std::uint32_t va);

    void init_time();
    void create_domains();
    void timer_interrupt();
    void do_softirq();
    std::uint32_t do_hypercall(const cpu::trap_record& t);
    long do_sched_op(std::uint32_t cmd, std::uint32_t arg, bool compat);
    long do_vcpu_op(std::uint32_t cmd, std::uint32_t vcpuid, std::uint32_t arg);
    long do_poll(std::uint32_t ports_va, std::uint32_t nr_ports, s_time_t timeout);
    void domain_shutdown(domain& d, int reason);
    void domain_kill(domain& d);
    void build_address_spaces();
    void enable_mmu();
    std::uint32_t data_abort(const cpu::trap_record& t);
    std::uint32_t read_tcn();

    xen_config m_cfg;
    hv_costs m_costs;
    cpu::arm926_core* m_core = nullptr;
    xen_clock m_clock;
    softirq_state m_softirqs;
    timer_list m_timers;
    std::unique_ptr<schedule_core> m_sched;
    std::unique_ptr<domain> m_idle;
    std::vector<std::unique_ptr<domain>> m_domains;
    std::vector<std::uint32_t> m_ttb;  // per domain: its L1 table
    std::vector<std::uint32_t> m_pt_frames;  // per domain: pages of its page tables
    // Per domain: the ARM context and the builder's placement of a binary guest.
    std::vector<std::unique_ptr<arm_vcpu_context>> m_arm_contexts;
    std::vector<std::optional<loaded_image>> m_images;
    bool m_booting = false;  // boot() runs outside any exception: no context to switch yet
    std::vector<fault_record> m_faults;
    std::string m_fatal;
    machine_stop m_machine_stop;
    std::unique_ptr<event_channels> m_evtchn;
    // Per physical IRQ: the domain it is bound to and its unacknowledged count (irq.c).
    std::array<domain*, 64> m_pirq_owner{};
    std::array<int, 64> m_pirq_in_flight{};
    xen_counters m_counters;
    core::trace_recorder* m_trace = nullptr;
    std::shared_ptr<spdlog::logger> m_log;
};

}  // namespace rtv::hv
