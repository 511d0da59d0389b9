// SPDX-License-Identifier: Apache-2.0
// The para-virtual interface of Samsung's Xen-ARM as the project's C guests use it: hypercall
// numbers and stubs, the shared_info page, start_info, event-channel and sched_op arguments.
// Sources (andreiw/xen3-arm-tegra @8caa5e6): xen/include/public/xen.h, arch-arm.h,
// event_channel.h, sched.h, physdev.h; xen/arch/arm/xen/entry.S (hypercall_table, upcall);
// xen/arch/arm/xen/hypercalls.S (restore_trap_frame). The C++ side of the simulator pins the
// same layouts in hv_model/public/*.hpp; a host test checks that both agree.
#ifndef XEN_ARM_GUEST_H
#define XEN_ARM_GUEST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define XEN_ASSERT(c, m) static_assert(c, m)
extern "C" {
#else
#define XEN_ASSERT(c, m) _Static_assert(c, m)
#endif

// Hypercall numbers: the index into hypercall_table (entry.S), issued as `swi #n` in ARM state.
#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_set_timer_op 15
#define __HYPERVISOR_event_channel_op 16
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_physdev_op 19
#define __HYPERVISOR_restore_trap_frame 23
#define __HYPERVISOR_sched_op 29

#define SCHEDOP_yield 0     // public/sched.h
#define SCHEDOP_block 1
#define SCHEDOP_shutdown 2
#define SCHEDOP_poll 3
#define SHUTDOWN_poweroff 0  // public/sched.h
#define SHUTDOWN_crash 3

#define CONSOLEIO_write 0  // public/xen.h

#define EVTCHNOP_bind_virq 1  // public/event_channel.h
#define EVTCHNOP_bind_pirq 2
#define EVTCHNOP_unmask 9
#define VIRQ_TIMER 0  // public/xen.h

#define PHYSDEVOP_IRQ_UNMASK_NOTIFY 4  // public/physdev.h

// The trap table (public/arch-arm.h trap_info_t), indexed like the ARM vectors.
#define TRAP_TABLE_ENTRIES 8
#define TRAP_UNDEF 1
#define TRAP_SWI 2
#define TRAP_PABT 3
#define TRAP_DABT 4
#define TRAP_IRQ 6
#define TRAP_FIQ 7
typedef struct trap_info {
    unsigned long flags;
    unsigned long address;
} trap_info_t;

// public/xen.h start_info (Samsung's), as an ARM EABI build lays it out.
#define MAX_GUEST_CMDLINE 1024
typedef struct start_info {
    char magic[32];
    unsigned long nr_pages;
    unsigned long shared_info;  // Xen's own pointer to the page: not usable by the guest
    uint32_t flags;
    unsigned long store_mfn;
    uint32_t store_evtchn;
    unsigned long console_mfn;
    uint32_t console_evtchn;
    unsigned int store_mfn_gref;
    unsigned long pt_base;
    unsigned long nr_pt_frames;
    unsigned long mfn_list;
    unsigned long mod_start;
    unsigned long mod_len;
    int8_t cmd_line[MAX_GUEST_CMDLINE];
    unsigned long min_mfn;
} start_info_t;

// public/xen.h vcpu_time_info (Samsung's: no TSC fields).
struct vcpu_time_info {
    uint32_t version;  // odd while Xen updates the record
    uint32_t pad0;
    uint32_t freetimer_overflows;
    uint64_t offset;       // ns since the last tick
    uint64_t system_time;  // ns since boot
    int8_t pad1[3];
};

// public/arch-arm.h arch_vcpu_info: where Xen saves the interrupted sp, lr and spsr when it
// enters the guest's IRQ or abort vector, and the fault address and status.
struct arch_vcpu_info {
    unsigned long sp, lr, trap, spsr, cr, cpar, dacr, pidr, far, fsr;
    unsigned long reserved[5];
};

struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;  // the guest's "interrupt disable"
    unsigned long evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};

struct shared_info {
    struct vcpu_info vcpu_info[1];  // MAX_VIRT_CPUS = 1 on ARM
    unsigned long evtchn_pending[32];
    unsigned long evtchn_mask[32];
    unsigned long vdma_pending[4];
    unsigned long vdma_mask[4];
    uint32_t wc_version, wc_sec, wc_nsec;
    unsigned long arch_max_pfn, arch_pfn_to_mfn_frame_list_list, arch_nmi_reason;
    uint32_t batterylife;
    uint16_t shutdown_domain;
    uint32_t ticks;
};

// rtvsim's Xen maps each domain's shared_info page at this fixed guest virtual address (the
// model's choice; Xen-ARM's Mini-OS maps it with update_va_mapping, which rtvsim lacks).
#define XEN_SHARED_INFO_VA 0xFFF00000u
#define HYPERVISOR_shared_info ((volatile struct shared_info*)XEN_SHARED_INFO_VA)

// Event-channel and physdev arguments (public/event_channel.h, physdev.h), passed by address.
struct evtchn_bind_virq { uint32_t virq, vcpu, port; };
struct evtchn_bind_pirq { uint32_t pirq, flags, port; };
typedef struct evtchn_op {
    uint32_t cmd;
    union {
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_pirq bind_pirq;
        uint32_t port;  // close, send, unmask
        uint32_t pad[6];
    } u;
} evtchn_op_t;
typedef struct physdev_op {
    uint32_t cmd;
    uint32_t u[3];
} physdev_op_t;
struct sched_poll {
    uint32_t* ports;
    unsigned int nr_ports;
    uint64_t timeout;  // absolute ns; 0 = none
};

// Layouts pinned (the same numbers as hv_model/public/shared_info_layout.hpp; valid for ARM
// EABI and for the little-endian 32-bit view; on a 64-bit host the unsigned long fields
// differ, so these asserts apply to the target only).
#if defined(__arm__)
XEN_ASSERT(offsetof(struct start_info, nr_pages) == 32 && offsetof(struct start_info, shared_info) == 36, "start_info");
XEN_ASSERT(offsetof(struct start_info, flags) == 40 && offsetof(struct start_info, pt_base) == 64, "start_info");
XEN_ASSERT(offsetof(struct start_info, cmd_line) == 84 && offsetof(struct start_info, min_mfn) == 1108, "start_info");
XEN_ASSERT(sizeof(struct start_info) == 1112, "start_info");
XEN_ASSERT(offsetof(struct vcpu_time_info, offset) == 16 && offsetof(struct vcpu_time_info, system_time) == 24,
           "vcpu_time_info");
XEN_ASSERT(sizeof(struct vcpu_time_info) == 40, "vcpu_time_info");
XEN_ASSERT(offsetof(struct vcpu_info, evtchn_upcall_mask) == 1 && offsetof(struct vcpu_info, evtchn_pending_sel) == 4,
           "vcpu_info");
XEN_ASSERT(offsetof(struct vcpu_info, arch) == 8 && offsetof(struct vcpu_info, time) == 72, "vcpu_info");
XEN_ASSERT(sizeof(struct vcpu_info) == 112, "vcpu_info");
XEN_ASSERT(offsetof(struct shared_info, evtchn_pending) == 112 && offsetof(struct shared_info, evtchn_mask) == 240,
           "shared_info");
XEN_ASSERT(offsetof(struct shared_info, wc_version) == 400 && offsetof(struct shared_info, ticks) == 432,
           "shared_info");
XEN_ASSERT(sizeof(struct evtchn_op) == 28 && sizeof(struct sched_poll) == 16, "hypercall arguments");
#endif

// Hypercall stubs (port/xen_arm/hypercall.S): `swi #n` in ARM state, arguments in r0-r3,
// the result in r0.
long HYPERVISOR_set_trap_table(const trap_info_t* traps);
long HYPERVISOR_set_timer_op(uint64_t timeout_ns);  // absolute; 0 cancels. r0 = low, r1 = high
long HYPERVISOR_event_channel_op(evtchn_op_t* op);
long HYPERVISOR_xen_version(int cmd, void* arg);
long HYPERVISOR_console_io(int cmd, int count, const char* buffer);
long HYPERVISOR_physdev_op(physdev_op_t* op);
long HYPERVISOR_sched_op(int cmd, void* arg);

#ifdef __cplusplus
}
#endif

#endif  // XEN_ARM_GUEST_H
