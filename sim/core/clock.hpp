// SPDX-License-Identifier: Apache-2.0
// Exact, overflow-free conversion between clock cycles and simulated time (docs/architecture.md, Time).
//
// Every clock domain has an integer frequency in Hz. Cycle n of a clock lies at
// floor(n * 10^12 / hz) picoseconds from time 0: times are computed absolutely from the
// cycle index, never by accumulating a rounded period, so after an hour the 32 kHz clock
// has produced exactly floor(t * 32768) edges.
#pragma once

#include <cstdint>
#include <systemc>

namespace rtv::core {

using picoseconds = std::uint64_t;

inline constexpr std::uint64_t ps_per_second = 1'000'000'000'000ULL;
inline constexpr std::uint64_t ps_per_ns = 1'000ULL;

// The SystemC time resolution is 1 ps; call once per process before any sc_time exists.
void init_time_resolution();

// Simulated time as an integer number of picoseconds.
picoseconds now_ps();
sc_core::sc_time to_sc_time(picoseconds t);
picoseconds to_ps(const sc_core::sc_time& t);
// When SystemC next has something to do: now when a process is runnable or a delta
// notification or channel update is pending, else the time of the earliest timed notification;
// false when nothing at all is pending. The answer of sc_pending_activity() followed by
// now + sc_time_to_pending_activity(), from one look at the kernel's queues instead of two.
bool next_activity_ps(picoseconds& at);

// The last answer of one of clock_domain's queries, kept by a caller that asks again and
// again with the same argument (the core: the next event's time, a peripheral's fixed latency,
// its own cycle count): a repeated argument then costs a comparison instead of the divisions.
struct clock_memo {
    std::uint64_t in = 0, out = 0;
    bool valid = false;
};

class clock_domain {
public:
    explicit clock_domain(std::uint64_t hz);

    std::uint64_t hz() const { return m_hz; }

    // Time of edge n: floor(n * 10^12 / hz).
    picoseconds time_of(std::uint64_t n) const;
    // The first edge at or after t: the smallest n with time_of(n) >= t.
    std::uint64_t first_edge_at_or_after(picoseconds t) const;
    // The first edge strictly after t.
    std::uint64_t first_edge_after(picoseconds t) const;
    // time_of and first_edge_at_or_after through the caller's memo of its last query.
    picoseconds time_of(std::uint64_t n, clock_memo& m) const {
        if (!m.valid || m.in != n) m = {n, time_of(n), true};
        return m.out;
    }
    std::uint64_t first_edge_at_or_after(picoseconds t, clock_memo& m) const {
        if (!m.valid || m.in != t) m = {t, first_edge_at_or_after(t), true};
        return m.out;
    }
    // Duration of n cycles that start at edge `from` (exact: time_of(from + n) - time_of(from)).
    picoseconds span(std::uint64_t from, std::uint64_t n) const { return time_of(from + n) - time_of(from); }

    // The same results through the 128-bit division alone (the reference the fast path is
    // tested against).
    picoseconds time_of_wide(std::uint64_t n) const;
    std::uint64_t first_edge_at_or_after_wide(picoseconds t) const;

private:
    std::uint64_t m_hz;
    // 10^12/hz in lowest terms, m_ps_num / m_hz_den, when m_ps_num * (m_hz_den + 1) fits 64
    // bits (266 MHz: 500000/133; 32768 Hz: 244140625/8); else 0 and every call takes the
    // 128-bit path. Splitting n = q*den + r gives floor(n*num/den) = q*num + floor(r*num/den)
    // with 64-bit divisions only (the 128-bit one was a libgcc call on every query).
    std::uint64_t m_ps_num = 0;
    std::uint64_t m_hz_den = 0;
    // floor(2^64 / d) for m_hz_den and m_ps_num (0 for d = 1): the quotient then costs a
    // multiplication and at most one correction instead of a hardware division.
    std::uint64_t m_hz_den_inverse = 0;
    std::uint64_t m_ps_num_inverse = 0;
};

// floor(a * b / c) in 128-bit arithmetic (no intermediate overflow for 64-bit operands).
std::uint64_t mul_div_floor(std::uint64_t a, std::uint64_t b, std::uint64_t c);
// ceil(a * b / c) in 128-bit arithmetic.
std::uint64_t mul_div_ceil(std::uint64_t a, std::uint64_t b, std::uint64_t c);

}  // namespace rtv::core
