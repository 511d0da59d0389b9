// SPDX-License-Identifier: Apache-2.0
#include "app/sweep.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "app/cost_names.hpp"
#include "app/run_control.hpp"
#include "app/scenario_loader.hpp"
#include "app/scenario_overrides.hpp"
#include "app/sweep_csv.hpp"
#include "app/sweep_scripts.hpp"

namespace rtv::app {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;
using steady = std::chrono::steady_clock;

namespace {

constexpr int sweep_format_version = 2;
constexpr std::size_t max_points = 100'000;
constexpr std::size_t max_range_values = 10'000;
constexpr std::size_t max_name_bytes = 200;  // of a point directory's name after the index
// A point's run directory is points/<name>/, swapped into place whole by its run; what the
// sweep itself knows about the point lives beside it, in logs/<name>.json and .stderr.log.
const char* const logs_dir = "logs";

// A problem that makes the whole sweep a bad command line or scenario (exit status 2).
struct sweep_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// "domains[dom1].weight" -> {"domains", "dom1", "weight"}
std::vector<std::string> path_tokens(const std::string& path) {
    std::vector<std::string> tokens;
    std::string cur;
    for (char c : path) {
        if (is_name_char(c)) {
            cur += c;
        } else if (!cur.empty()) {
            tokens.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty()) tokens.push_back(cur);
    return tokens;
}

// "domains[dom1].weight" -> "domains[].weight", the form scenario_keys() uses.
std::string normalized_path(const std::string& path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '[') {
            out += "[]";
            while (i < path.size() && path[i] != ']') ++i;
        } else {
            out += path[i];
        }
    }
    return out;
}

// A vary path must name something the loader accepts (a key, or a mapping or list that holds
// keys); otherwise every point would fail with "unknown key", which is a bad command line.
bool known_path(const std::string& path) {
    const std::string norm = normalized_path(path);
    for (const std::string& key : scenario_keys())
        if (key == norm || key.rfind(norm + ".", 0) == 0 || key.rfind(norm + "[]", 0) == 0) return true;
    if (norm.rfind("costs.", 0) == 0) {
        const std::vector<std::string> costs = known_cost_names();
        return std::find(costs.begin(), costs.end(), norm.substr(6)) != costs.end();
    }
    return false;
}

// Whether a varied path can change which domains there are or which are RTOS guests, and
// so the columns of sweep.csv.
bool shapes_columns(const std::string& path) {
    const std::string norm = normalized_path(path);
    return norm == "domains" || norm == "domains[]" || norm == "domains[].name" || norm == "domains[].guest";
}

// A decimal `[-]digits[.digits]` as an integer count of 10^-decimals; false if it is not one.
bool parse_decimal(const std::string& s, int decimals, long long& out) {
    std::size_t i = s[0] == '-' ? 1 : 0;
    const std::size_t dot = s.find('.');
    const std::string whole = s.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
    const std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    if (whole.empty() || whole.size() > 9 || static_cast<int>(frac.size()) > decimals) return false;
    if (dot != std::string::npos && frac.empty()) return false;
    for (char c : whole + frac)
        if (c < '0' || c > '9') return false;
    long long v = std::stoll(whole);
    for (int k = 0; k < decimals; ++k) v = v * 10 + (k < static_cast<int>(frac.size()) ? frac[k] - '0' : 0);
    out = s[0] == '-' ? -v : v;
    return true;
}

int decimals_of(const std::string& s) {
    const std::size_t dot = s.find('.');
    return dot == std::string::npos ? 0 : static_cast<int>(s.size() - dot - 1);
}

// `v` counts of 10^-decimals, written without trailing zeros: 15 at 1 decimal -> "1.5", 20 -> "2".
std::string decimal_text(long long v, int decimals) {
    const bool negative = v < 0;
    unsigned long long u = negative ? static_cast<unsigned long long>(-v) : static_cast<unsigned long long>(v);
    unsigned long long scale = 1;
    for (int k = 0; k < decimals; ++k) scale *= 10;
    if (decimals == 0) return (negative ? "-" : "") + std::to_string(u);
    std::string frac = std::to_string(u % scale);
    frac.insert(0, static_cast<std::size_t>(decimals) - frac.size(), '0');
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return (negative ? "-" : "") + std::to_string(u / scale) + (frac.empty() ? "" : "." + frac);
}

// `A..B` or `A..B:STEP` with decimal A, B and STEP (default 1), exactly: 1..3:0.5 gives 1, 1.5,
// 2, 2.5, 3. Returns false if `item` is not a range at all.
bool expand_range(const std::string& text, const std::string& item, std::vector<std::string>& values) {
    const std::size_t dots = item.find("..");
    if (dots == std::string::npos) return false;
    const std::size_t colon = item.find(':', dots);
    const std::string a = item.substr(0, dots);
    const std::string b = item.substr(dots + 2, colon == std::string::npos ? std::string::npos : colon - dots - 2);
    const std::string step = colon == std::string::npos ? "1" : item.substr(colon + 1);
    if (a.empty() || b.empty() || step.empty()) return false;
    const int d = std::max({decimals_of(a), decimals_of(b), decimals_of(step)});
    long long lo = 0, hi = 0, st = 0;
    if (d > 9 || !parse_decimal(a, d, lo) || !parse_decimal(b, d, hi) || !parse_decimal(step, d, st)) return false;
    if (st <= 0) throw cli_error("--vary " + text + ": the step of " + item + " must be positive\n");
    if (lo > hi) throw cli_error("--vary " + text + ": the range " + item + " is empty (write A..B with A <= B)\n");
    if (static_cast<unsigned long long>((hi - lo) / st) >= max_range_values)
        throw cli_error("--vary " + text + ": the range " + item + " has more than " +
                        std::to_string(max_range_values) + " values\n");
    for (long long v = lo; v <= hi; v += st) values.push_back(decimal_text(v, d));
    return true;
}

std::string sanitized(const std::string& value) {
    std::string out;
    for (char c : value) out += (is_name_char(c) || c == '.' || c == '+') ? c : '_';
    return out;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Written under a temporary name and renamed, so that an interrupted sweep never leaves a
// half-written file behind.
void write_text(const fs::path& p, const std::string& text) {
    const fs::path tmp = p.string() + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << text;
        if (!f) throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, p);
}

std::string fnv1a_hex(const std::string& text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string format_number(double v, const char* fmt) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

unsigned core_count() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
    const unsigned n = std::thread::hardware_concurrency();
    return n ? n : 1;
}

// The first line of a failed point's stderr that says what went wrong: warnings about the
// scenario come first and are skipped, unless there is nothing else.
std::string first_error_line(const fs::path& stderr_path) {
    std::ifstream in(stderr_path, std::ios::binary);
    std::string line, first;
    for (int n = 0; n < 10000 && std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        if (first.empty()) first = line;
        if (line.rfind("rtvsim: warning:", 0) != 0) return line.substr(0, 2000);
    }
    return first.substr(0, 2000);
}

// ---------------------------------------------------------------------------------------
// The plan: points, their commands and the columns, all decided before anything runs.

struct point_plan {
    std::size_t index = 0;
    std::string scenario_yaml;         // the point's resolved scenario; empty for an invalid point
    std::vector<std::string> values;   // one per vary
    std::string dir;                   // relative to the sweep directory: "points/<name>"
    std::vector<std::string> command;  // rtvsim's arguments (after the program), run in the sweep directory
};

struct sweep_plan {
    std::string scenario_abs;
    std::string scenario_name;
    std::string scenario_hash;
    std::vector<vary_spec> varies;
    std::vector<point_plan> points;
    sweep_columns columns;
};

void check_vary_path(const std::string& scenario_text, const std::string& scenario_label,
                     const std::vector<std::string>& sets, const std::string& path) {
    // The path's selectors must select something in the scenario as overridden; the loader's
    // own override code says so, on a copy, with a placeholder value.
    try {
        YAML::Node root = YAML::Load(scenario_text);
        node_origins origins(scenario_label);
        for (const std::string& s : sets) apply_override(root, s, origins);
        const std::string probe = path + "=0";
        try {
            apply_override(root, probe, origins);
        } catch (const scenario_error& e) {
            std::string msg = e.what();
            const std::string prefix = "--set " + probe + ": ";
            if (msg.rfind(prefix, 0) == 0) msg = msg.substr(prefix.size());
            throw sweep_error("--vary " + path + ": " + msg);
        }
    } catch (const YAML::Exception& e) {
        throw sweep_error(scenario_label + ": " + e.what());
    }
    if (!known_path(path))
        throw sweep_error("--vary " + path + ": no such scenario key (docs/scenario.md lists them)");
}

std::vector<std::string> point_overrides(const cli_options& opt, const std::vector<vary_spec>& varies,
                                         const std::vector<std::string>& values) {
    std::vector<std::string> sets = opt.overrides;
    for (std::size_t v = 0; v < varies.size(); ++v) sets.push_back(varies[v].path + "=" + values[v]);
    return sets;
}

void add_columns(const scenario& sc, sweep_columns& columns) {
    const auto add = [](std::vector<std::string>& list, const std::string& name) {
        if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
    };
    for (const domain_config& d : sc.domains) {
        add(columns.domains, d.name);
        if (d.guest == guest_kind::ucos || !d.ucos.tasks.empty()) add(columns.rtos_guests, d.name);
    }
}

sweep_plan make_plan(const cli_options& opt) {
    sweep_plan plan;
    std::set<std::string> seen;
    for (const std::string& text : opt.vary) {
        vary_spec v = parse_vary(text);
        if (!seen.insert(v.path).second) throw sweep_error("--vary " + v.path + " is given twice");
        plan.varies.push_back(v);
    }
    std::size_t count = 1;
    for (const vary_spec& v : plan.varies) {
        if (count > max_points / v.values.size())
            throw sweep_error("the sweep has more than " + std::to_string(max_points) + " points");
        count *= v.values.size();
    }

    // The scenario once, without the varied keys, to fail early.
    std::string text;
    std::error_code dir_ec;
    if (fs::is_directory(opt.scenario, dir_ec))
        throw sweep_error(opt.scenario + ": is a directory, not a scenario file");
    try {
        text = read_text(opt.scenario);
    } catch (const std::exception&) {
        throw sweep_error(opt.scenario + ": cannot open the scenario file");
    }
    scenario base;
    try {
        base = load_scenario_text(text, opt.scenario, opt.overrides);
    } catch (const scenario_error& e) {
        throw sweep_error(e.what());
    }
    if (opt.verbosity >= 0)
        for (const std::string& w : base.warnings) std::cerr << "rtvsim: warning: " << w << "\n";
    plan.scenario_abs = fs::absolute(opt.scenario).lexically_normal().string();
    plan.scenario_name = base.name;
    plan.scenario_hash = fnv1a_hex(text);

    std::vector<std::string> paths;
    for (const vary_spec& v : plan.varies) {
        check_vary_path(text, opt.scenario, opt.overrides, v.path);
        paths.push_back(v.path);
    }
    const std::vector<std::string> names = short_path_names(paths);
    for (std::size_t i = 0; i < plan.varies.size(); ++i) plan.varies[i].short_name = names[i];
    plan.columns.vary_paths = paths;

    // Every value on its own: a bad one fails its points, not the sweep.
    std::set<std::pair<std::size_t, std::string>> invalid;
    for (std::size_t i = 0; i < plan.varies.size(); ++i) {
        for (const std::string& value : plan.varies[i].values) {
            std::vector<std::string> sets = opt.overrides;
            sets.push_back(plan.varies[i].path + "=" + value);
            try {
                load_scenario_text(text, opt.scenario, sets);
            } catch (const scenario_error& e) {
                if (invalid.insert({i, value}).second)
                    std::cerr << "rtvsim: sweep: the points with " << plan.varies[i].path << "=" << value
                              << " will fail: " << e.what() << "\n";
            }
        }
    }

    add_columns(base, plan.columns);
    const bool per_point_columns =
        std::any_of(paths.begin(), paths.end(), [](const std::string& p) { return shapes_columns(p); });
    std::vector<std::size_t> digit(plan.varies.size(), 0);  // the first --vary varies slowest
    for (std::size_t index = 0; index < count; ++index) {
        point_plan p;
        p.index = index;
        bool valid = true;
        for (std::size_t i = 0; i < plan.varies.size(); ++i) {
            p.values.push_back(plan.varies[i].values[digit[i]]);
            valid = valid && !invalid.count({i, p.values.back()});
        }
        p.dir = "points/" + point_name(index, count, plan.varies, p.values);
        p.command = {"run", plan.scenario_abs, "-o", p.dir, "-q"};
        const std::vector<std::string> sets = point_overrides(opt, plan.varies, p.values);
        for (const std::string& s : sets) {
            p.command.push_back("--set");
            p.command.push_back(s);
        }
        if (valid) {
            try {
                const scenario point = load_scenario_text(text, opt.scenario, sets);
                p.scenario_yaml = point.resolved_yaml;
                if (per_point_columns) add_columns(point, plan.columns);
            } catch (const scenario_error&) {
                // The point fails when it runs, with this error on its stderr.
            }
        }
        plan.points.push_back(std::move(p));
        for (std::size_t i = plan.varies.size(); i-- > 0;) {
            if (++digit[i] < plan.varies[i].values.size()) break;
            digit[i] = 0;
        }
    }
    return plan;
}

std::string sweep_json(const sweep_plan& plan, const cli_options& opt) {
    ordered_json j;
    j["format_version"] = sweep_format_version;
    j["scenario"] = plan.scenario_abs;
    j["scenario_name"] = plan.scenario_name;
    j["scenario_fnv1a"] = plan.scenario_hash;
    j["set"] = opt.overrides;
    ordered_json vary = ordered_json::array();
    for (const vary_spec& v : plan.varies)
        vary.push_back({{"path", v.path}, {"short_name", v.short_name}, {"values", v.values}});
    j["vary"] = vary;
    j["domains"] = plan.columns.domains;
    j["rtos_guests"] = plan.columns.rtos_guests;
    ordered_json points = ordered_json::array();
    for (const point_plan& p : plan.points) {
        ordered_json values = ordered_json::object();
        for (std::size_t i = 0; i < plan.varies.size(); ++i) values[plan.varies[i].path] = p.values[i];
        points.push_back({{"index", p.index}, {"dir", p.dir}, {"values", values}, {"command", p.command}});
    }
    j["points"] = points;
    return j.dump(2) + "\n";
}

// The plan back from DIR/sweep.json, for --run and --collect.
sweep_plan read_plan(const fs::path& dir) {
    json j;
    try {
        j = json::parse(read_text(dir / "sweep.json"));
    } catch (const std::exception& e) {
        throw sweep_error(dir.string() + " is not a planned sweep: cannot read its sweep.json (" + e.what() + ")");
    }
    try {
        if (j.at("format_version").get<int>() != sweep_format_version)
            throw sweep_error((dir / "sweep.json").string() + " has format_version " +
                              std::to_string(j.at("format_version").get<int>()) + "; this rtvsim reads " +
                              std::to_string(sweep_format_version));
        sweep_plan plan;
        plan.scenario_abs = j.at("scenario").get<std::string>();
        plan.scenario_name = j.at("scenario_name").get<std::string>();
        plan.scenario_hash = j.at("scenario_fnv1a").get<std::string>();
        for (const json& v : j.at("vary")) {
            vary_spec spec;
            spec.path = v.at("path").get<std::string>();
            spec.short_name = v.at("short_name").get<std::string>();
            spec.values = v.at("values").get<std::vector<std::string>>();
            plan.columns.vary_paths.push_back(spec.path);
            plan.varies.push_back(std::move(spec));
        }
        plan.columns.domains = j.at("domains").get<std::vector<std::string>>();
        plan.columns.rtos_guests = j.at("rtos_guests").get<std::vector<std::string>>();
        for (const json& pj : j.at("points")) {
            point_plan p;
            p.index = pj.at("index").get<std::size_t>();
            p.dir = pj.at("dir").get<std::string>();
            for (const vary_spec& v : plan.varies) p.values.push_back(pj.at("values").at(v.path).get<std::string>());
            p.command = pj.at("command").get<std::vector<std::string>>();
            if (p.index != plan.points.size() || p.dir.rfind("points/", 0) != 0 || p.dir.find("..") != std::string::npos)
                throw sweep_error((dir / "sweep.json").string() + ": a malformed point " + pj.dump());
            plan.points.push_back(std::move(p));
        }
        return plan;
    } catch (const json::exception& e) {
        throw sweep_error((dir / "sweep.json").string() + " is malformed: " + e.what());
    }
}

std::string point_leaf(const point_plan& p) { return p.dir.substr(std::string("points/").size()); }
fs::path record_path(const fs::path& dir, const point_plan& p) { return dir / logs_dir / (point_leaf(p) + ".json"); }
fs::path stderr_path(const fs::path& dir, const point_plan& p) {
    return dir / logs_dir / (point_leaf(p) + ".stderr.log");
}

// ---------------------------------------------------------------------------------------
// Point records: what ran in a point directory and what became of it, for --resume.

std::string point_record(const sweep_plan& plan, const point_plan& p, const char* status,
                         const point_outcome* outcome, double wall_s) {
    ordered_json j;
    j["index"] = p.index;
    j["dir"] = p.dir;
    ordered_json values = ordered_json::object();
    for (std::size_t i = 0; i < plan.varies.size(); ++i) values[plan.varies[i].path] = p.values[i];
    j["values"] = values;
    j["command"] = p.command;
    j["scenario_fnv1a"] = plan.scenario_hash;
    j["status"] = status;
    if (outcome) {
        j["exit_status"] = outcome->exit_status ? ordered_json(*outcome->exit_status) : ordered_json(nullptr);
        j["error"] = outcome->error;
        j["sweep_wall_time_s"] = wall_s;
    }
    return j.dump(2) + "\n";
}

std::optional<json> read_summary(const fs::path& dir, std::string* why = nullptr) {
    try {
        return json::parse(read_text(dir / "summary.json"));
    } catch (const std::exception& e) {
        if (why) *why = e.what();
        return std::nullopt;
    }
}

// What a point's run directory says about it, when a run of exactly this point's command
// left it there: ok when complete, failed when the platform stopped early. Nothing for an
// interrupted run (run it again) or another command's directory. Any engine can have run it.
std::optional<point_outcome> outcome_from_run(const point_plan& p, const fs::path& sweep_dir) {
    std::optional<json> summary = read_summary(sweep_dir / p.dir);
    if (!summary) return std::nullopt;
    try {
        const auto argv = summary->at("host").at("command_line").get<std::vector<std::string>>();
        if (argv.size() != p.command.size() + 1 || !std::equal(p.command.begin(), p.command.end(), argv.begin() + 1))
            return std::nullopt;
        if (summary->value("interrupted", false)) return std::nullopt;
        point_outcome o;
        o.ok = summary->value("complete", false);
        o.exit_status = o.ok ? 0 : 1;
        if (o.ok)
            o.summary = std::move(summary);
        else
            o.error = "rtvsim: simulation stopped: " + summary->value("failure", std::string("(incomplete)"));
        return o;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

// The recorded outcome of a point whose results are complete: the sweep's record says it
// finished with this very command and scenario text, and its run left a summary.json; or,
// without a record (GNU parallel, Slurm), its run directory says so.
std::optional<point_outcome> completed_point(const sweep_plan& plan, const point_plan& p,
                                             const fs::path& sweep_dir) {
    json rec;
    try {
        rec = json::parse(read_text(record_path(sweep_dir, p)));
    } catch (const std::exception&) {
        return outcome_from_run(p, sweep_dir);
    }
    try {
        if (rec.value("scenario_fnv1a", "") != plan.scenario_hash) return std::nullopt;
        if (!rec.contains("command") || rec["command"].get<std::vector<std::string>>() != p.command)
            return std::nullopt;
        const std::string status = rec.value("status", "");
        if (status != "ok" && status != "failed") return outcome_from_run(p, sweep_dir);
        point_outcome o;
        o.ok = status == "ok";
        if (rec.contains("exit_status") && rec["exit_status"].is_number_integer())
            o.exit_status = rec["exit_status"].get<int>();
        o.error = rec.value("error", "");
        o.summary = read_summary(sweep_dir / p.dir);
        if (!o.summary) return std::nullopt;
        if (!o.ok) o.summary.reset();
        return o;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

// For --collect: what is known of any point, finished or not. A point with neither results
// nor an error on its stderr is missing (not run yet, or still running).
point_outcome collected_point(const sweep_plan& plan, const point_plan& p, const fs::path& sweep_dir) {
    if (std::optional<point_outcome> o = completed_point(plan, p, sweep_dir)) return *o;
    point_outcome o;
    try {
        const json rec = json::parse(read_text(record_path(sweep_dir, p)));
        const std::string status = rec.value("status", "");
        if (status == "failed" && rec.value("command", std::vector<std::string>{}) == p.command) {
            if (rec.contains("exit_status") && rec["exit_status"].is_number_integer())
                o.exit_status = rec["exit_status"].get<int>();
            o.error = rec.value("error", "");
            return o;
        }
    } catch (const std::exception&) {
    }
    std::error_code ec;
    if (!fs::exists(sweep_dir / p.dir / "summary.json", ec)) {
        o.error = first_error_line(stderr_path(sweep_dir, p));
        if (!o.error.empty() && o.error.rfind("rtvsim: warning:", 0) != 0) return o;
    }
    o.error.clear();
    o.missing = true;
    return o;
}

point_outcome finished_point(int wait_status, bool timed_out, double timeout_s, const fs::path& sweep_dir,
                             const point_plan& p) {
    point_outcome o;
    if (WIFEXITED(wait_status)) o.exit_status = WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) {
        const int sig = WTERMSIG(wait_status);
        o.exit_status = 128 + sig;
        o.error = timed_out ? "timed out after " + format_number(timeout_s, "%g") + " s"
                            : "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
        return o;
    }
    if (*o.exit_status != 0) {
        o.error = first_error_line(stderr_path(sweep_dir, p));
        if (o.error.empty()) o.error = "exited with status " + std::to_string(*o.exit_status);
        return o;
    }
    std::string why;
    o.summary = read_summary(sweep_dir / p.dir, &why);
    if (!o.summary) {
        o.error = "exited with status 0 but its summary.json cannot be read: " + why;
        return o;
    }
    o.ok = true;
    return o;
}

// ---------------------------------------------------------------------------------------
// Progress on stderr: a redrawn bar on a terminal, one line per point otherwise.

class progress {
public:
    progress(std::size_t total, std::size_t already, bool terminal, bool quiet)
        : m_total(total), m_done(already), m_terminal(terminal), m_quiet(quiet), m_start(steady::now()) {}

    void set_running(std::size_t n) { m_running = n; }
    void add_failed_already(std::size_t n) { m_failed += n; }

    void point_done(const std::string& dir, const point_outcome& o, double wall_s) {
        ++m_done;
        ++m_done_here;
        if (!o.ok) ++m_failed;
        std::string line =
            "rtvsim: sweep: [" + pad(m_done) + "/" + std::to_string(m_total) + "] " + dir + " ";
        if (o.ok)
            line += "ok (" + format_number(wall_s, "%.2f") + " s)";
        else
            line += "failed (exit status " + (o.exit_status ? std::to_string(*o.exit_status) : "none") +
                    "): " + o.error;
        if (m_terminal) {
            if (!o.ok) std::cerr << "\r\033[K" << line << "\n";
            m_dirty = true;  // drawn once the next points have started
        } else if (!m_quiet || !o.ok) {
            std::cerr << line << "\n";
        }
    }

    void tick() {
        if (m_terminal && (m_dirty || steady::now() - m_last_draw >= std::chrono::milliseconds(200))) draw();
    }

    void finish() {
        if (m_terminal && m_drawn) std::cerr << "\r\033[K" << std::flush;
    }

    double elapsed() const { return std::chrono::duration<double>(steady::now() - m_start).count(); }

private:
    std::string pad(std::size_t n) const {
        std::string s = std::to_string(n);
        const std::size_t width = std::to_string(m_total).size();
        return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
    }

    void draw() {
        m_dirty = false;
        if (m_quiet) return;
        m_last_draw = steady::now();
        m_drawn = true;
        const double t = elapsed();
        std::string eta = "--";
        if (m_done_here > 0) eta = clock_text(t * static_cast<double>(m_total - m_done) / m_done_here);
        const std::string tail = " " + std::to_string(m_done) + "/" + std::to_string(m_total) + " done, " +
                                 std::to_string(m_failed) + " failed, " + std::to_string(m_running) +
                                 " running, " + clock_text(t) + " elapsed, ETA " + eta;
        winsize ws{};
        const int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
        const int width = std::min(30, cols - 3 - static_cast<int>(tail.size()));
        std::string bar;
        if (width >= 5) {
            const int filled =
                static_cast<int>(static_cast<double>(width) * m_done / std::max<std::size_t>(m_total, 1));
            bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
        }
        std::cerr << "\r\033[K" << bar << tail.substr(0, std::max(0, cols - 1 - static_cast<int>(bar.size())))
                  << std::flush;
    }

    std::size_t m_total, m_done, m_done_here = 0, m_failed = 0, m_running = 0;
    bool m_terminal, m_quiet, m_drawn = false, m_dirty = true;
    steady::time_point m_start, m_last_draw{};
};

// ---------------------------------------------------------------------------------------
// Running points as child processes.

void on_sigchld(int) {}

struct running_point {
    pid_t pid = -1;
    std::size_t point = 0;
    steady::time_point start;
    bool timed_out = false;
};

// Starts `/proc/self/exe` (this very binary, even if the file was replaced since) with the
// point's arguments, in the sweep directory, stderr into the point directory. Only
// async-signal-safe calls between fork and exec.
pid_t launch(const point_plan& p, const std::string& program_name, const std::string& sweep_dir,
             const std::string& stderr_path, const sigset_t& child_mask) {
    std::vector<std::string> args{program_name};
    args.insert(args.end(), p.command.begin(), p.command.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = getpid();

    const pid_t pid = fork();
    if (pid != 0) return pid;
    sigprocmask(SIG_SETMASK, &child_mask, nullptr);
    // A point dies with its sweep: an interrupted sweep leaves nothing running behind.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err >= 0) {
        dup2(err, STDERR_FILENO);
        close(err);
    }
    const int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        close(null);
    }
    if (chdir(sweep_dir.c_str()) != 0) {
        const char msg[] = "rtvsim: sweep: cannot enter the sweep directory\n";
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        _exit(127);
    }
    execv("/proc/self/exe", argv.data());
    const char msg[] = "rtvsim: sweep: cannot execute /proc/self/exe\n";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(127);
}

std::string self_path() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("rtvsim") : p.string();
}

// Holds DIR/.sweep.lock for the sweep and, through the inherited descriptor, for its points,
// so a second sweep into the same directory waits until the first and all its points are gone.
void lock_directory(const fs::path& dir) {
    const std::string path = (dir / ".sweep.lock").string();
    const int fd = open(path.c_str(), O_RDWR | O_CREAT, 0644);  // no O_CLOEXEC: points inherit it
    if (fd < 0) throw sweep_error("cannot create " + path + ": " + std::strerror(errno));
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) return;
    std::cerr << "rtvsim: sweep: " << dir.string() << " is in use by another sweep or its points; waiting\n";
    while (flock(fd, LOCK_EX) != 0)
        if (errno != EINTR) throw sweep_error("cannot lock " + path + ": " + std::strerror(errno));
}

void prepare_directory(const cli_options& opt, const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec)) throw sweep_error(opt.out_dir + " exists and is not a directory");
        if (!opt.resume && !fs::is_empty(dir, ec))
            throw sweep_error(
                opt.out_dir +
                " exists and is not empty; use --resume to continue a sweep there, or another -o");
    }
    fs::create_directories(dir / "points", ec);
    if (ec) throw sweep_error("cannot create " + (dir / "points").string() + ": " + ec.message());
}

}  // namespace

// ---------------------------------------------------------------------------------------

vary_spec parse_vary(const std::string& text) {
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw cli_error("--vary " + text +
                        ": expected path=v1,v2,... or path=A..B, e.g. domains[dom1].weight=1..10\n");
    vary_spec v;
    v.path = text.substr(0, eq);
    const std::string list = text.substr(eq + 1);
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = list.find(',', start);
        const std::string item =
            list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (item.empty())
            throw cli_error("--vary " + text + ": an empty value (values are separated by commas)\n");
        if (!expand_range(text, item, v.values)) v.values.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return v;
}

std::vector<std::string> short_path_names(const std::vector<std::string>& paths) {
    std::vector<std::vector<std::string>> tokens;
    for (const std::string& p : paths) tokens.push_back(path_tokens(p));
    const auto tail = [](const std::vector<std::string>& t, std::size_t n) {
        std::string s;
        for (std::size_t k = t.size() - std::min(n, t.size()); k < t.size(); ++k)
            s += (s.empty() ? "" : ".") + t[k];
        return s;
    };
    std::vector<std::string> names;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        std::size_t n = 1;
        for (; n < tokens[i].size(); ++n) {
            const std::string mine = tail(tokens[i], n);
            bool unique = true;
            for (std::size_t j = 0; j < paths.size() && unique; ++j)
                if (j != i && tail(tokens[j], n) == mine) unique = false;
            if (unique) break;
        }
        std::string name = tail(tokens[i], n);
        names.push_back(name.empty() ? sanitized(paths[i]) : name);
    }
    return names;
}

std::string point_name(std::size_t index, std::size_t count, const std::vector<vary_spec>& varies,
                       const std::vector<std::string>& values) {
    std::string idx = std::to_string(index);
    const std::size_t width = std::to_string(count).size();
    if (idx.size() < width) idx.insert(0, width - idx.size(), '0');
    std::string name;
    for (std::size_t i = 0; i < varies.size(); ++i)
        name += (i ? "," : "") + varies[i].short_name + "=" + sanitized(values[i]);
    if (name.size() > max_name_bytes) name.resize(max_name_bytes);
    return idx + "-" + name;
}

namespace {

// A run killed with SIGKILL leaves its staging directory (points/.<name>.rtvsim-<pid>).
void remove_staging(const fs::path& dir, const point_plan& p) {
    const std::string prefix = "." + point_leaf(p) + ".rtvsim-";
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(dir / "points", ec))
        if (e.path().filename().string().rfind(prefix, 0) == 0) fs::remove_all(e.path(), ec);
}

// Lays the sweep directory out: sweep.json, a point directory holding its resolved scenario
// for each point not yet complete, logs/, jobs.txt and the Slurm scripts.
void lay_out(const sweep_plan& plan, const cli_options& opt, const fs::path& dir) {
    fs::create_directories(dir / logs_dir);
    // sweep.csv exists only for a sweep that was collected: not a stale one next to a new sweep.json.
    fs::remove(dir / "sweep.csv");
    write_text(dir / "sweep.json", sweep_json(plan, opt));
    std::vector<scripted_point> scripted;
    for (const point_plan& p : plan.points) {
        scripted.push_back({point_leaf(p), p.command});
        if (opt.resume && completed_point(plan, p, dir)) continue;
        std::error_code ec;
        fs::remove_all(dir / p.dir, ec);  // whatever an earlier, unfinished run left
        fs::remove(record_path(dir, p), ec);
        fs::remove(stderr_path(dir, p), ec);
        if (p.scenario_yaml.empty()) continue;  // an invalid point: its run says why
        fs::create_directories(dir / p.dir, ec);
        if (ec) throw std::runtime_error("cannot create " + (dir / p.dir).string() + ": " + ec.message());
        write_text(dir / p.dir / "scenario.yaml", p.scenario_yaml);
    }
    write_text(dir / "jobs.txt", jobs_txt(dir.string(), self_path(), scripted));
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("slurm", 0) == 0 && e.path().extension() == ".sbatch") fs::remove(e.path());
    }
    slurm_settings slurm;
    slurm.time = opt.slurm_time;
    slurm.mem = opt.slurm_mem;
    slurm.max_parallel = opt.jobs;
    slurm.max_array_size = opt.slurm_max_array;
    std::string job_name = "rtvsim-" + sanitized(plan.scenario_name);
    for (const slurm_script& script : slurm_scripts(dir.string(), job_name, plan.points.size(), slurm))
        write_text(dir / script.file_name, script.text);
}

int report_error(const std::exception& e) {
    if (dynamic_cast<const cli_error*>(&e)) {
        std::cerr << "rtvsim: " << e.what();
    } else if (dynamic_cast<const sweep_error*>(&e)) {
        std::cerr << "rtvsim: " << e.what() << "\n";
    } else {
        std::cerr << "rtvsim: sweep: " << e.what() << "\n";
    }
    return 2;
}

// --collect: sweep.csv from whatever is finished, as often as one likes.
int collect_sweep(const sweep_plan& plan, const cli_options& opt, const fs::path& dir) {
    std::string csv = sweep_csv_header(plan.columns);
    std::size_t ok = 0, failed = 0;
    std::vector<std::string> missing;
    for (const point_plan& p : plan.points) {
        const point_outcome o = collected_point(plan, p, dir);
        csv += sweep_csv_row(plan.columns, p.values, p.dir, o);
        if (o.ok)
            ++ok;
        else if (o.missing)
            missing.push_back(p.dir);
        else
            ++failed;
    }
    try {
        write_text(dir / "sweep.csv", csv);
    } catch (const std::exception& e) {
        std::cerr << "rtvsim: sweep: " << e.what() << "\n";
        return 1;
    }
    if (opt.verbosity >= 0 || failed || !missing.empty()) {
        std::cerr << "rtvsim: sweep: " << ok << " ok, " << failed << " failed, " << missing.size()
                  << " missing; wrote " << (fs::path(opt.out_dir) / "sweep.csv").string() << "\n";
        for (const std::string& m : missing) std::cerr << "rtvsim: sweep: missing " << m << "\n";
    }
    return ok == plan.points.size() ? 0 : 1;
}

int run_points(const sweep_plan& plan, const cli_options& opt, const fs::path& dir, bool skip_complete) {
    // A point's row is made as soon as it ends, so summaries are not kept in memory.
    const std::size_t count = plan.points.size();
    std::vector<std::string> rows(count);
    std::vector<char> point_ok(count, 0);
    std::vector<std::size_t> todo;
    std::size_t skipped_failed = 0;
    for (const point_plan& p : plan.points) {
        const std::optional<point_outcome> o = skip_complete ? completed_point(plan, p, dir) : std::nullopt;
        if (!o) {
            todo.push_back(p.index);
            continue;
        }
        rows[p.index] = sweep_csv_row(plan.columns, p.values, p.dir, *o);
        point_ok[p.index] = o->ok;
        skipped_failed += !o->ok;
    }
    const unsigned jobs = opt.jobs ? opt.jobs : core_count();
    const bool terminal =
        isatty(STDERR_FILENO) && std::getenv("TERM") && std::string(std::getenv("TERM")) != "dumb";
    const bool quiet = opt.verbosity < 0;
    if (!quiet) {
        std::cerr << "rtvsim: sweep: " << count << " point" << (count == 1 ? "" : "s") << " of "
                  << (opt.scenario.empty() ? plan.scenario_abs : opt.scenario) << " into " << opt.out_dir << ", "
                  << jobs << " at once";
        if (count != todo.size()) std::cerr << "; " << count - todo.size() << " already complete, skipped";
        std::cerr << "\n";
    }
    progress bar(count, count - todo.size(), terminal, quiet);
    bar.add_failed_already(skipped_failed);
    const auto settle = [&](const point_plan& p, const point_outcome& o, double wall_s) {
        try {
            write_text(record_path(dir, p), point_record(plan, p, o.ok ? "ok" : "failed", &o, wall_s));
        } catch (const std::exception& e) {
            std::cerr << "rtvsim: sweep: " << e.what() << "\n";
        }
        rows[p.index] = sweep_csv_row(plan.columns, p.values, p.dir, o);
        point_ok[p.index] = o.ok;
        bar.point_done(p.dir, o, wall_s);
    };

    // SIGCHLD stays blocked and is taken with sigtimedwait, so the loop sleeps until a point
    // ends or a deadline (timeout, redraw) comes, without races.
    sigset_t chld, old_mask;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    struct sigaction sa {
    }, old_sa{};
    sa.sa_handler = on_sigchld;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, &old_sa);
    sigprocmask(SIG_BLOCK, &chld, &old_mask);

    const std::string program = self_path();
    std::map<pid_t, running_point> running;
    std::size_t next = 0;
    const auto timeout =
        std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(opt.timeout_s));
    while (next < todo.size() || !running.empty()) {
        while (running.size() < jobs && next < todo.size()) {
            const point_plan& p = plan.points[todo[next++]];
            std::error_code ec;
            fs::remove(stderr_path(dir, p), ec);
            try {
                write_text(record_path(dir, p), point_record(plan, p, "running", nullptr, 0));
            } catch (const std::exception& e) {
                point_outcome o;
                o.error = e.what();
                settle(p, o, 0);
                continue;
            }
            const pid_t pid = launch(p, program, dir.string(), stderr_path(dir, p).string(), old_mask);
            if (pid < 0) {
                point_outcome o;
                o.error = std::string("cannot start a process: ") + std::strerror(errno);
                settle(p, o, 0);
                continue;
            }
            running[pid] = {pid, p.index, steady::now(), false};
        }
        bar.set_running(running.size());
        bar.tick();

        bool reaped = false;
        for (;;) {
            int status = 0;
            const pid_t pid = waitpid(-1, &status, WNOHANG);
            if (pid <= 0) break;
            const auto it = running.find(pid);
            if (it == running.end()) continue;
            const running_point r = it->second;
            running.erase(it);
            reaped = true;
            const point_plan& p = plan.points[r.point];
            const double wall = std::chrono::duration<double>(steady::now() - r.start).count();
            bar.set_running(running.size());
            remove_staging(dir, p);  // what a killed run could not clean up
            settle(p, finished_point(status, r.timed_out, opt.timeout_s, dir, p), wall);
        }
        if (reaped) continue;

        const steady::time_point now = steady::now();
        steady::duration wait = terminal ? std::chrono::milliseconds(200) : std::chrono::seconds(60);
        if (opt.timeout_s > 0) {
            for (auto& [pid, r] : running) {
                if (r.timed_out) continue;
                const steady::time_point deadline = r.start + timeout;
                if (now >= deadline) {
                    kill(pid, SIGKILL);
                    r.timed_out = true;
                } else {
                    wait = std::min(wait, deadline - now);
                }
            }
        }
        if (running.empty()) continue;
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count() + 1'000'000;
        const timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
        sigtimedwait(&chld, nullptr, &ts);
        bar.tick();
    }
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    sigaction(SIGCHLD, &old_sa, nullptr);
    bar.finish();

    std::string csv = sweep_csv_header(plan.columns);
    for (const std::string& row : rows) csv += row;
    const auto failed = static_cast<std::size_t>(std::count(point_ok.begin(), point_ok.end(), 0));
    try {
        write_text(dir / "sweep.csv", csv);
    } catch (const std::exception& e) {
        std::cerr << "rtvsim: sweep: " << e.what() << "\n";
        return 1;
    }
    if (!quiet || failed)
        std::cerr << "rtvsim: sweep: " << count - failed << " ok, " << failed << " failed ("
                  << format_number(bar.elapsed(), "%.1f") << " s wall); wrote "
                  << (fs::path(opt.out_dir) / "sweep.csv").string() << "\n";
    return failed ? 1 : 0;
}

}  // namespace

int run_sweep(const cli_options& opt) {
    sweep_plan plan;
    fs::path dir;
    try {
        if (opt.sweep_action == sweep_mode::run || opt.sweep_action == sweep_mode::collect) {
            dir = fs::absolute(opt.out_dir).lexically_normal();
            plan = read_plan(dir);
            if (opt.sweep_action == sweep_mode::collect) return collect_sweep(plan, opt, dir);
            lock_directory(dir);
            return run_points(plan, opt, dir, true);
        }
        plan = make_plan(opt);
        dir = fs::absolute(opt.out_dir).lexically_normal();
        prepare_directory(opt, dir);
        lock_directory(dir);
        lay_out(plan, opt, dir);
    } catch (const std::exception& e) {
        return report_error(e);
    }
    if (opt.sweep_action == sweep_mode::plan) {
        if (opt.verbosity >= 0)
            std::cerr << "rtvsim: sweep: planned " << plan.points.size() << " points in " << opt.out_dir
                      << "; run them with one of\n"
                      << "  parallel -j N < " << (fs::path(opt.out_dir) / "jobs.txt").string() << "\n"
                      << "  sbatch " << (fs::path(opt.out_dir) / "slurm.sbatch").string() << "\n"
                      << "  rtvsim sweep --run " << opt.out_dir << " -j N\n"
                      << "then: rtvsim sweep --collect " << opt.out_dir << "\n";
        return 0;
    }
    return run_points(plan, opt, dir, opt.resume);
}

}  // namespace rtv::app
