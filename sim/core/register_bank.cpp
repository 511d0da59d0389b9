// SPDX-License-Identifier: Apache-2.0
#include "sim/core/register_bank.hpp"

#include <cstring>
#include <stdexcept>

namespace rtv::core {

reg::reg(tlm_peripheral& owner, std::string name, std::uint32_t offset, std::uint32_t reset_value)
    : m_name(std::move(name)), m_offset(offset), m_reset(reset_value), m_value(reset_value) {
    owner.add_register(*this);
}

std::uint32_t reg::bus_read() const {
    if (m_access == reg_access::write_only) return 0;
    return m_read ? m_read() : m_value;
}

bool reg::bus_write(std::uint32_t v) {
    std::uint32_t proposed = 0;
    switch (m_access) {
        case reg_access::read_only:
            return false;
        case reg_access::write_1_to_clear:
            proposed = m_value & ~(v & m_write_mask);
            break;
        case reg_access::read_write:
        case reg_access::write_only:
            proposed = (m_value & ~m_write_mask) | (v & m_write_mask);
            break;
    }
    if (m_write)
        m_write(proposed);
    else
        m_value = proposed;
    return true;
}

tlm_peripheral::tlm_peripheral(const sc_core::sc_module_name& name) : sc_core::sc_module(name), in("in") {
    in.register_b_transport(this, &tlm_peripheral::b_transport);
    in.register_transport_dbg(this, &tlm_peripheral::transport_dbg);
    in.register_get_direct_mem_ptr(this, &tlm_peripheral::get_direct_mem_ptr);
}

void tlm_peripheral::add_register(reg& r) {
    // A register at an unaligned offset could never be reached by a legal access.
    if (r.offset() % 4 != 0)
        throw std::invalid_argument(std::string(name()) + ": unaligned register " + r.name());
    const std::size_t word = r.offset() / 4;
    if (word >= m_by_word.size()) m_by_word.resize(word + 1, nullptr);
    if (m_by_word[word])
        throw std::invalid_argument(std::string(name()) + ": two registers at offset of " + r.name());
    m_by_word[word] = &r;
    m_regs.push_back(&r);
}

reg* tlm_peripheral::find_register(std::uint32_t offset) const {
    if (offset % 4 != 0) return nullptr;
    const std::size_t word = offset / 4;
    return word < m_by_word.size() ? m_by_word[word] : nullptr;
}

void tlm_peripheral::reset() {
    for (reg* r : m_regs) r->reset();
}

tlm::tlm_response_status tlm_peripheral::access_word(tlm::tlm_command cmd, std::uint64_t offset,
                                                     unsigned char* data) {
    if (offset % 4 != 0) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    reg* r = offset <= 0xFFFF'FFFFu ? find_register(static_cast<std::uint32_t>(offset)) : nullptr;
    if (!r) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    // A write to a read-only register is refused before any side effect, catch-up included.
    if (cmd == tlm::TLM_WRITE_COMMAND && r->access() == reg_access::read_only)
        return tlm::TLM_COMMAND_ERROR_RESPONSE;
    before_access(m_access_time);
    std::uint32_t v = 0;
    if (cmd == tlm::TLM_READ_COMMAND) {
        v = r->bus_read();
        std::memcpy(data, &v, 4);
    } else if (cmd == tlm::TLM_WRITE_COMMAND) {
        std::memcpy(&v, data, 4);
        r->bus_write(v);
    }
    return tlm::TLM_OK_RESPONSE;
}

void tlm_peripheral::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    if (tx.get_byte_enable_ptr()) {
        tx.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (tx.get_data_length() != 4 || tx.get_streaming_width() != 4) {
        tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    m_access_time = now_ps() + to_ps(delay);
    const auto status = access_word(tx.get_command(), tx.get_address(), tx.get_data_ptr());
    delay += m_latency;
    tx.set_response_status(status);
}

unsigned tlm_peripheral::transport_dbg(tlm::tlm_generic_payload& tx) {
    const unsigned len = tx.get_data_length();
    if (len % 4 != 0 || tx.get_byte_enable_ptr()) return 0;
    m_access_time = now_ps();
    for (unsigned i = 0; i < len; i += 4) {
        if (access_word(tx.get_command(), tx.get_address() + i, tx.get_data_ptr() + i) !=
            tlm::TLM_OK_RESPONSE)
            return i;
    }
    return len;
}

bool tlm_peripheral::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    // Registers have side effects: never grant DMI, for the whole window.
    dmi.allow_none();
    dmi.set_start_address(0);
    dmi.set_end_address(~0ULL);
    return false;
}

}  // namespace rtv::core
