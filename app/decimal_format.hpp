// SPDX-License-Identifier: Apache-2.0
// Numbers appended to CSV rows without printf: the rows of tick_drift.csv and jobs.csv are
// written for every tick and job of the run, and snprintf's format parsing was a tenth of a
// long run's host time. Every function writes exactly the bytes of the printf format it
// names (tests/app/test_decimal_format.cpp compares them on random and edge inputs).
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <type_traits>

namespace rtv::app {

// "%llu" / "%lld" for any integer type.
template <typename Integer>
void append_decimal(std::string& out, Integer v) {
    static_assert(std::is_integral_v<Integer>);
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// "%0<width>llu" for v < 10^width (width <= 19).
inline void append_zero_padded(std::string& out, std::uint64_t v, int width) {
    char buf[20];
    for (int i = width - 1; i >= 0; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
    out.append(buf, static_cast<std::size_t>(width));
}

// "%.<precision>f". std::to_chars with a precision is specified as printf's conversion in
// the C locale (C++17 [charconv.to.chars]); both round the exact binary value to nearest,
// ties to even. Values too long for the buffer (never in the CSVs) go through snprintf.
inline void append_fixed(std::string& out, double v, int precision) {
    char buf[64];
    const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
    if (r.ec == std::errc()) {
        out.append(buf, r.ptr);
        return;
    }
    char big[400];
    std::snprintf(big, sizeof big, "%.*f", precision, v);
    out += big;
}

}  // namespace rtv::app
