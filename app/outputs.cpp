// SPDX-License-Identifier: Apache-2.0
#include "app/outputs.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <algorithm>
#include <variant>

#include "app/cost_names.hpp"
#include "app/decimal_format.hpp"
#include "app/scenario_json.hpp"
#include "app/run_streams.hpp"
#include "app/trace_json.hpp"

namespace rtv::app {
namespace {

std::string fixed9(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9f", v);
    return buf;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
    return s;
}

// Integers that can exceed 2^53 (checksums) as "0x" and 16 hex digits, so that readers whose
// numbers are doubles (jq, pandas) keep them exact.
std::string hex64(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%016llX", static_cast<unsigned long long>(v));
    return buf;
}

double seconds(core::picoseconds t) { return static_cast<double>(t) / 1e12; }

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary);
    if (!f) throw std::runtime_error("cannot write " + p.string());
    f << text;
    if (!f) throw std::runtime_error("cannot write " + p.string());
}

template <typename Writer>
void write_stream(const std::filesystem::path& p, Writer write) {
    std::ofstream f(p, std::ios::binary);
    if (!f) throw std::runtime_error("cannot write " + p.string());
    write(f);
    if (!f) throw std::runtime_error("cannot write " + p.string());
}

}  // namespace

namespace {

// ticks_expected = floor((t - t_start) * OS_TICKS_PER_SEC), t_start = the guest's first dispatch.
std::int64_t ticks_expected(unsigned tps, core::picoseconds first_dispatch, core::picoseconds t) {
    if (t <= first_dispatch) return 0;
    return static_cast<std::int64_t>(core::mul_div_floor(t - first_dispatch, tps, core::ps_per_second));
}
std::int64_t ticks_expected(const guest_result& g, core::picoseconds t) {
    return ticks_expected(g.ticks_per_sec, g.first_dispatch, t);
}

std::string drift_row(const guest_result& g, core::picoseconds t, std::uint64_t virqs, std::uint64_t os_time) {
    return tick_drift_row(g.domain, g.ticks_per_sec, g.first_dispatch, t, virqs, os_time);
}

// Milliseconds with six decimals ("%.6f").
void append_ms6(std::string& out, std::int64_t ps) { append_fixed(out, static_cast<double>(ps) / 1e9, 6); }

// format_seconds, appended.
void append_seconds(std::string& out, core::picoseconds t) {
    const std::uint64_t ns = t / core::ps_per_ns;
    append_decimal(out, ns / 1'000'000'000ULL);
    out += '.';
    append_zero_padded(out, ns % 1'000'000'000ULL, 9);
}

}  // namespace

std::int64_t drift_ticks(unsigned tps, core::picoseconds first_dispatch, core::picoseconds t, std::uint64_t os_time) {
    return static_cast<std::int64_t>(os_time) - ticks_expected(tps, first_dispatch, t);
}

std::string tick_drift_row(const std::string& domain, unsigned tps, core::picoseconds first_dispatch,
                           core::picoseconds t, std::uint64_t virqs, std::uint64_t os_time) {
    const std::int64_t expected = ticks_expected(tps, first_dispatch, t);
    const std::int64_t drift = static_cast<std::int64_t>(os_time) - expected;
    std::string row;
    row.reserve(96 + domain.size());
    append_seconds(row, t);
    row += ',';
    row += domain;
    row += ',';
    append_decimal(row, virqs);
    row += ',';
    append_decimal(row, os_time);
    row += ',';
    append_decimal(row, expected);
    row += ',';
    append_decimal(row, drift);
    row += ',';
    // drift_ms = drift_ticks * 1000 / OS_TICKS_PER_SEC, three decimals (exact for the usual rates)
    append_fixed(row, static_cast<double>(drift) * 1000.0 / tps, 3);
    row += '\n';
    return row;
}

std::string jobs_row(const std::string& domain, const std::string& task, const rtos::job_record& j,
                     core::picoseconds end) {
    std::string row;
    row.reserve(128 + domain.size() + task.size());
    row += domain;
    row += ',';
    row += task;
    row += ',';
    append_decimal(row, static_cast<std::uint64_t>(j.job));
    row += ',';
    append_seconds(row, j.intended_release);
    row += ',';
    append_seconds(row, j.release);
    row += ',';
    if (j.started) append_seconds(row, j.start);
    row += ',';
    if (j.finished) append_seconds(row, j.finish);
    row += ',';
    append_seconds(row, j.deadline);
    row += ',';
    if (j.finished) append_ms6(row, rtos::response_ps(j));
    row += rtos::job_missed(j, end) ? ",1\n" : ",0\n";
    return row;
}

std::string format_seconds(core::picoseconds t) {
    std::string s;
    append_seconds(s, t);
    return s;
}

nlohmann::ordered_json summary_json(const run_result& r) {
    using json = nlohmann::ordered_json;
    json j;
    j["format_version"] = summary_format_version;
    // Whether the run reached its duration; false after a hang or SIGINT/SIGTERM.
    j["complete"] = r.failure.empty() && !r.interrupted;
    json scen = resolved_json(*r.sc);
    scen["costs"] = resolved_costs(r.cpu_costs, r.hv_costs, r.ucos_costs);
    j["scenario"] = scen;

    // Statistics: dotted names become nested objects ("hypervisor.softirqs.timer").
    for (const auto& [name, value] : r.stats) {
        json::json_pointer ptr("/" + replace_all(name, ".", "/"));
        std::visit([&](const auto& v) { j[ptr] = v; }, value);
    }
    j["sim"]["duration_s"] = format_seconds(r.duration);

    // Shares of the whole run; `guest_share` is a domain's share of all guests' CPU time.
    core::picoseconds guests_total = 0;
    for (const auto& d : r.domains) guests_total += d.cpu_time;
    json doms = json::object();
    for (const auto& d : r.domains) {
        json dj;
        dj["guest"] = d.guest;
        dj["weight"] = d.weight;
        dj["mcu_advance"] = d.mcu_advance;
        dj["cpu_time_ps"] = d.cpu_time;
        dj["cpu_share"] = static_cast<double>(d.cpu_time) / static_cast<double>(r.duration);
        dj["guest_share"] =
            guests_total ? static_cast<double>(d.cpu_time) / static_cast<double>(guests_total) : 0.0;
        dj["runstate_running_ns"] = d.runstate_running_ns;
        dj["context_switches_in"] = d.switches_in;
        dj["shutdown"] = d.shutdown;
        dj["scheduler"] = d.scheduler;
        dj["killed"] = d.killed;
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%08X", d.partition_base);
        dj["partition"] = {{"base", d.partition_base},
                           {"base_hex", hex},
                           {"size_bytes", d.partition_size},
                           {"checksum_start", hex64(d.checksum_start)},
                           {"checksum_end", hex64(d.checksum_end)},
                           {"changed", d.checksum_start != d.checksum_end}};
        dj["memory"] = {{"accesses", d.mem_accesses}, {"tlb_hits", d.tlb_hits},     {"tlb_misses", d.tlb_misses},
                        {"walk_cycles", d.walk_cycles}, {"faults", d.faults}, {"dcache_misses", d.cache_misses},
                        {"code_refills", d.code_refills}, {"code_refill_cycles", d.code_refill_cycles}};
        if (!d.image.empty()) {
            dj["image"] = d.image;
            dj["image_sha256"] = d.image_sha256;
        }
        doms[d.name] = dj;
    }
    j["domains"] = doms;
    j["pseudo_domains"] = {
        {"_xen", {{"cpu_time_ps", r.xen_time}, {"cpu_share", static_cast<double>(r.xen_time) / r.duration}}},
        {"_idle", {{"cpu_time_ps", r.idle_time}, {"cpu_share", static_cast<double>(r.idle_time) / r.duration}}},
    };
    json guests = json::object();
    for (const guest_result& g : r.guests) {
        json gj;
        const std::int64_t expected = ticks_expected(g, r.stopped_at);
        std::int64_t max_drift = g.streamed_max_drift, min_drift = g.streamed_min_drift;
        for (const rtos::tick_sample& t : g.ticks) {
            const std::int64_t d = static_cast<std::int64_t>(t.os_time) - ticks_expected(g, t.t);
            max_drift = std::max(max_drift, d);
            min_drift = std::min(min_drift, d);
        }
        const std::int64_t final_drift = static_cast<std::int64_t>(g.os_time) - expected;
        max_drift = std::max(max_drift, final_drift);
        min_drift = std::min(min_drift, final_drift);
        gj["ticks_per_sec"] = g.ticks_per_sec;
        gj["first_dispatch_s"] = format_seconds(g.first_dispatch);
        gj["ticks_expected"] = expected;
        gj["virqs_handled"] = g.port.virqs_handled;
        gj["ticks_lost"] = expected - static_cast<std::int64_t>(g.port.virqs_handled);
        gj["os_time_ticks"] = g.os_time;
        gj["final_drift_ticks"] = final_drift;
        gj["final_drift_ms"] = static_cast<double>(final_drift) * 1000.0 / g.ticks_per_sec;
        gj["max_drift_ticks"] = max_drift;  // most ahead
        gj["min_drift_ticks"] = min_drift;  // most behind
        gj["max_abs_drift_ticks"] = std::max(max_drift, -min_drift);
        gj["port"] = {{"upcalls", g.port.upcalls},          {"device_events", g.port.device_events},
                      {"time_reads", g.port.time_reads},    {"time_retries", g.port.time_retries},
                      {"clock_jumps", g.port.clock_jumps},  {"blocks", g.port.blocks},
                      {"faults", g.port.faults},            {"hypercall_errors", g.port.hypercall_errors}};
        gj["kernel"] = {{"ticks", g.kernel.ticks},
                        {"releases", g.kernel.releases},
                        {"jobs_finished", g.kernel.jobs_finished},
                        {"context_switches", g.kernel.context_switches},
                        {"idle_cycles", g.kernel.idle_cycles}};
        json tasks = json::object();
        std::uint64_t released = 0, missed = 0;
        for (std::size_t t = 0; t < g.task_names.size(); ++t) {
            const rtos::task_stats& st = g.task_stats[t];
            released += st.released;
            missed += st.missed;
            json tj = {{"released", st.released},
                       {"finished", st.finished},
                       {"missed", st.missed},
                       {"miss_ratio", st.released ? static_cast<double>(st.missed) / st.released : 0.0},
                       {"relative_deadline_ms", static_cast<double>(g.task_relative_deadline_ps[t]) / 1e9}};
            if (st.finished) {
                tj["response_min_ms"] = static_cast<double>(st.response_min) / 1e9;
                tj["response_mean_ms"] = static_cast<double>(st.response_mean()) / 1e9;
                tj["response_max_ms"] = static_cast<double>(st.response_max) / 1e9;
            }
            tasks[g.task_names[t]] = tj;
        }
        gj["tasks"] = tasks;
        gj["deadline_miss_ratio"] = released ? static_cast<double>(missed) / released : 0.0;
        guests[g.domain] = gj;
    }
    j["guests"] = guests;

    json faults = json::array();
    for (const fault_result& f : r.faults) {
        char addr[16], fsr[8];
        std::snprintf(addr, sizeof addr, "0x%08X", f.address);
        std::snprintf(fsr, sizeof fsr, "0x%02X", f.fsr);
        faults.push_back({{"domain", f.domain},
                          {"at_s", format_seconds(f.at)},
                          {"address", addr},
                          {"fsr", fsr},
                          {"status", f.fsr & 0xF},
                          {"fault_domain", (f.fsr >> 4) & 0xF},
                          {"action", f.action}});
    }
    j["faults"] = faults;
    if (!r.failure.empty()) j["failure"] = r.failure;
    if (r.interrupted) j["interrupted"] = true;
    if (!r.failure.empty() || r.interrupted) j["sim"]["stopped_at_s"] = format_seconds(r.stopped_at);
    if (!r.machine_action.empty()) {
        static const char* const reasons[] = {"poweroff", "reboot", "suspend", "crash"};  // SHUTDOWN_*
        const bool named = r.machine_reason >= 0 && r.machine_reason < 4;
        j["machine"] = {{"stopped_by", "dom0 shutdown"},
                        {"action", r.machine_action},
                        {"reason", named ? nlohmann::json(reasons[r.machine_reason]) : nlohmann::json(r.machine_reason)}};
        j["sim"]["stopped_at_s"] = format_seconds(r.stopped_at);
    }
    const double simulated = seconds(r.interrupted || !r.machine_action.empty() ? r.stopped_at : r.duration);
    j["host"] = {
        {"wall_time_s", r.wall_seconds},
        {"sim_seconds_per_wall_second", r.wall_seconds > 0 ? simulated / r.wall_seconds : 0.0},
        {"cpu_time_s", r.cpu_seconds},
        {"sim_seconds_per_cpu_second", r.cpu_seconds > 0 ? simulated / r.cpu_seconds : 0.0},
        {"rtvsim_version", r.host.version},
        {"git_commit", r.host.git_commit},
        {"git_dirty", r.host.git_dirty},
        {"command_line", r.host.command_line},
    };
    return j;
}

std::string cpu_usage_csv(const run_result& r) {
    std::string out = "window_start_s,window_end_s,domain,cpu_share,runstate_share\n";
    std::vector<std::string> names;
    for (const auto& d : r.domains) names.push_back(d.name);
    names.push_back("_xen");
    names.push_back("_idle");
    for (const window_row& w : r.windows) {
        const std::string prefix = format_seconds(w.start) + "," + format_seconds(w.end) + ",";
        for (std::size_t k = 0; k < names.size(); ++k)
            out += prefix + names[k] + "," + fixed9(w.cpu_share[k]) + "," + fixed9(w.runstate_share[k]) + "\n";
    }
    return out;
}


void write_tick_drift_csv(const run_result& r, std::ostream& out) {
    out << "time_s,domain,virqs_handled,os_time_ticks,ticks_expected,drift_ticks,drift_ms\n";
    for (std::size_t k = 0; k < r.guests.size(); ++k) {
        const guest_result& g = r.guests[k];
        if (r.streams) r.streams->drain("drift." + std::to_string(k), out);
        for (const rtos::tick_sample& t : g.ticks) out << drift_row(g, t.t, t.virqs_handled, t.os_time);
        if (g.started) out << drift_row(g, r.stopped_at, g.port.virqs_handled, g.os_time);  // the end
    }
}

void write_jobs_csv(const run_result& r, std::ostream& out) {
    out << "domain,task,job,intended_release_s,release_s,start_s,finish_s,deadline_s,response_ms,missed\n";
    for (std::size_t k = 0; k < r.guests.size(); ++k) {
        const guest_result& g = r.guests[k];
        if (r.streams) r.streams->drain("jobs." + std::to_string(k), out);  // the finished jobs, in order
        for (const rtos::job_record& j : g.jobs) out << jobs_row(g.domain, g.task_names.at(j.task), j, r.stopped_at);
    }
}

std::string profile_csv(const run_result& r) {
    std::ostringstream out;
    out << "domain,function,calls,min_cycles,median_cycles,mean_cycles,max_cycles\n";
    for (const rtos::function_timing& f : r.profile) {
        char mean[32];
        std::snprintf(mean, sizeof mean, "%.1f", f.mean);
        out << r.profile_domain << "," << f.name << "," << f.calls << "," << f.min << "," << f.median << "," << mean
            << "," << f.max << "\n";
    }
    return out.str();
}

void write_run_directory(const run_result& r, const std::string& dir) {
    namespace fs = std::filesystem;
    const fs::path root(dir);
    fs::create_directories(root);
    write_file(root / "summary.json", summary_json(r).dump(2) + "\n");
    if (r.sc) write_file(root / "scenario.yaml", r.sc->resolved_yaml);
    write_file(root / "cpu_usage.csv", cpu_usage_csv(r));
    write_stream(root / "tick_drift.csv", [&](std::ostream& out) { write_tick_drift_csv(r, out); });
    write_stream(root / "jobs.csv", [&](std::ostream& out) { write_jobs_csv(r, out); });
    if (r.trace) write_stream(root / "trace.json", [&](std::ostream& out) { write_trace_json(r, *r.trace, out); });
    if (!r.profile_domain.empty()) write_file(root / "profile.csv", profile_csv(r));
    // A console nobody wrote to leaves no file.
    for (const auto& [dev, text] : r.consoles)
        if (!text.empty()) {
            fs::create_directories(root / "console");
            write_file(root / "console" / (dev + ".log"), text);
        }
}

}  // namespace rtv::app
