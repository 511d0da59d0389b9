// SPDX-License-Identifier: Apache-2.0
#include "app/cpu_usage.hpp"

#include <algorithm>
#include <stdexcept>

namespace rtv::app {

cpu_usage_recorder::cpu_usage_recorder(std::size_t domains, core::picoseconds window, core::picoseconds duration)
    : m_rows(domains + 2),
      m_window(window),
      m_duration(duration),
      m_windows(static_cast<std::size_t>((duration + window - 1) / window)),
      m_time(m_windows * m_rows, 0),
      m_total(m_rows, 0) {
    if (window == 0) throw std::invalid_argument("window must be positive");
}

std::size_t cpu_usage_recorder::row_of(int owner) const {
    if (owner == cpu::owner_privileged) return xen_row();
    if (owner == cpu::owner_sleep) return idle_row();
    if (owner < 0 || static_cast<std::size_t>(owner) >= m_rows - 2) throw std::logic_error("unknown CPU time owner");
    return static_cast<std::size_t>(owner);
}

void cpu_usage_recorder::on_usage(int owner, core::picoseconds begin, core::picoseconds end) {
    const std::size_t row = row_of(owner);
    end = std::min(end, m_duration);  // the core's local time may run past the end of the run
    while (begin < end) {
        const std::size_t w = static_cast<std::size_t>(begin / m_window);
        const core::picoseconds stop = std::min(end, (w + 1) * m_window);
        m_time[w * m_rows + row] += stop - begin;
        m_total[row] += stop - begin;
        begin = stop;
    }
}

}  // namespace rtv::app
