// SPDX-License-Identifier: Apache-2.0
// The bare SystemC kernel's event rate on this host, the yardstick for rtvsim's own rate
// (docs/architecture.md, bench/parts/scenarios.sh): two threads hand a timed event back and forth,
// as the core and a timer do, with nothing else to compute.
//
//   event_rate [EVENTS]   prints: events=N delta_cycles=D wall_s=W events_per_s=R
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <systemc>

namespace {

struct ping_pong : sc_core::sc_module {
    SC_HAS_PROCESS(ping_pong);
    sc_core::sc_event to_a, to_b;
    std::uint64_t remaining;

    void a() {
        while (remaining) {
            to_b.notify(1, sc_core::SC_NS);
            wait(to_a);
        }
    }
    void b() {
        while (remaining) {
            wait(to_b);
            --remaining;
            to_a.notify(1, sc_core::SC_NS);
        }
    }

    ping_pong(sc_core::sc_module_name n, std::uint64_t events) : sc_module(n), remaining(events / 2) {
        SC_THREAD(a);
        SC_THREAD(b);
    }
};

}  // namespace

int sc_main(int argc, char* argv[]) {
    const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4'000'000;
    ping_pong top("top", events);
    const auto start = std::chrono::steady_clock::now();
    sc_core::sc_start();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("events=%llu delta_cycles=%llu wall_s=%.6f events_per_s=%.0f\n", static_cast<unsigned long long>(events),
                static_cast<unsigned long long>(sc_core::sc_delta_count()), wall, static_cast<double>(events) / wall);
    return 0;
}
