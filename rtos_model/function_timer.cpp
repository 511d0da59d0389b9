// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/function_timer.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace rtv::rtos {

function_timer::function_timer(std::vector<timed_function> functions, std::function<bool()> owns_core,
                               std::function<std::uint64_t()> cycle)
    : m_owns_core(std::move(owns_core)), m_cycle(std::move(cycle)) {
    std::vector<std::size_t> idx(functions.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return functions[a].entry < functions[b].entry; });
    m_order.resize(functions.size());
    for (std::size_t k = 0; k < idx.size(); ++k) {
        m_functions.push_back(functions[idx[k]]);
        m_order[idx[k]] = k;
        m_lo = std::min(m_lo, functions[idx[k]].entry);
        m_hi = std::max(m_hi, functions[idx[k]].entry);
    }
    const std::size_t n = m_functions.size();
    m_last_entry.assign(n, 0);
    m_samples.resize(n);
    m_calls.assign(n, 0);
    m_sum.assign(n, 0);
    m_max.assign(n, 0);
}

void function_timer::record(std::size_t f, std::uint64_t cycles) {
    ++m_calls[f];
    m_sum[f] += cycles;
    m_max[f] = std::max(m_max[f], cycles);
    if (m_samples[f].size() < max_samples)
        m_samples[f].push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(cycles, std::numeric_limits<std::uint32_t>::max())));
}

void function_timer::after_instruction(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t, bool) {
    if (!m_open.empty()) {
        for (std::size_t k = m_open.size(); k-- > 0;) {
            if (m_open[k].return_to != pc) continue;
            if (!m_owns_core()) break;
            record(m_open[k].function, m_cycle() - m_open[k].start);
            m_open.erase(m_open.begin() + static_cast<std::ptrdiff_t>(k));
            break;
        }
    }
    if (pc < m_lo || pc > m_hi) return;
    const auto it = std::lower_bound(m_functions.begin(), m_functions.end(), pc,
                                     [](const timed_function& f, std::uint32_t a) { return f.entry < a; });
    if (it == m_functions.end() || it->entry != pc || !m_owns_core()) return;
    const auto f = static_cast<std::size_t>(it - m_functions.begin());
    const std::uint64_t now = m_cycle();
    if (it->period) {
        if (m_last_entry[f]) record(f, now - m_last_entry[f]);
        m_last_entry[f] = now;
        return;
    }
    if (m_open.size() == max_open) m_open.erase(m_open.begin());
    m_open.push_back({f, s.reg(14), now});
}

std::vector<function_timing> function_timer::results() const {
    std::vector<function_timing> out;
    for (std::size_t i = 0; i < m_order.size(); ++i) {
        const std::size_t f = m_order[i];
        function_timing t;
        t.name = m_functions[f].name;
        t.calls = m_calls[f];
        if (t.calls) {
            std::vector<std::uint32_t> v = m_samples[f];
            std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
            t.median = v[v.size() / 2];
            t.min = *std::min_element(m_samples[f].begin(), m_samples[f].end());
            t.max = m_max[f];
            t.mean = static_cast<double>(m_sum[f]) / static_cast<double>(t.calls);
        }
        out.push_back(t);
    }
    return out;
}

}  // namespace rtv::rtos
