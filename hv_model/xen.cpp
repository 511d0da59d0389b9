// SPDX-License-Identifier: Apache-2.0
#include "hv_model/xen.hpp"

#include <cstdio>
#include <stdexcept>

#include <systemc>

#include "hv_model/hypercalls.hpp"
#include "hv_model/imx21_drivers.hpp"
#include "hv_model/memory_layout.hpp"
#include "hv_model/public/shared_info_layout.hpp"
#include "hv_model/scheduler_table.hpp"

namespace rtv::hv {

std::uint32_t partition_base(const xen_config& cfg, std::size_t index) {
    std::uint64_t base = static_cast<std::uint64_t>(cfg.sdram_base) + cfg.reserved_bytes;
    for (std::size_t i = 0; i < index && i < cfg.domains.size(); ++i) base += cfg.domains[i].memory_bytes;
    return static_cast<std::uint32_t>(base);
}

xen::xen(xen_config cfg, const hv_costs& costs)
    : m_cfg(std::move(cfg)),
      m_costs(costs),
      m_clock(m_cfg.hz, m_cfg.precise_clock),
      m_timers(m_softirqs, m_cfg.quirks.timer_list_no_resort),
      m_log(core::logger("xen")) {
    if (latch_for(m_cfg.hz) < 2) throw std::invalid_argument("hypervisor.hz too high: LATCH below 2");
    m_sched = std::make_unique<schedule_core>(static_cast<schedule_hooks&>(*this), m_timers, m_softirqs,
                                              m_cfg.quirks.recharge_on_continue, m_cfg.virq_periodic_timer);
    scheduler_options opt;
    opt.bvt_slice_units = m_cfg.quirks.bvt_slice_units;
    opt.bvt_ctx_allow_ns = m_cfg.ctx_allow_ns;
    opt.credit_no_tick = m_cfg.quirks.credit_no_tick;
    m_sched->set_scheduler(make_scheduler(m_cfg.scheduler, *m_sched, opt));
    m_evtchn = std::make_unique<event_channels>(static_cast<guest_memory_port&>(*this),
                                                static_cast<evtchn_hooks&>(*this));
}

xen::~xen() = default;

// --- time ---------------------------------------------------------------------------------

std::uint32_t xen::read_tcn() { return drv::gpt_counter(*m_core, drv::tick_timer_base); }

s_time_t xen::now() {
    if (!m_clock.precise()) return m_clock.jiffies_now();
    const std::uint32_t tcn = read_tcn();
    const bool pending = m_clock.at_compare(tcn) && drv::gpt_compare_pending(*m_core, drv::tick_timer_base);
    return m_clock.precise_now(tcn, pending);
}

s_time_t xen::peek_now() const {
    if (!m_clock.precise() || !m_core) return m_clock.jiffies_now();
    const std::uint32_t tcn = drv::gpt_counter_peek(*m_core, drv::tick_timer_base);
    const bool pending = m_clock.at_compare(tcn) && drv::gpt_compare_pending_peek(*m_core, drv::tick_timer_base);
    return m_clock.precise_now(tcn, pending);
}

// Xen-ARM's time init: GPT1 from CLK32 in restart mode, compare LATCH-1, compare
// interrupt enabled; then the AITC source is enabled (xen-arm.md 3.2).
void xen::init_time() {
    drv::gpt_start_periodic(*m_core, drv::tick_timer_base, m_clock.latch() - 1);
    drv::aitc_enable(*m_core, drv::tick_timer_irq);
}

// --- boot -------------------------------------------------------------------------------

void xen::create_domains() {
    m_idle = std::make_unique<domain>();
    m_idle->domain_id = 0x7FFF;  // IDLE_DOMAIN_ID
    m_idle->name = "_idle";
    m_idle->is_idle = true;
    m_sched->alloc_vcpu(*m_idle, nullptr);

    const std::uint64_t end = static_cast<std::uint64_t>(m_cfg.sdram_base) + m_cfg.sdram_bytes;
    int id = 0;
    m_arm_contexts.resize(m_cfg.domains.size());
    for (const domain_spec& spec : m_cfg.domains) {
        const std::uint64_t base = partition_base(m_cfg, static_cast<std::size_t>(id));
        if (base + spec.memory_bytes > end)
            throw std::invalid_argument("domain " + spec.name + " does not fit in SDRAM");
        auto d = std::make_unique<domain>();
        d->domain_id = id++;
        d->name = spec.name;
        d->memory_base = static_cast<std::uint32_t>(base);
        d->memory_size = spec.memory_bytes;
        // Built paused, as the domain builder leaves them (_VCPUF_down cleared at unpause).
        d->paused_by_controller = true;
        cpu::execution_context* context = spec.guest;
        if (spec.image) {  // a binary guest: its vcpu runs ARM code (xen_binary.cpp)
            m_arm_contexts[static_cast<std::size_t>(d->domain_id)] = std::make_unique<arm_vcpu_context>(d->domain_id);
            context = m_arm_contexts[static_cast<std::size_t>(d->domain_id)].get();
        }
        m_sched->alloc_vcpu(*d, context);
        // xc_*sched_domain_set -> DOM0_ADJUSTDOM -> the scheduler's adjdom.
        if (m_sched->ops().adjdom(*d, spec.sched) != 0)
            throw std::invalid_argument("scheduler rejected the parameters of " + spec.name);
        m_domains.push_back(std::move(d));
    }
}

std::uint32_t xen::shared_info_pa(const domain& d) const {
    return m_cfg.sdram_base + layout::shared_info_area_offset + static_cast<std::uint32_t>(d.domain_id) * layout::page_size;
}

// The domain builder's page tables (guest_page_tables.hpp) and zeroed shared_info pages,
// written into SDRAM through the bus.
void xen::build_address_spaces() {
    page_table_builder builder(m_cfg.sdram_base + layout::page_table_area_offset, layout::page_table_area_size,
                               [this](std::uint32_t pa, std::uint32_t v) { m_core->write32(pa, v); });
    for (std::size_t i = 0; i < m_domains.size(); ++i) {
        const domain& d = *m_domains[i];
        const domain_spec& spec = m_cfg.domains[i];
        m_domains[i]->shared_info_pa = shared_info_pa(d);
        for (std::uint32_t off = 0; off < layout::page_size; off += 4) m_core->write32(shared_info_pa(d) + off, 0);
        // Domains start with upcalls masked, as the domain builder leaves vcpu_info.
        m_core->write32(shared_info_pa(d) + abi::shinfo::vcpu0, 0x100u);
        m_evtchn->register_domain(*m_domains[i], shared_info_pa(d));
        address_space_spec as;
        as.identity = spec.identity_map;
        as.partition_base = d.memory_base;
        as.partition_size = d.memory_size;
        as.virtual_base = spec.virtual_base;
        as.shared_info_pa = shared_info_pa(d);
        as.xen_region_pa = m_cfg.sdram_base;
        as.xen_region_size = m_cfg.reserved_bytes;
        as.all_peripherals = d.domain_id == 0;  // dom0 drives the board's devices
        for (const device_grant& g : spec.devices) as.devices.push_back(g.window);
        const std::uint32_t used = builder.bytes_used();
        m_ttb.push_back(builder.build(as));
        m_pt_frames.push_back((builder.bytes_used() - used + layout::page_size - 1) / layout::page_size);
    }
}

// start.S turns on the MMU, the caches and the write buffer (SCTLR M, C, W, I).
void xen::enable_mmu() {
    using namespace cpu;
    m_core->cp15_write(cp15_ops::dacr, layout::dacr_guest_kernel);
    if (!m_ttb.empty()) m_core->cp15_write(cp15_ops::ttb, m_ttb.front());
    m_core->cp15_write(cp15_ops::invalidate_tlb, 0);
    m_core->cp15_write(cp15_ops::control,
                       m_core->cp15_read(cp15_ops::control) | sctlr::m | sctlr::c | sctlr::w | sctlr::i);
}

void xen::boot(cpu::arm926_core& core) {
    m_core = &core;
    m_booting = true;
    core.spend(m_costs.boot);
    init_time();
    create_domains();
    build_address_spaces();
    build_binary_guests();
    enable_mmu();
    m_sched->schedulers_start();
    // domain_unpause_by_systemcontroller for each domain, in creation order.
    for (auto& d : m_domains) {
        d->paused_by_controller = false;
        m_sched->vcpu_wake(*d->vcpu0);
    }
    m_log->info("booted: {} domains, HZ {}, LATCH {}, {} clock", m_domains.size(), m_clock.hz(), m_clock.latch(),
                m_clock.precise() ? "precise" : "jiffies");
    // The idle loop starts by servicing softirqs (the wake-ups raised SCHEDULE).
    do_softirq();
    m_booting = false;
}

// --- interrupts ---------------------------------------------------------------------------

void xen::timer_interrupt() {
    drv::gpt_ack(*m_core, drv::tick_timer_base);
    m_core->spend(m_costs.timer_tick);
    // timer_tick(1): jiffies, VIRQ_TIMER to the running non-idle vcpu, TIMER_SOFTIRQ.
    m_clock.tick(1);
    ++m_counters.ticks;
    vcpu& v = m_sched->curr();
    if (!is_idle_vcpu(v)) {
        if (m_cfg.time_update_at_tick) update_dom_time(v);  // compiled out in Xen-ARM: part of the fix
        // The later tree's timer_tick sends nothing: VIRQ_TIMER comes from the periodic timer.
        if (!m_cfg.virq_periodic_timer) send_timer_event(v);
    }
    m_softirqs.raise(timer_softirq);
}

void xen::irq(cpu::arm926_core& core) {
    core.spend(m_costs.irq_vector);
    if (!m_fatal.empty()) return;
    // entry.S loops on NIVECSR until the AITC reports nothing pending (upper half 0xFFFF).
    for (bool first = true;; first = false) {
        const std::uint32_t vec = drv::aitc_nivecsr(core);
        const std::uint32_t src = vec >> 16;
        if (src == 0xFFFF) {
            if (first) ++m_counters.spurious_irqs;  // the level was gone by the time it was read
            break;
        }
        ++m_counters.irqs;
        core.spend(m_costs.irq_dispatch);
        // level_irq_handler: mask (chip->ack), run the action, unmask.
        drv::aitc_disable(core, src);
        if (src == drv::tick_timer_irq) {
            timer_interrupt();
            drv::aitc_enable(core, src);
        } else if (src < m_pirq_owner.size() && m_pirq_owner[src]) {
            // Level, guest-bound: stays masked until the guest's PHYSDEVOP_IRQ_UNMASK_NOTIFY.
            handle_guest_bound_irq(src);
        } else {
            // No action registered: the source stays masked, as Xen leaves an unclaimed level IRQ.
            ++m_counters.unhandled_irqs;
            m_log->warn("unhandled IRQ source {} left masked", src);
        }
    }
    core.spend(m_costs.irq_exit);
    return_to_guest();
}

void xen::do_softirq() {
    while (m_softirqs.any()) {
        m_core->spend(m_costs.softirq_dispatch);
        switch (m_softirqs.take_lowest()) {
        case timer_softirq: {
            ++m_counters.softirqs_timer;
            m_core->spend(m_costs.timer_softirq);
            const unsigned fired = m_timers.run_expired([this] { return now(); });
            m_counters.timers_fired += fired;
            m_core->spend(fired * m_costs.timer_fire);
            break;
        }
        case schedule_softirq:
            ++m_counters.softirqs_schedule;
            m_core->spend(m_costs.schedule);
            m_sched->enter_scheduler();
            break;
        default:
            break;
        }
    }
}

cpu::execution_context* xen::current_context() {
    if (!m_fatal.empty()) return nullptr;  // hung: nothing runs any more
    return m_sched->curr().context;
}

// --- scheduler hooks ------------------------------------------------------------------------

// send_guest_virq(v, VIRQ_TIMER): through the port the vcpu bound to VIRQ_TIMER; with none
// bound Xen's send_guest_virq returns without effect (counted as unbound).
void xen::send_timer_event(vcpu& v) {
    ++m_counters.virq_timer_sent;
    if (!m_evtchn->send_guest_virq(v, abi::virq_timer)) ++m_counters.virq_timer_unbound;
}


void xen::context_switch(vcpu& prev, vcpu& next) {
    const std::uint64_t start = m_core->cycle();
    m_core->spend(m_costs.context_switch_base);
    // __switch_to: the outgoing vcpu's resume point is saved, the incoming one's restored.
    // A vcpu that runs ARM code keeps all its registers in its context, which the core saves
    // and loads (at boot no exception is in progress: the core loads the first one itself).
    prev.saved_return = m_core->exception_resume_pc();
    if (!m_booting && (runs_arm(prev) || runs_arm(next))) {
        m_core->switch_arm_context(runs_arm(next) ? next.context : nullptr);
        if (!runs_arm(next)) m_core->set_exception_spsr(static_cast<std::uint32_t>(cpu::mode::usr));
    }
    if (m_booting || !runs_arm(next)) m_core->set_exception_resume_pc(next.saved_return);
    // arm926_switch_mm (core-arm926.S) runs only for a non-idle next, and then even when
    // next is the guest that ran before idle: clean+invalidate D, invalidate I, drain the
    // write buffer, load TTB and DACR, invalidate the TLBs. Each step costs what CP15 says.
    if (!is_idle_vcpu(next)) {
        using namespace cpu;
        m_core->cp15_context_switch_flush();
        m_core->cp15_write(cp15_ops::ttb, m_ttb.at(static_cast<std::size_t>(next.dom->domain_id)));
        m_core->cp15_write(cp15_ops::dacr, layout::dacr_guest_kernel);
        m_core->cp15_write(cp15_ops::invalidate_tlb, 0);
    }
    m_counters.context_switch_cycles += m_core->cycle() - start;
    if (m_trace) {
        const auto track = [](const vcpu& v) { return is_idle_vcpu(v) ? cpu::owner_sleep : v.dom->domain_id; };
        m_trace->instant(cpu::owner_privileged, "context_switch", m_core->clock().time_of(start),
                         core::track_arg("prev", track(prev)), core::track_arg("next", track(next)),
                         core::arg("cycles", static_cast<std::int64_t>(m_core->cycle() - start)));
    }
    if (m_cfg.time_update_at_switch_in) update_dom_time(next);  // schedule.c's `//update_dom_time(next);`
}

// --- hypercalls and aborts ---------------------------------------------------------------------

std::uint32_t xen::trap(cpu::arm926_core& core, const cpu::trap_record& t) {
    const bool arm = runs_arm(m_sched->curr());
    if (t.kind == cpu::trap_kind::swi) {
        std::uint32_t r0;
        if (arm) {
            r0 = arm_trap(t);
        } else {
            core.spend(m_costs.hypercall_entry);
            r0 = do_hypercall(t);
            core.spend(m_costs.hypercall_exit);
            return_to_guest();
        }
        if (m_cfg.check_invariants && m_fatal.empty()) {
            ++m_counters.invariant_checks;
            if (!consistent()) {
                m_fatal = "hypervisor invariants violated after hypercall " + std::to_string(t.swi_number);
                m_log->error("{}", m_fatal);
                sc_core::sc_stop();
            }
        }
        return r0;
    }
    return arm ? arm_forward_trap(t) : data_abort(t);
}

// Xen-ARM forwards a guest's abort to the data-abort entry of the guest's trap table
// (on_fault: inject); a guest with no such entry leaves the platform hung, as on the real
// board. on_fault: kill destroys the domain instead and the others go on.
std::uint32_t xen::data_abort(const cpu::trap_record& t) {
    m_core->spend(m_costs.abort_entry);
    ++m_counters.data_aborts;
    domain& d = *m_sched->curr().dom;
    fault_record f{d.name, m_core->local_time(), t.fault_address, t.fault_status, ""};
    const domain_spec& spec = m_cfg.domains.at(static_cast<std::size_t>(d.domain_id));
    if (spec.on_fault == on_fault_policy::kill) {
        f.action = "killed";
        m_faults.push_back(f);
        m_log->warn("domain {} aborted at {:#010x} (FSR {:#04x}): destroyed", d.name, t.fault_address, t.fault_status);
        domain_kill(d);
        do_softirq();
        return 0;
    }
    vcpu& v = m_sched->curr();
    if (const std::uint32_t entry = v.trap_table[abi::vector_data_abort]) {
        // entry.S data abort from a guest: FAR and FSR into vcpu_info.arch, then the bounce.
        f.action = "injected";
        m_faults.push_back(f);
        ++m_counters.faults_injected;
        shinfo_write(d, abi::shinfo::vcpu0_arch_far, t.fault_address);
        shinfo_write(d, abi::shinfo::vcpu0_arch_fsr, t.fault_status);
        const std::uint64_t start = m_core->cycle();
        if (runs_arm(v))
            bounce_arm_guest(v, entry, m_core->exception_return_address());  // lr = the faulting instruction + 8
        else
            bounce_to_guest(v, entry);
        if (m_trace)
            m_trace->instant(d.domain_id, "abort_bounce", m_core->clock().time_of(start),
                             core::arg("far", t.fault_address), core::arg("fsr", t.fault_status),
                             core::arg("cycles", static_cast<std::int64_t>(m_core->cycle() - start)));
        return 0;
    }
    f.action = "hang";
    m_faults.push_back(f);
    char buf[160];
    std::snprintf(buf, sizeof buf, "domain %s took a data abort at %#010x (FSR %#04x) and has no abort handler: the platform hangs",
                  d.name.c_str(), t.fault_address, t.fault_status);
    m_fatal = buf;
    if (runs_arm(v)) {  // real code: say where (the abort's LR is the faulting instruction + 8)
        std::snprintf(buf, sizeof buf, " (the load or store at pc %#010x)", m_core->exception_return_address() - 8);
        m_fatal += buf;
    }
    m_log->error("{}", m_fatal);
    sc_core::sc_stop();
    return 0;
}

void xen::domain_kill(domain& d) {
    d.is_dying = true;
    m_evtchn->unregister_domain(d);  // evtchn_destroy: closes its ports, unbinds its IRQs
    ++m_counters.domains_killed;
    m_sched->stop_timer(d.vcpu0->timer);
    m_sched->stop_timer(d.vcpu0->poll_timer);
    m_sched->stop_timer(d.vcpu0->periodic_timer);
    m_sched->vcpu_sleep_nosync(*d.vcpu0);
}

std::uint32_t xen::do_hypercall(const cpu::trap_record& t) {
    ++m_counters.hypercalls;
    long rc;
    m_core->spend(m_costs.hypercall_body);
    const hypercall_slot slot = classify_hypercall(t.swi_number);
    if (m_cfg.virq_periodic_timer && t.swi_number == hc_vcpu_op) {
        rc = do_vcpu_op(t.r[0], t.r[1], t.r[2]);  // the later tree's do_vcpu_op
    } else if (slot != hypercall_slot::modelled) {
        if (m_cfg.quirks.ni_hypercall_hangs && (slot == hypercall_slot::ni || slot == hypercall_slot::beyond_table)) {
            m_fatal = "domain " + m_sched->curr().dom->name + " made hypercall " + std::to_string(t.swi_number) +
                      (slot == hypercall_slot::ni ? ": Xen-ARM's do_ni_hypercall spins forever"
                                                  : ": past Xen-ARM's hypercall_table, which invoke_hypercall does not bound");
            if (runs_arm(m_sched->curr())) {
                const bool thumb = (m_core->exception_spsr() >> 5) & 1u;  // CPSR.T (ARM DDI 0100I A2.5.8)
                char pc[128];
                std::snprintf(pc, sizeof pc, " (the SWI at pc %#010x%s)", t.return_pc - (thumb ? 2 : 4),
                              thumb ? ", Thumb state: Xen-ARM decodes the word at lr-4 as an ARM SWI" : "");
                m_fatal += pc;
            }
            m_log->error("{}", m_fatal);
            sc_core::sc_stop();
            return static_cast<std::uint32_t>(-xen_enosys);
        }
        rc = -xen_enosys;
    } else {
        switch (t.swi_number) {
        case hc_set_timer_op: {
            const s_time_t timeout = static_cast<s_time_t>((static_cast<std::uint64_t>(t.r[1]) << 32) | t.r[0]);
            m_core->spend(m_costs.set_timer);
            rc = m_sched->do_set_timer_op(timeout);
            break;
        }
        case hc_sched_op: rc = do_sched_op(t.r[0], t.r[1], false); break;
        case hc_set_trap_table: rc = do_set_trap_table(t.r[0]); break;
        case hc_restore_trap_frame: rc = do_restore_trap_frame(); break;
        case hc_console_io: rc = do_console_io(t.r[0], t.r[1], t.r[2]); break;
        case hc_physdev_op: rc = do_physdev_op(t.r[0]); break;
        case hc_xen_version: rc = t.r[0] == abi::xenver_version ? (3 << 16) | 0 : -xen_enosys; break;  // Xen 3.0
        case hc_event_channel_op: {
            vcpu& v = m_sched->curr();
            rc = m_evtchn->do_event_channel_op(*v.dom, v, t.r[0], make_guest_copy());
            break;
        }
        case hc_sched_op_compat: rc = do_sched_op(t.r[0], t.r[1], true); break;
        default: rc = -xen_enosys; break;
        }
    }
    if (rc < 0) ++m_counters.hypercall_errors;
    return static_cast<std::uint32_t>(rc);
}

long xen::do_sched_op(std::uint32_t cmd, std::uint32_t arg, bool compat) {
    vcpu& v = m_sched->curr();
    switch (cmd) {
    case schedop_yield: return m_sched->do_yield();
    case schedop_block: return m_sched->do_block();
    case schedop_shutdown: {
        std::uint32_t reason = arg;
        if (!compat && !copy_from_guest(arg, &reason, 1)) return -xen_efault;
        domain_shutdown(*v.dom, static_cast<int>(reason & 0xFF));
        return 0;
    }
    case schedop_poll: {
        if (compat) return -xen_enosys;
        std::uint32_t poll[abi::sched_poll_size / 4];
        if (!copy_from_guest(arg, poll, abi::sched_poll_size / 4)) return -xen_efault;
        const std::uint64_t timeout = (static_cast<std::uint64_t>(poll[3]) << 32) | poll[2];
        return do_poll(poll[0], poll[1], static_cast<s_time_t>(timeout));
    }
    default: return -xen_enosys;
    }
}

// do_vcpu_op (ryos36/xen-arm xen/common/domain.c), the periodic-timer commands only; the
// rest of VCPUOP_* is not modelled (-ENOSYS).
long xen::do_vcpu_op(std::uint32_t cmd, std::uint32_t vcpuid, std::uint32_t arg) {
    if (vcpuid != 0) return -xen_einval;  // MAX_VIRT_CPUS = 1 on ARM
    switch (cmd) {
    case abi::vcpuop_set_periodic_timer: {
        std::uint32_t period[2];
        if (!copy_from_guest(arg, period, 2)) return -xen_efault;
        const std::uint64_t ns = (static_cast<std::uint64_t>(period[1]) << 32) | period[0];
        if (ns > static_cast<std::uint64_t>(seconds(1000))) return -xen_einval;  // model bound: s_time_t
        return m_sched->set_periodic_timer(static_cast<s_time_t>(ns));
    }
    case abi::vcpuop_stop_periodic_timer: return m_sched->stop_periodic_timer();
    default: return -xen_enosys;
    }
}

// schedule.c do_poll: block with upcalls masked until one of the ports is pending (or the
// optional absolute timeout); evtchn_set_pending wakes a vcpu blocked with its mask set.
long xen::do_poll(std::uint32_t ports_va, std::uint32_t nr_ports, s_time_t timeout) {
    vcpu& v = m_sched->curr();
    if (nr_ports > abi::sched_poll_max_ports) return -xen_einval;
    if (!upcall_masked(v)) return -xen_einval;
    v.blocked = true;
    for (std::uint32_t i = 0; i < nr_ports; ++i) {
        std::uint32_t port;
        if (!copy_from_guest(ports_va + 4 * i, &port, 1)) {
            v.blocked = false;
            return -xen_efault;
        }
        if (port >= max_evtchns) {
            v.blocked = false;
            return -xen_einval;
        }
        const std::uint32_t pending = shinfo_read(*v.dom, abi::shinfo::pending_word(port));
        if (pending & abi::shinfo::port_bit(port)) {
            v.blocked = false;
            return 0;
        }
    }
    if (timeout != 0) m_sched->set_timer(v.poll_timer, timeout);
    v.continuation = [this, &v] {
        m_sched->stop_timer(v.poll_timer);
        v.blocked = false;
    };
    m_sched->enter_scheduler();
    return 0;
}

void xen::domain_shutdown(domain& d, int reason) {
    if (d.domain_id == 0) {
        // domain_shutdown (xen/common/domain.c): for dom0, SHUTDOWN_poweroff calls
        // machine_halt(); crash and every other reason machine_restart(). Either ends the run.
        m_machine_stop = {true, reason == abi::shutdown_poweroff ? "halt" : "restart", reason, m_core->local_time()};
        m_log->info("domain 0 shut down (reason {}): machine {}", reason, m_machine_stop.action);
        d.is_shutdown = true;
        d.shutdown_reason = reason;
        m_sched->vcpu_sleep_nosync(*d.vcpu0);
        sc_core::sc_stop();
        return;
    }
    d.is_shutdown = true;
    d.shutdown_reason = reason;
    m_log->info("domain {} shut down (reason {})", d.name, reason);
    m_sched->vcpu_sleep_nosync(*d.vcpu0);
}

void xen::register_stats(core::stats_registry& reg, const std::string& prefix) const {
    const xen_counters& c = m_counters;
    reg.add(prefix + ".irqs", &c.irqs);
    reg.add(prefix + ".spurious_irqs", &c.spurious_irqs);
    reg.add(prefix + ".unhandled_irqs", &c.unhandled_irqs);
    reg.add(prefix + ".ticks", &c.ticks);
    reg.add(prefix + ".softirqs.timer", &c.softirqs_timer);
    reg.add(prefix + ".softirqs.schedule", &c.softirqs_schedule);
    reg.add(prefix + ".timers_fired", &c.timers_fired);
    reg.add(prefix + ".hypercalls", &c.hypercalls);
    reg.add(prefix + ".hypercall_errors", &c.hypercall_errors);
    reg.add(prefix + ".virq_timer.sent", &c.virq_timer_sent);
    reg.add(prefix + ".virq_timer.unbound", &c.virq_timer_unbound);
    reg.add(prefix + ".data_aborts", &c.data_aborts);
    reg.add(prefix + ".context_switch_cycles", &c.context_switch_cycles);
    reg.add(prefix + ".domains_killed", &c.domains_killed);
    reg.add(prefix + ".upcalls", &c.upcalls);
    reg.add(prefix + ".upcalls_without_entry", &c.upcalls_without_entry);
    reg.add(prefix + ".time_updates", &c.time_updates);
    reg.add(prefix + ".faults_injected", &c.faults_injected);
    reg.add(prefix + ".guest_irqs", &c.guest_irqs);
    reg.add(prefix + ".invariant_checks", &c.invariant_checks);
    using value = core::stats_registry::value;
    reg.add(prefix + ".jiffies", [this]() -> value { return m_clock.jiffies(); });
    reg.add(prefix + ".latch", [this]() -> value { return std::uint64_t{m_clock.latch()}; });
    const schedule_counters& s = m_sched->counters();
    reg.add(prefix + ".scheduler.schedules", &s.schedules);
    reg.add(prefix + ".scheduler.context_switches", &s.context_switches);
    reg.add(prefix + ".scheduler.continues", &s.continues);
    reg.add(prefix + ".scheduler.wakes", &s.wakes);
    reg.add(prefix + ".scheduler.blocks", &s.blocks);
    reg.add(prefix + ".scheduler.yields", &s.yields);
}

bool xen::consistent() const {
    return m_timers.consistent() && m_sched->ops().consistent() && m_evtchn->consistent();
}

}  // namespace rtv::hv
