// SPDX-License-Identifier: Apache-2.0
// uC/OS-II's Xen-ARM port: the guest kernel (ucos_kernel) plus the code a port adds —
// boot (trap table, VIRQ_TIMER and device PIRQ bindings, device set-up, enabling events),
// the event upcall (acknowledge as Mini-OS does, dispatch ports), the tick handler in
// `naive` or `corrected` mode (docs/models/ucos_port.md), the device interrupt handler, a data-abort
// handler, and SCHEDOP_block for a blocking idle task.
//
// It talks to Xen only through the para-virtual interface: hypercall steps, and loads and
// stores of its own memory and of its shared_info page, through its page table. Each piece
// of port code is a work item; what a load returned is read when the item completes, so
// code that decides on a value it read ends its item there (an interrupt can fall between
// any two steps, so the version protocol's reader can really see a torn update and retry).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "rtos_model/guest.hpp"
#include "rtos_model/ucos/ucos_kernel.hpp"

namespace rtv::rtos {

enum class tick_mode { naive, corrected };

// A device the guest drives: a spare i.MX21 GPT given to the domain, programmed to
// interrupt periodically (true time), releasing the guest's event-driven tasks.
struct ucos_device {
    std::string name;
    std::uint32_t base = 0;  // VA == PA (Xen maps given devices one to one)
    std::uint32_t irq = 0;   // its AITC source, bound with EVTCHNOP_bind_pirq
    std::uint64_t period_ps = 0;
    std::uint64_t clock_hz = 0;  // the GPT's PERCLK1 (the period is rounded to its counts)
    std::vector<unsigned> tasks;  // event tasks it releases (kernel task indices)
    // An observer's probe for the metrics only: when the device's interrupt line rose (the
    // true arrival of the event being handled). Not available to the guest's logic.
    std::function<core::picoseconds()> arrival_probe;
};

// A device period in timer counts (at least 2), rounded to nearest: what the port programs
// (TCMP = counts - 1 in restart mode).
std::uint64_t gpt_period_counts(std::uint64_t period_ps, std::uint64_t clock_hz);

struct ucos_guest_setup {
    std::uint32_t memory_base = 0;  // guest virtual address of its memory (== physical: identity map)
    tick_mode mode = tick_mode::naive;
    std::vector<ucos_device> devices;
    // The hypervisor sends VIRQ_TIMER from a per-vcpu periodic timer (the later Xen-ARM tree),
    // so the port asks for one at OS_TICKS_PER_SEC with VCPUOP_set_periodic_timer at boot.
    bool periodic_timer = false;
};

// One row of tick_drift.csv (docs/outputs.md), taken after the guest handled a tick.
struct tick_sample {
    core::picoseconds t = 0;
    std::uint64_t virqs_handled = 0;
    std::uint64_t os_time = 0;
};

struct ucos_port_counters {
    std::uint64_t upcalls = 0;
    std::uint64_t virqs_handled = 0;     // VIRQ_TIMER events the tick handler ran for
    std::uint64_t device_events = 0;
    std::uint64_t time_reads = 0;        // version-protocol reads of shared_info time
    std::uint64_t time_retries = 0;      // ... that saw an odd or changed version
    std::uint64_t clock_jumps = 0;       // corrected ticks that moved OSTime by more than one
    std::uint64_t blocks = 0;
    std::uint64_t faults = 0;            // data aborts Xen bounced to the guest
    std::uint64_t hypercall_errors = 0;
};

class ucos_guest final : public guest {
public:
    ucos_guest(std::string name, int account, const ucos_config& cfg, const ucos_guest_setup& setup,
               std::uint64_t seed, const ucos_costs& costs = {});

    cpu::work_item& next_work() override;
    void item_completed(cpu::work_item& item) override;
    void item_interrupted(cpu::work_item& item) override;
    void enter_at(std::uint32_t address) override;

    const ucos_kernel& kernel() const { return m_kernel; }
    void set_arrival_probe(std::size_t device, std::function<core::picoseconds()> probe) {
        m_devices.at(device).arrival_probe = std::move(probe);
    }
    // Every tick sample, unless a tick sink is set: then each goes to the sink instead (so
    // that memory stays flat over a long run) and none is kept.
    const std::vector<tick_sample>& ticks() const { return m_ticks; }
    void set_tick_sink(std::function<void(const tick_sample&)> sink) { m_tick_sink = std::move(sink); }
    void set_job_sink(std::function<void(const job_record&)> sink) { m_kernel.set_job_sink(std::move(sink)); }
    const ucos_port_counters& port_counters() const { return m_counters; }
    bool started() const { return m_started; }
    core::picoseconds first_dispatch() const { return m_first_dispatch; }
    std::uint32_t ticks_per_sec() const { return m_kernel.config().ticks_per_sec; }

    // Where the port keeps things in guest memory.
    std::uint32_t trap_table_va() const { return m_base + 0x1000; }
    std::uint32_t args_va() const { return m_base + 0x1100; }
    std::uint32_t vector_va(std::uint32_t v) const { return m_base + 0x2000 + 4 * v; }

private:
    using continuation = std::function<void(cpu::work_item&)>;
    // Runs `steps` as port code, then `k` with the completed item.
    void run_port_code(std::vector<cpu::step> steps, continuation k);

    void boot_trap_table();
    void boot_bind_virq();
    void boot_periodic_timer();
    void boot_device(std::size_t i);
    void boot_enable_events();
    void upcall_begin();
    void upcall_scan(std::uint32_t sel, unsigned word);
    void upcall_dispatch(std::uint32_t port, std::uint32_t sel, unsigned word);
    void upcall_end();
    void tick_naive(std::function<void()> then);
    void tick_corrected(std::function<void()> then);
    void read_shared_time(std::uint64_t extra_cycles, std::function<void(std::uint64_t)> then);
    void tick_done(std::uint64_t cycles, std::function<void()> then);
    void device_event(std::size_t dev, std::function<void()> then);
    void fault_begin();
    bool m_port_interruptible = false;  // the boot's last item: events are already enabled
    bool check(const cpu::step& s);

    ucos_kernel m_kernel;
    std::uint32_t m_base;
    tick_mode m_mode;
    std::vector<ucos_device> m_devices;
    bool m_periodic_timer = false;
    std::vector<std::uint32_t> m_device_ports;
    std::uint32_t m_timer_port = 0;

    cpu::work_item m_port_item;   // port code in progress
    continuation m_port_k;
    bool m_port_active = false;
    cpu::work_item m_block_item;  // SCHEDOP_block from the idle task

    bool m_started = false;       // os_start ran
    bool m_dispatched = false;
    core::picoseconds m_first_dispatch = 0;
    std::uint64_t m_t0_ns = 0, m_last_ns = 0;
    std::vector<tick_sample> m_ticks;
    std::function<void(const tick_sample&)> m_tick_sink;
    ucos_port_counters m_counters;
};

}  // namespace rtv::rtos
