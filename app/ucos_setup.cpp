// SPDX-License-Identifier: Apache-2.0
#include "app/ucos_setup.hpp"

#include <stdexcept>

#include "sim/core/clock.hpp"
#include "sim/core/rng.hpp"
#include "sim/imx21_periph/imx21_map.hpp"

namespace rtv::app {

ucos_parts make_ucos_parts(const scenario& sc, const domain_config& d, std::uint32_t memory_base, std::uint32_t ws_base) {
    const ucos_guest_config& u = d.ucos;
    ucos_parts p;
    rtos::ucos_config& cfg = p.cfg;
    cfg.ticks_per_sec = u.ticks_per_sec;
    cfg.scheduling = u.policy == ucos_policy::edf ? rtos::ucos_config::policy::edf : rtos::ucos_config::policy::fixed_priority;
    cfg.idle = u.idle == ucos_idle::block ? rtos::ucos_config::idle_behaviour::block : rtos::ucos_config::idle_behaviour::spin;
    cfg.cpu_hz = sc.platform.cpu_hz;
    rtos::ucos_guest_setup& setup = p.setup;
    setup.memory_base = memory_base;
    setup.mode = u.tick_mode == ucos_tick_mode::corrected ? rtos::tick_mode::corrected : rtos::tick_mode::naive;
    setup.periodic_timer = sc.hypervisor.virq_periodic_timer;
    for (const device_config& dev : d.devices) {
        const hv::device_grant g = device_of(dev.name);
        setup.devices.push_back({dev.name, g.window.base, g.irq, dev.period_ps, imx21::default_perclk1_hz, {}, {}});
    }
    std::uint32_t ws_next = ws_base;
    for (std::size_t i = 0; i < u.tasks.size(); ++i) {
        const ucos_task_spec& t = u.tasks[i];
        rtos::ucos_task_config tc;
        tc.name = t.name;
        tc.k = t.kind == ucos_task_kind::periodic   ? rtos::ucos_task_config::kind::periodic
               : t.kind == ucos_task_kind::sporadic ? rtos::ucos_task_config::kind::sporadic
                                                    : rtos::ucos_task_config::kind::event;
        tc.period_ps = t.period_ps;
        tc.offset_ps = t.offset_ps;
        tc.release = t.release == ucos_release::delay ? rtos::ucos_task_config::release_mode::delay
                                                      : rtos::ucos_task_config::release_mode::absolute;
        tc.min_interarrival_ps = t.min_interarrival_ps;
        tc.max_extra_ps = t.max_extra_ps;
        tc.wcet_cycles = core::mul_div_ceil(t.wcet_ps, sc.platform.cpu_hz, core::ps_per_second);
        tc.relative_deadline_ps = t.deadline_ps;
        tc.priority = t.priority;
        tc.working_set_bytes = t.working_set_bytes;
        tc.working_set_base = ws_next;
        ws_next += static_cast<std::uint32_t>(t.working_set_bytes);
        cfg.tasks.push_back(tc);
        if (t.kind == ucos_task_kind::event)
            for (std::size_t k = 0; k < d.devices.size(); ++k)
                if (d.devices[k].name == t.device) setup.devices[k].tasks.push_back(static_cast<unsigned>(i));
    }
    // One generator per component: the scenario seed mixed with the domain's name.
    p.seed = sc.seed ^ core::fnv1a64(d.name);
    return p;
}

hv::device_grant device_of(const std::string& name) {
    if (name == "gpt2") return {{static_cast<std::uint32_t>(imx21::gpt2_base), 0x1000}, imx21::irq_gpt2};
    if (name == "gpt3") return {{static_cast<std::uint32_t>(imx21::gpt3_base), 0x1000}, imx21::irq_gpt3};
    throw std::invalid_argument("unknown device " + name);
}

}  // namespace rtv::app
