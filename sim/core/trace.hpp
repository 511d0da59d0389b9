// SPDX-License-Identifier: Apache-2.0
// A timeline recorder for trace.json (docs/outputs.md): slices and instant events on numbered
// tracks, kept in memory in the order they are recorded and written out by the app.
//
// Components hold a `trace_recorder*` that the app sets and that is null when tracing is off,
// so a hook costs one pointer test on the paths it sits on. Track numbers belong to whoever
// records them (the core's CPU-time owners: a domain's account id >= 0, the hypervisor, the
// sleeping core); the writer gives them names. Names and argument keys are string literals
// (not copied), and an event carries at most three integer arguments.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/clock.hpp"

namespace rtv::core {

struct trace_arg {
    enum class type : std::uint8_t { integer, track };  // track: a track number the writer names
    const char* key = nullptr;                           // nullptr: unused slot
    std::int64_t value = 0;
    type kind = type::integer;
};

inline trace_arg arg(const char* key, std::int64_t value) { return {key, value, trace_arg::type::integer}; }
inline trace_arg track_arg(const char* key, int track) { return {key, track, trace_arg::type::track}; }

struct trace_event {
    enum class type : std::uint8_t { slice, instant };
    type kind = type::instant;
    int track = 0;
    const char* name = nullptr;  // nullptr for a slice: named after its track
    picoseconds begin = 0;
    picoseconds end = 0;  // == begin for an instant
    std::array<trace_arg, 3> args{};
};

class trace_recorder {
public:
    // [begin, end) spent on `track` (e.g. a domain's guest code running).
    void slice(int track, const char* name, picoseconds begin, picoseconds end) {
        trace_event e;
        e.kind = trace_event::type::slice;
        e.track = track;
        e.name = name;
        e.begin = begin;
        e.end = end;
        push(e);
    }

    void instant(int track, const char* name, picoseconds at, trace_arg a0 = {}, trace_arg a1 = {},
                 trace_arg a2 = {}) {
        trace_event e;
        e.kind = trace_event::type::instant;
        e.track = track;
        e.name = name;
        e.begin = e.end = at;
        e.args = {a0, a1, a2};
        push(e);
    }

    // The events not yet handed to the sink, in the order they were recorded.
    const std::vector<trace_event>& events() const { return m_events; }
    std::size_t size() const { return m_events.size(); }

    // Hands the events to `sink` every `chunk` events and forgets them, so that a long traced
    // run keeps a bounded number in memory; the last ones stay in events().
    void set_sink(std::function<void(const std::vector<trace_event>&)> sink, std::size_t chunk) {
        m_sink = std::move(sink);
        m_chunk = chunk;
    }

private:
    void push(const trace_event& e) {
        m_events.push_back(e);
        if (m_sink && m_events.size() >= m_chunk) {
            m_sink(m_events);
            m_events.clear();
        }
    }

    std::vector<trace_event> m_events;
    std::function<void(const std::vector<trace_event>&)> m_sink;
    std::size_t m_chunk = 0;
};

// Microseconds with up to six decimals from integer picoseconds, by integer arithmetic
// (trace-event timestamps are in microseconds; 1 ps is their sixth decimal): 1234567 ps ->
// "1.234567", 5000000 ps -> "5", 1500000 ps -> "1.5". Exact for every 64-bit value.
void append_microseconds(std::string& out, picoseconds ps);

}  // namespace rtv::core
