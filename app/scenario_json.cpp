// SPDX-License-Identifier: Apache-2.0
#include "app/scenario_json.hpp"

#include "app/units.hpp"

namespace rtv::app {

const char* guest_kind_name(guest_kind g) {
    switch (g) {
        case guest_kind::busy: return "busy";
        case guest_kind::idle: return "idle";
        case guest_kind::ucos: return "ucos";
        case guest_kind::fuzz: return "fuzz";
        case guest_kind::timer_abuser: return "timer_abuser";
        case guest_kind::elf: return "elf";
    }
    return "?";
}

namespace {

const char* to_string(guest_kind g) { return guest_kind_name(g); }
const char* to_string(clock_mode c) { return c == clock_mode::jiffies ? "jiffies" : "precise"; }
const char* to_string(time_update_mode t) {
    switch (t) {
        case time_update_mode::none: return "none";
        case time_update_mode::jiffies: return "jiffies";
        case time_update_mode::precise: return "precise";
    }
    return "?";
}
const char* to_string(mapping_kind m) { return m == mapping_kind::identity ? "identity" : "offset"; }
const char* to_string(fault_policy f) { return f == fault_policy::inject ? "inject" : "kill"; }
const char* to_string(ucos_policy p) { return p == ucos_policy::fixed_priority ? "fixed-priority" : "edf"; }
const char* to_string(ucos_tick_mode t) { return t == ucos_tick_mode::naive ? "naive" : "corrected"; }
const char* to_string(ucos_idle i) { return i == ucos_idle::spin ? "spin" : "block"; }
const char* to_string(ucos_task_kind k) {
    switch (k) {
        case ucos_task_kind::periodic: return "periodic";
        case ucos_task_kind::sporadic: return "sporadic";
        case ucos_task_kind::event: return "event";
    }
    return "?";
}

// Each task carries the keys of its kind only, so no key holds a meaningless zero.
nlohmann::json task_json(const ucos_task_spec& t) {
    nlohmann::json j{{"name", t.name}, {"kind", to_string(t.kind)}};
    switch (t.kind) {
        case ucos_task_kind::periodic:
            j["period_ps"] = t.period_ps;
            j["offset_ps"] = t.offset_ps;
            j["release"] = t.release == ucos_release::delay ? "delay" : "absolute";
            break;
        case ucos_task_kind::sporadic:
            j["min_interarrival_ps"] = t.min_interarrival_ps;
            j["max_extra_ps"] = t.max_extra_ps;
            j["offset_ps"] = t.offset_ps;
            break;
        case ucos_task_kind::event: j["device"] = t.device; break;
    }
    j["wcet_ps"] = t.wcet_ps;
    j["deadline_ps"] = t.deadline_ps;
    j["priority"] = t.priority;
    j["working_set_bytes"] = t.working_set_bytes;
    return j;
}

nlohmann::json ucos_json(const ucos_guest_config& u) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& t : u.tasks) tasks.push_back(task_json(t));
    return {
        {"policy", to_string(u.policy)},
        {"tick_mode", to_string(u.tick_mode)},
        {"idle", to_string(u.idle)},
        {"ticks_per_sec", u.ticks_per_sec},
        {"tasks", tasks},
    };
}

nlohmann::json domain_json(const domain_config& d, const std::string& scheduler) {
    nlohmann::json devices = nlohmann::json::array();
    for (const auto& dev : d.devices) devices.push_back({{"name", dev.name}, {"period_ps", dev.period_ps}});
    nlohmann::json j{
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
        {"mapping", to_string(d.mapping)},
        {"virtual_base", d.virtual_base},
        {"virtual_base_hex", format_address(d.virtual_base)},
        {"working_set_bytes", d.working_set_bytes},
        {"code_size_bytes", d.code_size_bytes},
        {"on_fault", to_string(d.on_fault)},
        {"rogue",
         {{"enabled", d.rogue.enabled},
          {"at_ps", d.rogue.at_ps},
          {"address", d.rogue.address},
          {"address_hex", format_address(d.rogue.address)},
          {"write", d.rogue.write}}},
        {"devices", devices},
    };
    // A scheduler's parameters appear when the scenario gives them or that scheduler runs;
    // SEDF's `given: false` means the tree's defaults (sedf_add_task).
    if (d.sedf.given || scheduler == "sedf") {
        nlohmann::json s{{"given", d.sedf.given}};
        if (d.sedf.given) {
            s["period_ps"] = d.sedf.period_ps;
            s["slice_ps"] = d.sedf.slice_ps;
            s["latency_ps"] = d.sedf.latency_ps;
            s["extratime"] = d.sedf.extratime;
            s["weight"] = d.sedf.weight;
        }
        j["sedf"] = s;
    }
    if (d.credit.given || scheduler == "credit") j["credit"] = {{"weight", d.credit.weight}, {"cap", d.credit.cap}};
    if (!d.unused_keys.empty()) j["unused_keys"] = d.unused_keys;
    // Only a ucos guest has a kernel, only a fuzz or timer_abuser guest its settings; for the
    // others the defaults would mean nothing.
    if (d.guest == guest_kind::ucos || (d.guest == guest_kind::elf && !d.ucos.tasks.empty()))
        j["ucos"] = ucos_json(d.ucos);
    if (d.guest == guest_kind::fuzz)
        j["fuzz"] = {{"hypercalls", d.fuzz.hypercalls}, {"check_invariants", d.fuzz.check_invariants}};
    if (d.guest == guest_kind::timer_abuser)
        j["timer_abuser"] = {{"near_ps", d.timer_abuser.near_ps}, {"far_ps", d.timer_abuser.far_ps}};
    if (d.guest == guest_kind::elf)
        j["image"] = {{"path", d.image.path}, {"sha256", d.image.sha256}, {"cmdline", d.image.cmdline}};
    return j;
}

nlohmann::json time_update_at(const hypervisor_config& h) {
    nlohmann::json at = nlohmann::json::array();
    if (h.time_update_at_switch_in) at.push_back("switch_in");
    if (h.time_update_at_tick) at.push_back("tick");
    return at;
}

}  // namespace

nlohmann::json resolved_json(const scenario& sc) {
    nlohmann::json domains = nlohmann::json::array();
    for (const auto& d : sc.domains) domains.push_back(domain_json(d, sc.hypervisor.scheduler));

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
          {"time_update_at", time_update_at(h)},
          {"virq_timer", h.virq_periodic_timer ? "periodic_timer" : "every_tick"},
          {"ctx_allow_ns", h.ctx_allow_ns},
          {"quirks",
           {{"bvt_slice_units", h.quirks.bvt_slice_units},
            {"recharge_on_continue", h.quirks.recharge_on_continue},
            {"timer_list_no_resort", h.quirks.timer_list_no_resort},
            {"ni_hypercall_hangs", h.quirks.ni_hypercall_hangs},
            {"credit_no_tick", h.quirks.credit_no_tick}}}}},
        {"domains", domains},
        {"outputs", {{"window_ps", sc.outputs.window_ps}, {"trace", sc.outputs.trace}}},
        // Only the costs the scenario overrides; the full resolved table is the cost layer's to add.
        {"cost_overrides_cycles", sc.costs},
    };
}

}  // namespace rtv::app
