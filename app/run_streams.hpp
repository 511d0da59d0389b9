// SPDX-License-Identifier: Apache-2.0
// Output rows written while the run goes, so that memory stays flat however long it is
// (docs/outputs.md): every tick sample, finished job and trace event is formatted when it
// happens and appended to a part file in the run's staging directory; write_run_directory
// then puts the parts together, in the order the files have always had.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rtos_model/ucos/ucos_guest.hpp"

namespace rtv::app {

class run_streams {
public:
    explicit run_streams(std::filesystem::path dir) : m_dir(std::move(dir)) {}
    ~run_streams();  // removes the part files left
    run_streams(const run_streams&) = delete;
    run_streams& operator=(const run_streams&) = delete;

    // Registers the next RTOS guest (in scenario order); returns its index.
    std::size_t add_guest(std::string domain, std::vector<std::string> task_names, unsigned ticks_per_sec);
    // A tick sample of guest k (tick_drift.csv); keeps the guest's extreme drifts.
    void tick(std::size_t k, core::picoseconds first_dispatch, const rtos::tick_sample& t);
    // A finished job of guest k, in release order (jobs.csv).
    void job(std::size_t k, const rtos::job_record& j);

    struct drift_extremes {
        std::int64_t max = 0, min = 0;  // most ahead, most behind (0 before any sample)
    };
    const drift_extremes& drift(std::size_t k) const { return m_guests.at(k).drift; }

    // The part file called `name` ("drift.0", "trace.cpu"...), opened on first use.
    std::ofstream& part(const std::string& name);
    // Appends the part's bytes (if any) to `out` and removes it.
    void drain(const std::string& name, std::ostream& out);

private:
    struct guest {
        std::string domain;
        std::vector<std::string> task_names;
        unsigned ticks_per_sec = 100;
        drift_extremes drift;
        std::ofstream* drift_part = nullptr;
        std::ofstream* jobs_part = nullptr;
    };
    std::filesystem::path path_of(const std::string& name) const { return m_dir / (".part-" + name); }

    std::filesystem::path m_dir;
    std::vector<guest> m_guests;
    std::map<std::string, std::unique_ptr<std::ofstream>> m_parts;
};

}  // namespace rtv::app
