// SPDX-License-Identifier: Apache-2.0
#include "app/scenario_overrides.hpp"

#include "app/scenario_loader.hpp"

namespace rtv::app {
namespace {

// One `key[sel][sel]` part of an override path.
struct path_step {
    std::string key;
    std::vector<std::string> selectors;
};

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool all_digits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

const char* kind_of(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a mapping";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Scalar: return "a single value";
        default: return "empty";
    }
}

class override_applier {
public:
    override_applier(const std::string& text, node_origins& origins) : m_text(text), m_origins(origins) {}

    void apply(YAML::Node& root) {
        const std::size_t eq = m_text.find('=');
        if (eq == std::string::npos) fail("expected path=value, for example duration=20s");
        const std::vector<path_step> steps = parse_path(m_text.substr(0, eq));
        YAML::Node value = parse_value(m_text.substr(eq + 1));
        m_origins.add_override(value, m_text);

        YAML::Node current = root;
        std::string walked;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const path_step& step = steps[i];
            const bool last = i + 1 == steps.size();
            const std::string here = walked.empty() ? step.key : walked + "." + step.key;
            if (!current.IsMap() && !current.IsNull())
                fail((walked.empty() ? std::string("the scenario") : "'" + walked + "'") + " is " + kind_of(current) +
                     ", not a mapping, so it has no key '" + step.key + "'");

            const bool existed = has_key(current, step.key);
            if (last && step.selectors.empty()) {
                current[step.key] = value;
                if (!existed) mark_new_key(current, step.key);
                return;
            }
            if (!existed) {
                if (!step.selectors.empty())
                    fail("'" + here + "' does not exist, so [" + step.selectors.front() + "] selects nothing");
                YAML::Node created(YAML::NodeType::Map);
                m_origins.add_override(created, m_text);
                current[step.key] = created;
                mark_new_key(current, step.key);
            }
            YAML::Node next = current[step.key];
            std::string selected = here;
            for (std::size_t s = 0; s < step.selectors.size(); ++s) {
                YAML::Node item = select(next, selected, step.selectors[s]);
                selected += "[" + step.selectors[s] + "]";
                if (last && s + 1 == step.selectors.size()) {
                    item = value;  // replaces the item in place: the sequence keeps the same node
                    return;
                }
                next.reset(item);  // `next = item` would overwrite the node, not move the handle
            }
            current.reset(next);
            walked = selected;
        }
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        throw scenario_error("--set " + m_text + ": " + message);
    }

    std::vector<path_step> parse_path(const std::string& path) const {
        std::vector<path_step> steps;
        std::size_t i = 0;
        const auto bad = [&](const std::string& why) { fail("bad path '" + path + "': " + why); };
        if (path.empty()) bad("it is empty");
        while (true) {
            path_step step;
            while (i < path.size() && is_name_char(path[i])) step.key += path[i++];
            if (step.key.empty())
                bad(i < path.size() ? std::string("unexpected '") + path[i] + "' where a key should be"
                                    : "a key is missing at the end");
            while (i < path.size() && path[i] == '[') {
                std::string selector;
                ++i;
                while (i < path.size() && is_name_char(path[i])) selector += path[i++];
                if (selector.empty() || i >= path.size() || path[i] != ']')
                    bad("a selector is an index or a name in brackets, such as [1] or [dom0]");
                ++i;
                step.selectors.push_back(selector);
            }
            steps.push_back(step);
            if (i == path.size()) return steps;
            if (path[i] != '.') bad(std::string("unexpected '") + path[i] + "' after '" + path.substr(0, i) + "'");
            ++i;
        }
    }

    YAML::Node parse_value(const std::string& text) const {
        // An empty value would be a YAML null whose errors point at the file, not at the --set.
        if (text.find_first_not_of(" \t") == std::string::npos)
            fail("the value is empty (write path=VALUE; an empty string is path=\"\")");
        try {
            return YAML::Load(text);
        } catch (const YAML::ParserException& e) {
            fail("the value is not valid YAML: " + e.msg + " (at column " + std::to_string(e.mark.column + 1) + ")");
        }
    }

    static bool has_key(const YAML::Node& map, const std::string& key) {
        if (!map.IsMap()) return false;
        for (auto it = map.begin(); it != map.end(); ++it)
            if (it->first.IsScalar() && it->first.Scalar() == key) return true;
        return false;
    }

    // A key inserted by yaml-cpp has no position; record it so that an unknown-key error on it
    // names this override.
    void mark_new_key(const YAML::Node& map, const std::string& key) {
        for (auto it = map.begin(); it != map.end(); ++it)
            if (it->first.IsScalar() && it->first.Scalar() == key) m_origins.add_override(it->first, m_text);
    }

    YAML::Node select(YAML::Node& list, const std::string& list_path, const std::string& selector) const {
        if (!list.IsSequence())
            fail("'" + list_path + "' is " + kind_of(list) + ", not a list, so [" + selector + "] selects nothing");
        if (all_digits(selector)) {
            if (selector.size() > 9 || std::stoul(selector) >= list.size())
                fail("index " + selector + " is out of range: '" + list_path + "' has " + std::to_string(list.size()) +
                     " item(s), numbered from 0");
            return list[std::stoul(selector)];
        }
        std::string names;
        for (std::size_t i = 0; i < list.size(); ++i) {
            YAML::Node item = list[i];
            const YAML::Node& const_item = item;  // const access: operator[] must not insert `name`
            if (!item.IsMap()) continue;
            const YAML::Node name = const_item["name"];
            if (!name || !name.IsScalar()) continue;
            if (name.Scalar() == selector) return item;
            names += (names.empty() ? "" : ", ") + name.Scalar();
        }
        fail("no item of '" + list_path + "' is named '" + selector + "'" +
             (names.empty() ? std::string() : " (names: " + names + ")"));
    }

    const std::string& m_text;
    node_origins& m_origins;
};

}  // namespace

void node_origins::add_override(const YAML::Node& node, const std::string& text) {
    m_overrides.emplace_back(node, text);
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            add_override(it->first, text);
            add_override(it->second, text);
        }
    } else if (node.IsSequence()) {
        for (auto it = node.begin(); it != node.end(); ++it) add_override(*it, text);
    }
}

std::optional<std::string> node_origins::override_of(const YAML::Node& node) const {
    for (auto it = m_overrides.rbegin(); it != m_overrides.rend(); ++it)
        if (it->first.is(node)) return it->second;
    return std::nullopt;
}

std::string node_origins::where(const YAML::Node& node) const {
    if (auto text = override_of(node)) return "--set " + *text;
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return m_file;
    return m_file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

void apply_override(YAML::Node& root, const std::string& text, node_origins& origins) {
    override_applier(text, origins).apply(root);
}

}  // namespace rtv::app
