// SPDX-License-Identifier: Apache-2.0
// What happens between two slices of a run's simulated time: SIGINT/SIGTERM end the run
// early (a second signal ends the process at once) and, on a terminal, a progress line is
// redrawn on stderr. Neither adds a SystemC event: the simulation is simply started again
// for the next slice.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sim/core/clock.hpp"

namespace rtv::app {

// Wall seconds as m:ss, or h:mm:ss from an hour on (progress lines, ETAs).
std::string clock_text(double seconds);

class run_control {
public:
    // `progress`: draw the progress line (stderr is a terminal and the run is not quiet).
    run_control(core::picoseconds duration, bool progress);
    ~run_control();
    run_control(const run_control&) = delete;
    run_control& operator=(const run_control&) = delete;

    // Simulated time of one slice: short enough that a signal or a redraw waits little.
    static constexpr core::picoseconds slice_ps = 10'000'000'000ULL;  // 10 ms

    // Called after each slice, `now` being the simulated time reached; false: stop here.
    bool keep_going(core::picoseconds now);
    // The signal that ended the run early, or 0.
    int stop_signal() const;
    // Clears the progress line.
    void finish();

private:
    void draw(core::picoseconds now, double wall);

    core::picoseconds m_duration;
    bool m_progress;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start, m_last_draw;
};

}  // namespace rtv::app
