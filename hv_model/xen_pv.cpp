// SPDX-License-Identifier: Apache-2.0
// The para-virtual interface of the Xen-ARM model: shared_info in guest memory, upcall
// delivery and the trap frame (xen/arch/arm/xen/entry.S return_to_guest/do_upcall,
// hypercalls.S do_restore_trap_frame), set_trap_table (traps.c), console_io
// (drivers/char/console.c), guest time (the paper's update_dom_time fix) and guest copies.
#include <algorithm>

#include "hv_model/imx21_drivers.hpp"
#include "hv_model/memory_layout.hpp"
#include "hv_model/public/hypercall_abi.hpp"
#include "hv_model/public/shared_info_layout.hpp"
#include "hv_model/xen.hpp"

namespace rtv::hv {

namespace shinfo = abi::shinfo;

using abi::hypervisor_virt_start;

std::uint32_t xen::shinfo_read(const domain& d, std::uint32_t offset) {
    return m_core->read32(d.shared_info_pa + offset);
}

void xen::shinfo_write(const domain& d, std::uint32_t offset, std::uint32_t value) {
    m_core->write32(d.shared_info_pa + offset, value);
}

// evtchn_upcall_pending is byte 0 and evtchn_upcall_mask byte 1 of vcpu_info's first word.

bool xen::upcall_pending(const vcpu& v) { return (shinfo_read(*v.dom, shinfo::vcpu0) & 0xFFu) != 0; }

bool xen::upcall_masked(const vcpu& v) { return ((shinfo_read(*v.dom, shinfo::vcpu0) >> 8) & 0xFFu) != 0; }

void xen::set_upcall_mask(const vcpu& v, bool masked) {
    const std::uint32_t w = shinfo_read(*v.dom, shinfo::vcpu0);
    shinfo_write(*v.dom, shinfo::vcpu0, (w & ~0xFF00u) | (masked ? 0x100u : 0u));
}

void xen::clear_upcall_mask(vcpu& v) {
    if (!is_idle_vcpu(v)) set_upcall_mask(v, false);
}

bool xen::event_pending(vcpu& v) { return !is_idle_vcpu(v) && m_evtchn->event_pending(v); }

void xen::return_to_guest() {
    do_softirq();
    if (!m_fatal.empty()) return;
    vcpu& v = m_sched->curr();
    // entry.S return_to_guest loads evtchn_upcall_mask, then evtchn_upcall_pending: two loads.
    if (is_idle_vcpu(v) || upcall_masked(v) || !upcall_pending(v)) {
        if (!is_idle_vcpu(v) && runs_arm(v)) resume_arm_guest(v);
        return;
    }
    const std::uint32_t entry = v.trap_table[abi::vector_irq];
    if (entry == 0) {
        // entry.S do_upcall: `beq trap_table_invalid`, which branches to itself.
        ++m_counters.upcalls_without_entry;
        m_fatal = "domain " + v.dom->name +
                  " has an event pending but no IRQ entry in its trap table: Xen-ARM spins in trap_table_invalid";
        m_log->error("{}", m_fatal);
        sc_core::sc_stop();
        return;
    }
    ++m_counters.upcalls;
    ++v.upcalls;
    const std::uint64_t start = m_core->cycle();
    if (runs_arm(v))
        bounce_arm_guest(v, entry, m_core->exception_resume_pc());  // lr = the interrupted pc
    else
        bounce_to_guest(v, entry);
    if (m_trace)
        m_trace->instant(v.dom->domain_id, "upcall", m_core->clock().time_of(start),
                         core::arg("cycles", static_cast<std::int64_t>(m_core->cycle() - start)));
}

void xen::bounce_to_guest(vcpu& v, std::uint32_t entry) {
    m_core->spend(m_costs.upcall);
    set_upcall_mask(v, true);
    // The trap frame: where the guest resumes (TLR, which restore_trap_frame loads into the
    // PC) and its status register (TSPSR). The native engine has no stack pointer (TSP 0).
    // (Resume PCs, not raw LRs: after an IRQ taken from a binary guest's ARM code that Xen
    // switched away from, LR carries that exception's adjustment.)
    shinfo_write(*v.dom, shinfo::vcpu0_arch_sp, 0);
    shinfo_write(*v.dom, shinfo::vcpu0_arch_lr, m_core->exception_resume_pc());
    shinfo_write(*v.dom, shinfo::vcpu0_arch_spsr, m_core->exception_spsr());
    m_core->cp15_write(cpu::cp15_ops::dacr, layout::dacr_guest_kernel);
    m_core->set_exception_resume_pc(entry);
}

long xen::do_restore_trap_frame() {
    vcpu& v = m_sched->curr();
    if (runs_arm(v)) {
        // hypercalls.S: user sp = TSP, pc = TLR, SPSR = TSPSR with mode USR, the virtual mode
        // = TSPSR's mode field, the other mode's sp = the sp at the SWI; upcalls unmasked.
        const std::uint32_t tspsr = shinfo_read(*v.dom, shinfo::vcpu0_arch_spsr);
        const std::uint32_t tlr = shinfo_read(*v.dom, shinfo::vcpu0_arch_lr);
        const std::uint32_t tsp = shinfo_read(*v.dom, shinfo::vcpu0_arch_sp);
        const std::uint32_t usp = m_core->user_reg(13);
        m_core->set_user_reg(13, tsp);
        m_core->set_exception_resume_pc(tlr);
        m_core->set_exception_spsr((tspsr & ~0x1Fu) | static_cast<std::uint32_t>(cpu::mode::usr));
        v.virtual_kernel = (tspsr & 0x1Fu) == static_cast<std::uint32_t>(cpu::mode::svc);
        v.other_sp = usp;
        set_upcall_mask(v, false);
        return 0;
    }
    const std::uint32_t tlr = shinfo_read(*v.dom, shinfo::vcpu0_arch_lr);
    m_core->set_exception_resume_pc(tlr);
    set_upcall_mask(v, false);
    return 0;
}

// update_dom_time: the vcpu's time record inside a version bracket (odd while it changes),
// fields in the order Samsung's time.c __update_dom_time writes them: freetimer_overflows,
// system_time, offset. `jiffies` is that function enabled: system_time = NOW() of the jiffy
// clock (get_s_time = jiffies_64 * (10^9 / HZ)), offset 0 and freetimer_overflows 0 (the
// variant copies them from globals nothing in the imported tree advances). `precise` is the
// paper's fix: true time from jiffies and TCN, offset = the time since the last tick.
void xen::update_dom_time(vcpu& v) {
    if (m_cfg.time_update == time_update_kind::none || is_idle_vcpu(v)) return;
    const domain& d = *v.dom;
    std::uint32_t version = shinfo_read(d, shinfo::vcpu0_time_version);
    version = (version + 1) | 1u;  // version_update_begin
    shinfo_write(d, shinfo::vcpu0_time_version, version);
    std::uint64_t system_time = static_cast<std::uint64_t>(m_clock.jiffies_now());
    std::uint64_t since_tick = 0;
    if (m_cfg.time_update == time_update_kind::precise) {
        const std::uint32_t tcn = read_tcn();
        const bool pending = m_clock.at_compare(tcn) && drv::gpt_compare_pending(*m_core, drv::tick_timer_base);
        system_time = static_cast<std::uint64_t>(m_clock.precise_now(tcn, pending));
        since_tick = (m_clock.at_compare(tcn) && !pending) ? 0 : tcn * 1'000'000'000ULL / clk32_hz;
    }
    shinfo_write(d, shinfo::vcpu0_time_freetimer_overflows, 0);
    shinfo_write(d, shinfo::vcpu0_time_system_time, static_cast<std::uint32_t>(system_time));
    shinfo_write(d, shinfo::vcpu0_time_system_time + 4, static_cast<std::uint32_t>(system_time >> 32));
    shinfo_write(d, shinfo::vcpu0_time_offset, static_cast<std::uint32_t>(since_tick));
    shinfo_write(d, shinfo::vcpu0_time_offset + 4, static_cast<std::uint32_t>(since_tick >> 32));
    shinfo_write(d, shinfo::vcpu0_time_version, version + 1);  // version_update_end
    ++m_counters.time_updates;
}

// copy_from_user/copy_to_user: word by word through the current page table, refusing
// anything misaligned, wrapping or at or above HYPERVISOR_VIRT_START (access_ok).
template <class Access>
bool xen::copy_guest_words(std::uint32_t va, std::uint32_t count, Access access) {
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t a = va + 4 * i;
        if ((a & 3) || a < va || a >= hypervisor_virt_start) return false;
        if (!access(a, i)) return false;
    }
    return true;
}

bool xen::copy_from_guest(std::uint32_t va, std::uint32_t* words, std::uint32_t count) {
    return copy_guest_words(va, count, [&](std::uint32_t a, std::uint32_t i) { return m_core->read_virtual32(a, words[i]); });
}

bool xen::copy_to_guest(std::uint32_t va, const std::uint32_t* words, std::uint32_t count) {
    return copy_guest_words(va, count, [&](std::uint32_t a, std::uint32_t i) { return m_core->write_virtual32(a, words[i]); });
}

// traps.c do_set_trap_table: exactly TRAP_TABLE_ENTRIES entries, none with address 0;
// anything else clears the table and answers -EFAULT.
long xen::do_set_trap_table(std::uint32_t va) {
    vcpu& v = m_sched->curr();
    std::array<std::uint32_t, abi::trap_table_entries> table{};
    bool ok = va != 0;
    for (std::uint32_t i = 0; ok && i < abi::trap_table_entries; ++i) {
        std::uint32_t ti[2];
        ok = copy_from_guest(va + i * abi::trap_info_size, ti, 2) && ti[1] != 0;
        if (ok) table[i] = ti[1];
    }
    if (!ok) {
        v.trap_table.fill(0);
        return -xen_efault;
    }
    v.trap_table = table;
    return 0;
}

// console.c do_console_io: only domain 0 may use it in Xen's default build (verbose=n);
// the write copies the guest buffer in chunks of 127 bytes.
long xen::do_console_io(std::uint32_t cmd, std::uint32_t count, std::uint32_t va) {
    domain& d = *m_sched->curr().dom;
    if (d.domain_id != 0) return -xen_eperm;
    if (cmd == abi::consoleio_read) return 0;  // no serial input is modelled
    if (cmd != abi::consoleio_write) return -xen_enosys;
    const auto n = static_cast<std::int32_t>(count);
    for (std::int32_t done = 0; done < n;) {
        const std::uint32_t a = va + static_cast<std::uint32_t>(done);
        std::uint32_t word;
        if (!copy_from_guest(a & ~3u, &word, 1)) return -xen_efault;
        for (std::uint32_t b = a & 3u; b < 4 && done < n; ++b, ++done) d.console.push_back(static_cast<char>(word >> (8 * b)));
    }
    return 0;
}

std::map<std::string, std::string> xen::consoles() const {
    std::map<std::string, std::string> out;
    for (const auto& d : m_domains) out[d->name] = d->console;
    return out;
}

}  // namespace rtv::hv

namespace rtv::hv {

void xen::vcpu_unblock(vcpu& v) {
    if (v.blocked) {
        v.blocked = false;
        m_sched->vcpu_wake(v);
    }
}

// Only the tick source belongs to Xen; dom0 may have any other, other domains the
// interrupts of the devices they were given (irq_caps).
bool xen::irq_access_permitted(const domain& d, std::uint32_t pirq) {
    if (pirq == drv::tick_timer_irq || pirq >= m_pirq_owner.size()) return false;
    if (d.domain_id == 0) return true;
    for (const device_grant& g : m_cfg.domains.at(static_cast<std::size_t>(d.domain_id)).devices)
        if (g.irq == pirq) return true;
    return false;
}

long xen::pirq_guest_bind(vcpu& v, std::uint32_t pirq, bool) {
    if (pirq >= m_pirq_owner.size()) return -xen_einval;
    if (m_pirq_owner[pirq]) return -xen_ebusy;  // one guest per IRQ here (no sharing modelled)
    m_pirq_owner[pirq] = v.dom;
    m_pirq_in_flight[pirq] = 0;
    drv::aitc_enable(*m_core, pirq);  // desc->chip->unmask
    return 0;
}

void xen::pirq_guest_unbind(domain& d, std::uint32_t pirq) {
    if (pirq >= m_pirq_owner.size() || m_pirq_owner[pirq] != &d) return;
    if ((d.pirq_mask >> pirq) & 1u) {
        d.pirq_mask &= ~(1ull << pirq);
        if (--m_pirq_in_flight[pirq] == 0) drv::aitc_enable(*m_core, pirq);
    }
    drv::aitc_disable(*m_core, pirq);
    m_pirq_owner[pirq] = nullptr;
}

// irq.c handle_guest_bound_irq for a level source (ACK_TYPE_UNMASK): note it in flight,
// send the guest its PIRQ; the source stays masked at the AITC.
void xen::handle_guest_bound_irq(std::uint32_t irq) {
    domain& d = *m_pirq_owner[irq];
    ++m_counters.guest_irqs;
    if (!((d.pirq_mask >> irq) & 1u)) {
        d.pirq_mask |= 1ull << irq;
        ++m_pirq_in_flight[irq];
    }
    m_evtchn->send_guest_pirq(d, irq);
}

// irq.c pirq_guest_unmask: every in-flight IRQ of the domain whose port is not masked is
// unmasked at the AITC once nobody has it in flight.
long xen::pirq_guest_unmask(domain& d) {
    for (std::uint32_t pirq = 0; pirq < m_pirq_owner.size(); ++pirq) {
        if (!((d.pirq_mask >> pirq) & 1u)) continue;
        const std::uint16_t port = m_evtchn->pirq_to_evtchn(d, pirq);
        const std::uint32_t mask = shinfo_read(d, abi::shinfo::mask_word(port));
        if (mask & abi::shinfo::port_bit(port)) continue;
        d.pirq_mask &= ~(1ull << pirq);
        if (--m_pirq_in_flight[pirq] == 0) drv::aitc_enable(*m_core, pirq);
    }
    return 0;
}

long xen::do_physdev_op(std::uint32_t op_va) {
    std::uint32_t op[abi::physdev_op_size / 4];
    if (!copy_from_guest(op_va, op, abi::physdev_op_size / 4)) return -xen_efault;
    switch (op[0]) {
    case abi::physdevop_irq_unmask_notify: return pirq_guest_unmask(*m_sched->curr().dom);
    default: return -xen_enosys;
    }
}

guest_copy xen::make_guest_copy() {
    guest_copy c;
    c.from_guest = [this](std::uint32_t va, void* dst, std::size_t len) {
        if (len % 4) return false;
        return copy_from_guest(va, static_cast<std::uint32_t*>(dst), static_cast<std::uint32_t>(len / 4));
    };
    c.to_guest = [this](std::uint32_t va, const void* src, std::size_t len) {
        if (len % 4) return false;
        return copy_to_guest(va, static_cast<const std::uint32_t*>(src), static_cast<std::uint32_t>(len / 4));
    };
    return c;
}

}  // namespace rtv::hv
