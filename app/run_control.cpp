// SPDX-License-Identifier: Apache-2.0
#include "app/run_control.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace rtv::app {

namespace {

volatile sig_atomic_t g_stop_signal = 0;
struct sigaction g_old_int, g_old_term;

void on_stop_signal(int sig) {
    if (g_stop_signal) _exit(128 + sig);  // the second signal: at once
    g_stop_signal = sig;
}

// Progress starts after this much wall time, so short runs never show it.
constexpr double progress_after_s = 2.0;

}  // namespace

std::string clock_text(double seconds) {
    const long long s = static_cast<long long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
}

run_control::run_control(core::picoseconds duration, bool progress)
    : m_duration(duration), m_progress(progress), m_start(std::chrono::steady_clock::now()) {
    g_stop_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &g_old_int);
    sigaction(SIGTERM, &sa, &g_old_term);
}

run_control::~run_control() {
    finish();
    sigaction(SIGINT, &g_old_int, nullptr);
    sigaction(SIGTERM, &g_old_term, nullptr);
}

bool run_control::keep_going(core::picoseconds now) {
    if (g_stop_signal) return false;
    if (m_progress) {
        const auto t = std::chrono::steady_clock::now();
        const double wall = std::chrono::duration<double>(t - m_start).count();
        if (wall >= progress_after_s && t - m_last_draw >= std::chrono::milliseconds(250)) {
            m_last_draw = t;
            draw(now, wall);
        }
    }
    return true;
}

int run_control::stop_signal() const { return g_stop_signal; }

void run_control::draw(core::picoseconds now, double wall) {
    const double sim = static_cast<double>(now) / 1e12, total = static_cast<double>(m_duration) / 1e12;
    const double speed = wall > 0 ? sim / wall : 0;
    const std::string eta = speed > 0 ? clock_text((total - sim) / speed) : "--";
    std::fprintf(stderr, "\r\033[Krtvsim: %.3f / %.3f s simulated (%3.0f %%), %.3g sim s per wall s, ETA %s", sim, total,
                 total > 0 ? 100.0 * sim / total : 100.0, speed, eta.c_str());
    std::fflush(stderr);
    m_drawn = true;
}

void run_control::finish() {
    if (!m_drawn) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    m_drawn = false;
}

}  // namespace rtv::app
