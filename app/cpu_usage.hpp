// SPDX-License-Identifier: Apache-2.0
// Per-window CPU time of every domain, of the hypervisor and of the sleeping core, in exact
// picoseconds of true (simulated) time, from the intervals the core reports.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/clock.hpp"
#include "sim/cpu/usage_listener.hpp"

namespace rtv::app {

class cpu_usage_recorder final : public cpu::usage_listener {
public:
    // Rows 0..domains-1 are the domains, then the hypervisor, then idle.
    cpu_usage_recorder(std::size_t domains, core::picoseconds window, core::picoseconds duration);

    void on_usage(int owner, core::picoseconds begin, core::picoseconds end) override;

    std::size_t rows() const { return m_rows; }
    std::size_t xen_row() const { return m_rows - 2; }
    std::size_t idle_row() const { return m_rows - 1; }
    std::size_t windows() const { return m_windows; }
    // Windows that lie wholly inside the run (only these go to cpu_usage.csv).
    std::size_t whole_windows() const { return static_cast<std::size_t>(m_duration / m_window); }
    core::picoseconds window() const { return m_window; }
    core::picoseconds duration() const { return m_duration; }
    core::picoseconds in_window(std::size_t row, std::size_t w) const { return m_time[w * m_rows + row]; }
    core::picoseconds total(std::size_t row) const { return m_total[row]; }

private:
    std::size_t row_of(int owner) const;

    std::size_t m_rows;
    core::picoseconds m_window;
    core::picoseconds m_duration;
    std::size_t m_windows;
    std::vector<core::picoseconds> m_time;  // [window][row]
    std::vector<core::picoseconds> m_total;
};

}  // namespace rtv::app
