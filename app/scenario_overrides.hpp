// SPDX-License-Identifier: Apache-2.0
// `--set path=value` overrides applied to the YAML tree of a scenario, and the record of
// where every node came from, so that an error names the file position or the override.
//
// Overrides are applied before validation so that an overridden value is checked exactly
// like one written in the file. Nodes made by an override carry marks relative to the
// override's own text (or none at all), so positions cannot be trusted for them: the
// origins registry is asked first, by node identity (YAML::Node::is).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rtv::app {

class node_origins {
public:
    explicit node_origins(std::string file) : m_file(std::move(file)) {}

    const std::string& file() const { return m_file; }

    // Records `node` and everything under it as coming from the override `text`.
    void add_override(const YAML::Node& node, const std::string& text);

    // The override a node came from (the latest one, if it was replaced), if any.
    std::optional<std::string> override_of(const YAML::Node& node) const;

    // `--set TEXT`, or `FILE:LINE:COLUMN` (1-based), or `FILE` for a node without a position.
    std::string where(const YAML::Node& node) const;

private:
    std::string m_file;
    std::vector<std::pair<YAML::Node, std::string>> m_overrides;
};

// Applies one `path=value` to `root` (a mapping, or null for an empty file). The path is
// dot-separated keys, each optionally followed by selectors: `domains[1]` selects by index,
// `domains[dom0]` the item whose `name` is dom0 (a selector of digits only is an index).
// Missing mapping keys along the path are created; a bad path, index or name throws
// scenario_error naming the override.
void apply_override(YAML::Node& root, const std::string& text, node_origins& origins);

}  // namespace rtv::app
