#include "app/scenario_json.hpp"

namespace rtv::app {
namespace {

const char* to_string(guest_kind g) { return g == guest_kind::busy ? "busy" : "idle"; }
const char* to_string(clock_mode c) { return c == clock_mode::jiffies ? "jiffies" : "precise"; }
const char* to_string(time_update_mode) { return "none"; }

nlohmann::json domain_json(const domain_config& d) {
    return {
        {"name", d.name},
        {"guest", to_string(d.guest)},
        {"weight", d.weight},
        {"mcu_advance", d.mcu_advance},
        {"memory_bytes", d.memory_bytes},
        {"warp",
         {{"enabled", d.warp.enabled},
          {"value", d.warp.value},
          {"limit_ms", d.warp.limit_ms},
          {"unwarp_ms", d.warp.unwarp_ms}}},
    };
}

}  // namespace

nlohmann::json resolved_json(const scenario& sc) {
    nlohmann::json domains = nlohmann::json::array();
    for (const auto& d : sc.domains) domains.push_back(domain_json(d));

    const auto& p = sc.platform;
    const auto& h = sc.hypervisor;
    return {
        {"name", sc.name},
        {"duration_ps", sc.duration_ps},
        {"seed", sc.seed},
        {"platform",
         {{"board", p.board},
          {"cpu_clock_hz", p.cpu_hz},
          {"sdram_bytes", p.sdram_bytes},
          {"sdram_latency_cycles", p.sdram_latency_cycles}}},
        {"hypervisor",
         {{"scheduler", h.scheduler},
          {"hz", h.hz},
          {"clock", to_string(h.clock)},
          {"time_update", to_string(h.time_update)},
          {"ctx_allow_ns", h.ctx_allow_ns},
          {"quirks",
           {{"bvt_slice_units", h.quirks.bvt_slice_units},
            {"recharge_on_continue", h.quirks.recharge_on_continue},
            {"timer_list_no_resort", h.quirks.timer_list_no_resort}}}}},
        {"domains", domains},
        {"outputs", {{"window_ps", sc.outputs.window_ps}, {"trace", sc.outputs.trace}}},
        // Only the costs the scenario overrides; the full resolved table is the cost layer's to add.
        {"cost_overrides_cycles", sc.costs},
    };
}

}  // namespace rtv::app
