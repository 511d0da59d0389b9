// SPDX-License-Identifier: Apache-2.0
#include "sim/imx21_periph/sdram.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

namespace rtv::imx21 {

void memory::free_deleter::operator()(unsigned char* p) const { std::free(p); }

memory::memory(const sc_core::sc_module_name& name, std::uint64_t size, core::picoseconds latency_ps)
    : sc_core::sc_module(name), in("in"), m_size(size), m_latency(core::to_sc_time(latency_ps)) {
    if (size == 0) throw std::invalid_argument(std::string(this->name()) + ": memory size must be positive");
    m_data.reset(static_cast<unsigned char*>(std::calloc(size, 1)));
    if (!m_data) throw std::bad_alloc();
    in.register_b_transport(this, &memory::b_transport);
    in.register_transport_dbg(this, &memory::transport_dbg);
    in.register_get_direct_mem_ptr(this, &memory::get_direct_mem_ptr);
}

void memory::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    const std::uint64_t addr = tx.get_address();
    const unsigned len = tx.get_data_length();
    if (addr >= m_size || len > m_size - addr) {
        tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    // Streaming (a FIFO-style burst onto one address) makes no sense for RAM.
    if (tx.get_streaming_width() < len) {
        tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    unsigned char* mem = m_data.get() + addr;
    unsigned char* buf = tx.get_data_ptr();
    const unsigned char* be = tx.get_byte_enable_ptr();
    const unsigned be_len = tx.get_byte_enable_length();
    if (tx.is_read()) {
        if (!be) {
            std::memcpy(buf, mem, len);
        } else {
            for (unsigned i = 0; i < len; ++i)
                if (be[i % be_len] == TLM_BYTE_ENABLED) buf[i] = mem[i];
        }
    } else if (tx.is_write()) {
        if (!be) {
            std::memcpy(mem, buf, len);
        } else {
            for (unsigned i = 0; i < len; ++i)
                if (be[i % be_len] == TLM_BYTE_ENABLED) mem[i] = buf[i];
        }
    }
    ++m_accesses;
    delay += m_latency;
    tx.set_dmi_allowed(true);
    tx.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned memory::transport_dbg(tlm::tlm_generic_payload& tx) {
    const std::uint64_t addr = tx.get_address();
    if (addr >= m_size) return 0;
    const unsigned len = static_cast<unsigned>(std::min<std::uint64_t>(tx.get_data_length(), m_size - addr));
    if (tx.is_read())
        std::memcpy(tx.get_data_ptr(), m_data.get() + addr, len);
    else if (tx.is_write())
        std::memcpy(m_data.get() + addr, tx.get_data_ptr(), len);
    return len;
}

bool memory::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    dmi.set_dmi_ptr(m_data.get());
    dmi.set_start_address(0);
    dmi.set_end_address(m_size - 1);
    dmi.allow_read_write();
    dmi.set_read_latency(m_latency);
    dmi.set_write_latency(m_latency);
    return true;
}

}  // namespace rtv::imx21
