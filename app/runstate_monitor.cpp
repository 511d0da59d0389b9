// SPDX-License-Identifier: Apache-2.0
#include "app/runstate_monitor.hpp"

namespace rtv::app {

runstate_monitor::runstate_monitor(sc_core::sc_module_name name, const hv::xen& xen, core::picoseconds window,
                                   std::size_t windows)
    : sc_module(name), m_xen(xen), m_window(window), m_windows(windows) {
    SC_METHOD(sample);
    sensitive << m_tick;
    m_samples.reserve(windows + 1);
    m_samples.push_back(runstate_sample{0, std::vector<hv::s_time_t>(xen.config().domains.size() + 1, 0)});
}

void runstate_monitor::sample() {
    // The first run is the initialisation at time 0, whose sample is the boot state above.
    if (m_started) take_sample();
    m_started = true;
    if (m_samples.size() <= m_windows) m_tick.notify(core::to_sc_time(m_window));
}

void runstate_monitor::take_sample() {
    runstate_sample s;
    s.now = m_xen.peek_now();
    for (const auto& d : m_xen.domains()) s.running.push_back(m_xen.runstate_running_time(*d->vcpu0));
    s.running.push_back(m_xen.runstate_running_time(*m_xen.idle_domain().vcpu0));
    m_samples.push_back(std::move(s));
}

}  // namespace rtv::app
