// SPDX-License-Identifier: Apache-2.0
#include "sim/core/clock.hpp"

#include <stdexcept>

namespace rtv::core {

void init_time_resolution() {
    static bool done = false;
    if (!done) {
        sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
        done = true;
    }
}

picoseconds now_ps() { return to_ps(sc_core::sc_time_stamp()); }

sc_core::sc_time to_sc_time(picoseconds t) { return sc_core::sc_time::from_value(t); }

picoseconds to_ps(const sc_core::sc_time& t) { return t.value(); }

std::uint64_t mul_div_floor(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    using u128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<u128>(a) * b) / c);
}

std::uint64_t mul_div_ceil(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    using u128 = unsigned __int128;
    const u128 p = static_cast<u128>(a) * b;
    return static_cast<std::uint64_t>((p + c - 1) / c);
}

clock_domain::clock_domain(std::uint64_t hz) : m_hz(hz) {
    if (hz == 0) throw std::invalid_argument("clock frequency must be positive");
}

picoseconds clock_domain::time_of(std::uint64_t n) const { return mul_div_floor(n, ps_per_second, m_hz); }

// floor(n*10^12/hz) >= t  <=>  n*10^12/hz >= t (t is an integer)  <=>  n >= t*hz/10^12.
std::uint64_t clock_domain::first_edge_at_or_after(picoseconds t) const {
    return mul_div_ceil(t, m_hz, ps_per_second);
}

std::uint64_t clock_domain::first_edge_after(picoseconds t) const { return first_edge_at_or_after(t + 1); }

}  // namespace rtv::core
