// SPDX-License-Identifier: Apache-2.0
// The i.MX21 system bus as a loosely-timed TLM-2.0 address decoder.
//
// Initiators (the core, test benches) bind to `in`; targets are attached with map(). A
// transaction is forwarded with its address made relative to the target's base, and DMI
// ranges coming back are translated to bus addresses (clipped to the target's window), so
// the core can cache them directly. An address no target claims gets
// TLM_ADDRESS_ERROR_RESPONSE, which the core turns into an external abort (docs/architecture.md, Platform).
#pragma once

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <cstdint>
#include <string>
#include <systemc>
#include <tlm>
#include <vector>

namespace rtv::imx21 {

class bus : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<bus> in;
    tlm_utils::multi_passthrough_initiator_socket<bus> out;

    explicit bus(const sc_core::sc_module_name& name);

    // Attaches `target` at [base, base + size). Call during elaboration; windows may not overlap.
    void map(std::uint64_t base, std::uint64_t size, tlm::tlm_target_socket<>& target,
             const std::string& label = "");

    struct region {
        std::uint64_t base;
        std::uint64_t size;
        int port;  // index into `out`
        std::string label;
    };
    const std::vector<region>& regions() const { return m_regions; }
    // The region containing [addr, addr + len), or nullptr.
    const region* decode(std::uint64_t addr, std::uint64_t len = 1) const;

private:
    void b_transport(int id, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload& tx);
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
    void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);

    std::vector<region> m_regions;  // sorted by base
    int m_ports = 0;
};

}  // namespace rtv::imx21
