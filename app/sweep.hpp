// SPDX-License-Identifier: Apache-2.0
// `rtvsim sweep` (docs/outputs.md, docs/sweep.md): runs a scenario for every combination of
// the varied values, each point as its own `rtvsim run` process (SystemC allows one
// simulation per process), up to N at once, and gathers the points into sweep.csv.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "app/cli_options.hpp"

namespace rtv::app {

// One --vary: a scenario path and its values, in the order given.
struct vary_spec {
    std::string path;
    std::vector<std::string> values;
    std::string short_name;  // names the path in point directories; see short_path_names
};

// Parses `path=v1,v2,...`, where an item `A..B` stands for A to B in steps of 1 and
// `A..B:STEP` in steps of STEP (decimals allowed, computed exactly: 1..3:0.5 is 1,1.5,2,2.5,3);
// throws cli_error for a missing `=`, an empty value or a bad range.
vary_spec parse_vary(const std::string& text);

// For each path, the shortest tail of its keys and selectors (joined with '.') that no other
// path ends with: "weight", or "dom0.weight" and "dom1.weight" when both domains vary.
std::vector<std::string> short_path_names(const std::vector<std::string>& paths);

// A point's directory name: the index zero-padded to the width of `count`, then
// `short=value` for each vary, values made filesystem-safe: "003-weight=3,recharge_on_continue=false".
std::string point_name(std::size_t index, std::size_t count, const std::vector<vary_spec>& varies,
                       const std::vector<std::string>& values);

// Runs the sweep the options describe; returns rtvsim's exit status (0 every point ok,
// 1 some point failed, 2 a bad command line or scenario).
int run_sweep(const cli_options& opt);

}  // namespace rtv::app
