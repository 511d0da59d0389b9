// SPDX-License-Identifier: Apache-2.0
#include "sim/debug/rsp_connection.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sim/debug/rsp_codec.hpp"

namespace rtv::debug {

namespace {

constexpr char interrupt_byte = 0x03;  // GDB manual, "Interrupts"

std::string system_error(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

rsp_connection::rsp_connection(std::uint16_t port) {
    m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listen_fd < 0) throw rsp_error(system_error("socket"));
    const int one = 1;
    ::setsockopt(m_listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // 127.0.0.1 only: the stub gives full control of the target
    a.sin_port = htons(port);
    if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(m_listen_fd, 1) < 0) {
        const std::string e = system_error("bind/listen");
        ::close(m_listen_fd);
        throw rsp_error("cannot listen on 127.0.0.1:" + std::to_string(port) + " (" + e + ")");
    }
    socklen_t len = sizeof a;
    ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&a), &len);
    m_port = ntohs(a.sin_port);
}

rsp_connection::~rsp_connection() {
    close();
    if (m_listen_fd >= 0) ::close(m_listen_fd);
}

void rsp_connection::accept() {
    if (m_fd >= 0 || m_listen_fd < 0) return;
    do {
        m_fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    } while (m_fd < 0 && errno == EINTR);
    if (m_fd < 0) throw rsp_error(system_error("accept"));
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // packets are small and answered at once
    ::close(m_listen_fd);
    m_listen_fd = -1;
}

void rsp_connection::close() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
}

int rsp_connection::read_byte() {
    if (m_pos == m_buffer.size()) {
        if (m_fd < 0) return -1;
        char chunk[4096];
        ssize_t n;
        do {
            n = ::recv(m_fd, chunk, sizeof chunk, 0);
        } while (n < 0 && errno == EINTR);
        if (n <= 0) {
            close();
            return -1;
        }
        m_buffer.assign(chunk, static_cast<std::size_t>(n));
        m_pos = 0;
    }
    return static_cast<unsigned char>(m_buffer[m_pos++]);
}

std::optional<std::string> rsp_connection::receive() {
    for (;;) {
        int c = read_byte();
        while (c >= 0 && c != '$' && c != interrupt_byte) c = read_byte();  // acks and noise between packets
        if (c < 0) return std::nullopt;
        if (c == interrupt_byte) return std::string(1, interrupt_byte);
        std::string payload;
        while ((c = read_byte()) >= 0 && c != '#') payload += static_cast<char>(c);
        const int h = read_byte(), l = read_byte();
        if (c < 0 || h < 0 || l < 0) return std::nullopt;
        const auto sum = parse_hex_number(std::string{static_cast<char>(h), static_cast<char>(l)});
        const bool good = sum && *sum == rsp_checksum(payload);
        const char ack = good ? '+' : '-';
        if (::send(m_fd, &ack, 1, MSG_NOSIGNAL) != 1) return std::nullopt;
        if (good) return payload;
    }
}

bool rsp_connection::send(const std::string& payload) {
    const std::string frame = rsp_frame(payload);
    for (;;) {
        if (m_fd < 0) return false;
        std::size_t done = 0;
        while (done < frame.size()) {
            const ssize_t n = ::send(m_fd, frame.data() + done, frame.size() - done, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                close();
                return false;
            }
            done += static_cast<std::size_t>(n);
        }
        int c;
        while ((c = read_byte()) >= 0 && c != '+' && c != '-') {}
        if (c < 0) return false;
        if (c == '+') return true;
    }
}

bool rsp_connection::interrupt_pending() {
    if (m_fd < 0) return false;
    for (;;) {
        if (m_pos < m_buffer.size()) {
            if (m_buffer[m_pos++] == interrupt_byte) return true;
            continue;
        }
        char chunk[256];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n == 0) {
            close();  // the debugger went away: the caller sees connected() false
            return false;
        }
        if (n < 0) return false;  // EAGAIN: nothing arrived
        m_buffer.assign(chunk, static_cast<std::size_t>(n));
        m_pos = 0;
    }
}

}  // namespace rtv::debug
