// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/ucos/ucos_guest.hpp"

#include <stdexcept>

#include "hv_model/public/event_channel_abi.hpp"
#include "hv_model/public/hypercall_abi.hpp"
#include "hv_model/public/shared_info_layout.hpp"
#include "sim/core/log.hpp"
#include "sim/imx21_periph/imx21_map.hpp"

namespace rtv::rtos {

namespace abi = hv::abi;
namespace shinfo = hv::abi::shinfo;
using cpu::step;

namespace {

// The guest's view of time for its metrics: the core's own (exact) time.
core::picoseconds now() { return core::log_time(); }

std::uint32_t shared(std::uint32_t offset) { return abi::shared_info_va + offset; }

}  // namespace

ucos_guest::ucos_guest(std::string name, int account, const ucos_config& cfg, const ucos_guest_setup& setup,
                       std::uint64_t seed, const ucos_costs& costs)
    : guest(std::move(name), account),
      m_kernel(cfg, seed, costs),
      m_base(setup.memory_base),
      m_mode(setup.mode),
      m_devices(setup.devices),
      m_periodic_timer(setup.periodic_timer),
      m_device_ports(setup.devices.size(), 0) {
    m_block_item.reset({step::hypercall(abi::hc_sched_op, {abi::schedop_block, 0, 0, 0, 0})});
}

std::uint64_t gpt_period_counts(std::uint64_t period_ps, std::uint64_t clock_hz) {
    // Rounded to nearest (floor(2x) then halved), in 128-bit arithmetic.
    const std::uint64_t twice = core::mul_div_floor(period_ps, 2 * clock_hz, core::ps_per_second);
    return std::max<std::uint64_t>(2, (twice + 1) / 2);
}

// --- the native engine's interface ------------------------------------------------------------

cpu::work_item& ucos_guest::next_work() {
    if (!m_dispatched) {
        m_dispatched = true;
        m_first_dispatch = now();
        boot_trap_table();
    }
    if (m_port_active) return m_port_item;
    if (cpu::work_item* r = rogue_item()) return *r;
    // Task level: whatever uC/OS-II's scheduler runs now.
    cpu::work_item& w = m_kernel.next_work(now());
    if (w.done() && m_kernel.idle_wants_block()) {
        ++m_counters.blocks;
        m_block_item.position = 0;
        return m_block_item;
    }
    return w;
}

void ucos_guest::item_completed(cpu::work_item& item) {
    if (is_rogue(item) || &item == &m_block_item) return;
    if (&item == &m_port_item) {
        m_port_active = false;
        continuation k = std::move(m_port_k);
        m_port_k = nullptr;
        if (k) k(item);
        return;
    }
    m_kernel.work_completed(item, now());
}

void ucos_guest::item_interrupted(cpu::work_item& item) {
    if (is_rogue(item) || &item == &m_block_item || &item == &m_port_item) return;  // resumes where it was
    m_kernel.work_interrupted(item, now());
}

void ucos_guest::enter_at(std::uint32_t address) {
    if (address == vector_va(abi::vector_irq))
        upcall_begin();
    else if (address == vector_va(abi::vector_data_abort))
        fault_begin();
    else
        throw std::logic_error(name() + ": entered at an address that is not one of its vectors");
}

void ucos_guest::run_port_code(std::vector<step> steps, continuation k) {
    m_port_item.reset(std::move(steps));
    m_port_k = std::move(k);
    m_port_active = true;
}

bool ucos_guest::check(const step& s) {
    if (s.result < 0) {
        ++m_counters.hypercall_errors;
        core::logger("ucos")->warn("{}: hypercall {} failed with {}", name(), s.number, s.result);
        return false;
    }
    return true;
}

// --- boot -----------------------------------------------------------------------------------

// HYPERVISOR_set_trap_table with all eight vectors (Xen-ARM rejects a table with a hole).
void ucos_guest::boot_trap_table() {
    std::vector<step> s{step::compute_for(m_kernel.costs().port_boot)};
    for (std::uint32_t v = 0; v < abi::trap_table_entries; ++v) {
        s.push_back(step::store_to(trap_table_va() + v * abi::trap_info_size + abi::trap_info_flags, 0));
        s.push_back(step::store_to(trap_table_va() + v * abi::trap_info_size + abi::trap_info_address, vector_va(v)));
    }
    s.push_back(step::hypercall(abi::hc_set_trap_table, {trap_table_va(), 0, 0, 0, 0}));
    run_port_code(std::move(s), [this](cpu::work_item& it) {
        if (!check(it.steps.back())) throw std::runtime_error(name() + ": set_trap_table failed");
        boot_bind_virq();
    });
}

// EVTCHNOP_bind_virq(VIRQ_TIMER, vcpu 0): the evtchn_op is marshalled in guest memory.
void ucos_guest::boot_bind_virq() {
    const std::uint32_t a = args_va();
    run_port_code({step::store_to(a + 0, abi::evtchnop_bind_virq), step::store_to(a + 4, abi::virq_timer),
                   step::store_to(a + 8, 0), step::hypercall(abi::hc_event_channel_op, {a, 0, 0, 0, 0}),
                   step::load_from(a + 12)},
                  [this](cpu::work_item& it) {
                      if (!check(it.steps[3])) throw std::runtime_error(name() + ": cannot bind VIRQ_TIMER");
                      m_timer_port = it.steps[4].value;
                      boot_periodic_timer();
                  });
}

// The later tree only: VCPUOP_set_periodic_timer(vcpu 0, { period_ns = 10^9 / OS_TICKS_PER_SEC }).
void ucos_guest::boot_periodic_timer() {
    if (!m_periodic_timer) {
        boot_device(0);
        return;
    }
    const std::uint32_t a = args_va();
    const std::uint64_t period_ns = 1'000'000'000ULL / m_kernel.config().ticks_per_sec;
    run_port_code({step::store_to(a + 0, static_cast<std::uint32_t>(period_ns)),
                   step::store_to(a + 4, static_cast<std::uint32_t>(period_ns >> 32)),
                   step::hypercall(abi::hc_vcpu_op, {abi::vcpuop_set_periodic_timer, 0, a, 0, 0})},
                  [this](cpu::work_item& it) {
                      if (!check(it.steps[2])) throw std::runtime_error(name() + ": cannot set the periodic timer");
                      boot_device(0);
                  });
}

// Each device: EVTCHNOP_bind_pirq, then its driver programs the GPT (restart mode on
// PERCLK1, compare interrupt) through the device's mapping.
void ucos_guest::boot_device(std::size_t i) {
    if (i >= m_devices.size()) {
        // The corrected clock's t0, read while upcalls are still masked (nothing can interrupt
        // port code with an upcall then).
        if (m_mode == tick_mode::corrected) {
            read_shared_time(0, [this](std::uint64_t t) {
                m_t0_ns = m_last_ns = t;
                boot_enable_events();
            });
            return;
        }
        boot_enable_events();
        return;
    }
    const ucos_device& d = m_devices[i];
    const std::uint32_t a = args_va();
    const std::uint64_t counts = gpt_period_counts(d.period_ps, d.clock_hz);
    run_port_code(
        {step::store_to(a + 0, abi::evtchnop_bind_pirq), step::store_to(a + 4, d.irq), step::store_to(a + 8, 0),
         step::hypercall(abi::hc_event_channel_op, {a, 0, 0, 0, 0}), step::load_from(a + 12),
         step::store_to(d.base + imx21::gpt_tctl, 0), step::store_to(d.base + imx21::gpt_tprer, 0),
         step::store_to(d.base + imx21::gpt_tcmp, static_cast<std::uint32_t>(counts - 1)),
         step::store_to(d.base + imx21::gpt_tctl, (imx21::gpt_clk_perclk1 << imx21::gpt_tctl_clksource_shift) |
                                                      imx21::gpt_tctl_comp_en | imx21::gpt_tctl_ten)},
        [this, i](cpu::work_item& it) {
            if (!check(it.steps[3])) throw std::runtime_error(name() + ": cannot bind the IRQ of " + m_devices[i].name);
            m_device_ports[i] = it.steps[4].value;
            boot_device(i + 1);
        });
}

// Clear evtchn_upcall_mask, then a harmless hypercall so that an event that became pending
// during boot (a device interrupt, a tick) is delivered now (Mini-OS's force_evtchn_callback).
// The first-dispatch VIRQ_TIMER is not among them: Xen sent it before the port was bound.
void ucos_guest::boot_enable_events() {
    run_port_code({step::atomic_rmw(shared(shinfo::vcpu0), ~0xFF00u, 0),
                   step::hypercall(abi::hc_xen_version, {abi::xenver_version, 0, 0, 0, 0})},
                  [this](cpu::work_item&) {
                      m_port_interruptible = false;
                      m_kernel.os_start(now());
                      m_started = true;
                  });
    // Once the mask is clear an upcall may come before the forced callback: then boot ends there.
    m_port_interruptible = true;
}

// --- the event upcall (Mini-OS's do_hypervisor_callback) -----------------------------------

void ucos_guest::upcall_begin() {
    ++m_counters.upcalls;
    // Port code runs with upcalls masked (boot until its last item, handlers always), so an
    // upcall only ever interrupts the task level or the idle block.
    if (m_port_active && m_port_interruptible) {
        m_port_active = false;
        continuation k = std::move(m_port_k);
        m_port_k = nullptr;
        k(m_port_item);
    }
    if (m_port_active) throw std::logic_error(name() + ": upcall while port code was running");
    run_port_code({step::compute_for(m_kernel.costs().port_upcall_entry),
                   step::atomic_rmw(shared(shinfo::vcpu0), ~0xFFu, 0),  // upcall_pending = 0
                   step::atomic_rmw(shared(shinfo::vcpu0_pending_sel), 0, 0)},  // xchg(sel, 0)
                  [this](cpu::work_item& it) { upcall_scan(it.steps[2].value, 0); });
}

// Word by word of the selector: read pending and mask, handle the lowest pending unmasked
// port, and read the word again until nothing in it is ready.
void ucos_guest::upcall_scan(std::uint32_t sel, unsigned word) {
    while (word < 32 && !((sel >> word) & 1u)) ++word;
    if (word >= 32) {
        upcall_end();
        return;
    }
    run_port_code({step::load_from(shared(shinfo::evtchn_pending + 4 * word)),
                   step::load_from(shared(shinfo::evtchn_mask + 4 * word))},
                  [this, sel, word](cpu::work_item& it) {
                      const std::uint32_t ready = it.steps[0].value & ~it.steps[1].value;
                      if (!ready) {
                          upcall_scan(sel, word + 1);
                          return;
                      }
                      unsigned bit = 0;
                      while (!((ready >> bit) & 1u)) ++bit;
                      upcall_dispatch(32 * word + bit, sel, word);
                  });
}

void ucos_guest::upcall_dispatch(std::uint32_t port, std::uint32_t sel, unsigned word) {
    auto rescan = [this, sel, word] { upcall_scan(sel, word); };
    run_port_code({step::compute_for(m_kernel.costs().port_dispatch),
                   step::atomic_rmw(shared(shinfo::pending_word(port)), ~shinfo::port_bit(port), 0)},  // clear_evtchn
                  [this, port, rescan](cpu::work_item&) {
                      if (port == m_timer_port && m_started) {
                          if (m_mode == tick_mode::naive)
                              tick_naive(rescan);
                          else
                              tick_corrected(rescan);
                          return;
                      }
                      for (std::size_t d = 0; d < m_devices.size(); ++d)
                          if (port == m_device_ports[d] && m_started) {
                              device_event(d, rescan);
                              return;
                          }
                      rescan();  // an event the guest does not use (or before OSStart)
                  });
}

void ucos_guest::upcall_end() {
    run_port_code({step::hypercall(abi::hc_restore_trap_frame)}, nullptr);
}

// --- the tick handler -------------------------------------------------------------------------

// The unmodified port: one OSTimeTick per VIRQ_TIMER received.
void ucos_guest::tick_naive(std::function<void()> then) {
    ++m_counters.virqs_handled;
    tick_done(m_kernel.time_tick(now()), std::move(then));
}

// Reads shared_info's system_time with the version protocol: version, time, version again;
// an odd or changed version means Xen updated it in between (an interrupt fell between the
// reads), and the reader tries again.
void ucos_guest::read_shared_time(std::uint64_t extra_cycles, std::function<void(std::uint64_t)> then) {
    ++m_counters.time_reads;
    run_port_code({step::load_from(shared(shinfo::vcpu0_time_version)),
                   step::compute_for(m_kernel.costs().port_time_read_gap),
                   step::load_from(shared(shinfo::vcpu0_time_system_time)),
                   step::load_from(shared(shinfo::vcpu0_time_system_time + 4)),
                   step::load_from(shared(shinfo::vcpu0_time_version)), step::compute_for(extra_cycles)},
                  [this, extra_cycles, then](cpu::work_item& it) {
                      const std::uint32_t v1 = it.steps[0].value, v2 = it.steps[4].value;
                      if ((v1 & 1u) || v1 != v2) {
                          ++m_counters.time_retries;
                          read_shared_time(extra_cycles, then);
                          return;
                      }
                      then((static_cast<std::uint64_t>(it.steps[3].value) << 32) | it.steps[2].value);
                  });
}

// The paper's handler: read shared_info time; if it has not moved since the last look count
// one tick, otherwise set the clock to floor((now - t0) / tick), never back. t0 is the shared
// time the port read at boot, so OSTime counts from the guest's start as the drift metric does
// (a "t0 at the first tick" would start the clock a tick late; see docs/models/ucos_port.md).
void ucos_guest::tick_corrected(std::function<void()> then) {
    read_shared_time(m_kernel.costs().port_time_rule, [this, then](std::uint64_t t) {
                      ++m_counters.virqs_handled;
                      const std::uint64_t tick_ns = 1'000'000'000ULL / m_kernel.config().ticks_per_sec;
                      std::uint64_t cycles;
                      if (t == m_last_ns) {
                          cycles = m_kernel.time_tick(now());
                      } else {
                          m_last_ns = t;
                          const std::uint64_t target = t >= m_t0_ns ? (t - m_t0_ns) / tick_ns : 0;
                          if (target > m_kernel.os_time() + 1) ++m_counters.clock_jumps;
                          cycles = m_kernel.advance_to(std::max(target, m_kernel.os_time()), now());
                      }
                      tick_done(cycles, then);
    });
}

void ucos_guest::tick_done(std::uint64_t cycles, std::function<void()> then) {
    run_port_code({step::compute_for(cycles)}, [this, then](cpu::work_item&) {
        const tick_sample sample{now(), m_counters.virqs_handled, m_kernel.os_time()};
        if (m_tick_sink)
            m_tick_sink(sample);
        else
            m_ticks.push_back(sample);
        then();
    });
}

// --- the device interrupt ---------------------------------------------------------------------

// Release the device's event tasks, acknowledge the GPT (TSTAT is write-1-to-clear) and
// let Xen unmask the level source (PHYSDEVOP_IRQ_UNMASK_NOTIFY).
void ucos_guest::device_event(std::size_t dev, std::function<void()> then) {
    ++m_counters.device_events;
    std::uint64_t cycles = 0;
    const core::picoseconds t = now();
    const core::picoseconds arrival = m_devices[dev].arrival_probe ? m_devices[dev].arrival_probe() : t;
    for (unsigned task : m_devices[dev].tasks) cycles += m_kernel.event_arrival(task, t, arrival);
    const std::uint32_t a = args_va();
    run_port_code({step::compute_for(cycles),
                   step::store_to(m_devices[dev].base + imx21::gpt_tstat, imx21::gpt_tstat_comp | imx21::gpt_tstat_capt),
                   step::store_to(a, abi::physdevop_irq_unmask_notify),
                   step::hypercall(abi::hc_physdev_op, {a, 0, 0, 0, 0})},
                  [this, then](cpu::work_item& it) {
                      check(it.steps.back());
                      then();
                  });
}

// --- a data abort Xen bounced to the guest ------------------------------------------------

// The port's handler reads FAR and FSR from vcpu_info.arch, counts the fault and resumes;
// the faulting access is not retried.
void ucos_guest::fault_begin() {
    ++m_counters.faults;
    run_port_code({step::load_from(shared(shinfo::vcpu0_arch_far)), step::load_from(shared(shinfo::vcpu0_arch_fsr)),
                   step::compute_for(m_kernel.costs().port_dispatch), step::hypercall(abi::hc_restore_trap_frame)},
                  nullptr);
}

}  // namespace rtv::rtos
