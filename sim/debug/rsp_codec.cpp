// SPDX-License-Identifier: Apache-2.0
#include "sim/debug/rsp_codec.hpp"

namespace rtv::debug {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";
constexpr char escape = 0x7d;  // GDB manual, "Overview": '}' escapes the next byte, XOR 0x20

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::uint8_t rsp_checksum(const std::string& payload) {
    unsigned sum = 0;
    for (char c : payload) sum += static_cast<unsigned char>(c);
    return static_cast<std::uint8_t>(sum);
}

std::string rsp_frame(const std::string& payload) {
    std::string body;
    body.reserve(payload.size());
    for (char c : payload) {
        if (c == '#' || c == '$' || c == escape || c == '*') {
            body += escape;
            body += static_cast<char>(c ^ 0x20);
        } else {
            body += c;
        }
    }
    const std::uint8_t cs = rsp_checksum(body);
    return "$" + body + "#" + hex_digits[cs >> 4] + hex_digits[cs & 15];
}

std::string to_hex(const std::uint8_t* data, std::size_t len) {
    std::string s;
    s.reserve(2 * len);
    for (std::size_t i = 0; i < len; ++i) {
        s += hex_digits[data[i] >> 4];
        s += hex_digits[data[i] & 15];
    }
    return s;
}

std::optional<std::vector<std::uint8_t>> from_hex(const std::string& hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::vector<std::uint8_t> out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return out;
}

std::string le32_hex(std::uint32_t v) {
    const std::uint8_t b[4] = {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
                               static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24)};
    return to_hex(b, 4);
}

std::optional<std::uint32_t> le32_from_hex(const std::string& hex) {
    const auto b = from_hex(hex);
    if (!b || b->size() != 4) return std::nullopt;
    return static_cast<std::uint32_t>((*b)[0] | (*b)[1] << 8 | (*b)[2] << 16 | static_cast<std::uint32_t>((*b)[3]) << 24);
}

std::optional<std::uint32_t> parse_hex_number(const std::string& s) {
    if (s.empty() || s.size() > 8) return std::nullopt;
    std::uint32_t v = 0;
    for (char c : s) {
        const int d = hex_value(c);
        if (d < 0) return std::nullopt;
        v = v << 4 | static_cast<std::uint32_t>(d);
    }
    return v;
}

std::vector<std::uint8_t> unescape_binary(const std::string& s) {
    std::vector<std::uint8_t> out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == escape && i + 1 < s.size())
            out.push_back(static_cast<std::uint8_t>(s[++i] ^ 0x20));
        else
            out.push_back(static_cast<std::uint8_t>(s[i]));
    }
    return out;
}

}  // namespace rtv::debug
