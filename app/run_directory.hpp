// SPDX-License-Identifier: Apache-2.0
// A run directory that never mixes two runs (docs/outputs.md): the outputs are written into
// a staging directory beside DIR, which is swapped with DIR in one step (renameat2 with
// RENAME_EXCHANGE) when they are all written; the old run is then removed.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace rtv::app {

// DIR cannot be used: it is not an rtvsim run directory, or nothing can be written beside it.
struct run_directory_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class run_directory {
public:
    // Checks DIR and creates the staging directory, before anything is simulated: throws
    // run_directory_error when DIR exists and is neither empty nor a run directory (it has
    // no summary.json), or when its parent is not writable.
    explicit run_directory(const std::string& dir);
    ~run_directory();  // removes the staging directory if commit() was not reached
    run_directory(const run_directory&) = delete;
    run_directory& operator=(const run_directory&) = delete;

    const std::filesystem::path& staging() const { return m_staging; }
    // Puts the staging directory in DIR's place; throws std::runtime_error on failure.
    void commit();

private:
    std::filesystem::path m_dir, m_staging;
    bool m_committed = false;
};

}  // namespace rtv::app
