// SPDX-License-Identifier: Apache-2.0
#include "app/plot_command.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <vector>

#ifndef RTV_PLOT_RELATIVE_TO_BINDIR
#error "app/CMakeLists.txt defines RTV_PLOT_RELATIVE_TO_BINDIR (the installed plot tool, relative to bin)"
#endif
#ifndef RTV_SOURCE_DIR
#error "app/CMakeLists.txt defines RTV_SOURCE_DIR"
#endif

namespace rtv::app {

namespace fs = std::filesystem;

namespace {
// The plot tool needs Debian's python3-matplotlib and python3-pandas, which live in the
// system interpreter's path (the package Depends on them).
const char* const python = "/usr/bin/python3";
const char* const script_name = "rtvplot.py";
}  // namespace

std::string find_plot_script(const std::string& exe) {
    std::error_code ec;
    const fs::path installed = fs::path(exe).parent_path() / RTV_PLOT_RELATIVE_TO_BINDIR / script_name;
    if (fs::is_regular_file(installed, ec)) return installed.lexically_normal().string();
    const fs::path source = fs::path(RTV_SOURCE_DIR) / "tools" / "plot" / script_name;
    if (fs::is_regular_file(source, ec)) return source.string();
    return {};
}

int run_plot_command(int argc, char* argv[]) {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    const std::string script = find_plot_script(ec ? std::string(argv[0]) : exe.string());
    if (script.empty()) {
        std::cerr << "rtvsim plot: cannot find the plot tool " << script_name << " (looked beside the executable in "
                  << RTV_PLOT_RELATIVE_TO_BINDIR << " and in " << RTV_SOURCE_DIR << "/tools/plot)\n";
        return 2;
    }
    std::vector<char*> args{const_cast<char*>(python), const_cast<char*>(script.c_str())};
    for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    setenv("RTVPLOT_PROG", "rtvsim plot", 1);  // the tool's usage and errors then name this command
    execv(python, args.data());
    std::cerr << "rtvsim plot: cannot run " << python << ": " << std::strerror(errno)
              << " (install python3, python3-matplotlib and python3-pandas)\n";
    return 2;
}

}  // namespace rtv::app
