// SPDX-License-Identifier: Apache-2.0
// Samples Xen's own CPU accounting (vcpu runstate running time and NOW()) at every window
// boundary, as a tool such as xentop would read it. It observes the model from outside:
// it costs no simulated cycles and makes no bus transactions.
#pragma once

#include <vector>

#include <systemc>

#include "hv_model/xen.hpp"
#include "sim/core/clock.hpp"

namespace rtv::app {

struct runstate_sample {
    hv::s_time_t now = 0;                   // Xen's NOW()
    std::vector<hv::s_time_t> running;      // per domain, then the idle vcpu
};

class runstate_monitor : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(runstate_monitor);
    runstate_monitor(sc_core::sc_module_name name, const hv::xen& xen, core::picoseconds window, std::size_t windows);

    // samples()[k] is taken at k * window; samples()[0] is the boot state (all zero).
    const std::vector<runstate_sample>& samples() const { return m_samples; }

    // Records a sample now (the method's body; also used for the final boundary).
    void take_sample();

private:
    void sample();

    const hv::xen& m_xen;
    core::picoseconds m_window;
    std::size_t m_windows;
    sc_core::sc_event m_tick;
    bool m_started = false;
    std::vector<runstate_sample> m_samples;
};

}  // namespace rtv::app
