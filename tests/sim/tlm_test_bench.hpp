// SPDX-License-Identifier: Apache-2.0
// Small test-bench parts shared by the model tests: an initiator that runs a test body in an
// SC_THREAD and pokes registers over TLM, and a recorder of an irq_line's exact edge times.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <systemc>
#include <tlm>
#include <utility>
#include <vector>

#include "sim/core/clock.hpp"
#include "sim/core/irq_line.hpp"

namespace rtv::test {

using core::picoseconds;

// floor(n * 10^12 / hz), written out independently of the model's arithmetic.
inline picoseconds edge_time(std::uint64_t n, std::uint64_t hz) {
    return static_cast<picoseconds>(static_cast<unsigned __int128>(n) * 1'000'000'000'000ULL / hz);
}
// Index of the first edge strictly after t.
inline std::uint64_t edge_after(picoseconds t, std::uint64_t hz) {
    std::uint64_t n =
        static_cast<std::uint64_t>(static_cast<unsigned __int128>(t) * hz / 1'000'000'000'000ULL);
    while (edge_time(n, hz) <= t) ++n;
    return n;
}
inline picoseconds edge32(std::uint64_t n) { return edge_time(n, 32'768); }

class initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<initiator> out;
    using body_fn = std::function<void(initiator&)>;

    SC_HAS_PROCESS(initiator);
    // Runs `body` from time 0; stops the simulation when it returns if `stop_when_done`.
    initiator(const sc_core::sc_module_name& name, body_fn body, bool stop_when_done = true)
        : sc_core::sc_module(name), out("out"), m_body(std::move(body)), m_stop(stop_when_done) {
        SC_THREAD(run);
    }

    tlm::tlm_response_status transport(tlm::tlm_command cmd, std::uint64_t addr, void* data, unsigned len,
                                       sc_core::sc_time& delay, unsigned char* be = nullptr,
                                       unsigned be_len = 0) {
        tlm::tlm_generic_payload tx;
        tx.set_command(cmd);
        tx.set_address(addr);
        tx.set_data_ptr(static_cast<unsigned char*>(data));
        tx.set_data_length(len);
        tx.set_streaming_width(len);
        tx.set_byte_enable_ptr(be);
        tx.set_byte_enable_length(be_len);
        tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        out->b_transport(tx, delay);
        last_dmi_allowed = tx.is_dmi_allowed();
        return tx.get_response_status();
    }

    tlm::tlm_response_status write32(std::uint64_t addr, std::uint32_t v) {
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        return transport(tlm::TLM_WRITE_COMMAND, addr, &v, 4, d);
    }
    std::uint32_t read32(std::uint64_t addr, tlm::tlm_response_status* status = nullptr) {
        std::uint32_t v = 0xDEADBEEF;
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        const auto st = transport(tlm::TLM_READ_COMMAND, addr, &v, 4, d);
        if (status) *status = st;
        return v;
    }
    unsigned debug(tlm::tlm_command cmd, std::uint64_t addr, void* data, unsigned len) {
        tlm::tlm_generic_payload tx;
        tx.set_command(cmd);
        tx.set_address(addr);
        tx.set_data_ptr(static_cast<unsigned char*>(data));
        tx.set_data_length(len);
        return out->transport_dbg(tx);
    }
    bool dmi(std::uint64_t addr, tlm::tlm_dmi& d) {
        tlm::tlm_generic_payload tx;
        tx.set_command(tlm::TLM_READ_COMMAND);
        tx.set_address(addr);
        return out->get_direct_mem_ptr(tx, d);
    }

    // Waits until absolute simulated time t (no-op if already there).
    void wait_until(picoseconds t) {
        const picoseconds now = core::now_ps();
        if (t > now) sc_core::wait(core::to_sc_time(t - now));
    }

    bool last_dmi_allowed = false;

private:
    void run() {
        m_body(*this);
        if (m_stop) sc_core::sc_stop();
    }

    body_fn m_body;
    bool m_stop;
};

// Records the exact times of an irq_line's rising and falling edges; `rose` is notified
// (one delta later) at each rising edge so a test thread can acknowledge.
struct irq_recorder {
    explicit irq_recorder(core::irq_line& line) : m_line(line) {
        line.bind([this](bool level) {
            (level ? rises : falls).push_back(core::now_ps());
            if (level) rose.notify(sc_core::SC_ZERO_TIME);
        });
    }
    bool level() const { return m_line.level(); }

    std::vector<picoseconds> rises;
    std::vector<picoseconds> falls;
    sc_core::sc_event rose;

private:
    core::irq_line& m_line;
};

}  // namespace rtv::test
