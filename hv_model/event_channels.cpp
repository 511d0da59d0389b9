// SPDX-License-Identifier: Apache-2.0
#include "hv_model/event_channels.hpp"

#include <stdexcept>
#include <string>

namespace rtv::hv {

namespace shinfo = abi::shinfo;

namespace {

// The upcall bytes share the first word of vcpu_info.
constexpr std::uint32_t upcall_pending_shift = 8 * shinfo::vi_upcall_pending;
constexpr std::uint32_t upcall_mask_shift = 8 * shinfo::vi_upcall_mask;
static_assert(shinfo::vi_upcall_pending < 4 && shinfo::vi_upcall_mask < 4, "upcall bytes in word 0");

std::uint8_t upcall_pending_of(std::uint32_t word0) { return static_cast<std::uint8_t>(word0 >> upcall_pending_shift); }
std::uint8_t upcall_mask_of(std::uint32_t word0) { return static_cast<std::uint8_t>(word0 >> upcall_mask_shift); }
std::uint32_t sel_bit(std::uint32_t port) { return 1u << (port / abi::bits_per_long); }

abi::domid_t id_of(const domain& d) { return static_cast<abi::domid_t>(d.domain_id); }

}  // namespace

// The event-channel fields of Xen's struct domain, plus vcpu0's virq_to_evtchn (struct vcpu).
struct event_channels::domain_state {
    domain* dom = nullptr;
    std::uint32_t shared_info_pa = 0;
    std::array<evtchn, max_evtchns> ports{};
    std::array<bool, nr_evtchn_buckets> bucket{};  // d->evtchn[b] allocated
    std::uint32_t evtchn_count = 0;                 // Samsung's get_free_port cursor
    std::array<std::uint16_t, nr_pirqs> pirq_to_evtchn{};
    std::array<std::array<std::uint16_t, abi::nr_virqs>, abi::max_virt_cpus> virq_to_evtchn{};
    evtchn_counters counters;

    // port_is_valid (event_channel.c): inside an allocated bucket.
    bool valid(std::uint32_t port) const { return port < max_evtchns && bucket[port / evtchns_per_bucket]; }
    std::uint32_t vcpu_info(std::uint32_t vcpu_id) const {
        return shared_info_pa + shinfo::vcpu_info_offset(vcpu_id);
    }
};

event_channels::event_channels(guest_memory_port& mem, evtchn_hooks& hooks) : m_mem(mem), m_hooks(hooks) {}

event_channels::~event_channels() = default;

// --- registry ------------------------------------------------------------------------------

event_channels::domain_state* event_channels::find_state(abi::domid_t id) const {
    const auto it = m_domains.find(id);
    return it == m_domains.end() ? nullptr : it->second.get();
}

event_channels::domain_state& event_channels::state(const domain& d) {
    return const_cast<domain_state&>(static_cast<const event_channels&>(*this).state(d));
}

const event_channels::domain_state& event_channels::state(const domain& d) const {
    const auto it = m_domains.find(d.domain_id);
    if (it == m_domains.end() || it->second->dom != &d)
        throw std::logic_error("domain " + d.name + " is not registered with the event channels");
    return *it->second;
}

// d->vcpu[id]; a domain has only vcpu0 on ARM.
vcpu* event_channels::vcpu_of(domain& d, std::uint32_t vcpu_id) {
    static_assert(abi::max_virt_cpus == 1);
    return vcpu_id < abi::max_virt_cpus ? d.vcpu0.get() : nullptr;
}

void event_channels::register_domain(domain& d, std::uint32_t shared_info_pa) {
    if (!d.vcpu0 || d.vcpu0->dom != &d)
        throw std::invalid_argument("domain " + d.name + ": event channels need its vcpu0");
    if (d.domain_id < 0 || d.domain_id >= abi::domid_first_reserved)
        throw std::invalid_argument("domain " + d.name + ": id outside 0..0x7FEF");
    if (m_domains.count(d.domain_id))
        throw std::invalid_argument("domain id " + std::to_string(d.domain_id) + " registered twice");
    if (shared_info_pa % 8 != 0 || std::uint64_t{shared_info_pa} + shinfo::size > (std::uint64_t{1} << 32))
        throw std::invalid_argument("domain " + d.name + ": bad shared_info address");
    auto ds = std::make_unique<domain_state>();
    ds->dom = &d;
    ds->shared_info_pa = shared_info_pa;
    // evtchn_init: the first get_free_port must give port 0, which is then reserved.
    if (get_free_port(*ds) != 0) throw std::logic_error("evtchn_init did not get port 0");
    ds->ports[0].state = ecs::reserved;
    m_domains.emplace(d.domain_id, std::move(ds));
}

void event_channels::unregister_domain(domain& d) {
    const domain_state& ds = state(d);
    // Xen stops at the first unallocated bucket; buckets are allocated in order, so this is the same.
    for (std::uint32_t port = 0; port < max_evtchns; ++port)
        if (ds.valid(port)) (void)close(d, port);
    m_domains.erase(d.domain_id);
}

domain* event_channels::find_domain(abi::domid_t id) const {
    const domain_state* ds = find_state(id);
    return ds ? ds->dom : nullptr;
}

// --- guest-memory bit operations -------------------------------------------------------------

bool event_channels::test_bit(std::uint32_t pa, std::uint32_t mask) { return (m_mem.read32(pa) & mask) != 0; }

bool event_channels::test_and_set_bit(std::uint32_t pa, std::uint32_t mask) {
    const std::uint32_t w = m_mem.read32(pa);
    if (w & mask) return true;
    m_mem.write32(pa, w | mask);
    return false;
}

bool event_channels::test_and_clear_bit(std::uint32_t pa, std::uint32_t mask) {
    const std::uint32_t w = m_mem.read32(pa);
    if (!(w & mask)) return false;
    m_mem.write32(pa, w & ~mask);
    return true;
}

// --- ports -----------------------------------------------------------------------------------

// get_free_port as Samsung changed it: the search starts at (evtchn_count * 32) % 512 and runs
// up through allocated buckets; past them a new bucket is allocated at the first invalid port,
// unless that is MAX_EVTCHNS (-ENOSPC, even when ports below the start are free).
int event_channels::get_free_port(domain_state& ds) {
    std::uint32_t port = (ds.evtchn_count * free_port_stride) % free_port_window;
    ++ds.evtchn_count;
    for (; ds.valid(port); ++port)
        if (ds.ports[port].state == ecs::free) return static_cast<int>(port);
    if (port == max_evtchns) return -abi::err_nospc;
    ds.bucket[port / evtchns_per_bucket] = true;  // xmalloc_array + memset 0: all free
    return static_cast<int>(port);
}

// evtchn_notify (asm-arm/event.h): unblock; the IPI to another CPU does not arise on one CPU.
void event_channels::notify(vcpu& v) { m_hooks.vcpu_unblock(v); }

// evtchn_set_pending (xen/common/event_channel.c of the Samsung tree, andreiw/xen3-arm-tegra@8caa5e6): an
// already-pending port stops everything (upstream 3.0.2 would still try the poll wake).
void event_channels::set_pending(vcpu& v, std::uint32_t port) {
    if (!v.dom) throw std::logic_error("evtchn_set_pending on a vcpu without domain");
    if (port >= max_evtchns || v.vcpu_id >= abi::max_virt_cpus) throw std::out_of_range("evtchn_set_pending");
    domain_state& ds = state(*v.dom);
    ++ds.counters.set_pending;
    const std::uint32_t bit = shinfo::port_bit(port);
    if (test_and_set_bit(ds.shared_info_pa + shinfo::pending_word(port), bit)) {
        ++ds.counters.coalesced;
        return;
    }
    const std::uint32_t vi = ds.vcpu_info(v.vcpu_id);
    const bool masked = test_bit(ds.shared_info_pa + shinfo::mask_word(port), bit);
    if (masked) ++ds.counters.masked;
    bool raise = false;
    if (!masked && !test_and_set_bit(vi + shinfo::vi_pending_sel, sel_bit(port))) {
        // upcall_pending is a constant bit 0: Xen's word read-modify-write always writes back.
        const std::uint32_t w = m_mem.read32(vi);
        m_mem.write32(vi, w | (1u << upcall_pending_shift));
        raise = !(w & (1u << upcall_pending_shift));
    }
    if (raise) {
        ++ds.counters.notified;
        notify(v);
    } else if (m_hooks.is_blocked(v) && upcall_mask_of(m_mem.read32(vi)) != 0) {
        // Blocked with the upcall masked: SCHEDOP_poll.
        ++ds.counters.poll_wakes;
        m_hooks.vcpu_unblock(v);
    }
}

bool event_channels::send_guest_virq(vcpu& v, std::uint32_t virq) {
    if (!v.dom || virq >= abi::nr_virqs || v.vcpu_id >= abi::max_virt_cpus)
        throw std::out_of_range("send_guest_virq");
    domain_state& ds = state(*v.dom);
    const std::uint16_t port = ds.virq_to_evtchn[v.vcpu_id][virq];
    if (port == 0) {
        ++ds.counters.virq_unbound;
        return false;
    }
    set_pending(v, port);
    return true;
}

bool event_channels::send_guest_pirq(domain& d, std::uint32_t pirq) {
    if (pirq >= nr_pirqs) throw std::out_of_range("send_guest_pirq");
    domain_state& ds = state(d);
    const std::uint16_t port = ds.pirq_to_evtchn[pirq];
    if (port == 0) return false;  // Xen ASSERTs; the hypervisor should not route it here
    set_pending(*vcpu_of(d, ds.ports[port].notify_vcpu_id), port);
    return true;
}

// --- EVTCHNOP_* ------------------------------------------------------------------------------

long event_channels::alloc_unbound(domain& current, abi::evtchn_alloc_unbound& a) {
    abi::domid_t dom = a.dom;
    if (dom == abi::domid_self)
        dom = id_of(current);
    else if (!m_hooks.is_privileged(current))
        return -abi::err_perm;
    domain_state* ds = find_state(dom);
    if (!ds) return -abi::err_srch;
    const int port = get_free_port(*ds);
    if (port < 0) return port;
    evtchn& chn = ds->ports[port];
    chn.state = ecs::unbound;
    chn.u.unbound.remote_domid = a.remote_dom == abi::domid_self ? id_of(current) : a.remote_dom;
    a.port = static_cast<abi::evtchn_port_t>(port);
    return 0;
}

long event_channels::bind_interdomain(domain& current, abi::evtchn_bind_interdomain& b) {
    abi::domid_t rdom = b.remote_dom;
    if (rdom == abi::domid_self) rdom = id_of(current);
    domain_state* rds = find_state(rdom);
    if (!rds) return -abi::err_srch;
    domain_state& lds = state(current);
    // Xen takes the local port before it checks the remote one, so a failed bind still
    // advances the cursor (and may allocate a bucket).
    const int lport = get_free_port(lds);
    if (lport < 0) return lport;
    const std::uint32_t rport = b.remote_port;
    if (!rds->valid(rport)) return -abi::err_inval;
    evtchn& rchn = rds->ports[rport];
    if (rchn.state != ecs::unbound || rchn.u.unbound.remote_domid != id_of(current)) return -abi::err_inval;

    evtchn& lchn = lds.ports[lport];
    lchn.u.interdomain.remote_dom = rds->dom;
    lchn.u.interdomain.remote_port = static_cast<std::uint16_t>(rport);
    lchn.state = ecs::interdomain;
    rchn.u.interdomain.remote_dom = &current;
    rchn.u.interdomain.remote_port = static_cast<std::uint16_t>(lport);
    rchn.state = ecs::interdomain;
    // Notifications sent to the unbound remote end were dropped: flag the local port pending.
    set_pending(*vcpu_of(current, lchn.notify_vcpu_id), static_cast<std::uint32_t>(lport));
    b.local_port = static_cast<abi::evtchn_port_t>(lport);
    return 0;
}

long event_channels::bind_virq(domain& current, abi::evtchn_bind_virq& b) {
    if (b.virq >= abi::nr_virqs) return -abi::err_inval;
    if (b.vcpu >= abi::max_virt_cpus || !vcpu_of(current, b.vcpu)) return -abi::err_noent;
    domain_state& ds = state(current);
    if (ds.virq_to_evtchn[b.vcpu][b.virq] != 0) return -abi::err_exist;
    const int port = get_free_port(ds);
    if (port < 0) return port;
    evtchn& chn = ds.ports[port];
    chn.state = ecs::virq;
    chn.notify_vcpu_id = static_cast<std::uint16_t>(b.vcpu);
    chn.u.virq = static_cast<std::uint16_t>(b.virq);
    ds.virq_to_evtchn[b.vcpu][b.virq] = static_cast<std::uint16_t>(port);
    b.port = static_cast<abi::evtchn_port_t>(port);
    return 0;
}

long event_channels::bind_ipi(domain& current, abi::evtchn_bind_ipi& b) {
    if (b.vcpu >= abi::max_virt_cpus || !vcpu_of(current, b.vcpu)) return -abi::err_noent;
    domain_state& ds = state(current);
    const int port = get_free_port(ds);
    if (port < 0) return port;
    evtchn& chn = ds.ports[port];
    chn.state = ecs::ipi;
    chn.notify_vcpu_id = static_cast<std::uint16_t>(b.vcpu);
    b.port = static_cast<abi::evtchn_port_t>(port);
    return 0;
}

long event_channels::bind_pirq(domain& current, abi::evtchn_bind_pirq& b) {
    if (b.pirq >= nr_pirqs) return -abi::err_inval;
    if (!m_hooks.irq_access_permitted(current, b.pirq)) return -abi::err_perm;
    domain_state& ds = state(current);
    if (ds.pirq_to_evtchn[b.pirq] != 0) return -abi::err_exist;
    const int port = get_free_port(ds);
    if (port < 0) return port;
    ds.pirq_to_evtchn[b.pirq] = static_cast<std::uint16_t>(port);
    const long rc = m_hooks.pirq_guest_bind(*vcpu_of(current, 0), b.pirq, (b.flags & abi::bind_pirq_will_share) != 0);
    if (rc != 0) {
        ds.pirq_to_evtchn[b.pirq] = 0;
        return rc;
    }
    evtchn& chn = ds.ports[port];
    chn.state = ecs::pirq;
    chn.u.pirq = static_cast<std::uint16_t>(b.pirq);
    b.port = static_cast<abi::evtchn_port_t>(port);
    return 0;
}

long event_channels::close(domain& d1, std::uint32_t port1) {
    domain_state& ds1 = state(d1);
    if (!ds1.valid(port1)) return -abi::err_inval;
    evtchn& chn1 = ds1.ports[port1];
    switch (chn1.state) {
    case ecs::free:
    case ecs::reserved: return -abi::err_inval;
    case ecs::unbound:
    case ecs::ipi: break;
    case ecs::pirq:
        m_hooks.pirq_guest_unbind(d1, chn1.u.pirq);
        ds1.pirq_to_evtchn[chn1.u.pirq] = 0;
        break;
    case ecs::virq:
        for (auto& per_vcpu : ds1.virq_to_evtchn)
            if (per_vcpu[chn1.u.virq] == port1) per_vcpu[chn1.u.virq] = 0;
        break;
    case ecs::interdomain: {
        domain& d2 = *chn1.u.interdomain.remote_dom;
        domain_state& ds2 = state(d2);
        const std::uint32_t port2 = chn1.u.interdomain.remote_port;
        if (!ds2.valid(port2)) throw std::logic_error("interdomain peer port invalid");
        evtchn& chn2 = ds2.ports[port2];
        if (chn2.state != ecs::interdomain || chn2.u.interdomain.remote_dom != &d1)
            throw std::logic_error("interdomain peer does not point back");
        // The peer waits for a new connection from d1.
        chn2.state = ecs::unbound;
        chn2.u.unbound.remote_domid = id_of(d1);
        break;
    }
    }
    // Freed ports notify vcpu0 again.
    chn1 = evtchn{};
    return 0;
}

long event_channels::send(domain& current, std::uint32_t lport) {
    domain_state& lds = state(current);
    if (!lds.valid(lport)) return -abi::err_inval;
    const evtchn& lchn = lds.ports[lport];
    switch (lchn.state) {
    case ecs::interdomain: {
        domain& rd = *lchn.u.interdomain.remote_dom;
        const std::uint32_t rport = lchn.u.interdomain.remote_port;
        const evtchn& rchn = state(rd).ports[rport];
        set_pending(*vcpu_of(rd, rchn.notify_vcpu_id), rport);
        return 0;
    }
    case ecs::ipi: set_pending(*vcpu_of(current, lchn.notify_vcpu_id), lport); return 0;
    case ecs::unbound: ++lds.counters.dropped; return 0;
    default: return -abi::err_inval;
    }
}

long event_channels::status(domain& current, abi::evtchn_status& s) {
    abi::domid_t dom = s.dom;
    if (dom == abi::domid_self)
        dom = id_of(current);
    else if (!m_hooks.is_privileged(current))
        return -abi::err_perm;
    const domain_state* ds = find_state(dom);
    if (!ds) return -abi::err_srch;
    if (!ds->valid(s.port)) return -abi::err_inval;
    const evtchn& chn = ds->ports[s.port];
    switch (chn.state) {
    case ecs::free:
    case ecs::reserved: s.status = abi::evtchnstat_closed; break;
    case ecs::unbound:
        s.status = abi::evtchnstat_unbound;
        s.u.unbound.dom = chn.u.unbound.remote_domid;
        break;
    case ecs::interdomain:
        s.status = abi::evtchnstat_interdomain;
        s.u.interdomain.dom = id_of(*chn.u.interdomain.remote_dom);
        s.u.interdomain.port = chn.u.interdomain.remote_port;
        break;
    case ecs::pirq:
        s.status = abi::evtchnstat_pirq;
        s.u.pirq = chn.u.pirq;
        break;
    case ecs::virq:
        s.status = abi::evtchnstat_virq;
        s.u.virq = chn.u.virq;
        break;
    case ecs::ipi: s.status = abi::evtchnstat_ipi; break;
    }
    s.vcpu = chn.notify_vcpu_id;
    return 0;
}

long event_channels::bind_vcpu(domain& current, std::uint32_t port, std::uint32_t vcpu_id) {
    if (vcpu_id >= abi::max_virt_cpus || !vcpu_of(current, vcpu_id)) return -abi::err_noent;
    domain_state& ds = state(current);
    if (!ds.valid(port)) return -abi::err_inval;
    evtchn& chn = ds.ports[port];
    switch (chn.state) {
    case ecs::unbound:
    case ecs::interdomain:
    case ecs::pirq: chn.notify_vcpu_id = static_cast<std::uint16_t>(vcpu_id); return 0;
    default: return -abi::err_inval;
    }
}

// evtchn_unmask: only a port whose mask bit was set can re-notify; the port's state is not
// checked (a free port in an allocated bucket is unmasked too).
long event_channels::unmask(domain& current, std::uint32_t port) {
    domain_state& ds = state(current);
    if (!ds.valid(port)) return -abi::err_inval;
    vcpu& v = *vcpu_of(current, ds.ports[port].notify_vcpu_id);
    const std::uint32_t bit = shinfo::port_bit(port);
    const std::uint32_t vi = ds.vcpu_info(v.vcpu_id);
    if (!test_and_clear_bit(ds.shared_info_pa + shinfo::mask_word(port), bit)) return 0;
    if (!test_bit(ds.shared_info_pa + shinfo::pending_word(port), bit)) return 0;
    if (test_and_set_bit(vi + shinfo::vi_pending_sel, sel_bit(port))) return 0;
    const std::uint32_t w = m_mem.read32(vi);
    m_mem.write32(vi, w | (1u << upcall_pending_shift));
    if (w & (1u << upcall_pending_shift)) return 0;
    ++ds.counters.notified;
    notify(v);
    return 0;
}

// --- the hypercall -----------------------------------------------------------------------------

long event_channels::do_event_channel_op(domain& d, vcpu& v, std::uint32_t op_va, const guest_copy& copy) {
    if (v.dom != &d) throw std::logic_error("event_channel_op: vcpu not of the calling domain");
    if (!copy.from_guest || !copy.to_guest) throw std::invalid_argument("event_channel_op: copy callbacks missing");
    (void)state(d);

    abi::evtchn_op op{};
    if (!copy.from_guest(op_va, &op, sizeof op)) return -abi::err_fault;
    // Results of the binds, alloc_unbound and status go back whole; a failed copy-back leaves
    // the binding in place (Xen: "cleaning up here would be a mess").
    const auto copy_back = [&](long rc) -> long {
        if (rc == 0 && !copy.to_guest(op_va, &op, sizeof op)) return -abi::err_fault;
        return rc;
    };
    switch (op.cmd) {
    case abi::evtchnop_alloc_unbound: return copy_back(alloc_unbound(d, op.u.alloc_unbound));
    case abi::evtchnop_bind_interdomain: return copy_back(bind_interdomain(d, op.u.bind_interdomain));
    case abi::evtchnop_bind_virq: return copy_back(bind_virq(d, op.u.bind_virq));
    case abi::evtchnop_bind_ipi: return copy_back(bind_ipi(d, op.u.bind_ipi));
    case abi::evtchnop_bind_pirq: return copy_back(bind_pirq(d, op.u.bind_pirq));
    case abi::evtchnop_close: return close(d, op.u.close.port);
    case abi::evtchnop_send: return send(d, op.u.send.port);
    case abi::evtchnop_status: return copy_back(status(d, op.u.status));
    case abi::evtchnop_bind_vcpu: return bind_vcpu(d, op.u.bind_vcpu.port, op.u.bind_vcpu.vcpu);
    case abi::evtchnop_unmask: return unmask(d, op.u.unmask.port);
    default: return -abi::err_nosys;
    }
}

// --- upcall bytes ------------------------------------------------------------------------------

bool event_channels::event_pending(vcpu& v) {
    const std::uint32_t w = m_mem.read32(vcpu_info_pa(v));
    return upcall_pending_of(w) != 0 && upcall_mask_of(w) == 0;
}

std::uint8_t event_channels::read_upcall_mask(vcpu& v) { return upcall_mask_of(m_mem.read32(vcpu_info_pa(v))); }

void event_channels::write_upcall_mask(vcpu& v, std::uint8_t value) {
    const std::uint32_t pa = vcpu_info_pa(v);
    const std::uint32_t w = m_mem.read32(pa);
    m_mem.write32(pa, (w & ~(0xFFu << upcall_mask_shift)) | (std::uint32_t{value} << upcall_mask_shift));
}

// --- introspection -------------------------------------------------------------------------------

bool event_channels::is_registered(const domain& d) const {
    const auto it = m_domains.find(d.domain_id);
    return it != m_domains.end() && it->second->dom == &d;
}

std::uint32_t event_channels::shared_info_pa(const domain& d) const { return state(d).shared_info_pa; }

std::uint32_t event_channels::vcpu_info_pa(const vcpu& v) const {
    if (!v.dom || v.vcpu_id >= abi::max_virt_cpus) throw std::out_of_range("vcpu_info_pa");
    return state(*v.dom).vcpu_info(v.vcpu_id);
}

bool event_channels::port_is_valid(const domain& d, std::uint32_t port) const { return state(d).valid(port); }

const evtchn& event_channels::port_info(const domain& d, std::uint32_t port) const {
    if (port >= max_evtchns) throw std::out_of_range("port_info");
    return state(d).ports[port];
}

std::uint16_t event_channels::virq_to_evtchn(const vcpu& v, std::uint32_t virq) const {
    if (!v.dom || virq >= abi::nr_virqs || v.vcpu_id >= abi::max_virt_cpus) throw std::out_of_range("virq_to_evtchn");
    return state(*v.dom).virq_to_evtchn[v.vcpu_id][virq];
}

std::uint16_t event_channels::pirq_to_evtchn(const domain& d, std::uint32_t pirq) const {
    if (pirq >= nr_pirqs) throw std::out_of_range("pirq_to_evtchn");
    return state(d).pirq_to_evtchn[pirq];
}

std::uint32_t event_channels::evtchn_count(const domain& d) const { return state(d).evtchn_count; }

const evtchn_counters& event_channels::counters(const domain& d) const { return state(d).counters; }

bool event_channels::consistent(const domain& d) const {
    if (!is_registered(d)) return false;
    const domain_state& ds = state(d);
    if (!ds.valid(0) || ds.ports[0].state != ecs::reserved) return false;
    const auto registered = [this](const domain* p) {
        for (const auto& [id, s] : m_domains)
            if (s->dom == p) return s.get();
        return static_cast<domain_state*>(nullptr);
    };
    for (std::uint32_t port = 0; port < max_evtchns; ++port) {
        const evtchn& c = ds.ports[port];
        if (!ds.valid(port)) {
            if (c.state != ecs::free || c.notify_vcpu_id != 0) return false;
            continue;
        }
        if (c.notify_vcpu_id >= abi::max_virt_cpus) return false;
        switch (c.state) {
        case ecs::free:
        case ecs::unbound:
        case ecs::ipi: break;
        case ecs::reserved:
            if (port != 0) return false;
            break;
        case ecs::virq:
            if (c.u.virq >= abi::nr_virqs || ds.virq_to_evtchn[c.notify_vcpu_id][c.u.virq] != port) return false;
            break;
        case ecs::pirq:
            if (c.u.pirq >= nr_pirqs || ds.pirq_to_evtchn[c.u.pirq] != port) return false;
            break;
        case ecs::interdomain: {
            const domain_state* rs = registered(c.u.interdomain.remote_dom);
            const std::uint32_t rport = c.u.interdomain.remote_port;
            if (!rs || !rs->valid(rport)) return false;
            if (rs == &ds && rport == port) return false;
            const evtchn& r = rs->ports[rport];
            if (r.state != ecs::interdomain || r.u.interdomain.remote_dom != ds.dom ||
                r.u.interdomain.remote_port != port)
                return false;
            break;
        }
        default: return false;
        }
    }
    for (std::uint32_t vid = 0; vid < abi::max_virt_cpus; ++vid)
        for (std::uint32_t virq = 0; virq < abi::nr_virqs; ++virq) {
            const std::uint16_t p = ds.virq_to_evtchn[vid][virq];
            if (p == 0) continue;
            if (!ds.valid(p) || ds.ports[p].state != ecs::virq || ds.ports[p].u.virq != virq ||
                ds.ports[p].notify_vcpu_id != vid)
                return false;
        }
    for (std::uint32_t pirq = 0; pirq < nr_pirqs; ++pirq) {
        const std::uint16_t p = ds.pirq_to_evtchn[pirq];
        if (p == 0) continue;
        if (!ds.valid(p) || ds.ports[p].state != ecs::pirq || ds.ports[p].u.pirq != pirq) return false;
    }
    return true;
}

bool event_channels::consistent() const {
    for (const auto& [id, s] : m_domains)
        if (!consistent(*s->dom)) return false;
    return true;
}

}  // namespace rtv::hv
