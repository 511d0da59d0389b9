// SPDX-License-Identifier: Apache-2.0
#include "app/firmware_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace rtv::app {

namespace fs = std::filesystem;

namespace {
constexpr const char* variable = "${RTV_FIRMWARE_DIR}";
}

std::string firmware_dir() {
    std::error_code ec;
    if (const char* env = std::getenv("RTV_FIRMWARE_DIR"); env && *env) return fs::absolute(env, ec).string();
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    const fs::path bin = exe.parent_path();
    for (const fs::path& candidate : {bin / ".." / "firmware", bin / ".." / "share" / "rtvsim" / "firmware"})
        if (fs::is_directory(candidate, ec)) return fs::weakly_canonical(candidate, ec).string();
    return {};
}

std::string expand_firmware_dir(const std::string& path) {
    if (path.rfind(variable, 0) != 0) return path;
    const std::string dir = firmware_dir();
    if (dir.empty())
        throw std::invalid_argument(std::string(variable) +
                                    ": rtvsim's firmware directory was not found (set RTV_FIRMWARE_DIR, or build "
                                    "with the firmware: RTV_FIRMWARE=ON)");
    return dir + path.substr(std::string(variable).size());
}

}  // namespace rtv::app
