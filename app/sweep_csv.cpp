// SPDX-License-Identifier: Apache-2.0
#include "app/sweep_csv.hpp"

#include <cstdio>
#include <initializer_list>

namespace rtv::app {
namespace {

using nlohmann::json;

// The value at `keys` under `root`, or null if any step is missing.
const json* find(const json& root, std::initializer_list<std::string> keys) {
    const json* at = &root;
    for (const std::string& k : keys) {
        if (!at->is_object()) return nullptr;
        const auto it = at->find(k);
        if (it == at->end()) return nullptr;
        at = &*it;
    }
    return at;
}

std::string fixed(const json* v, int decimals) {
    if (!v || !v->is_number()) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v->get<double>());
    return buf;
}

std::string integer(const json* v) {
    if (!v || !v->is_number()) return "";
    if (v->is_number_unsigned()) return std::to_string(v->get<unsigned long long>());
    if (v->is_number_integer()) return std::to_string(v->get<long long>());
    return fixed(v, 0);
}

// One metric column: its name and how to read it for a given domain or guest.
struct per_name_metric {
    const char* column;
    const char* section;  // "domains" or "guests"
    const char* key;
    int decimals;  // < 0: an integer
};

const per_name_metric domain_metrics[] = {
    {"cpu_share", "domains", "cpu_share", 9},
    {"guest_share", "domains", "guest_share", 9},
};

const per_name_metric guest_metrics[] = {
    {"ticks_lost", "guests", "ticks_lost", -1},
    {"final_drift_ticks", "guests", "final_drift_ticks", -1},
    {"max_abs_drift_ticks", "guests", "max_abs_drift_ticks", -1},
    {"deadline_miss_ratio", "guests", "deadline_miss_ratio", 9},
};

}  // namespace

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string sweep_csv_header(const sweep_columns& columns) {
    std::string out;
    for (const std::string& path : columns.vary_paths) out += csv_field(path) + ",";
    out += "dir,status,exit_status,error";
    for (const per_name_metric& m : domain_metrics)
        for (const std::string& d : columns.domains)
            out += "," + csv_field(std::string(m.column) + "[" + d + "]");
    for (const per_name_metric& m : guest_metrics)
        for (const std::string& g : columns.rtos_guests)
            out += "," + csv_field(std::string(m.column) + "[" + g + "]");
    out += ",context_switches,host_wall_time_s,host_sim_seconds_per_wall_second\n";
    return out;
}

std::string sweep_csv_row(const sweep_columns& columns, const std::vector<std::string>& values,
                          const std::string& dir, const point_outcome& outcome) {
    std::string out;
    for (const std::string& v : values) out += csv_field(v) + ",";
    out += csv_field(dir) + "," + (outcome.ok ? "ok" : outcome.missing ? "missing" : "failed") + "," +
           (outcome.exit_status ? std::to_string(*outcome.exit_status) : "") + ",";
    // The error is always quoted: it is free text, and a reader then never has to guess.
    std::string quoted = "\"";
    for (char c : outcome.error) {
        if (c == '"') quoted += '"';
        quoted += (c == '\n' || c == '\r') ? ' ' : c;
    }
    out += quoted + "\"";

    static const json empty = json::object();
    const json& s = outcome.ok && outcome.summary ? *outcome.summary : empty;
    const auto metric = [&](const per_name_metric& m, const std::string& name) {
        const json* v = find(s, {m.section, name, m.key});
        return m.decimals < 0 ? integer(v) : fixed(v, m.decimals);
    };
    for (const per_name_metric& m : domain_metrics)
        for (const std::string& d : columns.domains) out += "," + metric(m, d);
    for (const per_name_metric& m : guest_metrics)
        for (const std::string& g : columns.rtos_guests) out += "," + metric(m, g);
    out += "," + integer(find(s, {"hypervisor", "scheduler", "context_switches"}));
    out += "," + fixed(find(s, {"host", "wall_time_s"}), 6);
    out += "," + fixed(find(s, {"host", "sim_seconds_per_wall_second"}), 3);
    return out + "\n";
}

}  // namespace rtv::app
