// SPDX-License-Identifier: Apache-2.0
// Registers of memory-mapped peripherals and the TLM target base they hang off (VCML's habit).
//
// A peripheral derives from `tlm_peripheral` and declares its registers as members, each with
// name, offset and reset value; access policy, write mask and read/write callbacks are set in
// the peripheral's constructor. All bus-protocol checking (size, alignment, byte enables,
// unmapped offsets, writes to read-only registers) lives here, so every model answers a bad
// access with the same TLM error response and no model repeats the checks.
#pragma once

#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <string>
#include <systemc>
#include <tlm>
#include <vector>

#include "sim/core/clock.hpp"

namespace rtv::core {

class tlm_peripheral;

enum class reg_access {
    read_write,
    read_only,         // a bus write gets TLM_COMMAND_ERROR_RESPONSE
    write_only,        // a bus read returns 0 (as the i.MX INTENNUM/UTXD registers do)
    write_1_to_clear,  // each 1 written clears that bit
};

// One 32-bit register. Non-copyable: its owner keeps a pointer to it.
class reg {
public:
    // Returns the value a bus read sees (the stored value is then ignored).
    using read_fn = std::function<std::uint32_t()>;
    // Receives the value the register would take under its policy and write mask (for W1C:
    // the old value with the written ones cleared); the callback stores it (set()) or not.
    using write_fn = std::function<void(std::uint32_t proposed)>;

    reg(tlm_peripheral& owner, std::string name, std::uint32_t offset, std::uint32_t reset_value = 0);
    reg(const reg&) = delete;
    reg& operator=(const reg&) = delete;

    void set_access(reg_access a) { m_access = a; }
    // Bits outside the mask keep their value on a bus write (reserved or read-only fields).
    void set_write_mask(std::uint32_t mask) { m_write_mask = mask; }
    void on_read(read_fn f) { m_read = std::move(f); }
    void on_write(write_fn f) { m_write = std::move(f); }

    // Direct access to the stored value: no policy, no callbacks (for the model itself).
    std::uint32_t get() const { return m_value; }
    void set(std::uint32_t v) { m_value = v; }
    operator std::uint32_t() const { return m_value; }
    reg& operator=(std::uint32_t v) {
        m_value = v;
        return *this;
    }
    void reset() { m_value = m_reset; }

    const std::string& name() const { return m_name; }
    std::uint32_t offset() const { return m_offset; }
    std::uint32_t reset_value() const { return m_reset; }
    reg_access access() const { return m_access; }

    // Bus-side accesses: apply the policy and the callbacks. bus_write returns false when
    // the policy forbids the write.
    std::uint32_t bus_read() const;
    bool bus_write(std::uint32_t v);

private:
    std::string m_name;
    std::uint32_t m_offset;
    std::uint32_t m_reset;
    std::uint32_t m_value;
    std::uint32_t m_write_mask = 0xFFFF'FFFFu;
    reg_access m_access = reg_access::read_write;
    read_fn m_read;
    write_fn m_write;
};

// An sc_module with one TLM target socket `in` that serves 32-bit aligned accesses to its
// registers. Error responses:
//   byte enables present                     -> TLM_BYTE_ENABLE_ERROR_RESPONSE
//   length != 4 or streaming width != length -> TLM_BURST_ERROR_RESPONSE
//   unaligned address or no register there   -> TLM_ADDRESS_ERROR_RESPONSE
//   write to a read-only register            -> TLM_COMMAND_ERROR_RESPONSE
// Debug transport serves any whole number of aligned words and stops at the first bad one
// (returning the bytes served before it).
class tlm_peripheral : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<tlm_peripheral> in;

    explicit tlm_peripheral(const sc_core::sc_module_name& name);

    // Restores every register's reset value; models extend it to reset their own state.
    virtual void reset();

    // Delay added to every bus access (0 by default: the core accounts bus cycles itself).
    void set_access_latency(picoseconds ps) { m_latency = to_sc_time(ps); }

    const std::vector<reg*>& registers() const { return m_regs; }
    reg* find_register(std::uint32_t offset) const;

protected:
    // The instant of the access being served: SystemC time plus the transaction's annotated
    // delay (the initiator has synchronised, so this is the bus cycle's time).
    picoseconds access_time() const { return m_access_time; }

    // Called before every register access with its instant: lazy models (timers) catch up
    // here so that all registers read consistently at that instant.
    virtual void before_access(picoseconds t) {}

private:
    friend class reg;
    void add_register(reg& r);

    void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& tx);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
    tlm::tlm_response_status access_word(tlm::tlm_command cmd, std::uint64_t offset, unsigned char* data);

    std::vector<reg*> m_regs;     // in declaration order
    std::vector<reg*> m_by_word;  // offset / 4 -> register or nullptr
    picoseconds m_access_time = 0;
    sc_core::sc_time m_latency = sc_core::SC_ZERO_TIME;
};

}  // namespace rtv::core
