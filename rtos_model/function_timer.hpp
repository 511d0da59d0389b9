// SPDX-License-Identifier: Apache-2.0
// Measures what a binary guest's functions really cost: an instruction observer that notes
// when the domain's own context enters one of the named functions and when it reaches the
// return address (lr at entry), and keeps the cycles in between per function. Calls that
// were interrupted (an upcall, a switch to another task or domain) include that time, so the
// minimum and the median are the figures to compare with a cost table (docs/experiments.md,
// cross-validation). A function whose `period` flag is set is timed from one entry to the
// next instead (one iteration of a loop that calls it, such as uC/OS-II's idle task).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/cpu/iss/instruction_observer.hpp"

namespace rtv::rtos {

struct timed_function {
    std::string name;
    std::uint32_t entry = 0;  // guest virtual address of its first instruction
    bool period = false;      // time entry to next entry instead of entry to return
};

struct function_timing {
    std::string name;
    std::uint64_t calls = 0;
    std::uint64_t min = 0, median = 0, max = 0;  // cycles; 0 when never timed
    double mean = 0;
};

class function_timer final : public cpu::instruction_observer {
public:
    function_timer(std::vector<timed_function> functions, std::function<bool()> owns_core,
                   std::function<std::uint64_t()> cycle);

    void after_instruction(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t insn, bool thumb) override;

    // Per function, in the order given.
    std::vector<function_timing> results() const;

private:
    struct open_call {
        std::size_t function;
        std::uint32_t return_to;
        std::uint64_t start;
    };
    static constexpr std::size_t max_open = 64;           // older unfinished calls are dropped
    static constexpr std::size_t max_samples = 1u << 20;  // per function, for the median

    void record(std::size_t f, std::uint64_t cycles);

    std::vector<timed_function> m_functions;  // sorted by entry
    std::vector<std::size_t> m_order;         // m_order[i]: index in m_functions of the i-th given
    std::uint32_t m_lo = ~0u, m_hi = 0;
    std::function<bool()> m_owns_core;
    std::function<std::uint64_t()> m_cycle;
    std::vector<open_call> m_open;
    std::vector<std::uint64_t> m_last_entry;  // period functions: cycle of the previous entry (0: none)
    std::vector<std::vector<std::uint32_t>> m_samples;
    std::vector<std::uint64_t> m_calls, m_sum, m_max;
};

}  // namespace rtv::rtos
