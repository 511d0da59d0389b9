// SPDX-License-Identifier: Apache-2.0
// sweep.csv (docs/sweep.md): one row per sweep point, in point order, with the varied
// values, what became of the point and headline metrics read from its summary.json.
// Pure functions of their arguments, so rows do not depend on the order points finished in.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace rtv::app {

// What became of one point.
struct point_outcome {
    bool ok = false;
    bool missing = false;            // --collect: not finished (not run yet, or running)
    std::optional<int> exit_status;  // as a shell reports it (128 + N for signal N); none: never started
    std::string error;               // one line; empty for an ok point
    std::optional<nlohmann::json> summary;  // the point's summary.json, for an ok point
};

// Which columns a sweep has. Domains and RTOS guests are the union over the points, in
// scenario order then point order, so every row has the same columns.
struct sweep_columns {
    std::vector<std::string> vary_paths;
    std::vector<std::string> domains;
    std::vector<std::string> rtos_guests;
};

// RFC 4180: quoted (with quotes doubled) only if it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text);

std::string sweep_csv_header(const sweep_columns& columns);
// `values` are the point's varied values, one per vary path; `dir` is relative to the sweep
// directory. Metrics are left empty for a failed point and for a domain the point lacks.
std::string sweep_csv_row(const sweep_columns& columns, const std::vector<std::string>& values,
                          const std::string& dir, const point_outcome& outcome);

}  // namespace rtv::app
