// SPDX-License-Identifier: Apache-2.0
// One debugger connection over TCP, bound to 127.0.0.1 only: the listening socket, the
// accepted connection, packet reception with acknowledgements, and a non-blocking look for
// the interrupt byte (0x03, Ctrl-C) while the target runs.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace rtv::debug {

struct rsp_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class rsp_connection {
public:
    // Listens on 127.0.0.1:`port` (0: a free port the system picks). Throws rsp_error.
    explicit rsp_connection(std::uint16_t port);
    ~rsp_connection();
    rsp_connection(const rsp_connection&) = delete;
    rsp_connection& operator=(const rsp_connection&) = delete;

    std::uint16_t port() const { return m_port; }
    bool connected() const { return m_fd >= 0; }
    // Blocks until a debugger connects (then stops listening: one session per run).
    void accept();
    // The next packet's payload, acknowledged with '+' (a bad checksum is answered '-' and
    // the packet awaited again); "\x03" for an interrupt byte. nullopt: the debugger closed
    // the connection.
    std::optional<std::string> receive();
    // Sends a packet and waits for its '+' (resending on '-'). false: the connection closed.
    bool send(const std::string& payload);
    // Whether an interrupt byte arrived, without blocking (other bytes before it are dropped:
    // while the target runs GDB sends nothing else).
    bool interrupt_pending();
    void close();

private:
    // The next byte, blocking; -1 when the connection closed.
    int read_byte();

    int m_listen_fd = -1;
    int m_fd = -1;
    std::uint16_t m_port = 0;
    std::string m_buffer;  // bytes received but not yet consumed
    std::size_t m_pos = 0;
};

}  // namespace rtv::debug
