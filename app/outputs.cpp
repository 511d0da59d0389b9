#include "app/outputs.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <variant>

#include "app/cost_names.hpp"
#include "app/scenario_json.hpp"

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

double seconds(core::picoseconds t) { return static_cast<double>(t) / 1e12; }

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary);
    if (!f) throw std::runtime_error("cannot write " + p.string());
    f << text;
    if (!f) throw std::runtime_error("cannot write " + p.string());
}

}  // namespace

std::string format_seconds(core::picoseconds t) {
    const std::uint64_t ns = t / core::ps_per_ns;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%llu.%09llu", static_cast<unsigned long long>(ns / 1'000'000'000ULL),
                  static_cast<unsigned long long>(ns % 1'000'000'000ULL));
    return buf;
}

nlohmann::json summary_json(const run_result& r) {
    using nlohmann::json;
    json j;
    j["format_version"] = summary_format_version;
    json scen = resolved_json(*r.sc);
    scen["costs"] = resolved_costs(r.cpu_costs, r.hv_costs);
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
                           {"checksum_start", d.checksum_start},
                           {"checksum_end", d.checksum_end},
                           {"changed", d.checksum_start != d.checksum_end}};
        dj["memory"] = {{"accesses", d.mem_accesses}, {"tlb_hits", d.tlb_hits},     {"tlb_misses", d.tlb_misses},
                        {"walk_cycles", d.walk_cycles}, {"faults", d.faults}, {"dcache_misses", d.cache_misses}};
        doms[d.name] = dj;
    }
    j["domains"] = doms;
    j["pseudo_domains"] = {
        {"_xen", {{"cpu_time_ps", r.xen_time}, {"cpu_share", static_cast<double>(r.xen_time) / r.duration}}},
        {"_idle", {{"cpu_time_ps", r.idle_time}, {"cpu_share", static_cast<double>(r.idle_time) / r.duration}}},
    };
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
    if (!r.failure.empty()) {
        j["failure"] = r.failure;
        j["sim"]["stopped_at_s"] = format_seconds(r.stopped_at);
    }
    j["host"] = {
        {"wall_time_s", r.wall_seconds},
        {"sim_seconds_per_wall_second", r.wall_seconds > 0 ? seconds(r.duration) / r.wall_seconds : 0.0},
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

void write_run_directory(const run_result& r, const std::string& dir) {
    namespace fs = std::filesystem;
    const fs::path root(dir);
    fs::create_directories(root / "console");
    write_file(root / "summary.json", summary_json(r).dump(2) + "\n");
    write_file(root / "cpu_usage.csv", cpu_usage_csv(r));
    for (const auto& [dev, text] : r.consoles) write_file(root / "console" / (dev + ".log"), text);
}

}  // namespace rtv::app
