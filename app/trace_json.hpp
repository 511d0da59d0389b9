// SPDX-License-Identifier: Apache-2.0
// trace.json (docs/outputs.md): a run's timeline in the Chrome/Perfetto trace-event format,
// viewable in ui.perfetto.dev. docs/outputs.md describes the tracks and events.
//
// A run that traces creates a trace_session before the simulation starts: it owns the
// recorder, points the core's and the hypervisor's hooks at it and tees the core's CPU-time
// intervals (the run slices) into it on their way to the cpu_usage_recorder. After the run,
// trace_json() turns the recorded events and the RTOS guests' job records into the file.
#pragma once

#include <ostream>
#include <string>
#include <vector>

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

class run_streams;

class trace_session final : public cpu::usage_listener {
public:
    // `downstream` receives every interval too; it must outlive the simulation run.
    // `domains` names the CPU's tracks (scenario order); `end_of_run` is the scenario's duration.
    trace_session(cpu::usage_listener& downstream, std::vector<std::string> domains, core::picoseconds end_of_run,
                  trace_window window);

    // Makes this session the core's usage listener (call after core.set_usage_listener(&downstream),
    // or instead of it) and points the core's and the hypervisor's trace hooks at the recorder.
    void attach(cpu::arm926_core& core, hv::xen& xen);

    void on_usage(int owner, core::picoseconds begin, core::picoseconds end) override {
        m_downstream->on_usage(owner, begin, end);
        m_recorder.slice(owner, nullptr, begin, end);
    }

    // Registers the next RTOS guest (scenario order) with its task names.
    void add_guest(const std::string& domain, std::vector<std::string> task_names);
    // From here on, events are formatted into `streams` as they come (flat memory): CPU
    // events in chunks, each finished job (job()) and tick sample (tick()) at once.
    void stream_to(run_streams& streams);
    void job(std::size_t guest, const rtos::job_record& j);
    void tick(std::size_t guest, core::picoseconds t, std::int64_t drift_ticks);

    const core::trace_recorder& recorder() const { return m_recorder; }
    const trace_window& window() const { return m_window; }

private:
    friend void write_trace_json(const run_result& r, trace_session& session, std::ostream& out);
    struct guest {
        std::string domain;
        std::vector<std::string> task_names;
    };

    cpu::usage_listener* m_downstream;
    core::trace_recorder m_recorder;
    std::vector<std::string> m_domains;
    core::picoseconds m_end_of_run;
    trace_window m_window;
    std::vector<guest> m_guests;
    run_streams* m_streams = nullptr;
};

// Writes trace.json: the metadata, then the events streamed during the run, then the rest.
// Timestamps and durations are microseconds with up to six decimals, exact to the
// picosecond; events at or after the end of the run are left out and slices are cut at it,
// as cpu_usage.csv does, so a domain's run slices add up to its cpu_time_ps in summary.json
// (for a trace of the whole run). Counter tracks: each RTOS guest's drift after every tick
// it handles, and each domain's CPU share per cpu_usage.csv window.
void write_trace_json(const run_result& r, trace_session& session, std::ostream& out);

}  // namespace rtv::app
