// SPDX-License-Identifier: Apache-2.0
#include "app/trace_json.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app/outputs.hpp"
#include "app/run_streams.hpp"
#include "hv_model/hypercalls.hpp"
#include "hv_model/xen.hpp"
#include "sim/cpu/arm926_core.hpp"

namespace rtv::app {

namespace {

// Process ids: the CPU, then one per RTOS guest. Thread ids are unique over the whole file
// (a guest's tasks are 1000 * pid + task + 1), so no viewer can merge two tracks.
constexpr int cpu_pid = 1;
constexpr int first_guest_pid = 2;

void append_escaped(std::string& out, const std::string& s) {
    out += '"';
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void append_us(std::string& out, core::picoseconds ps) { core::append_microseconds(out, ps); }

void append_signed_us(std::string& out, std::int64_t ps) {
    if (ps < 0) {
        out += '-';
        append_us(out, static_cast<core::picoseconds>(-ps));
    } else {
        append_us(out, static_cast<core::picoseconds>(ps));
    }
}

// The CPU's tracks: domains 0..n-1 (their account ids), then the hypervisor, then idle.
class cpu_tracks {
public:
    explicit cpu_tracks(const std::vector<std::string>& domains) : m_domains(domains.size()), m_names(domains) {
        m_names.emplace_back("_xen");
        m_names.emplace_back("_idle");
    }

    std::size_t count() const { return m_names.size(); }
    std::size_t index(int owner) const {
        if (owner == cpu::owner_privileged) return m_domains;
        if (owner == cpu::owner_sleep) return m_domains + 1;
        if (owner < 0 || static_cast<std::size_t>(owner) >= m_domains) return m_names.size();  // unknown
        return static_cast<std::size_t>(owner);
    }
    bool known(int owner) const { return index(owner) < m_names.size(); }
    int tid(int owner) const { return static_cast<int>(index(owner)) + 1; }
    const std::string& name(int owner) const {
        static const std::string unknown = "?";
        return known(owner) ? m_names[index(owner)] : unknown;
    }
    const std::string& name_at(std::size_t i) const { return m_names[i]; }
    int owner_at(std::size_t i) const {
        return i == m_domains ? cpu::owner_privileged : i == m_domains + 1 ? cpu::owner_sleep : static_cast<int>(i);
    }
    // What a run slice on the track is called.
    std::string slice_name(int owner) const {
        if (owner == cpu::owner_privileged) return "xen";
        if (owner == cpu::owner_sleep) return "idle (wfi)";
        return name(owner);
    }

private:
    std::size_t m_domains;
    std::vector<std::string> m_names;
};

void begin_event(std::string& out, bool& first) {
    out += first ? "\n" : ",\n";
    first = false;
}

void metadata(std::string& out, bool& first, const char* what, int pid, int tid, const std::string& name) {
    begin_event(out, first);
    out += "{\"name\":\"";
    out += what;
    out += "\",\"ph\":\"M\",\"ts\":0,\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
           ",\"args\":{\"name\":";
    append_escaped(out, name);
    out += "}}";
}

void sort_index(std::string& out, bool& first, const char* what, int pid, int tid, int index) {
    begin_event(out, first);
    out += "{\"name\":\"";
    out += what;
    out += "\",\"ph\":\"M\",\"ts\":0,\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
           ",\"args\":{\"sort_index\":" + std::to_string(index) + "}}";
}

// {"name":..,"cat":..,"ph":"X","ts":..,"dur":..,"pid":..,"tid":.. — the caller closes it.
void open_slice(std::string& out, bool& first, const std::string& name, const char* cat, core::picoseconds begin,
                core::picoseconds end, int pid, int tid) {
    begin_event(out, first);
    out += "{\"name\":";
    append_escaped(out, name);
    out += ",\"cat\":\"";
    out += cat;
    out += "\",\"ph\":\"X\",\"ts\":";
    append_us(out, begin);
    out += ",\"dur\":";
    append_us(out, end - begin);
    out += ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid);
}

void open_instant(std::string& out, bool& first, const std::string& name, const char* cat, core::picoseconds at,
                  int pid, int tid) {
    begin_event(out, first);
    out += "{\"name\":";
    append_escaped(out, name);
    out += ",\"cat\":\"";
    out += cat;
    out += "\",\"ph\":\"i\",\"s\":\"t\",\"ts\":";
    append_us(out, at);
    out += ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid);
}

const char* category_of(const char* name) {
    if (!name) return "hv";
    if (std::strcmp(name, "irq") == 0) return "irq";
    if (std::strcmp(name, "hypercall") == 0) return "hypercall";
    if (std::strcmp(name, "context_switch") == 0) return "sched";
    if (std::strcmp(name, "upcall") == 0) return "virq";
    return "hv";
}

void cpu_events(std::string& out, bool& first, core::picoseconds end_of_run, const trace_window& window,
                const std::vector<core::trace_event>& events, const cpu_tracks& tracks) {
    // Run slices are most of the file: their fixed parts are built once per track.
    std::vector<std::string> slice_head, track_tail;
    for (std::size_t i = 0; i < tracks.count(); ++i) {
        const int owner = tracks.owner_at(i);
        std::string head = "{\"name\":";
        append_escaped(head, tracks.slice_name(owner));
        head += ",\"cat\":\"run\",\"ph\":\"X\",\"ts\":";
        slice_head.push_back(std::move(head));
        track_tail.push_back(",\"pid\":" + std::to_string(cpu_pid) + ",\"tid\":" + std::to_string(tracks.tid(owner)));
    }
    for (const core::trace_event& e : events) {
        if (!tracks.known(e.track) || e.begin >= end_of_run) continue;
        const std::size_t t = tracks.index(e.track);
        if (e.kind == core::trace_event::type::slice) {
            // Cut at the end of the run as cpu_usage_recorder does (the core's local time may
            // run past it), and at the edges of the window.
            const core::picoseconds begin = std::max(e.begin, window.from);
            const core::picoseconds end = std::min({e.end, end_of_run, window.to});
            if (end <= begin) continue;
            begin_event(out, first);
            out += slice_head[t];
            append_us(out, begin);
            out += ",\"dur\":";
            append_us(out, end - begin);
            out += track_tail[t];
            out += '}';
            continue;
        }
        if (e.begin < window.from || e.begin >= window.to) continue;
        std::string name = e.name ? e.name : "?";
        std::string extra;
        if (e.name && std::strcmp(e.name, "hypercall") == 0) {
            // The core knows the number; the hypervisor's table names it.
            for (const core::trace_arg& a : e.args)
                if (a.key && std::strcmp(a.key, "nr") == 0) {
                    const hv::hypercall_info* info = hv::find_hypercall(static_cast<std::uint32_t>(a.value));
                    const std::string hc = info ? info->name : "hypercall_" + std::to_string(a.value);
                    name = "hypercall " + hc;
                    extra = ",\"name\":";
                    append_escaped(extra, hc);
                }
        }
        begin_event(out, first);
        out += "{\"name\":";
        append_escaped(out, name);
        out += ",\"cat\":\"";
        out += category_of(e.name);
        out += "\",\"ph\":\"i\",\"s\":\"t\",\"ts\":";
        append_us(out, e.begin);
        out += track_tail[t];
        out += ",\"args\":{";
        bool first_arg = true;
        for (const core::trace_arg& a : e.args) {
            if (!a.key) continue;
            if (!first_arg) out += ',';
            first_arg = false;
            out += '"';
            out += a.key;
            out += "\":";
            if (a.kind == core::trace_arg::type::track)
                append_escaped(out, tracks.name(static_cast<int>(a.value)));
            else
                out += std::to_string(a.value);
        }
        if (!extra.empty()) out += first_arg ? extra.substr(1) : extra;
        out += "}}";
    }
}

void job_events(std::string& out, bool& first, const rtos::job_record& j, const std::vector<std::string>& task_names,
                int pid, core::picoseconds end_of_run, const trace_window& window) {
    if (j.task >= task_names.size()) return;
    const std::string& task = task_names[j.task];
    const int tid = 1000 * pid + static_cast<int>(j.task) + 1;
    const bool missed = rtos::job_missed(j, end_of_run);
    const auto visible = [&](core::picoseconds t) { return t < end_of_run && t >= window.from && t < window.to; };
    if (visible(j.release)) {
        open_instant(out, first, "release", "job", j.release, pid, tid);
        out += ",\"args\":{\"job\":" + std::to_string(j.job) + ",\"intended_release_us\":";
        append_us(out, j.intended_release);
        out += ",\"deadline_us\":";
        append_us(out, j.deadline);
        out += "}}";
    }
    if (j.started && j.start < end_of_run) {
        const core::picoseconds stop = std::min(j.finished ? std::min(j.finish, end_of_run) : end_of_run, window.to);
        const core::picoseconds begin = std::max(j.start, window.from);
        if (stop >= begin && (begin < stop || (j.start >= window.from && j.start < window.to))) {
            open_slice(out, first, task, "job", begin, stop, pid, tid);
            out += ",\"args\":{\"job\":" + std::to_string(j.job) + ",\"intended_release_us\":";
            append_us(out, j.intended_release);
            out += ",\"release_us\":";
            append_us(out, j.release);
            out += ",\"start_us\":";
            append_us(out, j.start);
            out += ",\"deadline_us\":";
            append_us(out, j.deadline);
            if (j.finished) {
                out += ",\"finish_us\":";
                append_us(out, j.finish);
                out += ",\"response_us\":";
                append_signed_us(out, rtos::response_ps(j));
            }
            out += ",\"finished\":";
            out += j.finished ? "true" : "false";
            out += ",\"missed\":";
            out += missed ? "true" : "false";
            out += "}}";
        }
    }
    if (missed && visible(j.deadline)) {
        open_instant(out, first, "deadline miss", "job", j.deadline, pid, tid);
        out += ",\"args\":{\"job\":" + std::to_string(j.job) + "}}";
    }
}

// A counter sample ("C"): Perfetto's JSON importer makes one track per argument.
void counter(std::string& out, bool& first, const char* name, core::picoseconds at, int pid,
             const std::vector<std::pair<std::string, std::string>>& values) {
    begin_event(out, first);
    out += "{\"name\":\"";
    out += name;
    out += "\",\"cat\":\"counter\",\"ph\":\"C\",\"ts\":";
    append_us(out, at);
    out += ",\"pid\":" + std::to_string(pid) + ",\"tid\":0,\"args\":{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        append_escaped(out, values[i].first);
        out += ':' + values[i].second;
    }
    out += "}}";
}

void drift_counter(std::string& out, bool& first, int pid, core::picoseconds t, std::int64_t drift) {
    counter(out, first, "drift", t, pid, {{"drift_ticks", std::to_string(drift)}});
}

}  // namespace

trace_session::trace_session(cpu::usage_listener& downstream, std::vector<std::string> domains,
                             core::picoseconds end_of_run, trace_window window)
    : m_downstream(&downstream), m_domains(std::move(domains)), m_end_of_run(end_of_run), m_window(window) {}

void trace_session::attach(cpu::arm926_core& core, hv::xen& xen) {
    core.set_usage_listener(this);
    core.set_trace(&m_recorder);
    xen.set_trace(&m_recorder);
}

void trace_session::add_guest(const std::string& domain, std::vector<std::string> task_names) {
    m_guests.push_back({domain, std::move(task_names)});
}

void trace_session::stream_to(run_streams& streams) {
    m_streams = &streams;
    // Chunks of CPU events: formatted and appended to a part file, then forgotten.
    constexpr std::size_t chunk = 1 << 14;
    m_recorder.set_sink(
        [this](const std::vector<core::trace_event>& events) {
            std::string out;
            bool first = false;  // the metadata comes first in the file
            cpu_events(out, first, m_end_of_run, m_window, events, cpu_tracks(m_domains));
            m_streams->part("trace.cpu") << out;
        },
        chunk);
}

void trace_session::job(std::size_t guest, const rtos::job_record& j) {
    std::string out;
    bool first = false;
    job_events(out, first, j, m_guests.at(guest).task_names, first_guest_pid + static_cast<int>(guest), m_end_of_run,
               m_window);
    m_streams->part("trace.jobs." + std::to_string(guest)) << out;
}

void trace_session::tick(std::size_t guest, core::picoseconds t, std::int64_t drift_ticks) {
    if (t >= m_end_of_run || t < m_window.from || t >= m_window.to) return;
    std::string out;
    bool first = false;
    drift_counter(out, first, first_guest_pid + static_cast<int>(guest), t, drift_ticks);
    m_streams->part("trace.drift." + std::to_string(guest)) << out;
}

void write_trace_json(const run_result& r, trace_session& session, std::ostream& os) {
    const cpu_tracks tracks(session.m_domains);
    const trace_window& window = session.m_window;
    std::string out;
    out += "{\"traceEvents\":[";
    bool first = true;

    metadata(out, first, "process_name", cpu_pid, 0, "CPU");
    sort_index(out, first, "process_sort_index", cpu_pid, 0, cpu_pid);
    for (std::size_t i = 0; i < tracks.count(); ++i) {
        metadata(out, first, "thread_name", cpu_pid, static_cast<int>(i) + 1, tracks.name_at(i));
        sort_index(out, first, "thread_sort_index", cpu_pid, static_cast<int>(i) + 1, static_cast<int>(i) + 1);
    }
    for (std::size_t k = 0; k < r.guests.size(); ++k) {
        const guest_result& g = r.guests[k];
        const int pid = first_guest_pid + static_cast<int>(k);
        metadata(out, first, "process_name", pid, 0, g.domain + " tasks");
        sort_index(out, first, "process_sort_index", pid, 0, pid);
        for (std::size_t t = 0; t < g.task_names.size(); ++t) {
            const int tid = 1000 * pid + static_cast<int>(t) + 1;
            metadata(out, first, "thread_name", pid, tid, g.task_names[t]);
            sort_index(out, first, "thread_sort_index", pid, tid, static_cast<int>(t) + 1);
        }
    }
    const auto flush = [&] {
        os << out;
        out.clear();
    };
    const auto drain = [&](const std::string& part) {
        flush();
        if (session.m_streams) session.m_streams->drain(part, os);
    };

    drain("trace.cpu");
    cpu_events(out, first, r.duration, window, session.m_recorder.events(), tracks);
    const core::picoseconds end_of_run = std::min(r.stopped_at ? r.stopped_at : r.duration, r.duration);
    for (std::size_t k = 0; k < r.guests.size(); ++k) {
        const guest_result& g = r.guests[k];
        const int pid = first_guest_pid + static_cast<int>(k);
        drain("trace.jobs." + std::to_string(k));
        for (const rtos::job_record& j : g.jobs) job_events(out, first, j, g.task_names, pid, end_of_run, window);
        flush();
    }
    // Counter tracks: each guest's drift after every tick it handled, each domain's CPU share per window.
    for (std::size_t k = 0; k < r.guests.size(); ++k) {
        const guest_result& g = r.guests[k];
        const int pid = first_guest_pid + static_cast<int>(k);
        drain("trace.drift." + std::to_string(k));
        for (const rtos::tick_sample& t : g.ticks)
            if (t.t < r.duration && t.t >= window.from && t.t < window.to)
                drift_counter(out, first, pid, t.t, drift_ticks(g.ticks_per_sec, g.first_dispatch, t.t, t.os_time));
    }
    for (const window_row& w : r.windows) {
        if (w.start < window.from || w.start >= window.to) continue;
        std::vector<std::pair<std::string, std::string>> values;
        for (std::size_t i = 0; i < tracks.count() && i < w.cpu_share.size(); ++i) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.9f", w.cpu_share[i]);
            values.emplace_back(tracks.name_at(i), buf);
        }
        counter(out, first, "cpu_share", w.start, cpu_pid, values);
    }

    // displayTimeUnit only chooses how a viewer shows times; ts and dur stay microseconds.
    out += "\n],\n\"displayTimeUnit\": \"ns\",\n\"otherData\":{\"generator\":\"rtvsim\",\"scenario\":";
    append_escaped(out, r.sc ? r.sc->name : std::string());
    out += ",\"duration_us\":";
    append_us(out, r.duration);
    if (window.from > 0 || window.to != trace_window{}.to) {
        out += ",\"window_us\":[";
        append_us(out, window.from);
        out += ',';
        append_us(out, std::min(window.to, r.duration));
        out += ']';
    }
    out += ",\"time_unit\":\"us, exact to 1 ps\"}}\n";
    flush();
}

}  // namespace rtv::app
