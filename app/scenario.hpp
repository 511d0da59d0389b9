// SPDX-License-Identifier: Apache-2.0
// The resolved scenario: what a scenario file (plus --set overrides) asks for, fully checked
// and with every default filled in. Only the app layer knows YAML; the models are built
// from this structure.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rtv::hv {
class elf_image;
}

namespace rtv::app {

enum class guest_kind { busy, idle, ucos, fuzz, timer_abuser, elf };
enum class clock_mode { jiffies, precise };
enum class time_update_mode { none, jiffies, precise };
// How the hypervisor maps a domain's partition (docs/models/xen_arm.md Memory).
enum class mapping_kind { identity, offset };
// What Xen does with a guest's abort (docs/models/xen_arm.md): forward it to the guest's data-abort
// entry, or destroy the domain.
enum class fault_policy { inject, kill };

struct bvt_warp {
    bool enabled = false;           // Xen's `warpback`
    std::int32_t value = 0;         // warp_value, in BVT virtual-time units (MCUs x mcu_advance)
    std::uint64_t limit_ms = 2000;  // warpl; sched_bvt.c bvt_alloc_task default MILLISECS(2000)
    std::uint64_t unwarp_ms = 1000; // warpu; sched_bvt.c bvt_alloc_task default MILLISECS(1000)
};

// SEDF's per-domain parameters (xm sched-sedf: period, slice, latency, extratime, weight).
// Not given: sedf_add_task's defaults (dom0 20 ms / 15 ms extra-aware, others best effort).
struct sedf_config {
    bool given = false;
    std::uint64_t period_ps = 0;
    std::uint64_t slice_ps = 0;
    std::uint64_t latency_ps = 0;
    bool extratime = false;
    unsigned weight = 0;  // 0: time-driven (period and slice)
};

// Credit's per-domain parameters (csched_dom_init defaults: weight 256, no cap).
struct credit_config {
    bool given = false;
    unsigned weight = 256;  // 1 .. 65535
    unsigned cap = 0;       // percent of one CPU, 0 = none
};

// A deliberate access outside the guest's own memory, for isolation tests.
struct rogue_access {
    bool enabled = false;
    std::uint64_t at_ps = 0;    // the first time the guest runs at or after this true time
    std::uint32_t address = 0;  // guest virtual address
    bool write = true;
};

enum class ucos_policy { fixed_priority, edf };
enum class ucos_tick_mode { naive, corrected };
enum class ucos_idle { spin, block };
enum class ucos_task_kind { periodic, sporadic, event };
// How a periodic task waits for its next job: uC/OS-II's relative OSTimeDly after each job
// (`delay`, the default) or OSTimeDlyUntil-style absolute releases (`absolute`).
enum class ucos_release { delay, absolute };

struct ucos_task_spec {
    std::string name;
    ucos_task_kind kind = ucos_task_kind::periodic;
    std::uint64_t period_ps = 0;            // periodic: required, a whole number of guest ticks
    std::uint64_t offset_ps = 0;            // periodic/sporadic: first release, whole ticks
    ucos_release release = ucos_release::delay;  // periodic: relative delays or absolute releases
    std::uint64_t min_interarrival_ps = 0;  // sporadic: required, whole ticks
    std::uint64_t max_extra_ps = 0;         // sporadic: seeded extra delay bound, whole ticks
    std::string device;                     // event: the device whose interrupt releases it ("gpt2")
    std::uint64_t wcet_ps = 0;              // execution time of every job (converted to CPU cycles)
    std::uint64_t deadline_ps = 0;          // relative deadline; default: the period (or min inter-arrival)
    unsigned priority = 0;                  // 0 (highest) .. 62; unique per guest
    std::uint64_t working_set_bytes = 0;
};

struct ucos_guest_config {
    ucos_policy policy = ucos_policy::fixed_priority;
    ucos_tick_mode tick_mode = ucos_tick_mode::naive;
    ucos_idle idle = ucos_idle::spin;
    unsigned ticks_per_sec = 100;  // OS_TICKS_PER_SEC
    std::vector<ucos_task_spec> tasks;
};

// A hostile guest (guest: fuzz): random hypercalls with random arguments, bad pointers
// included, seeded by the scenario seed; then it runs like a busy guest.
struct fuzz_config {
    std::uint64_t hypercalls = 10000;  // 1 .. 10^7
    bool check_invariants = true;      // Xen checks its invariants after every hypercall
};

// A busy guest (guest: timer_abuser) that, each time it runs, calls set_timer_op(now + near)
// then set_timer_op(now + far), `now` read from shared_info. Under the timer_list_no_resort
// quirk its timer stays at the head of Xen's list with the far expiry.
struct timer_abuser_config {
    std::uint64_t near_ps = 1'000'000'000;      // 1 ms; 100us .. 1s, whole ns
    std::uint64_t far_ps = 10'000'000'000'000;  // 10 s; > near, at most 1000s, whole ns
};

// A device of the board given to the domain (mapped into its page table, its interrupt
// bindable with bind_pirq). Only the spare timers are assignable: GPT1 is Xen's tick.
struct device_config {
    std::string name;             // "gpt2" | "gpt3"
    std::uint64_t period_ps = 0;  // the guest driver programs the timer to interrupt at this period
};

// A binary guest (guest: elf): the image Xen's domain builder loads (docs/guest_abi.md).
struct elf_guest_config {
    std::string path;     // absolute
    std::string where;    // FILE:LINE:COLUMN (or --set TEXT) of the `image:` value, for later errors
    std::string cmdline;  // start_info.cmd_line, at most 1023 bytes
    std::string sha256;   // hex, of the file's bytes
    std::shared_ptr<const hv::elf_image> elf;  // parsed and checked
};

struct domain_config {
    std::string name;
    guest_kind guest = guest_kind::busy;
    double weight = 1.0;             // (0, 10]; mcu_advance = trunc(10 / weight) as xc_domain_setcpuweight
    std::uint32_t mcu_advance = 10;  // derived from weight by the loader
    bvt_warp warp;
    bool bvt_keys_given = false;  // weight or warp written in the scenario
    sedf_config sedf;
    credit_config credit;
    // Keys of schedulers not in use (listed in summary.json, warned about by `check`).
    std::vector<std::string> unused_keys;
    std::uint64_t memory_bytes = 4ULL << 20;  // whole MiB
    mapping_kind mapping = mapping_kind::offset;  // default: identity for ucos guests, offset otherwise
    std::uint32_t virtual_base = 0xC0000000u;     // offset mapping: where the partition appears
    std::uint64_t working_set_bytes = 0;          // busy guests: touched in every slice
    std::uint64_t code_size_bytes = 0;            // code fetched through the I-cache after each switch
    fault_policy on_fault = fault_policy::inject;
    rogue_access rogue;
    std::vector<device_config> devices;
    ucos_guest_config ucos;            // guest: ucos only
    fuzz_config fuzz;                  // guest: fuzz only
    timer_abuser_config timer_abuser;  // guest: timer_abuser only
    elf_guest_config image;            // guest: elf only
};

struct quirks_config {
    bool bvt_slice_units = true;
    bool recharge_on_continue = true;
    bool timer_list_no_resort = true;
    bool ni_hypercall_hangs = true;
    bool credit_no_tick = true;  // the later tree never starts the credit accounting tick
};

struct hypervisor_config {
    std::string scheduler = "bvt";
    std::uint32_t hz = 100;                   // Xen-ARM arch-imx21 config.h HZ
    clock_mode clock = clock_mode::jiffies;
    time_update_mode time_update = time_update_mode::none;
    // Where update_dom_time runs (time_update_at: [switch_in, tick]).
    bool time_update_at_switch_in = true;
    bool time_update_at_tick = true;
    // VIRQ_TIMER: every tick to the running vcpu (the imported tree) or the later tree's
    // per-vcpu periodic timer.
    bool virq_periodic_timer = false;
    std::uint64_t ctx_allow_ns = 5'000'000;   // sched_bvt.c ctx_allow = MILLISECS(5)
    quirks_config quirks;
};

struct platform_config {
    std::string board = "imx21";
    std::uint64_t cpu_hz = 266'000'000;       // i.MX21 MPLL 266 MHz (Xen-ARM arch-imx21 system.c)
    std::uint64_t sdram_bytes = 64ULL << 20;  // CSD0, 64 MiB default (docs/architecture.md, Platform)
    // Extra CPU cycles per SDRAM access (annotated delay) on top of the core's one-cycle
    // LDR/STR. 13: a single word from an idle row takes tRCD 3 + CL 3 + 1 data HCLK = 7 HCLK at
    // HCLK = FCLK/2 = 133 MHz, i.e. 14 CPU cycles (i.MX21 board init: "16Mx16x2 ... CL3",
    // "tRCD = 19ns ... RCD = 3 clk (SDCLK=133MHz)"; docs/models/bus_memory.md).
    std::uint64_t sdram_latency_cycles = 13;
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
    // Things that are allowed but probably not meant, one line each, located like errors:
    // `FILE:LINE:COLUMN: PATH: MESSAGE` or `--set TEXT: PATH: MESSAGE` (no "warning:" word).
    std::vector<std::string> warnings;
    // The scenario as YAML after every --set, with its name written out: a run directory's
    // scenario.yaml, which `rtvsim run` accepts and which reproduces the run.
    std::string resolved_yaml;
};

}  // namespace rtv::app
