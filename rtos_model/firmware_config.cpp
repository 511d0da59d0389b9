// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/firmware_config.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "rtos_model/ucos/ucos_kernel.hpp"
#include "sim/core/clock.hpp"

namespace rtv::rtos {

namespace {

constexpr std::uint64_t word_max = std::numeric_limits<std::uint32_t>::max();

std::uint32_t word(std::uint64_t v, const std::string& what) {
    if (v > word_max) throw std::invalid_argument(what + " (" + std::to_string(v) + ") does not fit the firmware's 32 bits");
    return static_cast<std::uint32_t>(v);
}

// Whole ticks of a time the model guest has already checked to be whole (or rounds up).
std::uint64_t ticks_floor(std::uint64_t ps, unsigned tps) { return core::mul_div_floor(ps, tps, core::ps_per_second); }

// The next 32-byte cache line boundary at or after `a` (working sets start on a line).
std::uint64_t line_up(std::uint64_t a) {
    return (a + ucos_kernel::line_bytes - 1) / ucos_kernel::line_bytes * ucos_kernel::line_bytes;
}

template <typename Block>
std::vector<std::uint8_t> words_of(const Block& b) {
    static_assert(sizeof(Block) % 4 == 0, "a block of 32-bit words");
    std::uint32_t w[sizeof(Block) / 4];
    std::memcpy(w, &b, sizeof b);
    std::vector<std::uint8_t> out;
    out.reserve(sizeof b);
    for (std::uint32_t v : w)
        for (unsigned k = 0; k < 4; ++k) out.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
    return out;
}

}  // namespace

rtv_ucos_config make_ucos_config(const ucos_config& cfg, const ucos_guest_setup& setup, std::uint64_t seed,
                                 const free_guest_memory& memory) {
    // The model guest's own checks and conversions (names, priorities, whole ticks, deadlines).
    const ucos_kernel kernel(cfg, seed, {});
    if (cfg.tasks.size() > RTV_UCOS_MAX_TASKS)
        throw std::invalid_argument("ucos: the binary kernel takes at most " + std::to_string(RTV_UCOS_MAX_TASKS) +
                                    " tasks, this task set has " + std::to_string(cfg.tasks.size()));
    if (setup.devices.size() > RTV_UCOS_MAX_DEVICES)
        throw std::invalid_argument("ucos: the binary kernel drives at most " + std::to_string(RTV_UCOS_MAX_DEVICES) +
                                    " devices");

    rtv_ucos_config c{};
    c.magic = RTV_UCOS_CONFIG_MAGIC;
    c.version = RTV_UCOS_CONFIG_VERSION;
    c.size = sizeof c;
    c.policy = cfg.scheduling == ucos_config::policy::edf ? RTV_POLICY_EDF : RTV_POLICY_FIXED_PRIORITY;
    c.tick_mode = setup.mode == tick_mode::corrected ? RTV_TICK_CORRECTED : RTV_TICK_NAIVE;
    c.idle = cfg.idle == ucos_config::idle_behaviour::block ? RTV_IDLE_BLOCK : RTV_IDLE_SPIN;
    c.ticks_per_sec = cfg.ticks_per_sec;
    // The firmware's xorshift32 seeds: the domain's 64-bit seed folded to 32 bits.
    c.seed = static_cast<std::uint32_t>(seed ^ (seed >> 32));
    c.n_tasks = static_cast<std::uint32_t>(cfg.tasks.size());
    c.n_devices = static_cast<std::uint32_t>(setup.devices.size());

    std::vector<std::uint32_t> device_of(cfg.tasks.size(), ~0u);
    for (std::size_t k = 0; k < setup.devices.size(); ++k) {
        const ucos_device& d = setup.devices[k];
        c.devices[k].base = d.base;
        c.devices[k].irq = d.irq;
        c.devices[k].compare = word(gpt_period_counts(d.period_ps, d.clock_hz) - 1, "device " + d.name + ": its period in timer counts");
        for (unsigned t : d.tasks) device_of.at(t) = static_cast<std::uint32_t>(k);
    }

    const unsigned tps = cfg.ticks_per_sec;
    std::uint64_t ws_next = line_up(memory.begin);
    for (std::size_t i = 0; i < cfg.tasks.size(); ++i) {
        const ucos_task_config& t = cfg.tasks[i];
        rtv_ucos_task_config& o = c.tasks[i];
        const std::string who = "ucos task '" + t.name + "'";
        using kind = ucos_task_config::kind;
        o.kind = t.k == kind::periodic ? RTV_TASK_PERIODIC : t.k == kind::sporadic ? RTV_TASK_SPORADIC : RTV_TASK_EVENT;
        o.priority = t.priority;
        if (t.k == kind::periodic) o.period_ticks = word(kernel.period_ticks(static_cast<unsigned>(i)), who + ": period in ticks");
        if (t.k == kind::sporadic) {
            o.period_ticks = word(ticks_floor(t.min_interarrival_ps, tps), who + ": minimum inter-arrival time in ticks");
            o.extra_ticks = word(ticks_floor(t.max_extra_ps, tps), who + ": maximum extra in ticks");
        }
        if (t.k != kind::event) o.offset_ticks = word(ticks_floor(t.offset_ps, tps), who + ": offset in ticks");
        o.deadline_ticks = word(kernel.relative_deadline_ticks(static_cast<unsigned>(i)), who + ": deadline in ticks");
        o.wcet_cycles = word(t.wcet_cycles, who + ": wcet in cycles");
        if (t.k == kind::event) {
            if (device_of[i] == ~0u) throw std::invalid_argument(who + ": an event-driven task needs a device");
            o.device = device_of[i];
        }
        o.release = t.release == ucos_task_config::release_mode::absolute ? RTV_RELEASE_ABSOLUTE : RTV_RELEASE_DELAY;
        // The name is for the guest's messages and a debugger: cut to what the block holds.
        std::memcpy(o.name, t.name.data(), std::min<std::size_t>(t.name.size(), RTV_UCOS_NAME_BYTES - 1));
        if (t.working_set_bytes > 0) {
            const std::uint64_t end = ws_next + t.working_set_bytes;
            if (end > memory.end)
                throw std::invalid_argument(who + ": its working set of " + std::to_string(t.working_set_bytes) +
                                            " bytes does not fit in the domain's memory after the image (" +
                                            std::to_string(memory.end > ws_next ? memory.end - ws_next : 0) +
                                            " bytes left)");
            o.working_set_base = static_cast<std::uint32_t>(ws_next);
            o.working_set_bytes = static_cast<std::uint32_t>(t.working_set_bytes);
            ws_next = line_up(end);
        }
    }
    return c;
}

rtv_busy_config make_busy_config(std::uint64_t working_set_bytes, std::uint64_t chunk_cycles,
                                 const free_guest_memory& memory) {
    rtv_busy_config c{};
    c.magic = RTV_BUSY_CONFIG_MAGIC;
    c.version = RTV_BUSY_CONFIG_VERSION;
    c.size = sizeof c;
    c.chunk_cycles = chunk_cycles ? word(chunk_cycles, "busy guest: chunk in cycles") : RTV_BUSY_DEFAULT_CHUNK_CYCLES;
    if (working_set_bytes > 0) {
        const std::uint64_t base = line_up(memory.begin);
        if (base + working_set_bytes > memory.end)
            throw std::invalid_argument("busy guest: its working set of " + std::to_string(working_set_bytes) +
                                        " bytes does not fit in the domain's memory after the image");
        c.working_set_base = static_cast<std::uint32_t>(base);
        c.working_set_bytes = static_cast<std::uint32_t>(working_set_bytes);
    }
    return c;
}

std::vector<std::uint8_t> config_bytes(const rtv_ucos_config& c) { return words_of(c); }
std::vector<std::uint8_t> config_bytes(const rtv_busy_config& c) { return words_of(c); }

}  // namespace rtv::rtos
