// SPDX-License-Identifier: Apache-2.0
#include "sim/core/trace.hpp"

namespace rtv::core {

void append_microseconds(std::string& out, picoseconds ps) {
    // At most 20 integer digits, the point and six decimals.
    char buf[32];
    char* end = buf + sizeof buf;
    char* p = end;
    picoseconds frac = ps % 1'000'000;
    picoseconds whole = ps / 1'000'000;
    if (frac != 0) {
        int digits = 6;
        while (frac % 10 == 0) {  // no trailing zeros: 1500000 ps -> "1.5"
            frac /= 10;
            --digits;
        }
        for (; digits > 0; --digits, frac /= 10) *--p = static_cast<char>('0' + frac % 10);
        *--p = '.';
    }
    do {
        *--p = static_cast<char>('0' + whole % 10);
        whole /= 10;
    } while (whole != 0);
    out.append(p, static_cast<std::size_t>(end - p));
}

}  // namespace rtv::core
