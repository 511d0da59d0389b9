// trace.json (docs/outputs.md): a run's timeline in the Chrome/Perfetto trace-event format,
// viewable in ui.perfetto.dev. docs/outputs.md describes the tracks and events.
//
// A run that traces creates a trace_session before the simulation starts: it owns the
// recorder, points the core's and the hypervisor's hooks at it and tees the core's CPU-time
// intervals (the run slices) into it on their way to the cpu_usage_recorder. After the run,
// trace_json() turns the recorded events and the RTOS guests' job records into the file.
#pragma once

#include <string>

#include "app/simulation.hpp"
#include "sim/core/trace.hpp"
#include "sim/cpu/usage_listener.hpp"

namespace rtv::cpu {
class arm926_core;
}
namespace rtv::hv {
class xen;
}

namespace rtv::app {

class trace_session final : public cpu::usage_listener {
public:
    // `downstream` receives every interval too; it must outlive the simulation run.
    explicit trace_session(cpu::usage_listener& downstream) : m_downstream(&downstream) {}

    // Makes this session the core's usage listener (call after core.set_usage_listener(&downstream),
    // or instead of it) and points the core's and the hypervisor's trace hooks at the recorder.
    void attach(cpu::arm926_core& core, hv::xen& xen);

    void on_usage(int owner, core::picoseconds begin, core::picoseconds end) override {
        m_downstream->on_usage(owner, begin, end);
        m_recorder.slice(owner, nullptr, begin, end);
    }

    const core::trace_recorder& recorder() const { return m_recorder; }

private:
    cpu::usage_listener* m_downstream;
    core::trace_recorder m_recorder;
};

// The whole trace.json text. Timestamps and durations are microseconds with up to six
// decimals, exact to the picosecond; events at or after the end of the run are left out and
// slices are cut at it, as cpu_usage.csv does, so a domain's run slices add up to its
// cpu_time_ps in summary.json.
std::string trace_json(const run_result& r, const core::trace_recorder& rec);

}  // namespace rtv::app
