// SPDX-License-Identifier: Apache-2.0
// A speed probe for the ISS (not a test, not in the suite): runs the CRC loop of
// tests/cpu/iss/speed_loop.S in User mode with MMU and caches on and prints instructions,
// cycles, host seconds and MIPS. Usage: iss_speed [--slow]
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>

#include "iss_bench.hpp"
#include "speed_loop.hpp"

int sc_main(int argc, char** argv) {
    rtv::core::init_time_resolution();
    rtv::test::bench_options o;
    o.fast_paths = !(argc > 1 && std::strcmp(argv[1], "--slow") == 0);
    rtv::test::iss_bench b("speed", speed_loop_image, sizeof speed_loop_image, o);
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    sc_core::sc_start(rtv::core::to_sc_time(10ULL * rtv::core::ps_per_second));
    const double host = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // CPU time as well: on a loaded machine it is the steadier figure.
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const auto& s = b.cpu().iss_stats();
    std::printf("done %d crc %08x instructions %llu cycles %llu cpi %.3f host_s %.3f mips %.1f cpu_s %.3f cpu_mips %.1f\n",
                b.sw.done ? 1 : 0,
                b.read_data(256), static_cast<unsigned long long>(s.instructions), static_cast<unsigned long long>(s.cycles),
                static_cast<double>(s.cycles) / static_cast<double>(s.instructions), host,
                static_cast<double>(s.instructions) / host / 1e6, cpu, static_cast<double>(s.instructions) / cpu / 1e6);
    return 0;
}
