#include "app/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "app/cost_names.hpp"
#include "app/scenario_overrides.hpp"
#include "app/units.hpp"

namespace rtv::app {
namespace {

// The schema's keys, one list per mapping; scenario_keys() and the checks both use them, so
// the documentation test sees exactly what the loader accepts.
const std::vector<std::string> root_keys{"name",       "duration", "seed",    "platform",
                                         "hypervisor", "domains",  "outputs", "costs"};
const std::vector<std::string> platform_keys{"board", "cpu_clock", "sdram", "sdram_latency"};
const std::vector<std::string> hypervisor_keys{"scheduler", "hz", "clock", "time_update", "ctx_allow", "quirks"};
const std::vector<std::string> quirk_keys{"bvt_slice_units", "recharge_on_continue", "timer_list_no_resort"};
const std::vector<std::string> domain_keys{"name", "guest", "weight", "memory", "warp"};
const std::vector<std::string> warp_keys{"enabled", "value", "limit", "unwarp"};
const std::vector<std::string> outputs_keys{"window", "trace"};

constexpr std::uint64_t ps_per_ns = 1'000;
constexpr std::uint64_t ps_per_ms = 1'000'000'000;
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
        return sc;
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
        if (auto g = m.get("scheduler")) {
            m_values.choice(*g, {"bvt"}, "scheduler");
            h.scheduler = "bvt";
        }
        if (auto g = m.get("hz")) {
            const std::uint64_t hz = m_values.unsigned_int(*g);
            m_values.range(*g, hz >= hz_min && hz <= hz_max,
                           "hz must be between " + std::to_string(hz_min) + " and " + std::to_string(hz_max));
            h.hz = static_cast<std::uint32_t>(hz);
        }
        if (auto g = m.get("clock"))
            h.clock =
                m_values.choice(*g, {"jiffies", "precise"}, "clock") == 0 ? clock_mode::jiffies : clock_mode::precise;
        if (auto g = m.get("time_update")) {
            const std::string mode = m_values.text(*g, "none");
            if (mode == "precise")
                m_check.fail(*g, "precise needs the para-virtual time interface, which this version does not have yet");
            m_values.choice(*g, {"none"}, "time update mode");
            h.time_update = time_update_mode::none;
        }
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
        }
    }

    void read_domains(const mapping& top, scenario& sc) {
        const field f = top.require("domains", "a list of at least one domain");
        if (!f.value.IsSequence())
            m_check.fail(f, std::string("expected a list of domains, found ") + describe(f.value));
        if (f.value.size() == 0) m_check.fail(f, "at least one domain is required");
        std::vector<field> names;
        for (std::size_t i = 0; i < f.value.size(); ++i) {
            const field item{f.path + "[" + std::to_string(i) + "]", std::nullopt, f.value[i]};
            sc.domains.push_back(read_domain(item, names));
        }
    }

    domain_config read_domain(const field& f, std::vector<field>& names) {
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

        const field guest = m.require("guest", "busy or idle");
        d.guest = m_values.choice(guest, {"busy", "idle"}, "guest") == 0 ? guest_kind::busy : guest_kind::idle;

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
        return d;
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

    checker m_check;
    values m_values;
    YAML::Node m_root;
    std::vector<YAML::Node> m_memory_sources;  // sdram and each domain's memory, as written
};

scenario load(const std::vector<YAML::Node>& documents, const std::string& file_label,
              const std::vector<std::string>& set_overrides) {
    node_origins origins(file_label);
    if (documents.size() > 1)
        throw scenario_error(origins.where(documents[1]) + ": a scenario file holds one YAML document, found " +
                             std::to_string(documents.size()));
    YAML::Node root = documents.empty() ? YAML::Node(YAML::NodeType::Null) : documents.front();
    for (const auto& text : set_overrides) apply_override(root, text, origins);
    return scenario_reader(origins, root).read();
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
    add("outputs.", outputs_keys);
    return keys;
}

}  // namespace rtv::app
