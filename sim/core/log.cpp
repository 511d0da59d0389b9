// SPDX-License-Identifier: Apache-2.0
#include "sim/core/log.hpp"

#include <cstdio>
#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace rtv::core {
namespace {

std::function<picoseconds()>& time_source() {
    static std::function<picoseconds()> source;
    return source;
}

spdlog::level::level_enum& current_level() {
    static spdlog::level::level_enum level = spdlog::level::warn;
    return level;
}

// %* in the pattern: simulated seconds with 12 decimals (exact picoseconds).
class sim_time_flag : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
        const picoseconds t = log_time();
        char buf[48];
        const int n = std::snprintf(buf, sizeof buf, "%4llu.%012llu s",
                                    static_cast<unsigned long long>(t / ps_per_second),
                                    static_cast<unsigned long long>(t % ps_per_second));
        dest.append(buf, buf + n);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<sim_time_flag>(); }
};

}  // namespace

picoseconds log_time() {
    auto& src = time_source();
    return src ? src() : now_ps();
}

void set_time_source(std::function<picoseconds()> source) { time_source() = std::move(source); }

void set_log_level(spdlog::level::level_enum level) {
    current_level() = level;
    spdlog::apply_all([level](const std::shared_ptr<spdlog::logger>& l) { l->set_level(level); });
}

std::shared_ptr<spdlog::logger> logger(const std::string& component) {
    if (auto existing = spdlog::get(component)) return existing;
    static auto sink = std::make_shared<spdlog::sinks::stderr_sink_st>();
    auto l = std::make_shared<spdlog::logger>(component, sink);
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<sim_time_flag>('*').set_pattern("[%*] [%n] [%l] %v");
    l->set_formatter(std::move(formatter));
    l->set_level(current_level());
    spdlog::register_logger(l);
    return l;
}

}  // namespace rtv::core
