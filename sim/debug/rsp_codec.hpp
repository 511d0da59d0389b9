// SPDX-License-Identifier: Apache-2.0
// Encodings of the GDB remote serial protocol (GDB manual, "Remote Protocol", "Overview"):
// packet framing `$payload#cs`, hex bytes, and the escaped binary data of the X packet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rtv::debug {

// The modulo-256 sum of the payload's bytes, as in `#cs`.
std::uint8_t rsp_checksum(const std::string& payload);
// `$payload#cs` with '#', '$', '}' and '*' in the payload escaped (0x7d, byte ^ 0x20).
std::string rsp_frame(const std::string& payload);

std::string to_hex(const std::uint8_t* data, std::size_t len);
// Hex pairs to bytes; nullopt on an odd length or a non-hex digit.
std::optional<std::vector<std::uint8_t>> from_hex(const std::string& hex);
// A register as GDB sends it: target (little-endian) byte order.
std::string le32_hex(std::uint32_t v);
std::optional<std::uint32_t> le32_from_hex(const std::string& hex);
// A hexadecimal number (addresses, lengths); nullopt if empty or not hex.
std::optional<std::uint32_t> parse_hex_number(const std::string& s);
// X packet data: 0x7d escapes the next byte, which is XORed with 0x20.
std::vector<std::uint8_t> unescape_binary(const std::string& s);

}  // namespace rtv::debug
