// SPDX-License-Identifier: Apache-2.0
// The event-channel hypercall of Samsung's Xen-ARM (andreiw/xen3-arm-tegra@8caa5e6) as a guest
// uses it: the hypercall number, the evtchn_op structure the guest passes by address, the
// command, VIRQ and status numbers, the reserved domain ids and the error numbers returned.
// Para-virtual ABI: guests include this header; it includes nothing from the hypervisor.
//
// The structures hold only 16- and 32-bit fields, so their layout is the same under ARM EABI
// and on a little-endian host; the static_asserts pin it. Guests marshal an evtchn_op by
// copying its bytes into their memory (the model's host and the i.MX21 are both little-endian).
#pragma once

#include <cstddef>
#include <cstdint>

#include "hv_model/public/hypercall_abi.hpp"

namespace rtv::hv::abi {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the ABI mirrors assume a little-endian host");

// Hypercall number: slot 16 of hypercall_table holds do_event_channel_op
// (xen/arch/arm/xen/entry.S; public/xen.h __HYPERVISOR_event_channel_op; Mini-OS issues SWI #16).
// Slot 32 is do_ni_hypercall in this tree.
inline constexpr std::uint32_t hypercall_event_channel_op = hc_event_channel_op;  // xen/arch/arm/xen/entry.S

using domid_t = std::uint16_t;         // public/xen.h
using evtchn_port_t = std::uint32_t;   // public/event_channel.h

inline constexpr domid_t domid_first_reserved = 0x7FF0;  // public/xen.h DOMID_FIRST_RESERVED
inline constexpr domid_t domid_self = 0x7FF0;            // public/xen.h DOMID_SELF
inline constexpr domid_t domid_io = 0x7FF1;              // public/xen.h DOMID_IO
inline constexpr domid_t domid_xen = 0x7FF2;             // public/xen.h DOMID_XEN

// EVTCHNOP_* commands.
enum evtchnop : std::uint32_t {
    evtchnop_bind_interdomain = 0,  // public/event_channel.h
    evtchnop_bind_virq = 1,         // public/event_channel.h
    evtchnop_bind_pirq = 2,         // public/event_channel.h
    evtchnop_close = 3,             // public/event_channel.h
    evtchnop_send = 4,              // public/event_channel.h
    evtchnop_status = 5,            // public/event_channel.h
    evtchnop_alloc_unbound = 6,     // public/event_channel.h
    evtchnop_bind_ipi = 7,          // public/event_channel.h
    evtchnop_bind_vcpu = 8,         // public/event_channel.h
    evtchnop_unmask = 9,            // public/event_channel.h
};

// VIRQ_* (Samsung's list; 5 is unused).
enum virq_nr : std::uint32_t {
    virq_timer = 0,            // public/xen.h VIRQ_TIMER
    virq_debug = 1,            // public/xen.h VIRQ_DEBUG
    virq_console = 2,          // public/xen.h VIRQ_CONSOLE
    virq_dom_exc = 3,          // public/xen.h VIRQ_DOM_EXC
    virq_ltt_buf = 4,          // public/xen.h VIRQ_LTT_BUF
    virq_debugger = 6,         // public/xen.h VIRQ_DEBUGGER
    virq_xenoprof = 7,         // public/xen.h VIRQ_XENOPROF
    virq_dom_timer = 8,        // public/xen.h VIRQ_DOM_TIMER
    virq_dom_crash = 9,        // public/xen.h VIRQ_DOM_CRASH
    virq_ddom_policy = 10,     // public/xen.h VIRQ_DDOM_POLICY
    virq_battery_control = 11, // public/xen.h VIRQ_BATTERY_CONTROL
    virq_vdma = 12,            // public/xen.h VIRQ_VDMA
};
inline constexpr std::uint32_t nr_virqs = 13;  // public/xen.h NR_VIRQS

// EVTCHNSTAT_* returned by EVTCHNOP_status.
enum evtchnstat : std::uint32_t {
    evtchnstat_closed = 0,       // public/event_channel.h
    evtchnstat_unbound = 1,      // public/event_channel.h
    evtchnstat_interdomain = 2,  // public/event_channel.h
    evtchnstat_pirq = 3,         // public/event_channel.h
    evtchnstat_virq = 4,         // public/event_channel.h
    evtchnstat_ipi = 5,          // public/event_channel.h
};

inline constexpr std::uint32_t bind_pirq_will_share = 1;  // public/event_channel.h BIND_PIRQ__WILL_SHARE

// Error numbers, returned negated in r0 (xen/include/xen/errno.h, Linux's values).
enum xen_errno : int {
    err_perm = 1,     // xen/include/xen/errno.h EPERM
    err_noent = 2,    // xen/include/xen/errno.h ENOENT
    err_srch = 3,     // xen/include/xen/errno.h ESRCH
    err_nomem = 12,   // xen/include/xen/errno.h ENOMEM
    err_fault = 14,   // xen/include/xen/errno.h EFAULT
    err_busy = 16,    // xen/include/xen/errno.h EBUSY
    err_exist = 17,   // xen/include/xen/errno.h EEXIST
    err_inval = 22,   // xen/include/xen/errno.h EINVAL
    err_nospc = 28,   // xen/include/xen/errno.h ENOSPC
    err_nosys = 38,   // xen/include/xen/errno.h ENOSYS
};

// Per-command argument structures (public/event_channel.h), IN and OUT fields as commented.
// Samsung added `use` (a tag checked by its ACM access control, compiled out by default) to
// alloc_unbound and bind_interdomain.
struct evtchn_alloc_unbound {
    domid_t dom;         // IN; DOMID_SELF, or another domain if privileged
    domid_t remote_dom;  // IN; who may bind; DOMID_SELF allowed
    std::uint32_t use;   // IN (Samsung)
    evtchn_port_t port;  // OUT
};
struct evtchn_bind_interdomain {
    domid_t remote_dom;         // IN
    evtchn_port_t remote_port;  // IN
    std::uint32_t use;          // IN (Samsung)
    evtchn_port_t local_port;   // OUT
};
struct evtchn_bind_virq {
    std::uint32_t virq;  // IN
    std::uint32_t vcpu;  // IN
    evtchn_port_t port;  // OUT
};
struct evtchn_bind_pirq {
    std::uint32_t pirq;   // IN
    std::uint32_t flags;  // IN; bind_pirq_will_share
    evtchn_port_t port;   // OUT
};
struct evtchn_bind_ipi {
    std::uint32_t vcpu;  // IN
    evtchn_port_t port;  // OUT
};
struct evtchn_close {
    evtchn_port_t port;  // IN
};
struct evtchn_send {
    evtchn_port_t port;  // IN
};
struct evtchn_status {
    domid_t dom;           // IN; DOMID_SELF, or another domain if privileged
    evtchn_port_t port;    // IN
    std::uint32_t status;  // OUT; evtchnstat
    std::uint32_t vcpu;    // OUT; the vcpu the port notifies
    union {
        struct {
            domid_t dom;
        } unbound;  // evtchnstat_unbound
        struct {
            domid_t dom;
            evtchn_port_t port;
        } interdomain;       // evtchnstat_interdomain
        std::uint32_t pirq;  // evtchnstat_pirq
        std::uint32_t virq;  // evtchnstat_virq
    } u;  // OUT
};
struct evtchn_bind_vcpu {
    evtchn_port_t port;  // IN
    std::uint32_t vcpu;  // IN
};
struct evtchn_unmask {
    evtchn_port_t port;  // IN
};

// The structure whose guest address is the hypercall's one argument (r0).
struct evtchn_op {
    std::uint32_t cmd;  // evtchnop
    union {
        evtchn_alloc_unbound alloc_unbound;
        evtchn_bind_interdomain bind_interdomain;
        evtchn_bind_virq bind_virq;
        evtchn_bind_pirq bind_pirq;
        evtchn_bind_ipi bind_ipi;
        evtchn_close close;
        evtchn_send send;
        evtchn_status status;
        evtchn_bind_vcpu bind_vcpu;
        evtchn_unmask unmask;
    } u;
};

// Layout pinned (Mini-OS's EABI evtchn.o writes cmd at +0, dom at +4, remote_dom at +6 and reads
// the allocated port at +12 for alloc_unbound).
static_assert(sizeof(evtchn_op) == 28 && alignof(evtchn_op) == 4);
static_assert(offsetof(evtchn_op, cmd) == 0 && offsetof(evtchn_op, u) == 4);
static_assert(sizeof(evtchn_alloc_unbound) == 12);
static_assert(offsetof(evtchn_alloc_unbound, dom) == 0 && offsetof(evtchn_alloc_unbound, remote_dom) == 2);
static_assert(offsetof(evtchn_alloc_unbound, use) == 4 && offsetof(evtchn_alloc_unbound, port) == 8);
static_assert(sizeof(evtchn_bind_interdomain) == 16);
static_assert(offsetof(evtchn_bind_interdomain, remote_dom) == 0);
static_assert(offsetof(evtchn_bind_interdomain, remote_port) == 4);
static_assert(offsetof(evtchn_bind_interdomain, use) == 8);
static_assert(offsetof(evtchn_bind_interdomain, local_port) == 12);
static_assert(sizeof(evtchn_bind_virq) == 12 && offsetof(evtchn_bind_virq, virq) == 0);
static_assert(offsetof(evtchn_bind_virq, vcpu) == 4 && offsetof(evtchn_bind_virq, port) == 8);
static_assert(sizeof(evtchn_bind_pirq) == 12 && offsetof(evtchn_bind_pirq, pirq) == 0);
static_assert(offsetof(evtchn_bind_pirq, flags) == 4 && offsetof(evtchn_bind_pirq, port) == 8);
static_assert(sizeof(evtchn_bind_ipi) == 8 && offsetof(evtchn_bind_ipi, vcpu) == 0 &&
              offsetof(evtchn_bind_ipi, port) == 4);
static_assert(sizeof(evtchn_close) == 4 && sizeof(evtchn_send) == 4 && sizeof(evtchn_unmask) == 4);
static_assert(sizeof(evtchn_status) == 24);
static_assert(offsetof(evtchn_status, dom) == 0 && offsetof(evtchn_status, port) == 4);
static_assert(offsetof(evtchn_status, status) == 8 && offsetof(evtchn_status, vcpu) == 12);
static_assert(offsetof(evtchn_status, u) == 16 && sizeof(evtchn_status::u) == 8);
static_assert(sizeof(evtchn_bind_vcpu) == 8 && offsetof(evtchn_bind_vcpu, port) == 0 &&
              offsetof(evtchn_bind_vcpu, vcpu) == 4);

}  // namespace rtv::hv::abi
