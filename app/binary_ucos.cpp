// SPDX-License-Identifier: Apache-2.0
#include "app/binary_ucos.hpp"

#include <stdexcept>

#include "app/ucos_setup.hpp"
#include "hv_model/domain_builder.hpp"
#include "rtos_model/firmware_config.hpp"

namespace rtv::app {

namespace {

constexpr const char* ucos_block = "rtv_ucos_config";
constexpr const char* busy_block = "rtv_busy_config";
constexpr std::uint32_t page = 4096;

// What the domain builder leaves free: from the page after the boot stack to the range's end.
rtos::free_guest_memory free_memory(const hv::guest_image_spec& image, const image_range& range) {
    const hv::loaded_image at = hv::plan_guest_image(image, range.base, range.size);
    const std::uint64_t begin = (std::uint64_t{at.stack_top} + page - 1) / page * page;
    return {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(std::uint64_t{range.base} + range.size)};
}

bool exports(const hv::guest_image_spec& image, const char* symbol) { return image.elf->symbol(symbol).has_value(); }

// Link-time address + load bias of a symbol of the domain's image (0: not exported).
struct image_symbols {
    const hv::guest_image_spec& image;
    hv::loaded_image at;
    std::uint32_t operator()(const char* name) const {
        const auto s = image.elf->symbol(name);
        return s ? s->value + at.bias : 0;
    }
};

image_symbols symbols_of(const hv::xen_config& xcfg, std::size_t index) {
    const hv::guest_image_spec& image = *xcfg.domains.at(index).image;
    const image_range range = image_range_of(xcfg, index);
    return {image, hv::plan_guest_image(image, range.base, range.size)};
}

// True while domain `index`'s context owns the core. Xen creates its domains when it boots
// (after the observers are made): the domain is looked up when asked.
std::function<bool()> owns_core(const hv::xen& xen, std::size_t index) {
    return [&xen, index] {
        const hv::domain* current = xen.current_domain();
        return current && index < xen.domains().size() && current == xen.domains()[index].get();
    };
}

rtv_ucos_config ucos_block_of(const scenario& sc, const domain_config& d, const image_range& range,
                              const hv::guest_image_spec& image) {
    const ucos_parts p = make_ucos_parts(sc, d, range.base, 0);
    return rtos::make_ucos_config(p.cfg, p.setup, p.seed, free_memory(image, range));
}

}  // namespace

image_range image_range_of(const hv::xen_config& xcfg, std::size_t index) {
    const hv::domain_spec& s = xcfg.domains.at(index);
    return {s.identity_map ? hv::partition_base(xcfg, index) : s.virtual_base, s.memory_bytes};
}

void add_firmware_config(const scenario& sc, const domain_config& d, const image_range& range,
                         hv::guest_image_spec& image) {
    if (!d.ucos.tasks.empty()) {
        if (!exports(image, ucos_block))
            throw std::invalid_argument("the image has no '" + std::string(ucos_block) +
                                        "' symbol to take the ucos: block (docs/guest_abi.md section 10)");
        image.patches.push_back({ucos_block, rtos::config_bytes(ucos_block_of(sc, d, range, image))});
    }
    if (exports(image, busy_block))
        image.patches.push_back(
            {busy_block, rtos::config_bytes(rtos::make_busy_config(d.working_set_bytes, 0, free_memory(image, range)))});
}

bool observes_binary_ucos(const domain_config& d, const hv::guest_image_spec& image) {
    if (d.ucos.tasks.empty()) return false;
    for (const char* s : {"OSTime", "OSPrioHighRdy", "rtv_ucos_state", "rtv_hook_tick_done", "rtv_hook_job_released",
                          "rtv_hook_job_finished", "OSTaskSwHook"})
        if (!exports(image, s)) return false;
    return true;
}

std::unique_ptr<rtos::binary_ucos_observer> make_binary_ucos_observer(const scenario& sc, std::size_t index,
                                                                      const hv::xen_config& xcfg, const hv::xen& xen,
                                                                      cpu::arm926_core& core) {
    const domain_config& d = sc.domains.at(index);
    const image_range range = image_range_of(xcfg, index);
    const image_symbols address = symbols_of(xcfg, index);
    rtos::ucos_symbols sym;
    sym.os_time = address("OSTime");
    sym.os_prio_high_rdy = address("OSPrioHighRdy");
    sym.os_ctx_sw_ctr = address("OSCtxSwCtr");
    sym.state = address("rtv_ucos_state");
    sym.hook_tick_done = address("rtv_hook_tick_done");
    sym.hook_job_released = address("rtv_hook_job_released");
    sym.hook_job_finished = address("rtv_hook_job_finished");
    sym.hook_task_switch = address("OSTaskSwHook");

    rtos::observed_domain od;
    od.read32 = [&xen, &core, index](std::uint32_t va, std::uint32_t& value) {
        if (index >= xen.domains().size()) return false;
        const std::optional<std::uint32_t> pa = xen.guest_va_to_pa(*xen.domains()[index], va);
        if (!pa) return false;
        value = core.debug_read32(*pa);
        return true;
    };
    od.owns_core = owns_core(xen, index);
    od.now = [&core] { return core.local_time(); };
    const ucos_parts p = make_ucos_parts(sc, d, range.base, 0);
    return std::make_unique<rtos::binary_ucos_observer>(p.cfg, ucos_block_of(sc, d, range, address.image), sym,
                                                        std::move(od));
}

std::unique_ptr<rtos::function_timer> make_binary_profile(const scenario&, std::size_t index, const hv::xen_config& xcfg,
                                                          const hv::xen& xen, cpu::arm926_core& core) {
    // The paths the model guest's cost table estimates (rtos_model/ucos/ucos_costs.hpp), as the
    // project's firmware names them; OSTaskIdleHook is timed entry to entry: one idle iteration.
    static const char* const calls[] = {"rtv_upcall",    "OSIntEnter",       "OSIntExit",           "OSTimeTick",
                                        "rtv_app_tick",  "rtv_release",      "OSSemPost",           "OSTimeDly",
                                        "OS_Sched",      "rtv_switch_to_high", "rtv_read_system_time",
                                        "rtv_tick_clock_ticks", "rtv_touch_lines", "rtv_burn_cycles",
                                        "rtv_app_job_finish"};
    const image_symbols address = symbols_of(xcfg, index);
    std::vector<rtos::timed_function> functions;
    for (const char* name : calls)
        if (const std::uint32_t a = address(name)) functions.push_back({name, a, false});
    if (const std::uint32_t a = address("OSTaskIdleHook")) functions.push_back({"OSTaskIdleHook", a, true});
    return std::make_unique<rtos::function_timer>(std::move(functions), owns_core(xen, index),
                                                  [&core] { return core.cycle(); });
}

}  // namespace rtv::app
