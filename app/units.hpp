// SPDX-License-Identifier: Apache-2.0
// Values written with their units (`10ms`, `266MHz`, `4MiB`) and the plain scalars of a
// scenario file, parsed exactly.
//
// Durations and frequencies may have decimals (`1.5s`, `32.768kHz`); they are converted by
// decimal string arithmetic, never through a double, so `1.000000000001s` is exactly
// 1'000'000'000'001 ps and a value that is not a whole number of the base unit is an error
// rather than a silent rounding. Every function reports failure as a message saying what
// was expected and what was found; the caller adds where (file:line:column or --set).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rtv::app {

template <typename T>
struct parse_result {
    std::optional<T> value;
    std::string error;  // empty on success

    explicit operator bool() const { return value.has_value(); }
    static parse_result ok(T v) { return {std::move(v), {}}; }
    static parse_result fail(std::string message) { return {std::nullopt, std::move(message)}; }
};

// `<decimal><unit>` with unit s, ms, us (or µs), ns, ps; the result must be whole picoseconds.
parse_result<std::uint64_t> parse_duration_ps(std::string_view text);
// `<decimal><unit>` with unit Hz, kHz, MHz, GHz (case as written); the result must be whole Hz.
parse_result<std::uint64_t> parse_frequency_hz(std::string_view text);
// `<integer><unit>` with unit B, KiB, MiB, GiB. The SI-looking KB/MB/GB (and kB) are
// rejected as ambiguous: memory sizes are binary on this platform, but a reader cannot tell.
parse_result<std::uint64_t> parse_size_bytes(std::string_view text);

// Decimal digits only: no sign, no `0x`, no leading zeros (YAML 1.1 reads `010` as octal).
parse_result<std::uint64_t> parse_unsigned(std::string_view text);
// As parse_unsigned, with an optional leading `-`.
parse_result<std::int64_t> parse_signed(std::string_view text);
// `[-+]digits[.digits][e[-+]digits]`; no inf/nan, no hexadecimal.
parse_result<double> parse_real(std::string_view text);
// `true` or `false` only (YAML 1.1's yes/no/on/off are not booleans here).
parse_result<bool> parse_bool(std::string_view text);
// A 32-bit address: `0x` (or `0X`) and hexadecimal digits in either case, or a decimal
// integer without leading zeros; at most 0xFFFFFFFF.
parse_result<std::uint32_t> parse_address(std::string_view text);

// The shortest exact spelling in the largest unit that divides the value: 5000000000ps -> `5ms`,
// 1500000000000ps -> `1500ms`. Used in messages and docs so bounds read as the user writes them.
std::string format_duration_ps(std::uint64_t ps);
std::string format_frequency_hz(std::uint64_t hz);
std::string format_size_bytes(std::uint64_t bytes);
// `0xC0000000`: eight upper-case hexadecimal digits.
std::string format_address(std::uint32_t address);

}  // namespace rtv::app
