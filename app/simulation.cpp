// SPDX-License-Identifier: Apache-2.0
#include "app/simulation.hpp"

#include <cstring>
#include <iostream>
#include <ctime>
#include <stdexcept>

#include "app/binary_guest_setup.hpp"
#include "app/binary_ucos.hpp"
#include "app/cost_names.hpp"
#include "app/cpu_usage.hpp"
#include "app/run_control.hpp"
#include "app/outputs.hpp"
#include "app/run_streams.hpp"
#include "app/runstate_monitor.hpp"
#include "app/scenario_loader.hpp"
#include "app/scenario_json.hpp"
#include "app/trace_json.hpp"
#include "app/ucos_setup.hpp"
#include "hv_model/domain_builder.hpp"
#include "hv_model/xen.hpp"
#include "rtos_model/busy_guest.hpp"
#include "rtos_model/fuzz_guest.hpp"
#include "rtos_model/idle_guest.hpp"
#include "rtos_model/timer_abuser_guest.hpp"
#include "sim/core/clock.hpp"
#include "sim/core/rng.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/debug/debug_gate.hpp"
#include "sim/debug/gdb_stub.hpp"
#include "sim/debug/rsp_connection.hpp"
#include "sim/imx21_periph/imx21_soc.hpp"

namespace rtv::app {
namespace {

// Guests keep their own data in the first 64 KiB of their memory; a working set follows.
constexpr std::uint32_t guest_kernel_bytes = 64u << 10;

// The uC/OS-II guest's configuration: tasks in CPU cycles and guest addresses.
std::unique_ptr<rtos::guest> make_ucos_guest(const scenario& sc, const domain_config& d, int account,
                                             std::uint32_t va_base, const rtos::ucos_costs& costs) {
    const ucos_parts p = make_ucos_parts(sc, d, va_base, va_base + guest_kernel_bytes);
    return std::make_unique<rtos::ucos_guest>(d.name, account, p.cfg, p.setup, p.seed, costs);
}

std::unique_ptr<rtos::guest> make_guest(const scenario& sc, const domain_config& d, int account,
                                        std::uint32_t va_base, const rtos::ucos_costs& costs) {
    const auto ws = static_cast<std::uint32_t>(d.working_set_bytes);
    const std::uint32_t ws_base =
        va_base + (d.memory_bytes >= guest_kernel_bytes + ws ? guest_kernel_bytes : 0);
    switch (d.guest) {
    case guest_kind::busy: return std::make_unique<rtos::busy_guest>(d.name, account, ws_base, ws);
    case guest_kind::idle: return std::make_unique<rtos::idle_guest>(d.name, account);
    case guest_kind::ucos: return make_ucos_guest(sc, d, account, va_base, costs);
    case guest_kind::fuzz: {
        rtos::fuzz_setup f;
        f.memory_base = va_base;
        f.memory_size = static_cast<std::uint32_t>(d.memory_bytes);
        f.hypercalls = d.fuzz.hypercalls;
        // Pointers into the other partitions (physical addresses: mapped nowhere in an offset
        // map, another domain's memory for an identity map), Xen's memory and the devices.
        for (std::uint32_t a = static_cast<std::uint32_t>(imx21::sdram_base); a < 0xC4000000u; a += 0x00400000u)
            f.foreign.push_back(a);
        f.foreign.push_back(0x10003000u);  // GPT1, Xen's tick
        f.foreign.push_back(0x10040000u);  // the AITC
        return std::make_unique<rtos::fuzz_guest>(d.name, account, f, sc.seed ^ core::fnv1a64(d.name));
    }
    case guest_kind::timer_abuser:
        return std::make_unique<rtos::timer_abuser_guest>(d.name, account, d.timer_abuser.near_ps / 1000,
                                                          d.timer_abuser.far_ps / 1000);
    case guest_kind::elf: return nullptr;  // real ARM code: Xen's domain builder makes its context
    }
    throw std::invalid_argument("domain " + d.name + ": this build has no uC/OS-II guest yet");
}


// FNV-1a folded over 64-bit words: partitions are whole MiB and hashing them byte by byte
// would cost more than a short run itself. A partition is mostly zero words, and a zero word
// only multiplies the hash by the prime: a run of k of them is one multiplication by prime^k
// (mod 2^64, as the word-by-word product), so the serial multiply chain is skipped there.
std::uint64_t checksum(const unsigned char* p, std::size_t n) {
    constexpr std::uint64_t prime = 0x100000001B3ULL;
    const auto word = [p](std::size_t i) {
        std::uint64_t w;
        std::memcpy(&w, p + 8 * i, 8);
        return w;
    };
    std::uint64_t h = 0xCBF29CE484222325ULL;
    const std::size_t words = n / 8;
    for (std::size_t i = 0; i < words;) {
        if (const std::uint64_t w = word(i); w != 0) {
            h = (h ^ w) * prime;
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        for (; end + 8 <= words; end += 8) {  // eight words at a time while all are zero
            std::uint64_t any = 0;
            for (std::size_t k = 0; k < 8; ++k) any |= word(end + k);
            if (any != 0) break;
        }
        while (end < words && word(end) == 0) ++end;
        std::uint64_t power = 1, base = prime;
        for (std::size_t k = end - i; k != 0; k >>= 1) {
            if (k & 1) power *= base;
            base *= base;
        }
        h *= power;
        i = end;
    }
    return h;
}

hv::xen_config make_xen_config(const scenario& sc) {
    hv::xen_config x;
    x.hz = sc.hypervisor.hz;
    x.precise_clock = sc.hypervisor.clock == clock_mode::precise;
    x.ctx_allow_ns = static_cast<std::int32_t>(sc.hypervisor.ctx_allow_ns);
    x.quirks.bvt_slice_units = sc.hypervisor.quirks.bvt_slice_units;
    x.quirks.recharge_on_continue = sc.hypervisor.quirks.recharge_on_continue;
    x.quirks.timer_list_no_resort = sc.hypervisor.quirks.timer_list_no_resort;
    x.quirks.ni_hypercall_hangs = sc.hypervisor.quirks.ni_hypercall_hangs;
    x.quirks.credit_no_tick = sc.hypervisor.quirks.credit_no_tick;
    x.scheduler = sc.hypervisor.scheduler;
    x.time_update = sc.hypervisor.time_update == time_update_mode::none      ? hv::time_update_kind::none
                    : sc.hypervisor.time_update == time_update_mode::jiffies ? hv::time_update_kind::jiffies
                                                                             : hv::time_update_kind::precise;
    x.time_update_at_switch_in = sc.hypervisor.time_update_at_switch_in;
    x.time_update_at_tick = sc.hypervisor.time_update_at_tick;
    x.virq_periodic_timer = sc.hypervisor.virq_periodic_timer;
    for (const domain_config& d : sc.domains)
        if (d.guest == guest_kind::fuzz && d.fuzz.check_invariants) x.check_invariants = true;
    x.sdram_bytes = static_cast<std::uint32_t>(sc.platform.sdram_bytes);
    for (std::size_t i = 0; i < sc.domains.size(); ++i) {
        const domain_config& d = sc.domains[i];
        hv::domain_spec spec;
        spec.name = d.name;
        spec.sched.bvt.mcu_adv = d.mcu_advance;
        spec.sched.bvt.warpback = d.warp.enabled ? 1 : 0;
        spec.sched.bvt.warpvalue = d.warp.value;
        spec.sched.bvt.warpl_ms = static_cast<hv::s_time_t>(d.warp.limit_ms);
        spec.sched.bvt.warpu_ms = static_cast<hv::s_time_t>(d.warp.unwarp_ms);
        spec.sched.sedf.given = d.sedf.given;
        spec.sched.sedf.period = static_cast<hv::s_time_t>(d.sedf.period_ps / 1000);
        spec.sched.sedf.slice = static_cast<hv::s_time_t>(d.sedf.slice_ps / 1000);
        spec.sched.sedf.latency = static_cast<hv::s_time_t>(d.sedf.latency_ps / 1000);
        spec.sched.sedf.extratime = d.sedf.extratime;
        spec.sched.sedf.weight = static_cast<std::uint16_t>(d.sedf.weight);
        spec.sched.credit.weight = static_cast<std::uint16_t>(d.credit.weight);
        spec.sched.credit.cap = static_cast<std::uint16_t>(d.credit.cap);
        spec.memory_bytes = static_cast<std::uint32_t>(d.memory_bytes);
        spec.identity_map = d.mapping == mapping_kind::identity;
        spec.virtual_base = d.virtual_base;
        for (const device_config& dev : d.devices) spec.devices.push_back(device_of(dev.name));
        spec.on_fault = d.on_fault == fault_policy::kill ? hv::on_fault_policy::kill : hv::on_fault_policy::inject;
        if (d.guest == guest_kind::elf) spec.image = hv::guest_image_spec{d.image.path, d.image.elf, d.image.sha256,
                                                                          d.image.cmdline, {}};
        x.domains.push_back(spec);
    }
    // Binary guests: the guest-kernel-specific layer may add configuration blocks, which must
    // land on symbols of the image (a scenario error at the image key otherwise).
    for (std::size_t i = 0; i < sc.domains.size(); ++i) {
        hv::domain_spec& spec = x.domains[i];
        if (!spec.image) continue;
        prepare_binary_guest(sc.domains[i], sc, i, x, *spec.image);
        try {
            const hv::loaded_image at = hv::plan_guest_image(*spec.image, sc.domains[i].virtual_base, spec.memory_bytes);
            hv::check_image_patches(*spec.image, at);
        } catch (const hv::elf_error& e) {
            throw scenario_error(sc.domains[i].image.where + ": domains[" + std::to_string(i) + "].image: " +
                                 spec.image->path + ": " + e.what());
        }
    }
    return x;
}

double ratio(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

run_result run_simulation(const scenario& sc, const run_options& options) {
    run_control* const control = options.control;
    const auto wall_start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    core::init_time_resolution();

    run_result r;
    r.sc = &sc;
    r.duration = sc.duration_ps;
    apply_cost_overrides(sc.costs, r.cpu_costs, r.hv_costs, r.ucos_costs);

    imx21::soc_config soc_cfg;
    soc_cfg.sdram_size = sc.platform.sdram_bytes;
    const core::clock_domain cpu_clock(sc.platform.cpu_hz);
    soc_cfg.sdram_latency_ps = cpu_clock.time_of(sc.platform.sdram_latency_cycles);
    imx21::imx21_soc soc("soc", soc_cfg);

    cpu::arm926_core core("cpu", sc.platform.cpu_hz);
    core.costs() = r.cpu_costs;
    core.set_memory_word_cycles(r.cpu_costs.memory_access + sc.platform.sdram_latency_cycles);
    core.bus.bind(soc.in);
    core.set_native_fast_paths(options.fast_paths);
    core.set_iss_fast_paths(options.fast_paths);
    core.bind_irq(soc.aitc().irq_out);
    core.bind_fiq(soc.aitc().fiq_out);

    hv::xen_config xcfg = make_xen_config(sc);
    std::vector<std::unique_ptr<core::picoseconds>> device_rises;
    // Metrics only: the true arrival of a device event is when its IRQ line rose.
    const auto arrival_probe = [&](const device_config& dev) {
        auto& rise = device_rises.emplace_back(std::make_unique<core::picoseconds>(0));
        imx21::gpt& timer = dev.name == "gpt2" ? soc.gpt2() : soc.gpt3();
        timer.irq.bind([p = rise.get()](bool level) {
            if (level) *p = core::now_ps();
        });
        return [p = rise.get()] { return *p; };
    };
    std::vector<std::unique_ptr<rtos::guest>> guests;
    for (std::size_t i = 0; i < sc.domains.size(); ++i) {
        const domain_config& d = sc.domains[i];
        const std::uint32_t pa = hv::partition_base(xcfg, i);
        const std::uint32_t va_base = d.mapping == mapping_kind::identity ? pa : d.virtual_base;
        guests.push_back(make_guest(sc, d, static_cast<int>(i), va_base, r.ucos_costs));
        if (!guests.back()) continue;  // a binary guest
        // The guest's code sits at the start of its memory (its kernel image).
        guests.back()->set_code({va_base, static_cast<std::uint32_t>(d.code_size_bytes)});
        if (auto* u = dynamic_cast<rtos::ucos_guest*>(guests.back().get()))
            for (std::size_t k = 0; k < d.devices.size(); ++k) u->set_arrival_probe(k, arrival_probe(d.devices[k]));
        if (d.rogue.enabled) guests.back()->set_rogue({true, d.rogue.at_ps, d.rogue.address, d.rogue.write});
        xcfg.domains[i].guest = guests.back().get();
    }
    hv::xen xen(xcfg, r.hv_costs);
    core.attach(xen);
    // The core's one instruction-observer slot, shared (binary-guest observers, a debugger);
    // installed only when someone listens, so scenarios without binary guests keep their speed.
    cpu::instruction_observer_list observers;
    // Binary uC/OS-II guests: observed in the running image (docs/guest_abi.md section 11).
    std::vector<std::unique_ptr<rtos::binary_ucos_observer>> binaries(sc.domains.size());
    for (std::size_t i = 0; i < sc.domains.size(); ++i) {
        const domain_config& d = sc.domains[i];
        if (!xcfg.domains[i].image || !observes_binary_ucos(d, *xcfg.domains[i].image)) continue;
        binaries[i] = make_binary_ucos_observer(sc, i, xcfg, xen, core);
        for (std::size_t k = 0; k < d.devices.size(); ++k) binaries[i]->set_arrival_probe(k, arrival_probe(d.devices[k]));
        observers.add(binaries[i].get());
    }
    std::unique_ptr<rtos::function_timer> profile;  // rtvsim run --profile DOMAIN
    if (!options.profile_domain.empty()) {
        std::size_t i = 0;
        while (i < sc.domains.size() && sc.domains[i].name != options.profile_domain) ++i;
        if (i == sc.domains.size() || !xcfg.domains[i].image)
            throw std::invalid_argument("--profile " + options.profile_domain + ": no binary (guest: elf) domain of that name");
        profile = make_binary_profile(sc, i, xcfg, xen, core);
        observers.add(profile.get());
    }

    cpu_usage_recorder usage(sc.domains.size(), sc.outputs.window_ps, sc.duration_ps);
    core.set_usage_listener(&usage);
    if (options.trace) {
        std::vector<std::string> names;
        for (const domain_config& d : sc.domains) names.push_back(d.name);
        r.trace = std::make_shared<trace_session>(usage, names, sc.duration_ps, options.window);
        r.trace->attach(core, xen);
    }
    // Rows of the RTOS guests (and trace events) go to part files as they happen.
    if (!options.stream_dir.empty()) r.streams = std::make_shared<run_streams>(options.stream_dir);
    if (r.trace && r.streams) r.trace->stream_to(*r.streams);
    // Model and binary uC/OS-II guests alike (both give tick samples and job records).
    const auto connect = [&r](const std::string& domain, const std::vector<std::string>& tasks, auto* u) {
        if (r.trace) r.trace->add_guest(domain, tasks);
        if (!r.streams) return;
        const std::size_t k = r.streams->add_guest(domain, tasks, u->ticks_per_sec());
        run_streams* streams = r.streams.get();
        trace_session* tr = r.trace.get();
        u->set_tick_sink([streams, tr, u, k](const rtos::tick_sample& t) {
            streams->tick(k, u->first_dispatch(), t);
            if (tr) tr->tick(k, t.t, drift_ticks(u->ticks_per_sec(), u->first_dispatch(), t.t, t.os_time));
        });
        u->set_job_sink([streams, tr, k](const rtos::job_record& j) {
            streams->job(k, j);
            if (tr) tr->job(k, j);
        });
    };
    for (std::size_t i = 0; i < sc.domains.size(); ++i) {
        std::vector<std::string> tasks;
        for (const ucos_task_spec& t : sc.domains[i].ucos.tasks) tasks.push_back(t.name);
        if (auto* u = dynamic_cast<rtos::ucos_guest*>(guests[i].get()))
            connect(sc.domains[i].name, tasks, u);
        else if (binaries[i])
            connect(sc.domains[i].name, tasks, binaries[i].get());
    }
    runstate_monitor monitor("runstate_monitor", xen, sc.outputs.window_ps, usage.whole_windows());

    const unsigned char* sdram = soc.sdram().data();
    const std::uint32_t sdram_base = static_cast<std::uint32_t>(imx21::sdram_base);
    std::vector<std::uint64_t> checksums_start;
    for (std::size_t i = 0; i < sc.domains.size(); ++i)
        checksums_start.push_back(checksum(sdram + (hv::partition_base(xcfg, i) - sdram_base), sc.domains[i].memory_bytes));

    // --gdb DOMAIN: a stub that acts only while that domain's vcpu owns the core. Xen makes
    // the vcpus when it boots, so the domain's context is looked up when the core runs one.
    std::unique_ptr<debug::rsp_connection> gdb_connection;
    std::unique_ptr<debug::gdb_stub> gdb;
    std::unique_ptr<debug::debug_gate> gdb_gate;
    if (!options.gdb_domain.empty()) {
        gdb_connection = std::make_unique<debug::rsp_connection>(options.gdb_port);
        std::cerr << "gdb: listening on 127.0.0.1:" << gdb_connection->port() << std::endl;
        const auto is_debuggee = [&xen, name = options.gdb_domain](const cpu::execution_context& ctx) {
            for (const auto& d : xen.domains())
                if (d->name == name) return d->vcpu0 && d->vcpu0->context == &ctx;
            return false;
        };
        gdb = std::make_unique<debug::gdb_stub>(*gdb_connection, core, is_debuggee);
        gdb->set_load_offset([&xen, name = options.gdb_domain]() -> std::uint32_t {
            for (const auto& d : xen.domains())
                if (const hv::loaded_image* image = d->name == name ? xen.image_of(*d) : nullptr) return image->bias;
            return 0;
        });
        gdb_gate = std::make_unique<debug::debug_gate>(xen, *gdb);
        core.attach(*gdb_gate);
        observers.add(gdb.get());
    }
    if (!observers.empty()) core.set_instruction_observer(&observers);
    // The run covers [0, duration): an event at exactly `duration` is outside it.
    const core::picoseconds last = sc.duration_ps - 1;
    if (!control) {
        sc_core::sc_start(core::to_sc_time(last));
    } else {
        // Slice by slice; starting SystemC again adds no event and changes no result.
        while (core::now_ps() < last && sc_core::sc_get_status() != sc_core::SC_STOPPED) {
            sc_core::sc_start(core::to_sc_time(std::min(run_control::slice_ps, last - core::now_ps())));
            if (core::now_ps() < last && sc_core::sc_get_status() != sc_core::SC_STOPPED &&
                !control->keep_going(core::now_ps())) {
                r.interrupted = true;
                break;
            }
        }
    }
    if (gdb) gdb->finish(0);  // a debugger waiting in `continue` sees the run end as an exit
    r.failure = xen.fatal_error();
    if (r.failure.empty() && gdb && gdb->killed()) r.failure = "the debugger ended the run (gdb kill)";
    // A hang stops SystemC at once; the core's own clock says when the failing path ran.
    r.stopped_at = r.failure.empty() ? (r.interrupted ? core::now_ps() : sc.duration_ps)
                                     : std::min(sc.duration_ps, std::max(core::now_ps(), core.local_time()));
    if (const hv::machine_stop& m = xen.machine_stopped(); m.stopped) {
        r.machine_action = m.action;
        r.machine_reason = m.reason;
        r.stopped_at = std::min<core::picoseconds>(sc.duration_ps, m.at_ps);
    }
    core.finish(r.stopped_at);
    // A boundary at exactly `duration` lies outside the run's events: sample it now.
    while (monitor.samples().size() <= usage.whole_windows()) monitor.take_sample();

    // Domains.
    for (std::size_t i = 0; i < sc.domains.size(); ++i) {
        const domain_config& d = sc.domains[i];
        const hv::domain& hd = *xen.domains()[i];
        domain_result dr;
        dr.name = d.name;
        dr.guest = guest_kind_name(d.guest);
        dr.weight = d.weight;
        dr.mcu_advance = d.mcu_advance;
        dr.cpu_time = usage.total(i);
        dr.runstate_running_ns = xen.runstate_running_time(*hd.vcpu0);
        dr.switches_in = hd.vcpu0->switches_in;
        dr.shutdown = hd.is_shutdown;
        dr.scheduler = xen.sched_ops().domain_state(hd);
        dr.killed = hd.is_dying;
        dr.partition_base = hd.memory_base;
        dr.partition_size = hd.memory_size;
        dr.checksum_start = checksums_start[i];
        dr.checksum_end = checksum(sdram + (hd.memory_base - sdram_base), hd.memory_size);
        const cpu::account_memory_stats ms = core.account_memory(static_cast<int>(i));
        dr.mem_accesses = ms.accesses;
        dr.tlb_hits = ms.tlb_hits;
        dr.tlb_misses = ms.tlb_misses;
        dr.walk_cycles = ms.walk_cycles;
        dr.faults = ms.faults;
        dr.cache_misses = ms.cache_misses;
        dr.code_refills = ms.code_refills;
        dr.code_refill_cycles = ms.code_refill_cycles;
        if (d.guest == guest_kind::elf) {
            dr.image = d.image.path;
            dr.image_sha256 = d.image.sha256;
        }
        r.domains.push_back(std::move(dr));
    }
    r.xen_time = usage.total(usage.xen_row());
    r.idle_time = usage.total(usage.idle_row());

    // Windows.
    const auto& samples = monitor.samples();
    for (std::size_t w = 0; w < usage.whole_windows(); ++w) {
        window_row row;
        row.start = w * usage.window();
        row.end = row.start + usage.window();
        for (std::size_t k = 0; k < usage.rows(); ++k)
            row.cpu_share.push_back(ratio(usage.in_window(k, w), usage.window()));
        const bool sampled = w + 1 < samples.size();
        const hv::s_time_t dnow = sampled ? samples[w + 1].now - samples[w].now : 0;
        for (std::size_t k = 0; k < sc.domains.size(); ++k) {
            const hv::s_time_t dr = sampled ? samples[w + 1].running[k] - samples[w].running[k] : 0;
            row.runstate_share.push_back(dnow > 0 ? static_cast<double>(dr) / static_cast<double>(dnow) : 0.0);
        }
        row.runstate_share.push_back(0.0);  // Xen does not account its own time to any vcpu
        const hv::s_time_t di = sampled ? samples[w + 1].running.back() - samples[w].running.back() : 0;
        row.runstate_share.push_back(dnow > 0 ? static_cast<double>(di) / static_cast<double>(dnow) : 0.0);
        r.windows.push_back(std::move(row));
    }

    // Counters, read through the registry the components filled.
    core::stats_registry reg;
    xen.register_stats(reg, "hypervisor");
    core.register_stats(reg, "cpu");
    // Binary guests ran real instructions: the ISS's counters (instructions, caches, TLB).
    for (const domain_config& d : sc.domains)
        if (d.guest == guest_kind::elf) {
            core.register_iss_stats(reg, "cpu.iss");
            break;
        }
    core.memory_management().register_stats(reg, "mmu");
    core.coprocessor().register_stats(reg, "cache");
    reg.add("sim.duration_ps", &sc.duration_ps);
    reg.add("sim.cpu_cycles", [&] { return core::stats_registry::value{cpu_clock.first_edge_at_or_after(sc.duration_ps)}; });
    reg.add("sim.delta_cycles", [] { return core::stats_registry::value{static_cast<std::uint64_t>(sc_core::sc_delta_count())}; });
    r.stats = reg.snapshot();
    for (std::size_t i = 0; i < sc.domains.size(); ++i) {
        guest_result gr;
        gr.domain = sc.domains[i].name;
        if (const auto* g = dynamic_cast<const rtos::ucos_guest*>(guests[i].get())) {
            gr.ticks_per_sec = g->ticks_per_sec();
            gr.first_dispatch = g->first_dispatch();
            gr.started = g->started();
            gr.ticks = g->ticks();
            gr.jobs.assign(g->kernel().jobs().begin(), g->kernel().jobs().end());
            gr.os_time = g->kernel().os_time();
            gr.port = g->port_counters();
            gr.kernel = g->kernel().counters();
            for (unsigned t = 0; t < g->kernel().task_count(); ++t) {
                gr.task_names.push_back(g->kernel().task_config(t).name);
                gr.task_stats.push_back(g->kernel().task_statistics(t, r.stopped_at));
                gr.task_relative_deadline_ps.push_back(g->kernel().task_config(t).relative_deadline_ps);
            }
        } else if (const rtos::binary_ucos_observer* b = binaries[i].get()) {
            gr.ticks_per_sec = b->ticks_per_sec();
            gr.first_dispatch = b->first_dispatch();
            gr.started = b->started();
            gr.ticks = b->ticks();
            gr.jobs.assign(b->jobs().begin(), b->jobs().end());
            gr.os_time = b->os_time();
            gr.port = b->port_counters();
            gr.kernel = b->kernel_counters();
            for (unsigned t = 0; t < b->task_count(); ++t) {
                gr.task_names.push_back(b->task_config(t).name);
                gr.task_stats.push_back(b->task_statistics(t, r.stopped_at));
                gr.task_relative_deadline_ps.push_back(b->relative_deadline_ps(t));
            }
        } else {
            continue;
        }
        if (r.streams) {
            const std::size_t k = r.guests.size();
            gr.streamed_max_drift = r.streams->drift(k).max;
            gr.streamed_min_drift = r.streams->drift(k).min;
        }
        r.guests.push_back(std::move(gr));
    }
    if (profile) {
        r.profile_domain = options.profile_domain;
        r.profile = profile->results();
    }
    for (const hv::fault_record& f : xen.faults()) r.faults.push_back({f.domain, f.at_ps, f.address, f.fsr, f.action});
    r.consoles["_xen"] = soc.uart1().output();  // Xen-ARM's own console is UART1
    for (const auto& [name, text] : xen.consoles()) r.consoles[name] = text;
    r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    r.cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    return r;
}

}  // namespace rtv::app
