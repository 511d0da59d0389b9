// SPDX-License-Identifier: Apache-2.0
// The slice of Xen-ARM's para-virtual interface this example uses, from Samsung's public
// headers (andreiw/xen3-arm-tegra @8caa5e6: xen/include/public/xen.h, arch-arm.h,
// event_channel.h, sched.h) and its entry.S. docs/guest_abi.md in rtvsim describes all of it.
#ifndef XEN_ARM_H
#define XEN_ARM_H

#include <stdint.h>

// Hypercalls: `swi #n` in ARM state, arguments in r0-r3, result in r0 (hypercall.S).
long HYPERVISOR_set_trap_table(const void* traps);         // 0
long HYPERVISOR_set_timer_op(uint64_t abs_ns);             // 15: absolute ns, 0 cancels
long HYPERVISOR_event_channel_op(void* op);                // 16
long HYPERVISOR_console_io(int cmd, int count, const char* buf);  // 18
long HYPERVISOR_sched_op(int cmd, void* arg);              // 29

#define CONSOLEIO_write 0
#define EVTCHNOP_bind_virq 1
#define VIRQ_TIMER 0
#define SCHEDOP_yield 0
#define SCHEDOP_poll 3
#define SCHEDOP_shutdown 2
#define SHUTDOWN_poweroff 0

struct trap_info {
    unsigned long flags;
    unsigned long address;  // 0 is refused: give all 8 entries
};
#define TRAP_IRQ 6

struct evtchn_op_bind_virq {
    uint32_t cmd;  // EVTCHNOP_bind_virq
    uint32_t virq, vcpu, port;  // port is returned
    uint32_t pad[3];            // the evtchn_op union is 24 bytes
};

struct sched_poll {
    uint32_t* ports;
    unsigned int nr_ports;
    uint64_t timeout;  // absolute ns
};

// The shared_info page, as far as this example reads it (offsets of Xen-ARM's ARM EABI build).
struct vcpu_time_info {
    uint32_t version, pad0, freetimer_overflows;
    uint64_t offset, system_time;
    int8_t pad1[3];
};
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint32_t evtchn_pending_sel;
    uint32_t arch[15];  // sp, lr, trap, spsr, ... saved by Xen at an upcall
    struct vcpu_time_info time;
};
struct shared_info {
    struct vcpu_info vcpu_info[1];
    uint32_t evtchn_pending[32];
    uint32_t evtchn_mask[32];
};
_Static_assert(__builtin_offsetof(struct vcpu_info, time) == 72, "vcpu_info layout");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_pending) == 112, "shared_info layout");

// rtvsim maps the page at this fixed address in every domain (start_info.shared_info holds
// Xen's own pointer, which a guest cannot use).
#define SHARED_INFO ((volatile struct shared_info*)0xFFF00000u)

#endif
