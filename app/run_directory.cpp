// SPDX-License-Identifier: Apache-2.0
#include "app/run_directory.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rtv::app {

namespace fs = std::filesystem;

namespace {

// A run's directory has its summary.json; a planned sweep point holds only its scenario.yaml.
bool is_run_directory(const fs::path& dir) {
    std::error_code ec;
    if (fs::is_regular_file(dir / "summary.json", ec)) return true;
    fs::directory_iterator it(dir, ec), end;
    if (ec) return false;
    std::size_t entries = 0;
    bool planned = true;
    for (; it != end; it.increment(ec)) {
        ++entries;
        planned = planned && it->path().filename() == "scenario.yaml";
    }
    return entries == 0 || planned;
}

}  // namespace

run_directory::run_directory(const std::string& dir) : m_dir(fs::absolute(dir).lexically_normal()) {
    if (m_dir.filename().empty()) m_dir = m_dir.parent_path();  // "out/run/"
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(m_dir, ec);
    if (fs::exists(st)) {
        if (!fs::is_directory(st))
            throw run_directory_error(dir + " exists and is not a directory");
        if (!is_run_directory(m_dir))
            throw run_directory_error(dir +
                                      " exists and is not an rtvsim run directory (it has no summary.json); "
                                      "give another -o or remove it");
    }
    const fs::path parent = m_dir.parent_path();
    fs::create_directories(parent, ec);
    if (ec) throw run_directory_error("cannot create " + parent.string() + ": " + ec.message());
    // Hidden, beside DIR (the exchange needs one file system), and unique to this process.
    m_staging = parent / ("." + m_dir.filename().string() + ".rtvsim-" + std::to_string(getpid()));
    fs::remove_all(m_staging, ec);
    if (!fs::create_directory(m_staging, ec) || ec)
        throw run_directory_error("cannot write the run directory " + dir + ": cannot create " + m_staging.string() +
                                  ": " + (ec ? ec.message() : std::string("it exists")));
}

run_directory::~run_directory() {
    if (m_committed) return;
    std::error_code ec;
    fs::remove_all(m_staging, ec);
}

void run_directory::commit() {
    if (renameat2(AT_FDCWD, m_staging.c_str(), AT_FDCWD, m_dir.c_str(), RENAME_NOREPLACE) == 0) {
        m_committed = true;
        return;
    }
    if (errno != EEXIST)
        throw std::runtime_error("cannot move " + m_staging.string() + " to " + m_dir.string() + ": " +
                                 std::strerror(errno));
    // DIR holds an earlier run: swap, so DIR is always one complete run, then drop the old one.
    if (!is_run_directory(m_dir))
        throw std::runtime_error(m_dir.string() + " was changed during the run and is no longer a run directory");
    if (renameat2(AT_FDCWD, m_staging.c_str(), AT_FDCWD, m_dir.c_str(), RENAME_EXCHANGE) != 0)
        throw std::runtime_error("cannot exchange " + m_staging.string() + " with " + m_dir.string() + ": " +
                                 std::strerror(errno));
    m_committed = true;
    std::error_code ec;
    fs::remove_all(m_staging, ec);  // now the previous run
}

}  // namespace rtv::app
