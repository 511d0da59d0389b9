// SPDX-License-Identifier: Apache-2.0
// `rtvsim exec`: builds the i.MX21 platform with the ARM926EJ-S core, loads the program
// into its SDRAM as a Linux process, runs it on the ISS and reports.
#pragma once

#include <string>
#include <vector>

namespace rtv::app::exec {

// `args` are the words after "exec". Returns the exit status for rtvsim.
int exec_main(const std::vector<std::string>& args);

}  // namespace rtv::app::exec
