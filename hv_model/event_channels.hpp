// SPDX-License-Identifier: Apache-2.0
// Event channels of Xen 3.0.2 as Samsung's Xen-ARM has them (xen/common/event_channel.c,
// xen/include/xen/sched.h, xen/include/xen/event.h, xen/include/asm-arm/event.h of
// andreiw/xen3-arm-tegra@8caa5e6; docs/models/event_channels.md).
//
// The per-port binding state (struct evtchn, the VIRQ and PIRQ maps) is hypervisor memory and
// lives here. The pending and mask bitmaps, the selector and the upcall bytes live in the
// domain's shared_info page in SDRAM, so every read and write of them goes through a
// guest_memory_port, which the core implements as timed bus accesses.
//
// Guest-memory accesses are 32-bit: a bit or byte in the page is changed by reading the word
// that holds it and writing the word back only when the bit changes (the real code uses
// ldrb/strb for the port and selector bits and a word read-modify-write for upcall_pending;
// the values are the same and so is the number of accesses, only their width differs).
//
// Port numbers follow Samsung's get_free_port, not upstream's lowest-free rule: each search
// starts at (evtchn_count * 32) % 512 and every call advances evtchn_count, so a domain's ports
// come out as 32, 64, ..., 480, then 1, 33, ...
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "hv_model/domain.hpp"
#include "hv_model/public/event_channel_abi.hpp"
#include "hv_model/public/shared_info_layout.hpp"

namespace rtv::hv {

inline constexpr std::uint32_t max_evtchns = abi::nr_event_channels;  // xen/include/xen/sched.h MAX_EVTCHNS
inline constexpr std::uint32_t evtchns_per_bucket = 128;              // xen/include/xen/sched.h
inline constexpr std::uint32_t nr_evtchn_buckets = 8;                  // xen/include/xen/sched.h NR_EVTCHN_BUCKETS
static_assert(nr_evtchn_buckets * evtchns_per_bucket == max_evtchns);
inline constexpr std::uint32_t nr_pirqs = 256;                        // xen/include/xen/sched.h NR_PIRQS
inline constexpr std::uint32_t free_port_stride = 32;   // xen/common/event_channel.c get_free_port
inline constexpr std::uint32_t free_port_window = 512;  // xen/common/event_channel.c get_free_port

// ECS_* (xen/include/xen/sched.h).
enum class ecs : std::uint16_t {
    free = 0,         // xen/include/xen/sched.h ECS_FREE
    reserved = 1,     // xen/include/xen/sched.h ECS_RESERVED (port 0)
    unbound = 2,      // xen/include/xen/sched.h ECS_UNBOUND
    interdomain = 3,  // xen/include/xen/sched.h ECS_INTERDOMAIN
    pirq = 4,         // xen/include/xen/sched.h ECS_PIRQ
    virq = 5,         // xen/include/xen/sched.h ECS_VIRQ
    ipi = 6,          // xen/include/xen/sched.h ECS_IPI
};

// struct evtchn (xen/include/xen/sched.h) without Samsung's ACM `use` tags (ACM is compiled out).
struct evtchn {
    ecs state = ecs::free;
    std::uint16_t notify_vcpu_id = 0;
    union {
        struct {
            abi::domid_t remote_domid;
        } unbound;
        struct {
            std::uint16_t remote_port;
            domain* remote_dom;
        } interdomain;
        std::uint16_t pirq;
        std::uint16_t virq;
    } u{};
};

// Physical accesses to SDRAM made by the hypervisor; the core implements them with their cycle
// costs. Addresses are word aligned.
class guest_memory_port {
public:
    virtual ~guest_memory_port() = default;
    virtual std::uint32_t read32(std::uint32_t pa) = 0;
    virtual void write32(std::uint32_t pa, std::uint32_t value) = 0;
};

// What event_channel.c calls in the rest of the hypervisor.
class evtchn_hooks {
public:
    virtual ~evtchn_hooks() = default;
    // test_bit(_VCPUF_blocked, &v->vcpu_flags)
    virtual bool is_blocked(const vcpu& v) = 0;
    // vcpu_unblock (xen/include/xen/sched.h): if blocked, clear it and vcpu_wake. Called for
    // every notification, blocked or not, as evtchn_notify does.
    virtual void vcpu_unblock(vcpu& v) = 0;
    // IS_PRIV (xen/include/xen/sched.h): DOMF_privileged, set for dom0 at boot (xensetup.c).
    virtual bool is_privileged(const domain& d) = 0;
    // irq_access_permitted (xen/include/xen/iocap.h): the domain's irq_caps hold the IRQ.
    virtual bool irq_access_permitted(const domain& d, std::uint32_t pirq) = 0;
    // pirq_guest_bind (xen/arch/arm/xen/irq.c): route the physical IRQ to the domain and
    // unmask it at the interrupt controller; 0 or -errno (-EINVAL, -EBUSY, -ENOMEM).
    virtual long pirq_guest_bind(vcpu& v, std::uint32_t pirq, bool will_share) = 0;
    // pirq_guest_unbind (xen/arch/arm/xen/irq.c): undo it; it cannot fail on Xen-ARM.
    virtual void pirq_guest_unbind(domain& d, std::uint32_t pirq) = 0;
};

// copy_from_user / copy_to_user through the calling guest's page table; false when any byte
// of the range is not accessible (the hypercall then returns -EFAULT).
struct guest_copy {
    std::function<bool(std::uint32_t va, void* dst, std::size_t len)> from_guest;
    std::function<bool(std::uint32_t va, const void* src, std::size_t len)> to_guest;
};

// Per-domain counts (no simulated cost).
struct evtchn_counters {
    std::uint64_t set_pending = 0;   // evtchn_set_pending on one of the domain's ports
    std::uint64_t coalesced = 0;     // ... that found the port already pending (a lost edge)
    std::uint64_t masked = 0;        // ... that made a masked port pending
    std::uint64_t notified = 0;      // evtchn_notify runs (upcall_pending raised), incl. unmask
    std::uint64_t poll_wakes = 0;    // vcpu woken while blocked with its upcall masked
    std::uint64_t dropped = 0;       // EVTCHNOP_send on an unbound port
    std::uint64_t virq_unbound = 0;  // send_guest_virq with no port bound
};

class event_channels {
public:
    event_channels(guest_memory_port& mem, evtchn_hooks& hooks);
    ~event_channels();
    event_channels(const event_channels&) = delete;
    event_channels& operator=(const event_channels&) = delete;

    // evtchn_init: registers the domain (its vcpu0 must exist) with the physical address of its
    // shared_info page (8-byte aligned) and reserves port 0. Throws std::invalid_argument on a
    // second registration of the same id or a bad address.
    void register_domain(domain& d, std::uint32_t shared_info_pa);
    // evtchn_destroy: closes every port (peers of interdomain ports become unbound), then forgets
    // the domain.
    void unregister_domain(domain& d);
    // find_domain_by_id among registered domains; nullptr if none.
    domain* find_domain(abi::domid_t id) const;

    // The EVTCHNOP_* operations for the calling domain `current`, with Xen's checks, order of
    // checks and results (0 or -errno); OUT fields are written into the structure passed.
    long alloc_unbound(domain& current, abi::evtchn_alloc_unbound& a);
    long bind_interdomain(domain& current, abi::evtchn_bind_interdomain& b);
    long bind_virq(domain& current, abi::evtchn_bind_virq& b);
    long bind_ipi(domain& current, abi::evtchn_bind_ipi& b);
    long bind_pirq(domain& current, abi::evtchn_bind_pirq& b);
    long close(domain& d, std::uint32_t port);  // __evtchn_close
    long send(domain& current, std::uint32_t port);
    long status(domain& current, abi::evtchn_status& s);
    long bind_vcpu(domain& current, std::uint32_t port, std::uint32_t vcpu_id);
    long unmask(domain& current, std::uint32_t port);

    // The hypercall (event_channel_op, number abi::hypercall_event_channel_op): copies the
    // evtchn_op at guest address `op_va` in (-EFAULT if it cannot), dispatches on cmd (-ENOSYS
    // for an unknown one) and, for a successful bind, alloc_unbound or status, copies the whole
    // structure back (-EFAULT if that fails; the binding made stays, as in Xen). `v` is the
    // calling vcpu and must belong to `d`.
    long do_event_channel_op(domain& d, vcpu& v, std::uint32_t op_va, const guest_copy& copy);

    // Raising events from inside the hypervisor.
    void set_pending(vcpu& v, std::uint32_t port);               // evtchn_set_pending
    bool send_guest_virq(vcpu& v, std::uint32_t virq);           // false: no port bound
    bool send_guest_pirq(domain& d, std::uint32_t pirq);         // false: no port bound

    // The upcall bytes of v's vcpu_info (guest memory, one word access each; the write is a
    // read-modify-write of the word holding the byte).
    bool event_pending(vcpu& v);  // upcall_pending != 0 && upcall_mask == 0 (xen/event.h)
    std::uint8_t read_upcall_mask(vcpu& v);
    void write_upcall_mask(vcpu& v, std::uint8_t value);

    // Introspection: no guest-memory access, no cost.
    bool is_registered(const domain& d) const;
    std::uint32_t shared_info_pa(const domain& d) const;
    std::uint32_t vcpu_info_pa(const vcpu& v) const;
    bool port_is_valid(const domain& d, std::uint32_t port) const;  // in an allocated bucket
    const evtchn& port_info(const domain& d, std::uint32_t port) const;  // port < max_evtchns
    std::uint16_t virq_to_evtchn(const vcpu& v, std::uint32_t virq) const;
    std::uint16_t pirq_to_evtchn(const domain& d, std::uint32_t pirq) const;
    std::uint32_t evtchn_count(const domain& d) const;  // get_free_port calls so far
    const evtchn_counters& counters(const domain& d) const;

    // Binding invariants: port 0 reserved; every bound VIRQ/PIRQ maps to a port in that state
    // and back; interdomain ports pair up with a registered peer that points back; ports in
    // unallocated buckets are free; notify vcpus exist.
    bool consistent(const domain& d) const;
    bool consistent() const;

private:
    struct domain_state;

    domain_state& state(const domain& d);
    const domain_state& state(const domain& d) const;
    domain_state* find_state(abi::domid_t id) const;
    static vcpu* vcpu_of(domain& d, std::uint32_t vcpu_id);
    int get_free_port(domain_state& ds);
    void notify(vcpu& v);
    bool test_and_set_bit(std::uint32_t pa, std::uint32_t mask);
    bool test_and_clear_bit(std::uint32_t pa, std::uint32_t mask);
    bool test_bit(std::uint32_t pa, std::uint32_t mask);

    guest_memory_port& m_mem;
    evtchn_hooks& m_hooks;
    std::map<int, std::unique_ptr<domain_state>> m_domains;  // by domain id
};

}  // namespace rtv::hv
