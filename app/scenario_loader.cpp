// SPDX-License-Identifier: Apache-2.0
#include "app/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>

#include "app/cost_names.hpp"
#include "app/firmware_dir.hpp"
#include "app/guest_image_file.hpp"
#include "app/scenario_overrides.hpp"
#include "app/units.hpp"
#include "hv_model/domain_builder.hpp"
#include "hv_model/public/start_info_layout.hpp"
#include "rtos_model/firmware/include/rtv_ucos_config.h"

namespace rtv::app {
namespace {

// The schema's keys, one list per mapping; scenario_keys() and the checks both use them, so
// the documentation test sees exactly what the loader accepts.
const std::vector<std::string> root_keys{"name",       "duration", "seed",    "platform",
                                         "hypervisor", "domains",  "outputs", "costs"};
const std::vector<std::string> platform_keys{"board", "cpu_clock", "sdram", "sdram_latency"};
const std::vector<std::string> hypervisor_keys{"scheduler", "hz",     "clock",         "time_update",
                                               "ctx_allow", "quirks", "time_update_at", "virq_timer"};
const std::vector<std::string> quirk_keys{"bvt_slice_units", "recharge_on_continue", "timer_list_no_resort",
                                          "ni_hypercall_hangs", "credit_no_tick"};
const std::vector<std::string> sedf_keys{"period", "slice", "latency", "extratime", "weight"};
const std::vector<std::string> credit_keys{"weight", "cap"};
// The schedulers Xen-ARM offers (hv::scheduler_names() holds the same, in table order).
const std::vector<std::string> scheduler_words{"bvt", "sedf", "credit"};
const std::vector<std::string> domain_keys{"name",     "guest",        "weight",      "memory",   "warp",
                                           "mapping",  "virtual_base", "working_set", "on_fault", "rogue",
                                           "devices",  "ucos",         "fuzz",        "timer_abuser",
                                           "sedf",     "credit",       "code_size",   "image",
                                           "cmdline"};
const std::vector<std::string> warp_keys{"enabled", "value", "limit", "unwarp"};
const std::vector<std::string> rogue_keys{"at", "address", "write"};
const std::vector<std::string> device_keys{"name", "period"};
const std::vector<std::string> ucos_keys{"policy", "tick_mode", "idle", "ticks_per_sec", "tasks"};
const std::vector<std::string> task_keys{"name",     "kind",     "period",   "offset",   "min_interarrival",
                                         "max_extra", "device",  "wcet",     "deadline", "priority",
                                         "working_set", "release"};
const std::vector<std::string> fuzz_keys{"hypercalls", "check_invariants"};
const std::vector<std::string> timer_abuser_keys{"near", "far"};
const std::vector<std::string> outputs_keys{"window", "trace"};
// The guest kinds, in the order of guest_kind.
const std::vector<std::string> guest_words{"busy", "idle", "ucos", "fuzz", "timer_abuser", "elf"};

constexpr std::uint64_t ps_per_ns = 1'000;
constexpr std::uint64_t ps_per_us = 1'000'000;
constexpr std::uint64_t ps_per_ms = 1'000'000'000;
constexpr std::uint64_t ps_per_s = 1'000'000'000'000;
constexpr std::uint64_t mib = 1ULL << 20;

// Ranges, with why where the reason is not obvious (docs/scenario.md repeats them).
constexpr std::uint64_t cpu_hz_min = 1'000'000;
constexpr std::uint64_t cpu_hz_max = 1'000'000'000;
constexpr std::uint64_t sdram_min = 1 * mib;
constexpr std::uint64_t sdram_max = 256 * mib;  // CSD0 + CSD1 windows are 64 MiB each on i.MX21; 256 leaves headroom
constexpr std::uint64_t sdram_latency_max = 1000;
// HZ: GPT1 counts CLK32 (32768 Hz) and Xen programs LATCH = (32768 + HZ/2) / HZ. At 2000 Hz
// LATCH = 16, so the rounded tick period is already 2.3 % off 1/HZ; at 10 Hz a jiffy (100 ms)
// is twice BVT's longest slice (10 x ctx_allow = 50 ms). Beyond these the model stops being Xen-ARM.
constexpr std::uint32_t hz_min = 10;
constexpr std::uint32_t hz_max = 2000;
// sched_bvt.c: CTX_MIN is 100 us; ctx_allow is an s32 of ns and the lone-vcpu slice is
// r_time = 10 * ctx_allow (s32), so ctx_allow above 214748364 ns would overflow it.
constexpr std::uint64_t ctx_allow_min_ps = 100'000'000;
constexpr std::uint64_t ctx_allow_max_ps = 214'748'364 * ps_per_ns;
// A cost beyond 10^9 cycles (several seconds) is surely a typo, and the bound keeps
// cycles x costs far from 64-bit overflow in the models.
constexpr std::uint64_t cost_max_cycles = 1'000'000'000;

// Memory (docs/models/xen_arm.md). Partitions follow Xen's reserve at the start of CSD0. A guest's
// virtual window must stay clear of what the hypervisor maps into every guest address space
// (hv_model/memory_layout.hpp): the peripheral area, which guests see at its physical
// addresses, Xen's own region, and the shared_info page's section at the top.
constexpr std::uint64_t sdram_base = 0xC0000000;
constexpr std::uint64_t xen_virtual_begin = 0xFE000000;       // layout::xen_virtual_base, xen_reserved_bytes long
constexpr std::uint64_t shared_info_area_begin = 0xFFF00000;  // to the end of the 4 GiB space
constexpr std::uint64_t peripheral_area_begin = 0x10000000;
constexpr std::uint64_t peripheral_area_end = 0x20000000;  // exclusive
constexpr std::uint64_t address_space_end = 1ULL << 32;
constexpr std::uint64_t cache_line_bytes = 32;  // ARM926EJ-S: working sets are whole lines
// A device timer faster than this would interrupt more often than the guest can do anything useful.
constexpr std::uint64_t device_period_min_ps = 100 * ps_per_us;
// uC/OS-II: OS_TICKS_PER_SEC; 64 priorities with the lowest (63) kept for the idle task.
constexpr std::uint64_t ticks_per_sec_min = 10;
constexpr std::uint64_t ticks_per_sec_max = 10'000;
constexpr std::uint64_t task_priority_max = 62;
// Fuzz guest: at least one call; 10^7 calls, each about a thousand cycles of the guest's own
// work on average besides Xen's, are already tens of seconds of simulated CPU at 266 MHz.
constexpr std::uint64_t fuzz_hypercalls_min = 1;
constexpr std::uint64_t fuzz_hypercalls_max = 10'000'000;
// Timer abuser (set_timer_op takes nanoseconds, so both are whole ns). `near` only has to sort
// the guest's timer ahead of the others: at least 100us, as a device period, and at most 1s.
// `far` at most 1000s: beyond any useful run, and a bound against typos.
constexpr std::uint64_t abuser_near_min_ps = 100 * ps_per_us;
constexpr std::uint64_t abuser_near_max_ps = ps_per_s;
constexpr std::uint64_t abuser_far_max_ps = 1000 * ps_per_s;

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::string list_words(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The allowed word closest to `word`, if it is close enough to be a plausible typo.
std::optional<std::string> closest(const std::string& word, const std::vector<std::string>& allowed) {
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 2) + 1;
    for (const auto& candidate : allowed) {
        const std::size_t d = edit_distance(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

const char* describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a mapping";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Scalar: return node.Tag() == "!" ? "a quoted string" : "a single value";
        default: return "nothing";
    }
}

// A value in the tree with the path that names it in messages and the key it sits under.
struct field {
    std::string path;               // "domains[0].weight"; empty for the root
    std::optional<YAML::Node> key;  // none for the root and list items
    YAML::Node value;
};

class checker {
public:
    explicit checker(const node_origins& origins) : m_origins(origins) {}

    // A null value has no useful position of its own (yaml-cpp marks the next token), so an
    // error about it points at its key.
    std::string where(const field& f) const {
        if (f.key && f.value.IsNull() && !m_origins.override_of(f.value)) return m_origins.where(*f.key);
        return m_origins.where(f.value);
    }
    std::string where(const YAML::Node& node) const { return m_origins.where(node); }
    bool from_override(const YAML::Node& node) const { return m_origins.override_of(node).has_value(); }

    [[noreturn]] void fail_at(const std::string& where, const std::string& message) const {
        throw scenario_error(where + ": " + message);
    }
    [[noreturn]] void fail(const field& f, const std::string& message) const {
        fail_at(where(f), f.path.empty() ? message : f.path + ": " + message);
    }

    const std::string& file() const { return m_origins.file(); }

private:
    const node_origins& m_origins;
};

// A mapping whose keys have been checked: each is a plain scalar, known and unique.
class mapping {
public:
    mapping(const checker& check, field self, const std::vector<std::string>& allowed,
            const std::string& key_noun = "key", const std::string& list_noun = "allowed")
        : m_check(check), m_self(std::move(self)) {
        if (m_self.value.IsNull()) return;  // `platform:` with nothing under it: all defaults
        if (!m_self.value.IsMap())
            m_check.fail(m_self, std::string("expected a mapping of keys (") + list_words(allowed) + "), found " +
                                     describe(m_self.value));
        const std::string prefix = m_self.path.empty() ? "" : m_self.path + ": ";
        for (auto it = m_self.value.begin(); it != m_self.value.end(); ++it) {
            const YAML::Node key = it->first;  // a copy: `it->` returns a temporary proxy
            if (!key.IsScalar())
                m_check.fail_at(m_check.where(key), prefix + "a key must be a plain name, found " + describe(key));
            const std::string& name = key.Scalar();
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
                std::string message = prefix + "unknown " + key_noun + " '" + name + "'";
                if (m_self.path.empty()) message += " at the top level";
                if (auto suggestion = closest(name, allowed)) message += "; did you mean '" + *suggestion + "'?";
                m_check.fail_at(m_check.where(key), message + " (" + list_noun + ": " + list_words(allowed) + ")");
            }
            for (const field& seen : m_entries)
                if (seen.key->Scalar() == name)
                    m_check.fail_at(m_check.where(key), prefix + "duplicate " + key_noun + " '" + name +
                                                            "' (first at " + m_check.where(*seen.key) + ")");
            m_entries.push_back({join(m_self.path, name), key, it->second});
        }
    }

    std::optional<field> get(const std::string& key) const {
        for (const field& f : m_entries)
            if (f.key->Scalar() == key) return f;
        return std::nullopt;
    }

    field require(const std::string& key, const std::string& what) const {
        if (auto f = get(key)) return *f;
        m_check.fail(m_self, "missing required key '" + key + "' (" + what + ")");
    }

    const std::vector<field>& entries() const { return m_entries; }

private:
    const checker& m_check;
    field m_self;
    std::vector<field> m_entries;
};

// Typed values. Booleans and numbers must be plain scalars: `"true"` in quotes is a string,
// and accepting it would hide a mistake in a generated file.
class values {
public:
    explicit values(const checker& check) : m_check(check) {}

    std::string text(const field& f, const char* what = "a string") const {
        if (!f.value.IsScalar()) m_check.fail(f, std::string("expected ") + what + ", found " + describe(f.value));
        return f.value.Scalar();
    }

    template <typename T>
    T parsed(const field& f, parse_result<T> (*parse)(std::string_view), const char* what, bool plain) const {
        if (!f.value.IsScalar()) m_check.fail(f, std::string("expected ") + what + ", found " + describe(f.value));
        if (plain && f.value.Tag() == "!")
            m_check.fail(f, std::string("expected ") + what + ", found the quoted string \"" + f.value.Scalar() +
                                "\" (write it without quotes)");
        parse_result<T> result = parse(f.value.Scalar());
        if (!result) m_check.fail(f, result.error);
        return *result.value;
    }

    std::uint64_t duration_ps(const field& f) const { return parsed(f, parse_duration_ps, "a duration", false); }
    std::uint64_t frequency_hz(const field& f) const { return parsed(f, parse_frequency_hz, "a frequency", false); }
    std::uint64_t size_bytes(const field& f) const { return parsed(f, parse_size_bytes, "a size", false); }
    std::uint64_t unsigned_int(const field& f) const { return parsed(f, parse_unsigned, "an integer", true); }
    std::int64_t signed_int(const field& f) const { return parsed(f, parse_signed, "an integer", true); }
    double real(const field& f) const { return parsed(f, parse_real, "a number", true); }
    bool boolean(const field& f) const { return parsed(f, parse_bool, "true or false", true); }
    std::uint32_t address(const field& f) const { return parsed(f, parse_address, "an address", true); }

    // One of a fixed set of words; returns its index.
    std::size_t choice(const field& f, const std::vector<std::string>& words, const std::string& noun) const {
        const std::string word = text(f, ("one of " + list_words(words)).c_str());
        for (std::size_t i = 0; i < words.size(); ++i)
            if (words[i] == word) return i;
        m_check.fail(f, "unknown " + noun + " '" + word + "' (this version has: " + list_words(words) + ")");
    }

    void range(const field& f, bool ok, const std::string& rule) const {
        if (!ok) m_check.fail(f, "'" + f.value.Scalar() + "' is out of range: " + rule);
    }

private:
    const checker& m_check;
};

bool is_name(const std::string& s, bool allow_dot) {
    if (s.empty()) return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-' || (allow_dot && c == '.');
        if (!ok) return false;
    }
    return true;
}

class scenario_reader {
public:
    scenario_reader(const node_origins& origins, const YAML::Node& root)
        : m_check(origins), m_values(m_check), m_root(root) {}

    scenario read() {
        scenario sc;
        sc.file = m_check.file();
        sc.name = std::filesystem::path(m_check.file()).stem().string();
        if (!m_root.IsMap() && !m_root.IsNull())
            m_check.fail_at(m_check.where(m_root), std::string("a scenario is a mapping of keys (") +
                                                       list_words(root_keys) + "), found " + describe(m_root));
        const mapping top(m_check, {"", std::nullopt, m_root}, root_keys);

        if (auto f = top.get("name")) {
            sc.name = m_values.text(*f);
            if (!is_name(sc.name, true))
                m_check.fail(*f, "'" + sc.name + "' is not a valid name: use letters, digits, '_', '-' and '.'");
        }
        if (auto f = top.get("duration")) {
            sc.duration_ps = m_values.duration_ps(*f);
            m_values.range(*f, sc.duration_ps > 0, "the duration must be greater than 0s");
        }
        if (auto f = top.get("seed")) sc.seed = m_values.unsigned_int(*f);
        if (auto f = top.get("platform")) read_platform(*f, sc.platform);
        if (auto f = top.get("hypervisor")) read_hypervisor(*f, sc.hypervisor);
        read_domains(top, sc);
        if (auto f = top.get("outputs")) read_outputs(*f, sc.outputs);
        if (auto f = top.get("costs")) read_costs(*f, sc.costs);
        check_memory(top, sc);
        resolve_layout(sc);
        check_images(sc);
        warn_weight_ratios(top, sc);
        warn_utilisation(top, sc);
        return sc;
    }

    // BVT divides the CPU as 1/mcu_advance, and mcu_advance = trunc(10 / weight) rounds: weights
    // 1:2:4 give mcu_advance 10:5:2, really 1:2:5. Said when the rounding changes a ratio.
    void warn_weight_ratios(const mapping& top, scenario& sc) {
        if (sc.domains.size() < 2) return;
        bool changed = false;
        for (std::size_t i = 1; i < sc.domains.size() && !changed; ++i) {
            const double a = sc.domains[0].weight * sc.domains[0].mcu_advance;
            const double b = sc.domains[i].weight * sc.domains[i].mcu_advance;
            changed = std::abs(a - b) > 1e-9 * std::max(a, b);
        }
        if (!changed) return;
        std::string weights, advances;
        for (const domain_config& d : sc.domains) {
            std::ostringstream w;
            w << d.weight;
            weights += (weights.empty() ? "" : ":") + w.str();
            advances += (advances.empty() ? "" : ":") + std::to_string(d.mcu_advance);
        }
        sc.warnings.push_back(m_check.where(*top.get("domains")->key) + ": domains: the weights " + weights +
                              " give mcu_advance " + advances +
                              " (trunc(10 / weight)), and BVT shares the CPU as 1/mcu_advance, not as the weights");
    }

    // A task set asking for more than the whole CPU cannot meet its deadlines on any scheduler.
    void warn_utilisation(const mapping& top, scenario& sc) {
        for (const domain_config& d : sc.domains) {
            if (d.guest != guest_kind::ucos && d.ucos.tasks.empty()) continue;  // ucos, or elf with a ucos: block
            double u = 0;
            for (const ucos_task_spec& t : d.ucos.tasks) {
                std::uint64_t period = t.kind == ucos_task_kind::periodic   ? t.period_ps
                                       : t.kind == ucos_task_kind::sporadic ? t.min_interarrival_ps
                                                                             : 0;
                for (const device_config& dev : d.devices)
                    if (t.kind == ucos_task_kind::event && dev.name == t.device) period = dev.period_ps;
                if (period) u += static_cast<double>(t.wcet_ps) / static_cast<double>(period);
            }
            if (u <= 1.0) continue;
            std::ostringstream text;
            text << std::fixed << std::setprecision(3) << u;
            sc.warnings.push_back(m_check.where(*top.get("domains")->key) + ": domains[" + d.name +
                                  "].ucos.tasks: the utilisation (sum of wcet / period) is " + text.str() +
                                  ", more than the whole CPU: deadlines will be missed");
        }
    }

private:
    void read_platform(const field& f, platform_config& p) {
        const mapping m(m_check, f, platform_keys);
        if (auto g = m.get("board")) {
            m_values.choice(*g, {"imx21"}, "board");
            p.board = "imx21";
        }
        if (auto g = m.get("cpu_clock")) {
            p.cpu_hz = m_values.frequency_hz(*g);
            m_values.range(*g, p.cpu_hz >= cpu_hz_min && p.cpu_hz <= cpu_hz_max,
                           "the CPU clock must be between " + format_frequency_hz(cpu_hz_min) + " and " +
                               format_frequency_hz(cpu_hz_max));
        }
        if (auto g = m.get("sdram")) {
            p.sdram_bytes = m_values.size_bytes(*g);
            m_memory_sources.push_back(g->value);
            m_values.range(*g, p.sdram_bytes % mib == 0, "SDRAM must be a whole number of MiB");
            m_values.range(
                *g, p.sdram_bytes >= sdram_min && p.sdram_bytes <= sdram_max,
                "SDRAM must be between " + format_size_bytes(sdram_min) + " and " + format_size_bytes(sdram_max));
        }
        if (auto g = m.get("sdram_latency")) {
            p.sdram_latency_cycles = m_values.unsigned_int(*g);
            m_values.range(*g, p.sdram_latency_cycles <= sdram_latency_max,
                           "the SDRAM latency must be between 0 and " + std::to_string(sdram_latency_max) + " cycles");
        }
    }

    void read_hypervisor(const field& f, hypervisor_config& h) {
        const mapping m(m_check, f, hypervisor_keys);
        if (auto g = m.get("scheduler")) h.scheduler = scheduler_words.at(m_values.choice(*g, scheduler_words, "scheduler"));
        if (auto g = m.get("hz")) {
            const std::uint64_t hz = m_values.unsigned_int(*g);
            m_values.range(*g, hz >= hz_min && hz <= hz_max,
                           "hz must be between " + std::to_string(hz_min) + " and " + std::to_string(hz_max));
            h.hz = static_cast<std::uint32_t>(hz);
            m_hz_field = *g;
        }
        if (auto g = m.get("clock"))
            h.clock =
                m_values.choice(*g, {"jiffies", "precise"}, "clock") == 0 ? clock_mode::jiffies : clock_mode::precise;
        if (auto g = m.get("time_update"))
            h.time_update = static_cast<time_update_mode>(
                m_values.choice(*g, {"none", "jiffies", "precise"}, "time update mode"));
        if (auto g = m.get("time_update_at")) read_time_update_at(*g, h);
        if (auto g = m.get("virq_timer"))
            h.virq_periodic_timer = m_values.choice(*g, {"every_tick", "periodic_timer"}, "VIRQ_TIMER mode") == 1;
        if (auto g = m.get("ctx_allow")) {
            const std::uint64_t ps = m_values.duration_ps(*g);
            m_values.range(*g, ps >= ctx_allow_min_ps && ps <= ctx_allow_max_ps,
                           "ctx_allow must be between " + format_duration_ps(ctx_allow_min_ps) +
                               " (BVT's CTX_MIN) and " + format_duration_ps(ctx_allow_max_ps) +
                               " (10 x ctx_allow must fit Xen's s32 slice)");
            m_values.range(*g, ps % ps_per_ns == 0, "ctx_allow must be a whole number of nanoseconds");
            h.ctx_allow_ns = ps / ps_per_ns;
        }
        if (auto g = m.get("quirks")) {
            const mapping q(m_check, *g, quirk_keys);
            if (auto b = q.get("bvt_slice_units")) h.quirks.bvt_slice_units = m_values.boolean(*b);
            if (auto b = q.get("recharge_on_continue")) h.quirks.recharge_on_continue = m_values.boolean(*b);
            if (auto b = q.get("timer_list_no_resort")) h.quirks.timer_list_no_resort = m_values.boolean(*b);
            if (auto b = q.get("ni_hypercall_hangs")) h.quirks.ni_hypercall_hangs = m_values.boolean(*b);
            if (auto b = q.get("credit_no_tick")) h.quirks.credit_no_tick = m_values.boolean(*b);
        }
    }

    // A non-empty list of distinct places: switch_in, tick.
    void read_time_update_at(const field& f, hypervisor_config& h) {
        if (!f.value.IsSequence())
            m_check.fail(f, std::string("expected a list of switch_in and/or tick, found ") + describe(f.value));
        if (f.value.size() == 0) m_check.fail(f, "at least one of switch_in, tick is required");
        h.time_update_at_switch_in = h.time_update_at_tick = false;
        for (std::size_t i = 0; i < f.value.size(); ++i) {
            const field item{f.path + "[" + std::to_string(i) + "]", std::nullopt, f.value[i]};
            bool& at = m_values.choice(item, {"switch_in", "tick"}, "update point") == 0 ? h.time_update_at_switch_in
                                                                                         : h.time_update_at_tick;
            if (at) m_check.fail(item, "'" + item.value.Scalar() + "' is listed twice");
            at = true;
        }
    }

    // sedf: {period, slice, latency, extratime, weight}, checked as sedf_adjdom checks them.
    void read_sedf(const field& f, sedf_config& s) {
        const mapping m(m_check, f, sedf_keys);
        s.given = true;
        const auto time_ns = [this](const field& g, const char* what) {
            const std::uint64_t ps = m_values.duration_ps(g);
            m_values.range(g, ps % ps_per_ns == 0, std::string(what) + " must be a whole number of nanoseconds");
            return ps;
        };
        if (auto g = m.get("weight")) {
            s.weight = static_cast<unsigned>(m_values.unsigned_int(*g));
            m_values.range(*g, s.weight >= 1 && s.weight <= 32767, "a SEDF weight must be between 1 and 32767 (a short)");
        }
        if (auto g = m.get("extratime")) s.extratime = m_values.boolean(*g);
        if (auto g = m.get("latency")) s.latency_ps = time_ns(*g, "latency");
        const std::optional<field> period = m.get("period");
        const std::optional<field> slice = m.get("slice");
        if (s.weight) {
            if (period || slice)
                misplaced(period ? *period : *slice, "weight and period/slice are exclusive (sedf_adjdom): "
                                                     "a weighted domain gets its slice of a 100ms period");
            return;
        }
        if (!period) m_check.fail(f, "missing required key 'period' (or give a weight)");
        s.period_ps = time_ns(*period, "period");
        m_values.range(*period, s.period_ps >= 10 * ps_per_us && s.period_ps <= 10 * ps_per_s,
                       "the period must be between 10us (PERIOD_MIN) and 10s (PERIOD_MAX)");
        if (!slice) m_check.fail(f, "missing required key 'slice'");
        s.slice_ps = time_ns(*slice, "slice");
        m_values.range(*slice, s.slice_ps >= 5 * ps_per_us && s.slice_ps <= s.period_ps,
                       "the slice must be between 5us (SLICE_MIN) and the period");
    }

    // credit: {weight, cap}, in Xen's units.
    void read_credit(const field& f, credit_config& c) {
        const mapping m(m_check, f, credit_keys);
        c.given = true;
        if (auto g = m.get("weight")) {
            c.weight = static_cast<unsigned>(m_values.unsigned_int(*g));
            m_values.range(*g, c.weight >= 1 && c.weight <= 65535, "a credit weight must be between 1 and 65535");
        }
        if (auto g = m.get("cap")) {
            c.cap = static_cast<unsigned>(m_values.unsigned_int(*g));
            m_values.range(*g, c.cap <= 100, "a cap is a percentage of the one CPU, 0 (none) to 100");
        }
    }

    // Keys of a scheduler that is not in use are kept (a scenario may be swept across
    // schedulers), listed in summary.json and warned about.
    void note_unused(const mapping& m, domain_config& d, scenario& sc) {
        const std::string& in_use = sc.hypervisor.scheduler;
        const auto unused = [&](const char* key, const char* owner) {
            const std::optional<field> g = m.get(key);
            if (!g || in_use == owner) return;
            d.unused_keys.push_back(key);
            sc.warnings.push_back(m_check.where(*g->key) + ": " + g->path + ": unused: it is for the " + owner +
                                  " scheduler and hypervisor.scheduler is " + in_use);
        };
        unused("weight", "bvt");
        unused("warp", "bvt");
        unused("sedf", "sedf");
        unused("credit", "credit");
    }

    void read_domains(const mapping& top, scenario& sc) {
        const field f = top.require("domains", "a list of at least one domain");
        if (!f.value.IsSequence())
            m_check.fail(f, std::string("expected a list of domains, found ") + describe(f.value));
        if (f.value.size() == 0) m_check.fail(f, "at least one domain is required");
        std::vector<field> names;
        for (std::size_t i = 0; i < f.value.size(); ++i) {
            const field item{f.path + "[" + std::to_string(i) + "]", std::nullopt, f.value[i]};
            sc.domains.push_back(read_domain(item, names, sc));
        }
    }

    domain_config read_domain(const field& f, std::vector<field>& names, scenario& sc) {
        domain_config d;
        if (!f.value.IsMap()) m_check.fail(f, std::string("expected a domain (a mapping), found ") + describe(f.value));
        const mapping m(m_check, f, domain_keys);

        const field name = m.require("name", "letters, digits, '_' and '-'");
        d.name = m_values.text(name);
        if (!is_name(d.name, false))
            m_check.fail(name, "'" + d.name + "' is not a valid domain name: use letters, digits, '_' and '-'");
        if (d.name.front() == '_')
            m_check.fail(name,
                         "'" + d.name + "' starts with '_', which is kept for the outputs' own rows (_xen, _idle)");
        for (const field& earlier : names)
            if (earlier.value.Scalar() == d.name)
                m_check.fail(name, "domain name '" + d.name + "' is already used by " +
                                       earlier.path.substr(0, earlier.path.rfind('.')) + " (" + m_check.where(earlier) +
                                       ")");
        names.push_back(name);

        const field guest = m.require("guest", "busy, idle, ucos, fuzz, timer_abuser or elf");
        d.guest = static_cast<guest_kind>(m_values.choice(guest, guest_words, "guest"));

        if (auto g = m.get("weight")) {
            d.weight = m_values.real(*g);
            m_values.range(*g, d.weight > 0 && d.weight <= 10,
                           "a weight must be in (0, 10], because Xen sets mcu_advance = trunc(10 / weight) "
                           "and rejects 0");
            const auto mcu_advance = weight_to_mcu_advance(d.weight);
            m_values.range(*g, mcu_advance.has_value(),
                           "the weight is too small: mcu_advance = 10 / weight must fit Xen's 32-bit field");
            d.mcu_advance = *mcu_advance;
        }
        if (auto g = m.get("memory")) {
            d.memory_bytes = m_values.size_bytes(*g);
            m_memory_sources.push_back(g->value);
            m_values.range(*g, d.memory_bytes % mib == 0 && d.memory_bytes > 0,
                           "a domain's memory must be a whole number of MiB, at least 1MiB");
        }
        if (auto g = m.get("warp")) read_warp(*g, d.warp);
        d.bvt_keys_given = m.get("weight") || m.get("warp");
        if (auto g = m.get("sedf")) read_sedf(*g, d.sedf);
        if (auto g = m.get("credit")) read_credit(*g, d.credit);
        note_unused(m, d, sc);
        read_mapping(f, m, d);
        if (auto g = m.get("working_set")) {
            if (d.guest == guest_kind::ucos)
                misplaced(*g, "a ucos guest's working sets are per task: set " + f.path + ".ucos.tasks[].working_set");
            if (d.guest == guest_kind::idle)
                misplaced(*g, "an idle guest touches no memory: working_set is for busy guests");
            if (d.guest == guest_kind::fuzz || d.guest == guest_kind::timer_abuser)
                misplaced(*g, "working_set is for busy guests, and this guest is " + guest_word(d.guest));
            d.working_set_bytes = working_set(*g, d.memory_bytes);
        }
        if (auto g = m.get("code_size")) {
            if (d.guest == guest_kind::idle)
                misplaced(*g, "an idle guest runs no code of its own (Xen's idle loop runs): code_size is for the others");
            d.code_size_bytes = working_set(*g, d.memory_bytes);
        }
        if (auto g = m.get("on_fault"))
            d.on_fault = m_values.choice(*g, {"inject", "kill"}, "fault policy") == 0 ? fault_policy::inject
                                                                                       : fault_policy::kill;
        if (auto g = m.get("rogue")) read_rogue(*g, d.rogue);
        std::vector<field> device_names;
        if (auto g = m.get("devices")) read_devices(*g, d, device_names);
        if (d.guest == guest_kind::ucos)
            read_ucos(m.require("ucos", "the uC/OS-II kernel's settings and tasks, required for guest ucos"), d,
                      device_names, sc);
        else if (auto g = m.get("ucos"); g && d.guest == guest_kind::elf)
            read_ucos(*g, d, device_names, sc);  // the binary kernel's configuration block (rtv_ucos_config)
        else if (auto g = m.get("ucos"))
            misplaced(*g, "the ucos section is only for ucos guests, and this guest is " + guest_word(d.guest));
        if (auto g = m.get("fuzz")) {
            if (d.guest != guest_kind::fuzz)
                misplaced(*g, "the fuzz section is only for fuzz guests, and this guest is " + guest_word(d.guest));
            read_fuzz(*g, d.fuzz);
        }
        if (auto g = m.get("timer_abuser")) {
            if (d.guest != guest_kind::timer_abuser)
                misplaced(*g, "the timer_abuser section is only for timer_abuser guests, and this guest is " +
                                  guest_word(d.guest));
            read_timer_abuser(*g, d.timer_abuser);
        }
        read_image(m, d);
        return d;
    }

    static const std::string& guest_word(guest_kind g) { return guest_words.at(static_cast<std::size_t>(g)); }

    // guest: elf: `image` (relative to the scenario file; made absolute, also in the resolved
    // scenario.yaml) is read and checked as Xen-ARM's domain builder checks it; `cmdline`
    // goes to start_info. Where it lands in the partition is checked once the layout is known.
    void read_image(const mapping& m, domain_config& d) {
        const std::optional<field> image = m.get("image");
        const std::optional<field> cmdline = m.get("cmdline");
        if (d.guest != guest_kind::elf) {
            for (const auto& g : {image, cmdline})
                if (g) misplaced(*g, g->key->Scalar() + " is only for elf guests, and this guest is " + guest_word(d.guest));
            m_image_fields.emplace_back();
            return;
        }
        // working_set stays: it fills the binary busy guest's rtv_busy_config.
        for (const char* key : {"code_size", "rogue"})
            if (auto g = m.get(key))
                misplaced(*g, std::string(key) + " is for the model guests: an elf guest runs its own code");
        const field f = m.require("image", "the path of the guest's ELF image, relative to the scenario file");
        std::string text = m_values.text(f, "a file path");
        if (text.empty()) m_check.fail(f, "the image path is empty");
        try {
            text = expand_firmware_dir(text);  // ${RTV_FIRMWARE_DIR}/ucos_guest.elf: rtvsim's own images
        } catch (const std::exception& e) {
            m_check.fail(f, e.what());
        }
        std::filesystem::path p(text);
        if (p.is_relative()) {
            const std::filesystem::path dir = std::filesystem::path(m_check.file()).parent_path();
            p = dir / p;
        }
        p = std::filesystem::absolute(p).lexically_normal();
        d.image.path = p.string();
        d.image.where = m_check.where(f);
        try {
            guest_image_file file = read_guest_image(d.image.path);
            d.image.elf = file.elf;
            d.image.sha256 = file.sha256;
        } catch (const std::exception& e) {
            m_check.fail(f, e.what());
        }
        YAML::Node node = f.value;
        node = d.image.path;  // the resolved scenario.yaml runs from anywhere
        if (cmdline) {
            d.image.cmdline = m_values.text(*cmdline, "a string");
            m_values.range(*cmdline, d.image.cmdline.size() < hv::abi::max_guest_cmdline,
                           "start_info holds a command line of at most 1023 bytes (MAX_GUEST_CMDLINE 1024)");
        }
        m_image_fields.push_back(f);
    }

    // The domain builder's placement of each image in its partition (docs/guest_abi.md 1-2):
    // every segment inside, and room for start_info and the boot stack after the image.
    void check_images(const scenario& sc) {
        for (std::size_t i = 0; i < sc.domains.size(); ++i) {
            const domain_config& d = sc.domains[i];
            if (d.guest != guest_kind::elf || !m_image_fields[i]) continue;
            hv::guest_image_spec spec;
            spec.elf = d.image.elf;
            try {
                hv::plan_guest_image(spec, d.virtual_base, static_cast<std::uint32_t>(d.memory_bytes));
            } catch (const hv::elf_error& e) {
                m_check.fail(*m_image_fields[i], d.image.path + ": " + e.what());
            }
        }
    }

    void read_fuzz(const field& f, fuzz_config& z) {
        const mapping m(m_check, f, fuzz_keys);
        if (auto g = m.get("hypercalls")) {
            z.hypercalls = m_values.unsigned_int(*g);
            m_values.range(*g, z.hypercalls >= fuzz_hypercalls_min && z.hypercalls <= fuzz_hypercalls_max,
                           "hypercalls must be between " + std::to_string(fuzz_hypercalls_min) + " and " +
                               std::to_string(fuzz_hypercalls_max));
        }
        if (auto g = m.get("check_invariants")) z.check_invariants = m_values.boolean(*g);
    }

    // The guest passes `now + near` and `now + far` to set_timer_op, in nanoseconds.
    void read_timer_abuser(const field& f, timer_abuser_config& t) {
        const mapping m(m_check, f, timer_abuser_keys);
        const std::optional<field> near = m.get("near");
        if (near) {
            t.near_ps = m_values.duration_ps(*near);
            m_values.range(*near, t.near_ps >= abuser_near_min_ps && t.near_ps <= abuser_near_max_ps,
                           "near must be between " + format_duration_ps(abuser_near_min_ps) + " and " +
                               format_duration_ps(abuser_near_max_ps));
            m_values.range(*near, t.near_ps % ps_per_ns == 0,
                           "near must be a whole number of nanoseconds (set_timer_op takes ns)");
        }
        if (auto g = m.get("far")) {
            t.far_ps = m_values.duration_ps(*g);
            m_values.range(*g, t.far_ps > t.near_ps,
                           "far must be greater than near (" + format_duration_ps(t.near_ps) +
                               (near ? "" : ", the default") + ")");
            m_values.range(*g, t.far_ps <= abuser_far_max_ps,
                           "far must be at most " + format_duration_ps(abuser_far_max_ps));
            m_values.range(*g, t.far_ps % ps_per_ns == 0,
                           "far must be a whole number of nanoseconds (set_timer_op takes ns)");
        }
    }

    // A key that is known but not allowed where it is: the error points at the key.
    [[noreturn]] void misplaced(const field& f, const std::string& message) const {
        m_check.fail_at(m_check.where(*f.key), f.path + ": " + message);
    }

    // docs/models/xen_arm.md Memory: identity maps (VA == PA, in sections) for RTOS guests, offset maps
    // at a virtual base for the others. An identity-mapped domain's virtual_base is resolved to
    // its partition's physical address once the layout is known (resolve_layout).
    void read_mapping(const field& item, const mapping& m, domain_config& d) {
        d.mapping = d.guest == guest_kind::ucos || d.guest == guest_kind::elf ? mapping_kind::identity
                                                                               : mapping_kind::offset;
        const std::optional<field> given = m.get("mapping");
        if (given)
            d.mapping = m_values.choice(*given, {"identity", "offset"}, "mapping") == 0 ? mapping_kind::identity
                                                                                       : mapping_kind::offset;
        const std::optional<field> base = m.get("virtual_base");
        if (base) {
            if (d.mapping == mapping_kind::identity)
                misplaced(*base, std::string("virtual_base is only for offset mapping: with identity mapping") +
                                     (given ? "" : " (the default for ucos and elf guests)") +
                                     " the partition appears at its physical address");
            d.virtual_base = m_values.address(*base);
            m_values.range(*base, d.virtual_base % mib == 0,
                           "virtual_base must be a multiple of 1MiB (0x100000), as partitions are");
        }
        // More memory than any SDRAM holds is check_memory's to report, more helpfully.
        if (d.mapping == mapping_kind::identity || d.memory_bytes > sdram_max) return;

        const std::uint64_t begin = d.virtual_base;
        const std::uint64_t end = begin + d.memory_bytes;  // exclusive; both far below 2^64
        struct area {
            const char* what;
            std::uint64_t begin, end;  // end exclusive
        };
        const area reserved[] = {
            {"the peripheral area ", peripheral_area_begin, peripheral_area_end},
            {"Xen's own region ", xen_virtual_begin, xen_virtual_begin + xen_reserved_bytes},
            {"the shared_info page's area ", shared_info_area_begin, address_space_end},
        };
        std::string clash;
        for (const area& a : reserved)
            if (clash.empty() && begin < a.end && end > a.begin)
                clash = a.what + format_address(static_cast<std::uint32_t>(a.begin)) + ".." +
                        format_address(static_cast<std::uint32_t>(a.end - 1));
        if (clash.empty()) return;
        const std::string extent =
            end > address_space_end ? format_address(d.virtual_base) + " runs past 0xFFFFFFFF and"
                                    : format_address(d.virtual_base) + ".." +
                                          format_address(static_cast<std::uint32_t>(end - 1));
        const std::optional<field> memory = m.get("memory");
        const field& at = base ? *base : memory ? *memory : item;
        m_check.fail(at, "the " + format_size_bytes(d.memory_bytes) + " partition mapped at " + extent + " overlaps " +
                             clash + "; choose another virtual_base");
    }

    // A working set is whole cache lines and lies in the domain's partition.
    std::uint64_t working_set(const field& f, std::uint64_t memory_bytes) {
        const std::uint64_t bytes = m_values.size_bytes(f);
        m_values.range(f, bytes % cache_line_bytes == 0,
                       "a working set is whole 32-byte cache lines, so a multiple of 32B");
        m_values.range(f, bytes <= memory_bytes,
                       "a working set must fit in the domain's memory (" + format_size_bytes(memory_bytes) + ")");
        return bytes;
    }

    void read_rogue(const field& f, rogue_access& r) {
        const mapping m(m_check, f, rogue_keys);
        r.enabled = true;
        if (auto g = m.get("at")) r.at_ps = m_values.duration_ps(*g);
        const field address = m.require("address", "the guest virtual address to access, such as 0x10004000");
        r.address = m_values.address(address);
        m_values.range(address, r.address % 4 == 0, "the rogue access is a word access: its address must be a "
                                                    "multiple of 4");
        if (auto g = m.get("write")) r.write = m_values.boolean(*g);
    }

    // Devices given to the domain. `names` collects the name fields, for event tasks to refer to.
    void read_devices(const field& f, domain_config& d, std::vector<field>& names) {
        if (!f.value.IsSequence())
            m_check.fail(f, std::string("expected a list of devices, found ") + describe(f.value));
        for (std::size_t i = 0; i < f.value.size(); ++i) {
            const field item{f.path + "[" + std::to_string(i) + "]", std::nullopt, f.value[i]};
            if (!item.value.IsMap())
                m_check.fail(item, std::string("expected a device (a mapping of name and period), found ") +
                                       describe(item.value));
            const mapping m(m_check, item, device_keys);
            device_config dev;
            const field name = m.require("name", "gpt2 or gpt3");
            if (m_values.text(name) == "gpt1")
                m_check.fail(name, "GPT1 is Xen's own tick timer and cannot be given to a guest (assignable: gpt2, "
                                   "gpt3)");
            dev.name = m_values.choice(name, {"gpt2", "gpt3"}, "device") == 0 ? "gpt2" : "gpt3";
            for (const field& earlier : names)
                if (earlier.value.Scalar() == dev.name)
                    m_check.fail(name, "device '" + dev.name + "' is listed twice for this domain (first at " +
                                           m_check.where(earlier) + ")");
            for (const auto& [owner, earlier] : m_device_owners)
                if (earlier.value.Scalar() == dev.name)
                    m_check.fail(name, "device '" + dev.name + "' is already given to domain " + owner + " (" +
                                           m_check.where(earlier) + "): a device belongs to at most one domain");
            const field period = m.require("period", "the interval between the device's interrupts, such as 10ms");
            dev.period_ps = m_values.duration_ps(period);
            m_values.range(period, dev.period_ps >= device_period_min_ps,
                           "a device period must be at least " + format_duration_ps(device_period_min_ps));
            m_values.range(period, dev.period_ps % ps_per_ns == 0,
                           "a device period must be a whole number of nanoseconds");
            names.push_back(name);
            m_device_owners.emplace_back(d.name, name);
            d.devices.push_back(dev);
        }
    }

    void read_ucos(const field& f, domain_config& d, const std::vector<field>& devices, scenario& sc) {
        const mapping m(m_check, f, ucos_keys);
        ucos_guest_config& u = d.ucos;
        if (auto g = m.get("policy"))
            u.policy = m_values.choice(*g, {"fixed-priority", "edf"}, "policy") == 0 ? ucos_policy::fixed_priority
                                                                                     : ucos_policy::edf;
        if (auto g = m.get("tick_mode"))
            u.tick_mode = m_values.choice(*g, {"naive", "corrected"}, "tick mode") == 0 ? ucos_tick_mode::naive
                                                                                        : ucos_tick_mode::corrected;
        if (auto g = m.get("idle"))
            u.idle = m_values.choice(*g, {"spin", "block"}, "idle behaviour") == 0 ? ucos_idle::spin
                                                                                    : ucos_idle::block;
        const std::optional<field> rate = m.get("ticks_per_sec");
        if (rate) {
            const std::uint64_t tps = m_values.unsigned_int(*rate);
            m_values.range(*rate, tps >= ticks_per_sec_min && tps <= ticks_per_sec_max,
                           "ticks_per_sec must be between " + std::to_string(ticks_per_sec_min) + " and " +
                               std::to_string(ticks_per_sec_max));
            u.ticks_per_sec = static_cast<unsigned>(tps);
        }

        const field tasks = m.require("tasks", "a list of at least one task");
        if (!tasks.value.IsSequence())
            m_check.fail(tasks, std::string("expected a list of tasks, found ") + describe(tasks.value));
        if (tasks.value.size() == 0) m_check.fail(tasks, "at least one task is required");
        if (d.guest == guest_kind::elf && tasks.value.size() > RTV_UCOS_MAX_TASKS)
            m_check.fail(tasks, "the binary kernel's configuration block holds at most " +
                                    std::to_string(RTV_UCOS_MAX_TASKS) + " tasks (rtv_ucos_config.h)");
        task_context context{d, devices, {}, {}, 0};
        for (std::size_t i = 0; i < tasks.value.size(); ++i) {
            const field item{tasks.path + "[" + std::to_string(i) + "]", std::nullopt, tasks.value[i]};
            u.tasks.push_back(read_task(item, context));
        }

        warn_tick_rate(f, rate, d, sc);
    }

    // docs/models/ucos_port.md: a naive guest counts one OS tick per VIRQ_TIMER, so its clock can only keep
    // time if it ticks as often as Xen does. A corrected guest under `time_update: none` sees
    // the shared time stand still and falls back to counting ticks the same way.
    void warn_tick_rate(const field& f, const std::optional<field>& rate, const domain_config& d, scenario& sc) {
        const ucos_guest_config& u = d.ucos;
        const bool counts_virqs =
            u.tick_mode == ucos_tick_mode::naive || sc.hypervisor.time_update == time_update_mode::none;
        if (!counts_virqs || u.ticks_per_sec == sc.hypervisor.hz) return;
        const field& at = rate ? *rate : m_hz_field ? *m_hz_field : f;
        std::string message = at.path + ": " + (rate ? "ticks_per_sec " : f.path + ".ticks_per_sec ") +
                              std::to_string(u.ticks_per_sec) + (rate ? "" : " (the default)") +
                              " differs from hypervisor.hz " + std::to_string(sc.hypervisor.hz) + ": ";
        message += u.tick_mode == ucos_tick_mode::naive
                       ? "a naive guest"
                       : "with hypervisor.time_update none the shared time never moves, so this corrected guest";
        message += " counts one OS tick (" + tick_text(u.ticks_per_sec) + ") per VIRQ_TIMER and Xen sends at most " +
                   std::to_string(sc.hypervisor.hz) + " a second, so domain " + d.name +
                   "'s clock cannot keep true time";
        sc.warnings.push_back(m_check.where(at) + ": " + message);
    }

    // A guest tick is 1s / ticks_per_sec, which need not be a whole number of picoseconds.
    static std::string tick_text(std::uint64_t ticks_per_sec) {
        if (ps_per_s % ticks_per_sec == 0) return format_duration_ps(ps_per_s / ticks_per_sec);
        return "1s/" + std::to_string(ticks_per_sec);
    }

    // A duration that must be a whole number of guest ticks: v ps is k ticks when
    // v * ticks_per_sec = k * 10^12, that is when v is a multiple of 10^12 / gcd(10^12, ticks_per_sec).
    std::uint64_t whole_ticks(const field& f, unsigned ticks_per_sec) {
        const std::uint64_t ps = m_values.duration_ps(f);
        const std::uint64_t quantum = ps_per_s / std::gcd(ps_per_s, std::uint64_t{ticks_per_sec});
        if (ps % quantum == 0) return ps;
        std::string message = "'" + f.value.Scalar() + "' is not a whole number of guest ticks: a tick is " +
                              tick_text(ticks_per_sec) + " (ticks_per_sec " + std::to_string(ticks_per_sec) + ")";
        const std::uint64_t lower = ps / quantum * quantum;
        if (lower <= std::numeric_limits<std::uint64_t>::max() - quantum)
            message += "; the nearest whole numbers of ticks are " + format_duration_ps(lower) + " and " +
                       format_duration_ps(lower + quantum);
        m_check.fail(f, message);
    }

    // What the tasks of one guest share while they are read.
    struct task_context {
        const domain_config& domain;
        const std::vector<field>& devices;  // the domain's device name fields
        std::vector<field> names;
        struct used_priority {
            std::uint64_t level;
            std::string task;
            field at;
        };
        std::vector<used_priority> priorities;
        std::uint64_t working_set_total;
    };

    ucos_task_spec read_task(const field& f, task_context& c) {
        if (!f.value.IsMap()) m_check.fail(f, std::string("expected a task (a mapping), found ") + describe(f.value));
        const mapping m(m_check, f, task_keys);
        const unsigned ticks_per_sec = c.domain.ucos.ticks_per_sec;
        ucos_task_spec t;

        const field name = m.require("name", "letters, digits, '_' and '-'");
        t.name = m_values.text(name);
        if (!is_name(t.name, false))
            m_check.fail(name, "'" + t.name + "' is not a valid task name: use letters, digits, '_' and '-'");
        for (const field& earlier : c.names)
            if (earlier.value.Scalar() == t.name)
                m_check.fail(name, "task name '" + t.name + "' is already used by " +
                                       earlier.path.substr(0, earlier.path.rfind('.')) + " (" +
                                       m_check.where(earlier) + ")");
        c.names.push_back(name);

        const std::optional<field> kind = m.get("kind");
        const std::vector<std::string> kinds{"periodic", "sporadic", "event"};
        const ucos_task_kind kind_values[] = {ucos_task_kind::periodic, ucos_task_kind::sporadic,
                                              ucos_task_kind::event};
        if (kind) t.kind = kind_values[m_values.choice(*kind, kinds, "task kind")];
        const std::string kind_word = kinds[static_cast<std::size_t>(t.kind)];
        for (const field& entry : m.entries()) {
            const std::string& key = entry.key->Scalar();
            const char* owners = nullptr;
            bool allowed = true;
            if (key == "period" || key == "release") {
                owners = "periodic tasks";
                allowed = t.kind == ucos_task_kind::periodic;
            } else if (key == "offset") {
                owners = "periodic and sporadic tasks";
                allowed = t.kind != ucos_task_kind::event;
            } else if (key == "min_interarrival" || key == "max_extra") {
                owners = "sporadic tasks";
                allowed = t.kind == ucos_task_kind::sporadic;
            } else if (key == "device") {
                owners = "event tasks";
                allowed = t.kind == ucos_task_kind::event;
            }
            if (!allowed)
                misplaced(entry, std::string("only ") + owners + " have it, and this task is " + kind_word +
                                     (kind ? "" : " (the default kind)"));
        }

        std::optional<field> deadline = m.get("deadline");
        switch (t.kind) {
            case ucos_task_kind::periodic: {
                const field period = m.require("period", "a duration, a whole number of guest ticks");
                t.period_ps = whole_ticks(period, ticks_per_sec);
                m_values.range(period, t.period_ps > 0, "a period must be greater than 0s");
                t.deadline_ps = t.period_ps;
                if (auto g = m.get("release"))
                    t.release = m_values.choice(*g, {"delay", "absolute"}, "release mode") == 0 ? ucos_release::delay
                                                                                                : ucos_release::absolute;
                break;
            }
            case ucos_task_kind::sporadic: {
                const field gap = m.require("min_interarrival", "a duration, a whole number of guest ticks");
                t.min_interarrival_ps = whole_ticks(gap, ticks_per_sec);
                m_values.range(gap, t.min_interarrival_ps > 0, "a minimum inter-arrival time must be greater than 0s");
                if (auto g = m.get("max_extra")) t.max_extra_ps = whole_ticks(*g, ticks_per_sec);
                t.deadline_ps = t.min_interarrival_ps;
                break;
            }
            case ucos_task_kind::event: {
                const field device = m.require("device", "the name of one of this domain's devices");
                t.device = m_values.text(device);
                bool known = false;
                std::string listed;
                for (const field& d : c.devices) {
                    known = known || d.value.Scalar() == t.device;
                    listed += (listed.empty() ? "" : ", ") + d.value.Scalar();
                }
                if (!known)
                    m_check.fail(device, "unknown device '" + t.device + "': an event task is released by one of its "
                                             "domain's devices, and " +
                                             (listed.empty() ? "this domain has none (give it one under " +
                                                                   f.path.substr(0, f.path.find(".ucos")) +
                                                                   ".devices)"
                                                             : "this domain has " + listed));
                deadline = m.require("deadline", "the relative deadline of every job, counted from its arrival");
                break;
            }
        }
        if (auto g = m.get("offset")) t.offset_ps = whole_ticks(*g, ticks_per_sec);

        const field wcet = m.require("wcet", "the execution time of every job, such as 2ms");
        t.wcet_ps = m_values.duration_ps(wcet);
        m_values.range(wcet, t.wcet_ps > 0, "a wcet must be greater than 0s");
        if (deadline) {
            t.deadline_ps = m_values.duration_ps(*deadline);
            m_values.range(*deadline, t.deadline_ps > 0, "a deadline must be greater than 0s");
        }

        const field priority = m.require("priority", "0 (highest) to 62, unique in the guest");
        const std::uint64_t level = m_values.unsigned_int(priority);
        m_values.range(priority, level <= task_priority_max,
                       "a priority must be between 0 (highest) and " + std::to_string(task_priority_max) +
                           ": uC/OS-II keeps " + std::to_string(task_priority_max + 1) + " for its idle task");
        for (const auto& earlier : c.priorities)
            if (earlier.level == level)
                m_check.fail(priority, "priority " + std::to_string(level) + " is already used by task " +
                                           earlier.task + " (" + m_check.where(earlier.at) +
                                           "): uC/OS-II gives every task its own priority");
        c.priorities.push_back({level, t.name, priority});
        t.priority = static_cast<unsigned>(level);

        if (auto g = m.get("working_set")) {
            t.working_set_bytes = working_set(*g, c.domain.memory_bytes);
            c.working_set_total += t.working_set_bytes;
            m_values.range(*g, c.working_set_total <= c.domain.memory_bytes,
                           "the tasks' working sets together (" + format_size_bytes(c.working_set_total) +
                               " so far) must fit in the domain's memory (" +
                               format_size_bytes(c.domain.memory_bytes) + ")");
        }
        return t;
    }

    // tools/libxc/xc_domain.c xc_domain_setcpuweight: `float weight; u32 mcuadv = 10 / weight;`.
    // The division is done in float, as there; for weights with up to four decimals it agrees
    // with double arithmetic, but this keeps the two identical for any weight.
    static std::optional<std::uint32_t> weight_to_mcu_advance(double weight) {
        const float quotient = 10 / static_cast<float>(weight);  // weight is in (0, 10] here
        if (!(quotient >= 1.0f) || !(quotient < 4294967296.0f)) return std::nullopt;
        return static_cast<std::uint32_t>(quotient);
    }

    void read_warp(const field& f, bvt_warp& w) {
        const mapping m(m_check, f, warp_keys);
        if (auto g = m.get("enabled")) w.enabled = m_values.boolean(*g);
        if (auto g = m.get("value")) {
            const std::int64_t v = m_values.signed_int(*g);
            m_values.range(
                *g, v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max(),
                "a warp value is a 32-bit signed integer (Xen's s32 warp_value)");
            w.value = static_cast<std::int32_t>(v);
        }
        if (auto g = m.get("limit")) w.limit_ms = whole_ms(*g, "warp limit (Xen's warpl)");
        if (auto g = m.get("unwarp")) w.unwarp_ms = whole_ms(*g, "unwarp time (Xen's warpu)");
    }

    // Xen takes warpl and warpu in milliseconds (adjdom applies MILLISECS()).
    std::uint64_t whole_ms(const field& f, const std::string& what) {
        const std::uint64_t ps = m_values.duration_ps(f);
        m_values.range(f, ps % ps_per_ms == 0, "the " + what + " must be a whole number of milliseconds");
        return ps / ps_per_ms;
    }

    void read_outputs(const field& f, outputs_config& o) {
        const mapping m(m_check, f, outputs_keys);
        if (auto g = m.get("window")) {
            o.window_ps = m_values.duration_ps(*g);
            m_values.range(*g, o.window_ps > 0, "the window must be greater than 0s");
        }
        if (auto g = m.get("trace")) o.trace = m_values.boolean(*g);
    }

    void read_costs(const field& f, std::map<std::string, std::uint64_t>& costs) {
        const mapping m(m_check, f, known_cost_names(), "cost", "known costs");
        for (const field& entry : m.entries()) {
            const std::uint64_t cycles = m_values.unsigned_int(entry);
            m_values.range(entry, cycles <= cost_max_cycles,
                           "a cost must be between 0 and " + std::to_string(cost_max_cycles) + " cycles");
            costs[entry.key->Scalar()] = cycles;
        }
    }

    // The domains' memory must fit beside Xen's reserve. The error points at an override that
    // set one of the sizes if there is one (that is what the user just changed), else at `domains`.
    void check_memory(const mapping& top, const scenario& sc) {
        std::uint64_t total = 0;
        std::string parts;
        for (const auto& d : sc.domains) {
            total += d.memory_bytes;  // at most 256 domains' worth of 2^64 / 2^20: cannot overflow in practice
            parts += (parts.empty() ? "" : " + ") + d.name + " " + format_size_bytes(d.memory_bytes);
        }
        const std::uint64_t sdram = sc.platform.sdram_bytes;
        const std::uint64_t available = sdram > xen_reserved_bytes ? sdram - xen_reserved_bytes : 0;
        if (total <= available) return;

        std::string location = m_check.where(*top.get("domains")->key);
        for (const auto& node : m_memory_sources)
            if (m_check.from_override(node)) location = m_check.where(node);

        m_check.fail_at(location, "domains: the domains' memory (" + parts + " = " + format_size_bytes(total) +
                                      ") does not fit in SDRAM: " + format_size_bytes(sdram) + " minus " +
                                      format_size_bytes(xen_reserved_bytes) + " reserved for Xen leaves " +
                                      format_size_bytes(available));
    }

    // Partitions follow Xen's reserve in scenario order (docs/models/xen_arm.md); an identity-mapped
    // domain sees its partition at its physical address, which becomes its virtual_base.
    static void resolve_layout(scenario& sc) {
        std::uint64_t base = sdram_base + xen_reserved_bytes;
        for (auto& d : sc.domains) {
            if (d.mapping == mapping_kind::identity) d.virtual_base = static_cast<std::uint32_t>(base);
            base += d.memory_bytes;  // check_memory has kept the sum within SDRAM (at most 256MiB)
        }
    }

    checker m_check;
    values m_values;
    YAML::Node m_root;
    std::vector<YAML::Node> m_memory_sources;  // sdram and each domain's memory, as written
    std::optional<field> m_hz_field;           // hypervisor.hz, if given
    std::vector<std::pair<std::string, field>> m_device_owners;  // domain name, device name field
    std::vector<std::optional<field>> m_image_fields;  // per domain: its `image` (elf guests)
};

// The overridden document with its name made explicit (it defaults to the file's stem, and a
// run directory's copy is called scenario.yaml).
std::string resolved_yaml_text(const YAML::Node& root, const std::string& name) {
    YAML::Node copy = YAML::Clone(root);
    if (copy.IsMap() && !static_cast<const YAML::Node&>(copy)["name"]) copy["name"] = name;
    YAML::Emitter out;
    out << copy;
    return std::string(out.c_str()) + "\n";
}

scenario load(const std::vector<YAML::Node>& documents, const std::string& file_label,
              const std::vector<std::string>& set_overrides) {
    node_origins origins(file_label);
    if (documents.size() > 1)
        throw scenario_error(origins.where(documents[1]) + ": a scenario file holds one YAML document, found " +
                             std::to_string(documents.size()));
    YAML::Node root = documents.empty() ? YAML::Node(YAML::NodeType::Null) : documents.front();
    for (const auto& text : set_overrides) apply_override(root, text, origins);
    scenario sc = scenario_reader(origins, root).read();
    sc.resolved_yaml = resolved_yaml_text(root, sc.name);
    return sc;
}

std::vector<YAML::Node> parse_all(const std::string& text, const std::string& file_label) {
    try {
        return YAML::LoadAll(text);
    } catch (const YAML::ParserException& e) {
        throw scenario_error(file_label + ":" + std::to_string(e.mark.line + 1) + ":" +
                             std::to_string(e.mark.column + 1) + ": YAML syntax error: " + e.msg);
    }
}

}  // namespace

scenario load_scenario_text(const std::string& text, const std::string& file_label,
                            const std::vector<std::string>& set_overrides) {
    return load(parse_all(text, file_label), file_label, set_overrides);
}

scenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw scenario_error(path + ": is a directory, not a scenario file (scenarios/ holds the examples, e.g. " +
                             "scenarios/graph1.yaml)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw scenario_error(path + ": cannot open the scenario file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw scenario_error(path + ": cannot read the scenario file");
    return load_scenario_text(text.str(), path, set_overrides);
}

std::vector<std::string> scenario_keys() {
    std::vector<std::string> keys;
    const auto add = [&](const std::string& prefix, const std::vector<std::string>& names) {
        for (const auto& n : names) keys.push_back(prefix + n);
    };
    add("", root_keys);
    add("platform.", platform_keys);
    add("hypervisor.", hypervisor_keys);
    add("hypervisor.quirks.", quirk_keys);
    add("domains[].", domain_keys);
    add("domains[].warp.", warp_keys);
    add("domains[].sedf.", sedf_keys);
    add("domains[].credit.", credit_keys);
    add("domains[].rogue.", rogue_keys);
    add("domains[].devices[].", device_keys);
    add("domains[].ucos.", ucos_keys);
    add("domains[].ucos.tasks[].", task_keys);
    add("domains[].fuzz.", fuzz_keys);
    add("domains[].timer_abuser.", timer_abuser_keys);
    add("outputs.", outputs_keys);
    return keys;
}

}  // namespace rtv::app
