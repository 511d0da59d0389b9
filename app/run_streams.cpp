// SPDX-License-Identifier: Apache-2.0
#include "app/run_streams.hpp"

#include <stdexcept>

#include "app/outputs.hpp"

namespace rtv::app {

namespace fs = std::filesystem;

run_streams::~run_streams() {
    for (auto& [name, f] : m_parts) {
        f.reset();
        std::error_code ec;
        fs::remove(path_of(name), ec);
    }
}

std::size_t run_streams::add_guest(std::string domain, std::vector<std::string> task_names, unsigned ticks_per_sec) {
    guest g;
    g.domain = std::move(domain);
    g.task_names = std::move(task_names);
    g.ticks_per_sec = ticks_per_sec;
    m_guests.push_back(std::move(g));
    const std::size_t k = m_guests.size() - 1;
    m_guests[k].drift_part = &part("drift." + std::to_string(k));
    m_guests[k].jobs_part = &part("jobs." + std::to_string(k));
    return k;
}

void run_streams::tick(std::size_t k, core::picoseconds first_dispatch, const rtos::tick_sample& t) {
    guest& g = m_guests.at(k);
    const std::int64_t d = drift_ticks(g.ticks_per_sec, first_dispatch, t.t, t.os_time);
    g.drift.max = std::max(g.drift.max, d);
    g.drift.min = std::min(g.drift.min, d);
    *g.drift_part << tick_drift_row(g.domain, g.ticks_per_sec, first_dispatch, t.t, t.virqs_handled, t.os_time);
}

void run_streams::job(std::size_t k, const rtos::job_record& j) {
    guest& g = m_guests.at(k);
    // A finished job's row does not depend on the end of the run.
    *g.jobs_part << jobs_row(g.domain, g.task_names.at(j.task), j, j.finish);
}

std::ofstream& run_streams::part(const std::string& name) {
    std::unique_ptr<std::ofstream>& f = m_parts[name];
    if (!f) {
        f = std::make_unique<std::ofstream>(path_of(name), std::ios::binary | std::ios::trunc);
        if (!*f) throw std::runtime_error("cannot write " + path_of(name).string());
    }
    return *f;
}

void run_streams::drain(const std::string& name, std::ostream& out) {
    const auto it = m_parts.find(name);
    if (it == m_parts.end()) return;
    it->second->close();
    if (!*it->second) throw std::runtime_error("cannot write " + path_of(name).string());
    {
        std::ifstream in(path_of(name), std::ios::binary);
        if (in.peek() != std::ifstream::traits_type::eof()) out << in.rdbuf();
    }
    std::error_code ec;
    fs::remove(path_of(name), ec);
    m_parts.erase(it);
}

}  // namespace rtv::app
