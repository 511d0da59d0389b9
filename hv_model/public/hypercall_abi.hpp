// SPDX-License-Identifier: Apache-2.0
// Xen-ARM's hypercall ABI as a guest kernel sees it (Samsung tree, andreiw/xen3-arm-tegra
// @8caa5e6): `swi #n` in ARM state from the guest's virtual kernel mode; the hypercall number
// is the low 24 bits of the SWI instruction (xen/arch/arm/xen/entry.S invoke_hypercall reads
// the word at lr-4, so a SWI from Thumb state is not decoded as such); arguments in r0..r3
// (the handler is called with the guest's r0-r3 as they were: Samsung reordered the one
// five-word handler, do_update_va_mapping, to fit), the result in r0 (stored into the saved
// r0). This header is part of the para-virtual interface: guests include it; it includes
// nothing of the hypervisor.
#pragma once

#include <cstdint>

namespace rtv::hv::abi {

// hypercall_table in xen/arch/arm/xen/entry.S (index = number).
enum hypercall_nr : std::uint32_t {
    hc_set_trap_table = 0,       // (trap_info_t *traps)
    hc_sched_op_compat = 6,      // (int cmd, unsigned long arg)
    hc_set_timer_op = 15,        // (u64 timeout): r0 = low word, r1 = high word (AAPCS)
    hc_event_channel_op = 16,    // (evtchn_op_t *op): entry.S slot 16 is do_event_channel_op
    hc_xen_version = 17,         // (int cmd, void *arg): XENVER_version = 0 returns major<<16 | minor
    hc_console_io = 18,          // (int cmd, int count, char *buffer)
    hc_physdev_op = 19,          // (physdev_op_t *op)
    hc_restore_trap_frame = 23,  // (): hypercalls.S do_restore_trap_frame
    hc_vcpu_op = 24,             // (int cmd, int vcpuid, void *arg): entry.S slot 24 is do_vcpu_op
    hc_sched_op = 29,            // (int cmd, void *arg)
};

// Where the hypervisor maps a domain's shared_info page in every guest address space (a
// choice of the model: Xen-ARM passes it in start_info; see docs/models/xen_arm.md).
inline constexpr std::uint32_t shared_info_va = 0xFFF00000u;
// public/arch-arm.h: guest addresses from here up belong to the hypervisor.
inline constexpr std::uint32_t hypervisor_virt_start = 0xFC000000u;
inline constexpr std::uint32_t xenver_version = 0;

// SCHEDOP_* (xen/include/public/sched.h).
enum schedop_cmd : std::uint32_t {
    schedop_yield = 0,
    schedop_block = 1,
    schedop_shutdown = 2,
    schedop_poll = 3,
    schedop_remote_shutdown = 4,
};

// VCPUOP_* of the later tree (ryos36/xen-arm xen/include/public/vcpu.h); the imported tree's
// do_vcpu_op has no periodic timer. vcpu_set_periodic_timer is { uint64_t period_ns; }.
inline constexpr std::uint32_t vcpuop_set_periodic_timer = 6;
inline constexpr std::uint32_t vcpuop_stop_periodic_timer = 7;

// SHUTDOWN_* reasons of sched_shutdown (xen/include/public/sched.h).
enum shutdown_reason : std::uint32_t {
    shutdown_poweroff = 0,
    shutdown_reboot = 1,
    shutdown_suspend = 2,
    shutdown_crash = 3,
};

// physdev_op_t { uint32_t cmd; union {...} u; } (public/physdev.h): 16 bytes, the largest
// member being physdevop_apic. PHYSDEVOP_IRQ_UNMASK_NOTIFY re-enables the guest's level
// interrupts it has handled (xen/arch/arm/xen/physdev.c, irq.c pirq_guest_unmask).
inline constexpr std::uint32_t physdev_op_size = 16;
inline constexpr std::uint32_t physdevop_irq_unmask_notify = 4;
inline constexpr std::uint32_t physdevop_irq_status_query = 5;

// CONSOLEIO_* (xen/include/public/xen.h).
inline constexpr std::uint32_t consoleio_write = 0;
inline constexpr std::uint32_t consoleio_read = 1;

// The guest's trap table (xen/arch/arm/xen/traps.c do_set_trap_table): exactly
// TRAP_TABLE_ENTRIES entries of trap_info_t { unsigned long flags; unsigned long address; }
// (public/arch-arm.h), indexed like the ARM vectors (asm-offsets.c OFFSET_VECTOR_*). An
// entry with address 0 makes the whole call fail with -EFAULT and clears the table.
inline constexpr std::uint32_t trap_table_entries = 8;  // asm-arm/domain.h TRAP_TABLE_ENTRIES
inline constexpr std::uint32_t trap_info_size = 8;
inline constexpr std::uint32_t trap_info_flags = 0;
inline constexpr std::uint32_t trap_info_address = 4;
enum trap_vector : std::uint32_t {
    vector_reset = 0,
    vector_undefined = 1,
    vector_swi = 2,
    vector_prefetch_abort = 3,
    vector_data_abort = 4,
    vector_reserved = 5,
    vector_irq = 6,
    vector_fiq = 7,
};

// struct sched_shutdown { unsigned int reason; } and
// struct sched_poll { evtchn_port_t *ports; unsigned int nr_ports; uint64_t timeout; }
// (public/sched.h) under the EABI: timeout is 8-byte aligned.
inline constexpr std::uint32_t sched_poll_ports = 0;
inline constexpr std::uint32_t sched_poll_nr_ports = 4;
inline constexpr std::uint32_t sched_poll_timeout = 8;
inline constexpr std::uint32_t sched_poll_size = 16;
inline constexpr std::uint32_t sched_poll_max_ports = 128;  // schedule.c do_poll

}  // namespace rtv::hv::abi
