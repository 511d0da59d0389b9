// SPDX-License-Identifier: Apache-2.0
#include "sim/core/clock.hpp"

#include <numeric>
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

// sc_time_to_pending_activity() asks pending_activity_at_current_time() and then next_time()
// (from max_time) less sc_time_stamp(); sc_pending_activity() asks both too. Both members are
// public in SystemC 2.3.4's sc_simcontext.
bool next_activity_ps(picoseconds& at) {
    const sc_core::sc_simcontext* c = sc_core::sc_get_curr_simcontext();
    if (c->pending_activity_at_current_time()) {
        at = now_ps();
        return true;
    }
    sc_core::sc_time next;
    if (!c->next_time(next)) return false;
    at = to_ps(next);
    return true;
}

std::uint64_t mul_div_floor(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    using u128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<u128>(a) * b) / c);
}

std::uint64_t mul_div_ceil(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    using u128 = unsigned __int128;
    const u128 p = static_cast<u128>(a) * b;
    return static_cast<std::uint64_t>((p + c - 1) / c);
}

namespace {

// floor(2^64 / d) for d >= 2; 0 stands for d = 1.
std::uint64_t inverse_of(std::uint64_t d) {
    using u128 = unsigned __int128;
    return d < 2 ? 0 : static_cast<std::uint64_t>((static_cast<u128>(1) << 64) / d);
}

// n / d and n % d by the inverse m = floor(2^64 / d): the estimate floor(n*m / 2^64) is q or
// q - 1 (n/d - n*m/2^64 = n*(2^64/d - m)/2^64 < 1), so one correction makes it exact.
void divide(std::uint64_t n, std::uint64_t d, std::uint64_t m, std::uint64_t& q, std::uint64_t& r) {
    using u128 = unsigned __int128;
    if (m == 0) {  // d == 1
        q = n;
        r = 0;
        return;
    }
    q = static_cast<std::uint64_t>((static_cast<u128>(n) * m) >> 64);
    r = n - q * d;
    if (r >= d) {
        ++q;
        r -= d;
    }
}

}  // namespace

clock_domain::clock_domain(std::uint64_t hz) : m_hz(hz) {
    if (hz == 0) throw std::invalid_argument("clock frequency must be positive");
    const std::uint64_t g = std::gcd(ps_per_second, hz);
    const std::uint64_t num = ps_per_second / g, den = hz / g;
    std::uint64_t bound = 0;
    if (!__builtin_mul_overflow(num, den + 1, &bound)) {
        m_ps_num = num;
        m_hz_den = den;
        m_ps_num_inverse = inverse_of(num);
        m_hz_den_inverse = inverse_of(den);
    }
}

picoseconds clock_domain::time_of_wide(std::uint64_t n) const { return mul_div_floor(n, ps_per_second, m_hz); }

// floor(n*10^12/hz) >= t  <=>  n*10^12/hz >= t (t is an integer)  <=>  n >= t*hz/10^12.
std::uint64_t clock_domain::first_edge_at_or_after_wide(picoseconds t) const {
    return mul_div_ceil(t, m_hz, ps_per_second);
}

// floor(n*num/den) = q*num + floor(r*num/den) for n = q*den + r; r*num < den*num fits.
picoseconds clock_domain::time_of(std::uint64_t n) const {
    if (m_hz_den != 0) {
        std::uint64_t q = 0, r = 0, part = 0, unused = 0, whole = 0, result = 0;
        divide(n, m_hz_den, m_hz_den_inverse, q, r);
        divide(r * m_ps_num, m_hz_den, m_hz_den_inverse, part, unused);
        if (!__builtin_mul_overflow(q, m_ps_num, &whole) && !__builtin_add_overflow(whole, part, &result))
            return result;
    }
    return time_of_wide(n);
}

// ceil(t*den/num) = q*den + ceil(r*den/num) for t = q*num + r; r*den + num - 1 < num*(den+1) fits.
std::uint64_t clock_domain::first_edge_at_or_after(picoseconds t) const {
    if (m_hz_den != 0) {
        std::uint64_t q = 0, r = 0, part = 0, unused = 0, whole = 0, result = 0;
        divide(t, m_ps_num, m_ps_num_inverse, q, r);
        divide(r * m_hz_den + m_ps_num - 1, m_ps_num, m_ps_num_inverse, part, unused);
        if (!__builtin_mul_overflow(q, m_hz_den, &whole) && !__builtin_add_overflow(whole, part, &result))
            return result;
    }
    return first_edge_at_or_after_wide(t);
}

std::uint64_t clock_domain::first_edge_after(picoseconds t) const { return first_edge_at_or_after(t + 1); }

}  // namespace rtv::core
