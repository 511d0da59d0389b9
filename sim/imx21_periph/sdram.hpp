// SPDX-License-Identifier: Apache-2.0
// Plain memory targets: the SDRAM on CSD0 and the 6 KiB internal RAM (same class, two sizes).
//
// Loosely timed: every access adds a fixed latency to the annotated delay, and DMI is
// granted for reads and writes over the whole memory with that same latency, so the core
// may bypass the bus for SDRAM and stay decoupled (docs/architecture.md). Storage is zeroed pages
// from calloc, so an unused 64 MiB costs no host memory until touched.
#pragma once

#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <memory>
#include <systemc>
#include <tlm>

#include "sim/core/clock.hpp"

namespace rtv::imx21 {

class memory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<memory> in;

    memory(const sc_core::sc_module_name& name, std::uint64_t size, core::picoseconds latency_ps = 0);

    std::uint64_t size() const { return m_size; }
    core::picoseconds latency_ps() const { return core::to_ps(m_latency); }
    unsigned char* data() { return m_data.get(); }
    const unsigned char* data() const { return m_data.get(); }

    std::uint64_t accesses() const { return m_accesses; }  // b_transport calls (DMI accesses bypass it)

private:
    void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& tx);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);

    struct free_deleter {
        void operator()(unsigned char* p) const;
    };
    std::uint64_t m_size;
    sc_core::sc_time m_latency;
    std::unique_ptr<unsigned char[], free_deleter> m_data;
    std::uint64_t m_accesses = 0;
};

}  // namespace rtv::imx21
