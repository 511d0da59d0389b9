// SPDX-License-Identifier: Apache-2.0
// `rtvsim plot KIND RUN_OR_SWEEP [options]`: runs the plot tool (tools/plot/rtvplot.py, Python)
// from wherever rtvsim is, so users need not know where Python or the script lives.
#pragma once

#include <string>

namespace rtv::app {

// The plot script for the rtvsim executable at `exe`: the installed copy beside it
// (<prefix>/share/rtvsim/plot), else the source tree this binary was built from (running from
// the build directory); "" when neither exists.
std::string find_plot_script(const std::string& exe);

// Replaces the process with `/usr/bin/python3 SCRIPT argv[2..]`; returns only on failure (2, with
// a message on stderr). argv[1] is "plot".
int run_plot_command(int argc, char* argv[]);

}  // namespace rtv::app
