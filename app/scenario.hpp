// The resolved scenario: what a scenario file (plus --set overrides) asks for, fully checked
// and with every default filled in. Only the app layer knows YAML; the models are built
// from this structure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rtv::app {

enum class guest_kind { busy, idle };
enum class clock_mode { jiffies, precise };
enum class time_update_mode { none };  // `precise` comes with the para-virtual time interface

struct bvt_warp {
    bool enabled = false;           // Xen's `warpback`
    std::int32_t value = 0;         // warp_value, in BVT virtual-time units (MCUs x mcu_advance)
    std::uint64_t limit_ms = 2000;  // warpl; sched_bvt.c bvt_alloc_task default MILLISECS(2000)
    std::uint64_t unwarp_ms = 1000; // warpu; sched_bvt.c bvt_alloc_task default MILLISECS(1000)
};

struct domain_config {
    std::string name;
    guest_kind guest = guest_kind::busy;
    double weight = 1.0;             // (0, 10]; mcu_advance = trunc(10 / weight) as xc_domain_setcpuweight
    std::uint32_t mcu_advance = 10;  // derived from weight by the loader
    bvt_warp warp;
    std::uint64_t memory_bytes = 4ULL << 20;  // whole MiB
};

struct quirks_config {
    bool bvt_slice_units = true;
    bool recharge_on_continue = true;
    bool timer_list_no_resort = true;
};

struct hypervisor_config {
    std::string scheduler = "bvt";
    std::uint32_t hz = 100;                   // Xen-ARM arch-imx21 config.h HZ
    clock_mode clock = clock_mode::jiffies;
    time_update_mode time_update = time_update_mode::none;
    std::uint64_t ctx_allow_ns = 5'000'000;   // sched_bvt.c ctx_allow = MILLISECS(5)
    quirks_config quirks;
};

struct platform_config {
    std::string board = "imx21";
    std::uint64_t cpu_hz = 266'000'000;       // i.MX21 MPLL 266 MHz (Xen-ARM arch-imx21 system.c)
    std::uint64_t sdram_bytes = 64ULL << 20;  // CSD0, 64 MiB default (DESIGN.md 2.3)
    std::uint64_t sdram_latency_cycles = 0;   // extra CPU cycles per SDRAM access (annotated delay)
};

struct outputs_config {
    std::uint64_t window_ps = 1'000'000'000'000ULL;  // 1 s
    bool trace = false;
};

struct scenario {
    std::string file;        // path it was read from
    std::string name;
    std::uint64_t duration_ps = 10'000'000'000'000ULL;
    std::uint64_t seed = 1;
    platform_config platform;
    hypervisor_config hypervisor;
    std::vector<domain_config> domains;
    outputs_config outputs;
    std::map<std::string, std::uint64_t> costs;  // cost-table overrides, by name, in cycles
};

}  // namespace rtv::app
