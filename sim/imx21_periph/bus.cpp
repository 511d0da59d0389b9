// SPDX-License-Identifier: Apache-2.0
#include "sim/imx21_periph/bus.hpp"

#include <algorithm>
#include <stdexcept>

namespace rtv::imx21 {

bus::bus(const sc_core::sc_module_name& name) : sc_core::sc_module(name), in("in"), out("out") {
    in.register_b_transport(this, &bus::b_transport);
    in.register_transport_dbg(this, &bus::transport_dbg);
    in.register_get_direct_mem_ptr(this, &bus::get_direct_mem_ptr);
    out.register_invalidate_direct_mem_ptr(this, &bus::invalidate_direct_mem_ptr);
}

void bus::map(std::uint64_t base, std::uint64_t size, tlm::tlm_target_socket<>& target,
              const std::string& label) {
    if (size == 0 || base + (size - 1) < base)
        throw std::invalid_argument(std::string(name()) + ": bad window for " + label);
    for (const region& r : m_regions) {
        if (base <= r.base + (r.size - 1) && r.base <= base + (size - 1))
            throw std::invalid_argument(std::string(name()) + ": " + label + " overlaps " + r.label);
    }
    // Ports of a multi-socket are numbered in binding order.
    out.bind(target);
    region r{base, size, m_ports++, label};
    m_regions.insert(std::upper_bound(m_regions.begin(), m_regions.end(), base,
                                      [](std::uint64_t b, const region& x) { return b < x.base; }),
                     r);
}

const bus::region* bus::decode(std::uint64_t addr, std::uint64_t len) const {
    auto it = std::upper_bound(m_regions.begin(), m_regions.end(), addr,
                               [](std::uint64_t a, const region& x) { return a < x.base; });
    if (it == m_regions.begin()) return nullptr;
    const region& r = *(it - 1);
    const std::uint64_t off = addr - r.base;
    if (off >= r.size) return nullptr;
    // A transaction must lie wholly inside one window.
    if (len > r.size - off) return nullptr;
    return &r;
}

void bus::b_transport(int, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    const std::uint64_t addr = tx.get_address();
    const region* r = decode(addr, std::max<std::uint64_t>(tx.get_data_length(), 1));
    if (!r) {
        tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    tx.set_address(addr - r->base);
    out[r->port]->b_transport(tx, delay);
    tx.set_address(addr);
}

unsigned bus::transport_dbg(int, tlm::tlm_generic_payload& tx) {
    const std::uint64_t addr = tx.get_address();
    const region* r = decode(addr, std::max<std::uint64_t>(tx.get_data_length(), 1));
    if (!r) return 0;
    tx.set_address(addr - r->base);
    const unsigned n = out[r->port]->transport_dbg(tx);
    tx.set_address(addr);
    return n;
}

bool bus::get_direct_mem_ptr(int, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi) {
    const std::uint64_t addr = tx.get_address();
    const region* r = decode(addr);
    if (!r) {
        // Report the whole hole around addr so the initiator need not ask again inside it.
        auto it = std::upper_bound(m_regions.begin(), m_regions.end(), addr,
                                   [](std::uint64_t a, const region& x) { return a < x.base; });
        const std::uint64_t lo = it == m_regions.begin() ? 0 : (it - 1)->base + (it - 1)->size;
        const std::uint64_t hi = it == m_regions.end() ? ~0ULL : it->base - 1;
        dmi.allow_none();
        dmi.set_start_address(lo);
        dmi.set_end_address(hi);
        return false;
    }
    tx.set_address(addr - r->base);
    const bool ok = out[r->port]->get_direct_mem_ptr(tx, dmi);
    tx.set_address(addr);
    // Target-relative range -> bus range. The pointer still belongs to the range's start; only
    // the end is clipped to the window (a target may report a range larger than its window).
    const std::uint64_t end = std::min<std::uint64_t>(dmi.get_end_address(), r->size - 1);
    dmi.set_start_address(r->base + dmi.get_start_address());
    dmi.set_end_address(r->base + end);
    return ok;
}

void bus::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
    for (const region& r : m_regions) {
        if (r.port != port) continue;
        if (start >= r.size) return;
        const std::uint64_t s = r.base + start;
        const std::uint64_t e = r.base + std::min<std::uint64_t>(end, r.size - 1);
        for (unsigned i = 0; i < in.size(); ++i) in[i]->invalidate_direct_mem_ptr(s, e);
        return;
    }
}

}  // namespace rtv::imx21
