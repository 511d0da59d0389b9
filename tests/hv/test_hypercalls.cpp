// SPDX-License-Identifier: Apache-2.0
// Every implemented hypercall's error paths on the whole platform, bad pointers included:
// a guest gets Xen's error code and the model stays consistent (xen.check_invariants).
#include <catch2/catch.hpp>

#include "hv_model/public/event_channel_abi.hpp"
#include "hv_model/public/hypercall_abi.hpp"
#include "hv_model/public/shared_info_layout.hpp"
#include "tests/hv/platform_bench.hpp"

using namespace rtv;
using cpu::step;
namespace abi = hv::abi;

namespace {
std::int32_t result_of(const cpu::work_item& item) { return item.steps.back().result; }

cpu::work_item call(std::uint32_t nr, std::array<std::uint32_t, 5> args) {
    cpu::work_item w;
    w.reset({step::hypercall(nr, args)});
    return w;
}
}  // namespace

TEST_CASE("bad pointers get -EFAULT from every hypercall that reads guest memory", "[hypercall]") {
    test::platform_bench b(2);
    const std::uint32_t other = 0xC1400000u;   // d1's partition: not in d0's page table
    const std::uint32_t xen_va = 0xFE000000u;  // Xen's region: above HYPERVISOR_VIRT_START
    auto& g = *b.guests[0];
    for (std::uint32_t p : {0u, other, xen_va, 0x20000000u}) {
        g.items.push_back(call(abi::hc_set_trap_table, {p}));
        g.items.push_back(call(abi::hc_event_channel_op, {p}));
        g.items.push_back(call(abi::hc_physdev_op, {p}));
        g.items.push_back(call(abi::hc_sched_op, {abi::schedop_shutdown, p}));
        g.items.push_back(call(abi::hc_console_io, {abi::consoleio_write, 16, p}));
    }
    b.run_for(50'000'000'000ULL);
    REQUIRE(g.done.size() == 20);
    for (const auto& item : g.done) CHECK(result_of(item) == -hv::xen_efault);
    CHECK(b.xen->consistent());
    CHECK_FALSE(b.xen->domains()[0]->is_shutdown);
}

TEST_CASE("unknown hypercalls and commands get -ENOSYS, console_io from a domU -EPERM", "[hypercall]") {
    test::platform_bench b(2, false, false);
    auto& g1 = *b.guests[1];
    g1.items.push_back(call(63, {}));
    g1.items.push_back(call(abi::hc_sched_op, {99, 0}));
    g1.items.push_back(call(abi::hc_xen_version, {7, 0}));
    g1.items.push_back(call(abi::hc_console_io, {abi::consoleio_write, 4, b.base(1) + 0x100}));
    b.run_for(50'000'000'000ULL);
    REQUIRE(g1.done.size() == 4);
    CHECK(result_of(g1.done[0]) == -hv::xen_enosys);
    CHECK(result_of(g1.done[1]) == -hv::xen_enosys);
    CHECK(result_of(g1.done[2]) == -hv::xen_enosys);
    CHECK(result_of(g1.done[3]) == -hv::xen_eperm);
}

TEST_CASE("as shipped an empty hypercall slot or a number past the table hangs the platform", "[hypercall][quirk]") {
    test::platform_bench b(1);
    auto& g = *b.guests[0];
    g.items.push_back(call(abi::hc_xen_version, {abi::xenver_version}));
    g.items.push_back(call(2, {}));  // do_ni_hypercall in entry.S's hypercall_table
    g.items.push_back(call(abi::hc_xen_version, {abi::xenver_version}));
    b.run_for(50'000'000'000ULL);
    REQUIRE(g.done.size() >= 1);
    CHECK(result_of(g.done[0]) == (3 << 16));
    CHECK(g.done.size() == 2);  // the call itself returned into a hung platform: nothing after it
    CHECK(b.xen->fatal_error().find("do_ni_hypercall") != std::string::npos);
    CHECK(hv::classify_hypercall(51) == hv::hypercall_slot::beyond_table);
    CHECK(hv::classify_hypercall(7) == hv::hypercall_slot::unmodelled);  // dom0_op: real, not modelled
    CHECK(hv::classify_hypercall(29) == hv::hypercall_slot::modelled);
}

TEST_CASE("set_trap_table needs all eight entries and clears the table otherwise", "[hypercall]") {
    test::platform_bench b(1);
    auto& g = *b.guests[0];
    const std::uint32_t tt = b.base(0) + 0x1000;
    cpu::work_item good;
    for (std::uint32_t v = 0; v < 8; ++v) {
        good.steps.push_back(step::store_to(tt + 8 * v, 0));
        good.steps.push_back(step::store_to(tt + 8 * v + 4, b.base(0) + 0x2000 + 4 * v));
    }
    good.steps.push_back(step::hypercall(abi::hc_set_trap_table, {tt}));
    g.items.push_back(good);
    cpu::work_item hole;
    hole.reset({step::store_to(tt + 8 * 5 + 4, 0), step::hypercall(abi::hc_set_trap_table, {tt})});
    g.items.push_back(hole);
    b.run_for(50'000'000'000ULL);
    REQUIRE(g.done.size() == 2);
    CHECK(result_of(g.done[0]) == 0);
    CHECK(result_of(g.done[1]) == -hv::xen_efault);
    CHECK(b.xen->domains()[0]->vcpu0->trap_table == std::array<std::uint32_t, 8>{});
}

TEST_CASE("event_channel_op validates ports and commands and copies results back", "[hypercall]") {
    test::platform_bench b(1);
    auto& g = *b.guests[0];
    const std::uint32_t a = b.base(0) + 0x1100;
    auto op = [&](std::vector<std::uint32_t> words) {
        cpu::work_item w;
        for (std::uint32_t i = 0; i < words.size(); ++i) w.steps.push_back(step::store_to(a + 4 * i, words[i]));
        w.steps.push_back(step::hypercall(abi::hc_event_channel_op, {a}));
        w.steps.push_back(step::load_from(a + 12));
        return w;
    };
    g.items.push_back(op({abi::evtchnop_bind_virq, abi::virq_timer, 0, 0}));
    g.items.push_back(op({abi::evtchnop_bind_virq, abi::virq_timer, 0, 0}));  // already bound
    g.items.push_back(op({abi::evtchnop_close, 5000}));                         // bad port
    g.items.push_back(op({abi::evtchnop_bind_pirq, 26, 0, 0}));                 // Xen's tick IRQ
    g.items.push_back(op({77}));                                                // unknown command
    b.run_for(50'000'000'000ULL);
    REQUIRE(g.done.size() == 5);
    CHECK(g.done[0].steps[4].result == 0);
    CHECK(g.done[0].steps[5].value != 0);  // the port Xen allocated, copied back
    CHECK(g.done[1].steps[4].result == -hv::xen_eexist);
    CHECK(g.done[2].steps[2].result == -hv::xen_einval);
    CHECK(g.done[3].steps[4].result == -hv::xen_eperm);
    CHECK(g.done[4].steps[1].result == -hv::xen_enosys);
    CHECK(b.xen->consistent());
}

TEST_CASE("the version protocol: an IRQ between the reader's loads makes it see the update", "[pv][time]") {
    test::platform_bench b(1, true);
    auto& g = *b.guests[0];
    const std::uint32_t t = abi::shared_info_va + abi::shinfo::vcpu0_time_version;
    // A read that spans a tick (Xen rewrites the time at every tick for the running vcpu).
    cpu::work_item torn;
    torn.reset({step::load_from(t), step::compute_for(3'000'000), step::load_from(t)});
    g.items.push_back(torn);
    cpu::work_item whole;
    whole.reset({step::load_from(t), step::load_from(t)});
    g.items.push_back(whole);
    b.run_for(100'000'000'000ULL);
    REQUIRE(g.done.size() == 2);
    const auto v1 = g.done[0].steps[0].value, v2 = g.done[0].steps[2].value;
    CHECK(v1 % 2 == 0);        // never odd when a guest can look: updates run with IRQs masked
    CHECK(v2 == v1 + 2);       // one update happened in between: the reader must retry
    CHECK(g.done[1].steps[0].value == g.done[1].steps[1].value);  // nothing in between: consistent
}

TEST_CASE("dom0 shutting down with reason poweroff halts the machine: the run ends there", "[hypercall]") {
    // domain_shutdown (xen/common/domain.c): dom0 + SHUTDOWN_poweroff -> machine_halt().
    test::platform_bench b(2);
    auto& g = *b.guests[0];
    const std::uint32_t reason_va = b.base(0) + 0x100;
    cpu::work_item w;
    w.reset({step::store_to(reason_va, abi::shutdown_poweroff), step::hypercall(abi::hc_sched_op, {abi::schedop_shutdown, reason_va})});
    g.items.push_back(w);
    g.items.push_back(call(abi::hc_xen_version, {abi::xenver_version}));
    b.run_for(50'000'000'000ULL);
    const hv::machine_stop& m = b.xen->machine_stopped();
    CHECK(m.stopped);
    CHECK(m.action == "halt");
    CHECK(m.reason == 0);
    CHECK(m.at_ps < 50'000'000'000ULL);
    CHECK(g.done.size() == 1);  // nothing ran after the halt
    CHECK(sc_core::sc_time_stamp() < sc_core::sc_time(50, sc_core::SC_MS));
}

TEST_CASE("dom0 shutting down with reason reboot restarts the machine but a domU shutdown does not", "[hypercall]") {
    test::platform_bench b(2);
    const auto shutdown = [&](std::uint32_t dom, std::uint32_t reason) {
        const std::uint32_t va = b.base(dom) + 0x100;
        cpu::work_item w;
        w.reset({step::store_to(va, reason), step::hypercall(abi::hc_sched_op, {abi::schedop_shutdown, va})});
        b.guests[dom]->items.push_back(w);
    };
    shutdown(1, abi::shutdown_poweroff);  // a domU: only that domain stops
    b.run_for(30'000'000'000ULL);
    CHECK(b.xen->domains()[1]->is_shutdown);
    CHECK_FALSE(b.xen->machine_stopped().stopped);
    shutdown(0, abi::shutdown_reboot);
    b.run_for(30'000'000'000ULL);
    CHECK(b.xen->machine_stopped().stopped);
    CHECK(b.xen->machine_stopped().action == "restart");
    CHECK(b.xen->machine_stopped().reason == 1);
}
