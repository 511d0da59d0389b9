// SPDX-License-Identifier: Apache-2.0
// Scenario loading: unit parsing, the schema's checks with their exact locations, --set
// overrides, the resolved JSON and the documentation of every key.
//
// Link with tests/app/fake_cost_names.cpp (cost names irq_vector, context_switch_base and
// hypercall_entry: a subset of the real names, so the data files are valid for rtvsim too).
// RTV_SOURCE_DIR must name the source tree (for tests/data and docs).
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <sstream>

#include "app/scenario_json.hpp"
#include "app/scenario_loader.hpp"
#include "app/units.hpp"

#ifndef RTV_SOURCE_DIR
#error "compile with -DRTV_SOURCE_DIR=\"<source tree>\""
#endif

using namespace rtv::app;

namespace {

const std::string data_dir = std::string(RTV_SOURCE_DIR) + "/tests/data/";

// The message of the scenario_error that `f` throws; fails the test if it throws nothing.
std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const scenario_error& e) {
        return e.what();
    }
    FAIL("no scenario_error thrown");
    return {};
}

std::string file_error(const std::string& name, const std::vector<std::string>& sets = {}) {
    return error_of([&] { load_scenario(data_dir + "bad/" + name, sets); });
}

std::string text_error(const std::string& text, const std::vector<std::string>& sets = {}) {
    return error_of([&] { load_scenario_text(text, "t.yaml", sets); });
}

const std::string two_domains =
    "domains:\n"
    "  - name: dom0\n"
    "    guest: busy\n"
    "  - name: ucos\n"
    "    guest: idle\n";

// A scenario with one domain and the given extra top-level text.
std::string with_domain(const std::string& extra) { return extra + "domains: [{name: dom0, guest: busy}]\n"; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// units

TEST_CASE("durations convert exactly to picoseconds", "[units]") {
    CHECK(*parse_duration_ps("10s").value == 10'000'000'000'000ULL);
    CHECK(*parse_duration_ps("100ms").value == 100'000'000'000ULL);
    CHECK(*parse_duration_ps("250us").value == 250'000'000ULL);
    CHECK(*parse_duration_ps("250\xC2\xB5s").value == 250'000'000ULL);
    CHECK(*parse_duration_ps("5ns").value == 5'000ULL);
    CHECK(*parse_duration_ps("7ps").value == 7ULL);
    CHECK(*parse_duration_ps("0s").value == 0ULL);
    CHECK(*parse_duration_ps("10 ms").value == 10'000'000'000ULL);
    // Decimals by string arithmetic: each of these is off by some ps through a double.
    CHECK(*parse_duration_ps("1.5s").value == 1'500'000'000'000ULL);
    CHECK(*parse_duration_ps("1.000000000001s").value == 1'000'000'000'001ULL);
    CHECK(*parse_duration_ps("0.000000000001s").value == 1ULL);
    CHECK(*parse_duration_ps("2.5ms").value == 2'500'000'000ULL);
    CHECK(*parse_duration_ps("0.1ns").value == 100ULL);
    CHECK(*parse_duration_ps("1.000ps").value == 1ULL);  // trailing zeros beyond ps are fine
    CHECK(*parse_duration_ps("18446744073709551615ps").value == 18446744073709551615ULL);
}

TEST_CASE("bad durations are rejected with what was expected and found", "[units]") {
    CHECK(parse_duration_ps("1.0000000000001s").error == "'1.0000000000001s' is not a whole number of picoseconds");
    CHECK(parse_duration_ps("0.5ps").error == "'0.5ps' is not a whole number of picoseconds");
    CHECK(parse_duration_ps("10").error ==
          "expected a duration such as 10ms or 1.5s, found '10': the unit is missing (one of s, ms, us, ns, ps)");
    CHECK(parse_duration_ps("10sec").error ==
          "expected a duration such as 10ms or 1.5s, found '10sec': unknown unit 'sec' (use one of s, ms, us, ns, ps)");
    CHECK(parse_duration_ps("-5ms").error ==
          "expected a duration such as 10ms or 1.5s, found '-5ms': duration cannot be negative");
    CHECK(parse_duration_ps("").error == "expected a duration such as 10ms or 1.5s, found nothing");
    CHECK(parse_duration_ps("1.s").error ==
          "expected a duration such as 10ms or 1.5s, found '1.s': a decimal point must be followed by digits");
    CHECK_FALSE(parse_duration_ps(".5s"));
    CHECK_FALSE(parse_duration_ps("1e3ms"));
    CHECK_FALSE(parse_duration_ps("10MS"));
    CHECK(parse_duration_ps("18446744073709551616ps").error ==
          "'18446744073709551616ps' is too large: the largest duration is 18446744073709551615ps");
    CHECK_FALSE(parse_duration_ps("18446745s"));  // 1.8446745e19 ps
}

TEST_CASE("frequencies convert exactly to hertz", "[units]") {
    CHECK(*parse_frequency_hz("266MHz").value == 266'000'000ULL);
    CHECK(*parse_frequency_hz("32768Hz").value == 32768ULL);
    CHECK(*parse_frequency_hz("32.768kHz").value == 32768ULL);
    CHECK(*parse_frequency_hz("1GHz").value == 1'000'000'000ULL);
    CHECK(*parse_frequency_hz("1.5MHz").value == 1'500'000ULL);
    CHECK(parse_frequency_hz("1.5Hz").error == "'1.5Hz' is not a whole number of hertz");
    CHECK(parse_frequency_hz("266mhz").error ==
          "expected a frequency such as 266MHz or 32.768kHz, found '266mhz': unknown unit 'mhz' "
          "(use one of Hz, kHz, MHz, GHz)");
    CHECK_FALSE(parse_frequency_hz("266"));
    CHECK_FALSE(parse_frequency_hz("99999999999999GHz"));
}

TEST_CASE("sizes are binary and whole", "[units]") {
    CHECK(*parse_size_bytes("64MiB").value == 64ULL << 20);
    CHECK(*parse_size_bytes("4KiB").value == 4096ULL);
    CHECK(*parse_size_bytes("1GiB").value == 1ULL << 30);
    CHECK(*parse_size_bytes("512B").value == 512ULL);
    CHECK(parse_size_bytes("4MB").error ==
          "expected a size such as 4MiB or 512B, found '4MB': 'MB' is ambiguous (powers of 1000 or of 1024?); "
          "write KiB, MiB or GiB (powers of 1024) or the size in B");
    CHECK_FALSE(parse_size_bytes("4kB"));
    CHECK_FALSE(parse_size_bytes("4KB"));
    CHECK_FALSE(parse_size_bytes("1GB"));
    CHECK(parse_size_bytes("1.5MiB").error ==
          "expected a size such as 4MiB or 512B, found '1.5MiB': sizes are whole numbers; write a smaller unit "
          "instead of a decimal (1536KiB, not 1.5MiB)");
    CHECK(*parse_size_bytes("17179869183GiB").value == (17179869183ULL << 30));
    CHECK(parse_size_bytes("17179869184GiB").error ==
          "'17179869184GiB' is too large: the largest size is 18446744073709551615B");
    CHECK_FALSE(parse_size_bytes("64"));
}

TEST_CASE("integers, reals and booleans are strict", "[units]") {
    CHECK(*parse_unsigned("42").value == 42ULL);
    CHECK(*parse_unsigned("0").value == 0ULL);
    CHECK(*parse_unsigned("18446744073709551615").value == 18446744073709551615ULL);
    CHECK(parse_unsigned("18446744073709551616").error ==
          "'18446744073709551616' is too large: the largest integer is 18446744073709551615");
    CHECK(parse_unsigned("-1").error == "expected a non-negative integer, found '-1'");
    CHECK(parse_unsigned("010").error ==
          "expected an integer such as 42, found '010': leading zeros are ambiguous (YAML 1.1 reads them as octal)");
    CHECK_FALSE(parse_unsigned("0x10"));
    CHECK_FALSE(parse_unsigned("1.0"));
    CHECK_FALSE(parse_unsigned("100Hz"));

    CHECK(*parse_signed("-2147483648").value == -2147483648LL);
    CHECK(*parse_signed("-9223372036854775808").value == INT64_MIN);
    CHECK(*parse_signed("9223372036854775807").value == INT64_MAX);
    CHECK_FALSE(parse_signed("9223372036854775808"));
    CHECK_FALSE(parse_signed("-"));

    CHECK(*parse_real("0.5").value == 0.5);
    CHECK(*parse_real("2").value == 2.0);
    CHECK(*parse_real("-1").value == -1.0);
    CHECK(*parse_real("1e-1").value == 0.1);
    CHECK(parse_real("inf").error == "expected a number such as 1 or 0.5, found 'inf'");
    CHECK_FALSE(parse_real("nan"));
    CHECK_FALSE(parse_real(".inf"));
    CHECK_FALSE(parse_real("1."));
    CHECK_FALSE(parse_real("0x1p3"));
    CHECK_FALSE(parse_real("1e999"));

    CHECK(*parse_bool("true").value == true);
    CHECK(*parse_bool("false").value == false);
    CHECK(parse_bool("yes").error == "expected true or false, found 'yes'");
    CHECK_FALSE(parse_bool("True"));
    CHECK_FALSE(parse_bool("1"));
}

TEST_CASE("addresses are hexadecimal or decimal and fit 32 bits", "[units]") {
    CHECK(*parse_address("0xC0000000").value == 0xC0000000u);
    CHECK(*parse_address("0Xc0000000").value == 0xC0000000u);
    CHECK(*parse_address("0x0").value == 0u);
    CHECK(*parse_address("0xFFFFFFFF").value == 0xFFFFFFFFu);
    CHECK(*parse_address("0x00000000C0000000").value == 0xC0000000u);  // leading zeros are harmless in hex
    CHECK(*parse_address("3221225472").value == 0xC0000000u);
    CHECK(*parse_address("0").value == 0u);
    CHECK(parse_address("0x100000000").error ==
          "'0x100000000' is beyond the 32-bit address space (the largest is 0xFFFFFFFF)");
    CHECK(parse_address("4294967296").error ==
          "'4294967296' is beyond the 32-bit address space (the largest is 0xFFFFFFFF)");
    CHECK(parse_address("0xC000G000").error ==
          "expected an address such as 0xC0000000 or 3221225472, found '0xC000G000': 'G' is not a hexadecimal digit");
    CHECK(parse_address("0x").error == "expected an address such as 0xC0000000 or 3221225472, found '0x': no digits "
                                       "after 0x");
    CHECK(parse_address("-4").error ==
          "expected an address such as 0xC0000000 or 3221225472, found '-4': an address cannot be negative");
    CHECK(parse_address("010").error ==
          "expected an address such as 0xC0000000 or 3221225472, found '010': leading zeros are ambiguous (YAML 1.1 "
          "reads them as octal)");
    CHECK(parse_address("").error == "expected an address such as 0xC0000000 or 3221225472, found nothing");
    CHECK_FALSE(parse_address("0o17"));
    CHECK_FALSE(parse_address("1MiB"));
    CHECK(format_address(0xC0000000u) == "0xC0000000");
    CHECK(format_address(0x10004000u) == "0x10004000");
    CHECK(format_address(0) == "0x00000000");
}

TEST_CASE("quantities are written back in their largest exact unit", "[units]") {
    CHECK(format_duration_ps(5'000'000'000ULL) == "5ms");
    CHECK(format_duration_ps(1'500'000'000'000ULL) == "1500ms");
    CHECK(format_duration_ps(0) == "0s");
    CHECK(format_duration_ps(7) == "7ps");
    CHECK(format_frequency_hz(266'000'000ULL) == "266MHz");
    CHECK(format_frequency_hz(32768) == "32768Hz");
    CHECK(format_size_bytes(64ULL << 20) == "64MiB");
    CHECK(format_size_bytes(1536ULL << 10) == "1536KiB");
}

// ---------------------------------------------------------------------------------------------
// valid files and defaults

TEST_CASE("a minimal scenario gets every default", "[scenario]") {
    const scenario sc = load_scenario(data_dir + "minimal.yaml");
    CHECK(sc.name == "minimal");
    CHECK(sc.file == data_dir + "minimal.yaml");
    CHECK(sc.duration_ps == 10'000'000'000'000ULL);
    CHECK(sc.seed == 1);
    CHECK(sc.platform.board == "imx21");
    CHECK(sc.platform.cpu_hz == 266'000'000ULL);
    CHECK(sc.platform.sdram_bytes == 64ULL << 20);
    CHECK(sc.platform.sdram_latency_cycles == 13);  // tRCD 3 + CL 3 + 1 HCLK at FCLK/2: 14 CPU cycles a word
    CHECK(sc.hypervisor.scheduler == "bvt");
    CHECK(sc.hypervisor.hz == 100);
    CHECK(sc.hypervisor.clock == clock_mode::jiffies);
    CHECK(sc.hypervisor.time_update == time_update_mode::none);
    CHECK(sc.hypervisor.ctx_allow_ns == 5'000'000ULL);
    CHECK(sc.hypervisor.quirks.bvt_slice_units);
    CHECK(sc.hypervisor.quirks.recharge_on_continue);
    CHECK(sc.hypervisor.quirks.timer_list_no_resort);
    REQUIRE(sc.domains.size() == 1);
    CHECK(sc.domains[0].name == "dom0");
    CHECK(sc.domains[0].guest == guest_kind::busy);
    CHECK(sc.domains[0].weight == 1.0);
    CHECK(sc.domains[0].mcu_advance == 10);
    CHECK(sc.domains[0].memory_bytes == 4ULL << 20);
    CHECK_FALSE(sc.domains[0].warp.enabled);
    CHECK(sc.domains[0].warp.limit_ms == 2000);
    CHECK(sc.domains[0].warp.unwarp_ms == 1000);
    CHECK(sc.domains[0].mapping == mapping_kind::offset);
    CHECK(sc.domains[0].virtual_base == 0xC0000000u);
    CHECK(sc.domains[0].working_set_bytes == 0);
    CHECK(sc.domains[0].on_fault == fault_policy::inject);
    CHECK_FALSE(sc.domains[0].rogue.enabled);
    CHECK(sc.domains[0].devices.empty());
    CHECK(sc.domains[0].ucos.tasks.empty());
    CHECK(sc.outputs.window_ps == 1'000'000'000'000ULL);
    CHECK_FALSE(sc.outputs.trace);
    CHECK(sc.costs.empty());
    CHECK(sc.warnings.empty());
}

TEST_CASE("every key can be set", "[scenario]") {
    const scenario sc = load_scenario(data_dir + "full.yaml");
    CHECK(sc.name == "full-example");
    CHECK(sc.duration_ps == 2'500'000'000'000ULL);
    CHECK(sc.seed == 42);
    CHECK(sc.platform.cpu_hz == 200'000'000ULL);
    CHECK(sc.platform.sdram_bytes == 128ULL << 20);
    CHECK(sc.platform.sdram_latency_cycles == 3);
    CHECK(sc.hypervisor.hz == 1000);
    CHECK(sc.hypervisor.clock == clock_mode::precise);
    CHECK(sc.hypervisor.time_update == time_update_mode::precise);
    CHECK(sc.hypervisor.ctx_allow_ns == 2'500'000ULL);
    CHECK_FALSE(sc.hypervisor.quirks.bvt_slice_units);
    CHECK_FALSE(sc.hypervisor.quirks.recharge_on_continue);
    CHECK_FALSE(sc.hypervisor.quirks.timer_list_no_resort);
    REQUIRE(sc.domains.size() == 2);
    CHECK(sc.domains[0].memory_bytes == 32ULL << 20);
    CHECK(sc.domains[0].mapping == mapping_kind::offset);
    CHECK(sc.domains[0].virtual_base == 0x40000000u);
    CHECK(sc.domains[0].working_set_bytes == 64ULL << 10);
    CHECK(sc.domains[0].on_fault == fault_policy::kill);
    CHECK(sc.domains[0].rogue.enabled);
    CHECK(sc.domains[0].rogue.at_ps == 1'500'000'000'000ULL);
    CHECK(sc.domains[0].rogue.address == 0x10004000u);
    CHECK_FALSE(sc.domains[0].rogue.write);
    REQUIRE(sc.domains[0].devices.size() == 1);
    CHECK(sc.domains[0].devices[0].name == "gpt3");
    CHECK(sc.domains[0].devices[0].period_ps == 250'000'000ULL);
    CHECK(sc.domains[1].mapping == mapping_kind::identity);
    // Identity-mapped: the partition's physical address, after Xen's 16MiB and dom0's 32MiB.
    CHECK(sc.domains[1].virtual_base == 0xC3000000u);
    CHECK(sc.domains[1].name == "ucos");
    CHECK(sc.domains[1].guest == guest_kind::idle);
    CHECK(sc.domains[1].weight == 2.5);
    CHECK(sc.domains[1].mcu_advance == 4);
    CHECK(sc.domains[1].warp.enabled);
    CHECK(sc.domains[1].warp.value == -500);
    CHECK(sc.domains[1].warp.limit_ms == 20);
    CHECK(sc.domains[1].warp.unwarp_ms == 1000);
    CHECK(sc.outputs.window_ps == 100'000'000'000ULL);
    CHECK(sc.outputs.trace);
    CHECK(sc.costs == std::map<std::string, std::uint64_t>{{"irq_vector", 120}, {"context_switch_base", 400}});
    CHECK(sc.warnings.empty());
}

TEST_CASE("every key of a ucos guest can be set", "[scenario][ucos]") {
    const scenario sc = load_scenario(data_dir + "ucos.yaml");
    CHECK(sc.hypervisor.time_update == time_update_mode::precise);
    REQUIRE(sc.domains.size() == 2);
    CHECK(sc.domains[0].virtual_base == 0x40000000u);
    CHECK(sc.domains[0].working_set_bytes == 16ULL << 10);
    const domain_config& d = sc.domains[1];
    CHECK(d.guest == guest_kind::ucos);
    CHECK(d.mapping == mapping_kind::identity);
    CHECK(d.virtual_base == 0xC3000000u);
    CHECK(d.working_set_bytes == 0);
    CHECK(d.on_fault == fault_policy::kill);
    CHECK(d.rogue.enabled);
    CHECK(d.rogue.at_ps == 2'000'000'000'000ULL);
    CHECK(d.rogue.address == 0xC0000000u);
    CHECK_FALSE(d.rogue.write);
    REQUIRE(d.devices.size() == 1);
    CHECK(d.devices[0].name == "gpt2");
    CHECK(d.devices[0].period_ps == 7'000'000'000ULL);
    CHECK(d.ucos.policy == ucos_policy::edf);
    CHECK(d.ucos.tick_mode == ucos_tick_mode::corrected);
    CHECK(d.ucos.idle == ucos_idle::block);
    CHECK(d.ucos.ticks_per_sec == 100);
    REQUIRE(d.ucos.tasks.size() == 4);

    const ucos_task_spec& ctl = d.ucos.tasks[0];
    CHECK(ctl.name == "ctl");
    CHECK(ctl.kind == ucos_task_kind::periodic);
    CHECK(ctl.period_ps == 20'000'000'000ULL);
    CHECK(ctl.offset_ps == 10'000'000'000ULL);
    CHECK(ctl.wcet_ps == 2'000'000'000ULL);
    CHECK(ctl.deadline_ps == 15'000'000'000ULL);
    CHECK(ctl.priority == 5);
    CHECK(ctl.working_set_bytes == 4096);

    const ucos_task_spec& log = d.ucos.tasks[1];  // defaults of a periodic task
    CHECK(log.kind == ucos_task_kind::periodic);
    CHECK(log.offset_ps == 0);
    CHECK(log.deadline_ps == 100'000'000'000ULL);  // the period
    CHECK(log.working_set_bytes == 0);

    const ucos_task_spec& alarm = d.ucos.tasks[2];
    CHECK(alarm.kind == ucos_task_kind::sporadic);
    CHECK(alarm.min_interarrival_ps == 50'000'000'000ULL);
    CHECK(alarm.max_extra_ps == 30'000'000'000ULL);
    CHECK(alarm.offset_ps == 40'000'000'000ULL);
    CHECK(alarm.deadline_ps == 45'000'000'000ULL);
    CHECK(alarm.priority == 10);
    CHECK(alarm.working_set_bytes == 1024);

    const ucos_task_spec& sensor = d.ucos.tasks[3];
    CHECK(sensor.kind == ucos_task_kind::event);
    CHECK(sensor.device == "gpt2");
    CHECK(sensor.wcet_ps == 300'000'000ULL);
    CHECK(sensor.deadline_ps == 5'000'000'000ULL);
    CHECK(sensor.priority == 3);
    CHECK(sc.warnings.empty());  // corrected with precise time updates keeps time at any rate
}

// A ucos domain named rt with the given extra domain text and tasks (flow sequences).
std::string ucos_domain(const std::string& extra, const std::string& tasks) {
    return "domains:\n  - name: rt\n    guest: ucos\n" + extra + "    ucos:\n      tasks: " + tasks + "\n";
}
const std::string one_task = "[{name: t, period: 10ms, wcet: 1ms, priority: 1}]";

TEST_CASE("a ucos guest gets its defaults", "[scenario][ucos]") {
    const scenario sc = load_scenario_text(ucos_domain("", one_task), "t.yaml");
    const domain_config& d = sc.domains.at(0);
    CHECK(d.mapping == mapping_kind::identity);
    CHECK(d.virtual_base == 0xC1000000u);  // right after Xen's 16MiB
    CHECK(d.on_fault == fault_policy::inject);
    CHECK_FALSE(d.rogue.enabled);
    CHECK(d.ucos.policy == ucos_policy::fixed_priority);
    CHECK(d.ucos.tick_mode == ucos_tick_mode::naive);
    CHECK(d.ucos.idle == ucos_idle::spin);
    CHECK(d.ucos.ticks_per_sec == 100);
    REQUIRE(d.ucos.tasks.size() == 1);
    CHECK(d.ucos.tasks[0].kind == ucos_task_kind::periodic);
    CHECK(d.ucos.tasks[0].deadline_ps == 10'000'000'000ULL);
    CHECK(d.ucos.tasks[0].offset_ps == 0);
    CHECK(sc.warnings.empty());

    // A sporadic task's deadline defaults to its minimum inter-arrival time.
    const scenario sporadic = load_scenario_text(
        ucos_domain("", "[{name: s, kind: sporadic, min_interarrival: 30ms, wcet: 1ms, priority: 1}]"), "t.yaml");
    CHECK(sporadic.domains[0].ucos.tasks[0].deadline_ps == 30'000'000'000ULL);
    CHECK(sporadic.domains[0].ucos.tasks[0].max_extra_ps == 0);

    // A ucos guest may be offset-mapped, and a busy one identity-mapped.
    const scenario offset = load_scenario_text(ucos_domain("    mapping: offset\n", one_task), "t.yaml");
    CHECK(offset.domains[0].mapping == mapping_kind::offset);
    CHECK(offset.domains[0].virtual_base == 0xC0000000u);
    const scenario identity =
        load_scenario_text("domains:\n  - {name: a, guest: busy, memory: 2MiB}\n"
                           "  - {name: b, guest: busy, mapping: identity}\n",
                           "t.yaml");
    CHECK(identity.domains[1].mapping == mapping_kind::identity);
    CHECK(identity.domains[1].virtual_base == 0xC1200000u);
}

TEST_CASE("addresses may be written in hexadecimal or decimal", "[scenario]") {
    const scenario hex = load_scenario_text(
        "domains: [{name: a, guest: busy, virtual_base: 0x20000000, rogue: {address: 0x1000A000}}]\n", "t.yaml");
    CHECK(hex.domains[0].virtual_base == 0x20000000u);
    CHECK(hex.domains[0].rogue.address == 0x1000A000u);
    CHECK(hex.domains[0].rogue.at_ps == 0);
    CHECK(hex.domains[0].rogue.write);
    const scenario dec =
        load_scenario_text("domains: [{name: a, guest: busy, virtual_base: 1048576}]\n", "t.yaml");
    CHECK(dec.domains[0].virtual_base == 0x00100000u);
    // Up to the shared_info area and the peripheral area exactly.
    CHECK_NOTHROW(load_scenario_text("domains: [{name: a, guest: busy, virtual_base: 0xFFB00000}]\n", "t.yaml"));
    CHECK_NOTHROW(load_scenario_text("domains: [{name: a, guest: busy, virtual_base: 0x0FC00000}]\n", "t.yaml"));
    CHECK_NOTHROW(load_scenario_text("domains: [{name: a, guest: busy, virtual_base: 0xFDC00000}]\n", "t.yaml"));
    CHECK_NOTHROW(load_scenario_text("domains: [{name: a, guest: busy, virtual_base: 0xFF000000}]\n", "t.yaml"));
    CHECK_NOTHROW(load_scenario_text("domains: [{name: a, guest: busy, virtual_base: 0x20000000}]\n", "t.yaml"));
}

// ---------------------------------------------------------------------------------------------
// warnings

TEST_CASE("weights whose mcu_advance changes their ratio are a warning", "[scenario][warnings]") {
    const std::string three = "domains:\n  - {name: a, guest: busy, weight: 1}\n  - {name: b, guest: busy, weight: 2}\n"
                              "  - {name: c, guest: busy, weight: 4}\n";
    const scenario sc = load_scenario_text(three, "t.yaml");
    REQUIRE(sc.warnings.size() == 1);
    CHECK(sc.warnings[0] ==
          "t.yaml:1:1: domains: the weights 1:2:4 give mcu_advance 10:5:2 (trunc(10 / weight)), and BVT shares the "
          "CPU as 1/mcu_advance, not as the weights");
    // 1:2:5 (mcu_advance 10:5:2) keeps its ratio: no warning.
    CHECK(load_scenario_text(three, "t.yaml", {"domains[c].weight=5"}).warnings.empty());
}

TEST_CASE("a task set asking for more than the CPU is a warning", "[scenario][ucos][warnings]") {
    const std::string over =
        "domains:\n  - name: rt\n    guest: ucos\n    ucos:\n      tasks:\n"
        "        - {name: a, period: 10ms, wcet: 6ms, priority: 1}\n        - {name: b, period: 20ms, wcet: 10ms, priority: 2}\n";
    const scenario sc = load_scenario_text(over, "t.yaml");
    REQUIRE(sc.warnings.size() == 1);
    CHECK(sc.warnings[0] == "t.yaml:1:1: domains[rt].ucos.tasks: the utilisation (sum of wcet / period) is 1.100, "
                            "more than the whole CPU: deadlines will be missed");
    CHECK(load_scenario_text(over, "t.yaml", {"domains[rt].ucos.tasks[b].wcet=8ms"}).warnings.empty());
}

TEST_CASE("a naive guest ticking at another rate than Xen is a warning", "[scenario][ucos][warnings]") {
    // At hypervisor.hz when the guest takes the default rate.
    const scenario at_hz = load_scenario_text("hypervisor:\n  hz: 1000\n" + ucos_domain("", one_task), "t.yaml");
    REQUIRE(at_hz.warnings.size() == 1);
    CHECK(at_hz.warnings[0] ==
          "t.yaml:2:7: hypervisor.hz: domains[0].ucos.ticks_per_sec 100 (the default) differs from hypervisor.hz "
          "1000: a naive guest counts one OS tick (10ms) per VIRQ_TIMER and Xen sends at most 1000 a second, so "
          "domain rt's clock cannot keep true time");
    // At the guest's rate when it is given.
    const std::string rate_1000 =
        "domains:\n  - name: rt\n    guest: ucos\n    ucos:\n      ticks_per_sec: 1000\n      tasks: " + one_task +
        "\n";
    const scenario at_rate = load_scenario_text(rate_1000, "t.yaml");
    REQUIRE(at_rate.warnings.size() == 1);
    CHECK(at_rate.warnings[0] ==
          "t.yaml:5:22: domains[0].ucos.ticks_per_sec: ticks_per_sec 1000 differs from hypervisor.hz 100: a naive "
          "guest counts one OS tick (1ms) per VIRQ_TIMER and Xen sends at most 100 a second, so domain rt's clock "
          "cannot keep true time");
    // Located at an override that made the difference.
    const scenario by_set = load_scenario_text(rate_1000, "t.yaml", {"domains[rt].ucos.ticks_per_sec=200"});
    REQUIRE(by_set.warnings.size() == 1);
    CHECK(by_set.warnings[0].rfind("--set domains[rt].ucos.ticks_per_sec=200: domains[0].ucos.ticks_per_sec: "
                                   "ticks_per_sec 200 differs",
                                   0) == 0);
    // Equal rates: nothing to say.
    CHECK(load_scenario_text(rate_1000, "t.yaml", {"hypervisor.hz=1000"}).warnings.empty());
    // A corrected guest keeps time when Xen updates it, and counts ticks like a naive one when not.
    CHECK(load_scenario_text(rate_1000, "t.yaml",
                             {"domains[rt].ucos.tick_mode=corrected", "hypervisor.time_update=precise"})
              .warnings.empty());
    const scenario frozen = load_scenario_text(rate_1000, "t.yaml", {"domains[rt].ucos.tick_mode=corrected"});
    REQUIRE(frozen.warnings.size() == 1);
    CHECK(frozen.warnings[0] ==
          "t.yaml:5:22: domains[0].ucos.ticks_per_sec: ticks_per_sec 1000 differs from hypervisor.hz 100: with "
          "hypervisor.time_update none the shared time never moves, so this corrected guest counts one OS tick "
          "(1ms) per VIRQ_TIMER and Xen sends at most 100 a second, so domain rt's clock cannot keep true time");
    // A rate whose tick is not a whole number of picoseconds.
    const scenario thirds =
        load_scenario_text(rate_1000, "t.yaml", {"domains[rt].ucos.ticks_per_sec=30", "domains[rt].ucos.tasks[0].period=1s"});
    REQUIRE(thirds.warnings.size() == 1);
    CHECK(thirds.warnings[0].find("one OS tick (1s/30)") != std::string::npos);
}

TEST_CASE("weights map to mcu_advance as xc_domain_setcpuweight does", "[scenario]") {
    const std::vector<std::pair<std::string, std::uint32_t>> cases{
        {"1", 10}, {"2", 5}, {"3", 3}, {"0.5", 20}, {"10", 1}, {"0.3", 33}, {"2.5", 4}, {"0.1", 100}, {"7", 1}};
    for (const auto& [weight, mcu_advance] : cases) {
        INFO("weight " << weight);
        const scenario sc = load_scenario_text(with_domain(""), "t.yaml", {"domains[0].weight=" + weight});
        CHECK(sc.domains[0].mcu_advance == mcu_advance);
    }
}

TEST_CASE("an empty section means all its defaults", "[scenario]") {
    const scenario sc = load_scenario_text(with_domain("platform:\nhypervisor:\n  quirks:\noutputs: {}\n"), "t.yaml");
    CHECK(sc.platform.cpu_hz == 266'000'000ULL);
    CHECK(sc.hypervisor.quirks.bvt_slice_units);
}

// ---------------------------------------------------------------------------------------------
// errors in files, with their exact locations

TEST_CASE("the bad files name file, line and column", "[scenario][errors]") {
    const std::string bad = data_dir + "bad/";
    CHECK(file_error("unknown_key.yaml") ==
          bad +
              "unknown_key.yaml:5:5: domains[0]: unknown key 'wieght'; did you mean 'weight'? "
              "(allowed: name, guest, weight, memory, warp, mapping, virtual_base, working_set, on_fault, rogue, "
              "devices, ucos, fuzz, timer_abuser, sedf, credit, code_size, image, cmdline)");
    CHECK(file_error("bad_unit.yaml") ==
          bad +
              "bad_unit.yaml:1:11: duration: expected a duration such as 10ms or 1.5s, found '10 parsecs': "
              "unknown unit 'parsecs' (use one of s, ms, us, ns, ps)");
    CHECK(file_error("negative_weight.yaml") ==
          bad +
              "negative_weight.yaml:4:13: domains[0].weight: '-1' is out of range: a weight must be in (0, 10], "
              "because Xen sets mcu_advance = trunc(10 / weight) and rejects 0");
    CHECK(file_error("weight_11.yaml") ==
          bad +
              "weight_11.yaml:6:13: domains[1].weight: '11' is out of range: a weight must be in (0, 10], "
              "because Xen sets mcu_advance = trunc(10 / weight) and rejects 0");
    CHECK(file_error("duplicate_domain.yaml") ==
          bad + "duplicate_domain.yaml:4:11: domains[1].name: domain name 'dom0' is already used by domains[0] (" +
              bad + "duplicate_domain.yaml:2:11)");
    CHECK(file_error("missing_domains.yaml") ==
          bad + "missing_domains.yaml:1:1: missing required key 'domains' (a list of at least one domain)");
    CHECK(file_error("memory_overflow.yaml") ==
          bad +
              "memory_overflow.yaml:3:1: domains: the domains' memory (dom0 8MiB + dom1 9MiB = 17MiB) does not "
              "fit in SDRAM: 32MiB minus 16MiB reserved for Xen leaves 16MiB");
    CHECK(file_error("time_update_unknown.yaml") ==
          bad +
              "time_update_unknown.yaml:2:16: hypervisor.time_update: unknown time update mode 'tick' (this version "
              "has: none, jiffies, precise)");
    CHECK(file_error("ucos_missing.yaml") ==
          bad +
              "ucos_missing.yaml:4:5: domains[1]: missing required key 'ucos' (the uC/OS-II kernel's settings and "
              "tasks, required for guest ucos)");
    CHECK(file_error("period_not_whole_ticks.yaml") ==
          bad +
              "period_not_whole_ticks.yaml:7:31: domains[0].ucos.tasks[0].period: '15ms' is not a whole number of "
              "guest ticks: a tick is 10ms (ticks_per_sec 100); the nearest whole numbers of ticks are 10ms and 20ms");
    CHECK(file_error("duplicate_priority.yaml") ==
          bad + "duplicate_priority.yaml:7:58: domains[0].ucos.tasks[1].priority: priority 10 is already used by task "
                "t1 (" +
              bad + "duplicate_priority.yaml:6:58): uC/OS-II gives every task its own priority");
    CHECK(file_error("event_unknown_device.yaml") ==
          bad +
              "event_unknown_device.yaml:8:45: domains[0].ucos.tasks[0].device: unknown device 'gpt3': an event task "
              "is released by one of its domain's devices, and this domain has gpt2");
    CHECK(file_error("device_two_domains.yaml") ==
          bad + "device_two_domains.yaml:9:17: domains[1].devices[0].name: device 'gpt2' is already given to domain "
                "dom0 (" +
              bad + "device_two_domains.yaml:5:17): a device belongs to at most one domain");
    CHECK(file_error("virtual_base_identity.yaml") ==
          bad +
              "virtual_base_identity.yaml:4:5: domains[0].virtual_base: virtual_base is only for offset mapping: "
              "with identity mapping (the default for ucos and elf guests) the partition appears at its physical address");
    CHECK(file_error("working_set_not_line.yaml") ==
          bad +
              "working_set_not_line.yaml:4:18: domains[0].working_set: '1000B' is out of range: a working set is "
              "whole 32-byte cache lines, so a multiple of 32B");
    CHECK(file_error("fuzz_section_on_busy.yaml") ==
          bad +
              "fuzz_section_on_busy.yaml:4:5: domains[0].fuzz: the fuzz section is only for fuzz guests, and this "
              "guest is busy");
    CHECK(file_error("timer_abuser_far_not_after_near.yaml") ==
          bad +
              "timer_abuser_far_not_after_near.yaml:6:37: domains[1].timer_abuser.far: '5ms' is out of range: far "
              "must be greater than near (5ms)");
    CHECK(file_error("wrong_type.yaml") ==
          bad + "wrong_type.yaml:2:10: outputs.trace: expected true or false, found 'yes'");
    CHECK(file_error("yaml_syntax.yaml") ==
          bad + "yaml_syntax.yaml:3:1: YAML syntax error: end of sequence flow not found");
}

TEST_CASE("a file that cannot be opened is an error naming it", "[scenario][errors]") {
    CHECK(file_error("does_not_exist.yaml") == data_dir + "bad/does_not_exist.yaml: cannot open the scenario file");
}

TEST_CASE("keys are checked in every mapping", "[scenario][errors]") {
    CHECK(text_error(with_domain("durration: 1s\n")) ==
          "t.yaml:1:1: unknown key 'durration' at the top level; did you mean 'duration'? (allowed: name, duration, "
          "seed, platform, hypervisor, domains, outputs, costs)");
    CHECK(text_error(with_domain("hypervisor:\n  quirks: {bvt_slice_unit: false}\n")) ==
          "t.yaml:2:12: hypervisor.quirks: unknown key 'bvt_slice_unit'; did you mean 'bvt_slice_units'? "
          "(allowed: bvt_slice_units, recharge_on_continue, timer_list_no_resort, ni_hypercall_hangs, "
          "credit_no_tick)");
    // Nothing close: no suggestion.
    CHECK(text_error(with_domain("outputs: {xyzzy: 1}\n")) ==
          "t.yaml:1:11: outputs: unknown key 'xyzzy' (allowed: window, trace)");
    CHECK(text_error(with_domain("seed: 1\nseed: 2\n")) == "t.yaml:2:1: duplicate key 'seed' (first at t.yaml:1:1)");
    CHECK(text_error(with_domain("costs: {irq_vectorr: 5}\n")) ==
          "t.yaml:1:9: costs: unknown cost 'irq_vectorr'; did you mean 'irq_vector'? (known costs: irq_vector, "
          "context_switch_base, hypercall_entry)");
    CHECK(text_error("domains:\n  - name: a\n    guest: busy\n    warp: {enable: true}\n") ==
          "t.yaml:4:12: domains[0].warp: unknown key 'enable'; did you mean 'enabled'? "
          "(allowed: enabled, value, limit, unwarp)");
}

TEST_CASE("types are checked", "[scenario][errors]") {
    CHECK(text_error(with_domain("platform: imx21\n")) ==
          "t.yaml:1:11: platform: expected a mapping of keys (board, cpu_clock, sdram, sdram_latency), found a "
          "single value");
    CHECK(text_error(with_domain("outputs: {trace: \"true\"}\n")) ==
          "t.yaml:1:18: outputs.trace: expected true or false, found the quoted string \"true\" (write it without "
          "quotes)");
    CHECK(text_error(with_domain("seed: [1]\n")) == "t.yaml:1:7: seed: expected an integer, found a list");
    // A null value is reported at its key: yaml-cpp marks the next token instead.
    CHECK(text_error(with_domain("duration:\n")) == "t.yaml:1:1: duration: expected a duration, found nothing");
    CHECK(text_error("- 1\n- 2\n") ==
          "t.yaml:1:1: a scenario is a mapping of keys (name, duration, seed, platform, hypervisor, domains, "
          "outputs, costs), found a list");
    CHECK(text_error(with_domain("") + "---\nname: x\n") ==
          "t.yaml:3:1: a scenario file holds one YAML document, found 2");
    CHECK(text_error("") == "t.yaml: missing required key 'domains' (a list of at least one domain)");
}

TEST_CASE("ranges are checked", "[scenario][errors]") {
    CHECK(text_error(with_domain("duration: 0s\n")) ==
          "t.yaml:1:11: duration: '0s' is out of range: the duration must be greater than 0s");
    CHECK(text_error(with_domain("platform: {cpu_clock: 2GHz}\n")) ==
          "t.yaml:1:23: platform.cpu_clock: '2GHz' is out of range: the CPU clock must be between 1MHz and 1GHz");
    CHECK(text_error(with_domain("platform: {board: imx31}\n")) ==
          "t.yaml:1:19: platform.board: unknown board 'imx31' (this version has: imx21)");
    CHECK(text_error(with_domain("platform: {sdram: 1536KiB}\n")) ==
          "t.yaml:1:19: platform.sdram: '1536KiB' is out of range: SDRAM must be a whole number of MiB");
    CHECK(text_error(with_domain("platform: {sdram: 512MiB}\n")) ==
          "t.yaml:1:19: platform.sdram: '512MiB' is out of range: SDRAM must be between 1MiB and 256MiB");
    CHECK(text_error(with_domain("platform: {sdram_latency: 1001}\n")) ==
          "t.yaml:1:27: platform.sdram_latency: '1001' is out of range: the SDRAM latency must be between 0 and "
          "1000 cycles");
    CHECK(text_error(with_domain("hypervisor: {hz: 5}\n")) ==
          "t.yaml:1:18: hypervisor.hz: '5' is out of range: hz must be between 10 and 2000");
    CHECK(text_error(with_domain("hypervisor: {scheduler: rr}\n")) ==
          "t.yaml:1:25: hypervisor.scheduler: unknown scheduler 'rr' (this version has: bvt, sedf, credit)");
    CHECK(text_error(with_domain("hypervisor: {clock: tsc}\n")) ==
          "t.yaml:1:21: hypervisor.clock: unknown clock 'tsc' (this version has: jiffies, precise)");
    CHECK(text_error(with_domain("hypervisor: {ctx_allow: 50us}\n")) ==
          "t.yaml:1:25: hypervisor.ctx_allow: '50us' is out of range: ctx_allow must be between 100us (BVT's "
          "CTX_MIN) and 214748364ns (10 x ctx_allow must fit Xen's s32 slice)");
    CHECK(text_error(with_domain("hypervisor: {ctx_allow: 100.0005us}\n")) ==
          "t.yaml:1:25: hypervisor.ctx_allow: '100.0005us' is out of range: ctx_allow must be a whole number of "
          "nanoseconds");
    CHECK(text_error(with_domain("outputs: {window: 0ms}\n")) ==
          "t.yaml:1:19: outputs.window: '0ms' is out of range: the window must be greater than 0s");
    CHECK(text_error(with_domain("costs: {irq_vector: 1000000001}\n")) ==
          "t.yaml:1:21: costs.irq_vector: '1000000001' is out of range: a cost must be between 0 and 1000000000 "
          "cycles");
    CHECK(text_error(with_domain("name: my scenario\n")) ==
          "t.yaml:1:7: name: 'my scenario' is not a valid name: use letters, digits, '_', '-' and '.'");
}

TEST_CASE("domains are checked", "[scenario][errors]") {
    CHECK(text_error("domains: []\n") == "t.yaml:1:10: domains: at least one domain is required");
    CHECK(text_error("domains: {name: a}\n") == "t.yaml:1:10: domains: expected a list of domains, found a mapping");
    CHECK(text_error("domains: [a]\n") ==
          "t.yaml:1:11: domains[0]: expected a domain (a mapping), found a single value");
    CHECK(text_error("domains:\n  - guest: busy\n") ==
          "t.yaml:2:5: domains[0]: missing required key 'name' (letters, digits, '_' and '-')");
    CHECK(text_error("domains:\n  - name: a\n") ==
          "t.yaml:2:5: domains[0]: missing required key 'guest' (busy, idle, ucos, fuzz, timer_abuser or elf)");
    CHECK(text_error("domains:\n  - {name: a, guest: linux}\n") ==
          "t.yaml:2:22: domains[0].guest: unknown guest 'linux' (this version has: busy, idle, ucos, fuzz, "
          "timer_abuser, elf)");
    CHECK(
        text_error("domains:\n  - {name: _xen, guest: busy}\n") ==
        "t.yaml:2:12: domains[0].name: '_xen' starts with '_', which is kept for the outputs' own rows (_xen, _idle)");
    CHECK(text_error("domains:\n  - {name: a.b, guest: busy}\n") ==
          "t.yaml:2:12: domains[0].name: 'a.b' is not a valid domain name: use letters, digits, '_' and '-'");
    CHECK(text_error("domains:\n  - {name: a, guest: busy, weight: 0}\n") ==
          "t.yaml:2:36: domains[0].weight: '0' is out of range: a weight must be in (0, 10], because Xen sets "
          "mcu_advance = trunc(10 / weight) and rejects 0");
    CHECK(text_error("domains:\n  - {name: a, guest: busy, weight: 1e-12}\n") ==
          "t.yaml:2:36: domains[0].weight: '1e-12' is out of range: the weight is too small: mcu_advance = "
          "10 / weight must fit Xen's 32-bit field");
    CHECK(text_error("domains:\n  - {name: a, guest: busy, memory: 1536KiB}\n") ==
          "t.yaml:2:36: domains[0].memory: '1536KiB' is out of range: a domain's memory must be a whole number of "
          "MiB, at least 1MiB");
    CHECK(text_error("domains:\n  - {name: a, guest: busy, warp: {limit: 1500us}}\n") ==
          "t.yaml:2:42: domains[0].warp.limit: '1500us' is out of range: the warp limit (Xen's warpl) must be a "
          "whole number of milliseconds");
    CHECK(text_error("domains:\n  - {name: a, guest: busy, warp: {value: 2147483648}}\n") ==
          "t.yaml:2:42: domains[0].warp.value: '2147483648' is out of range: a warp value is a 32-bit signed "
          "integer (Xen's s32 warp_value)");
}

TEST_CASE("mappings, working sets, fault policies and rogue accesses are checked", "[scenario][errors]") {
    const std::string busy = "domains:\n  - name: a\n    guest: busy\n";
    CHECK(text_error(busy + "    mapping: paged\n") ==
          "t.yaml:4:14: domains[0].mapping: unknown mapping 'paged' (this version has: identity, offset)");
    CHECK(text_error(busy + "    mapping: identity\n    virtual_base: 0x40000000\n") ==
          "t.yaml:5:5: domains[0].virtual_base: virtual_base is only for offset mapping: with identity mapping the "
          "partition appears at its physical address");
    CHECK(text_error(busy + "    virtual_base: 0x40080000\n") ==
          "t.yaml:4:19: domains[0].virtual_base: '0x40080000' is out of range: virtual_base must be a multiple of "
          "1MiB (0x100000), as partitions are");
    CHECK(text_error(busy + "    virtual_base: \"0x40000000\"\n") ==
          "t.yaml:4:19: domains[0].virtual_base: expected an address, found the quoted string \"0x40000000\" (write "
          "it without quotes)");
    CHECK(text_error(busy + "    virtual_base: 0x1_0000\n") ==
          "t.yaml:4:19: domains[0].virtual_base: expected an address such as 0xC0000000 or 3221225472, found "
          "'0x1_0000': '_' is not a hexadecimal digit");
    CHECK(text_error(busy + "    virtual_base: 0x0FE00000\n") ==
          "t.yaml:4:19: domains[0].virtual_base: the 4MiB partition mapped at 0x0FE00000..0x101FFFFF overlaps the "
          "peripheral area 0x10000000..0x1FFFFFFF; choose another virtual_base");
    CHECK(text_error(busy + "    virtual_base: 0x1F000000\n") ==
          "t.yaml:4:19: domains[0].virtual_base: the 4MiB partition mapped at 0x1F000000..0x1F3FFFFF overlaps the "
          "peripheral area 0x10000000..0x1FFFFFFF; choose another virtual_base");
    CHECK(text_error(busy + "    virtual_base: 0xFDE00000\n") ==
          "t.yaml:4:19: domains[0].virtual_base: the 4MiB partition mapped at 0xFDE00000..0xFE1FFFFF overlaps Xen's "
          "own region 0xFE000000..0xFEFFFFFF; choose another virtual_base");
    CHECK(text_error(busy + "    virtual_base: 0xFFC00000\n") ==
          "t.yaml:4:19: domains[0].virtual_base: the 4MiB partition mapped at 0xFFC00000..0xFFFFFFFF overlaps the "
          "shared_info page's area 0xFFF00000..0xFFFFFFFF; choose another virtual_base");
    CHECK(text_error(busy + "    virtual_base: 0xFFE00000\n") ==
          "t.yaml:4:19: domains[0].virtual_base: the 4MiB partition mapped at 0xFFE00000 runs past 0xFFFFFFFF and "
          "overlaps the shared_info page's area 0xFFF00000..0xFFFFFFFF; choose another virtual_base");
    // The overlap is judged with the memory an override gives.
    CHECK(text_error(busy + "    virtual_base: 0xFF000000\n", {"domains[a].memory=16MiB"}) ==
          "t.yaml:4:19: domains[0].virtual_base: the 16MiB partition mapped at 0xFF000000..0xFFFFFFFF overlaps the "
          "shared_info page's area 0xFFF00000..0xFFFFFFFF; choose another virtual_base");

    CHECK(text_error(busy + "    working_set: 5MiB\n") ==
          "t.yaml:4:18: domains[0].working_set: '5MiB' is out of range: a working set must fit in the domain's "
          "memory (4MiB)");
    CHECK(text_error(busy + "    working_set: 4KiB\n", {"domains[0].guest=idle"}) ==
          "t.yaml:4:5: domains[0].working_set: an idle guest touches no memory: working_set is for busy guests");
    CHECK(text_error(ucos_domain("    working_set: 4KiB\n", one_task)) ==
          "t.yaml:4:5: domains[0].working_set: a ucos guest's working sets are per task: set "
          "domains[0].ucos.tasks[].working_set");
    CHECK(load_scenario_text(busy + "    working_set: 4MiB\n", "t.yaml").domains[0].working_set_bytes == 4ULL << 20);

    CHECK(text_error(busy + "    on_fault: ignore\n") ==
          "t.yaml:4:15: domains[0].on_fault: unknown fault policy 'ignore' (this version has: inject, kill)");

    CHECK(text_error(busy + "    rogue: {at: 1s}\n") ==
          "t.yaml:4:12: domains[0].rogue: missing required key 'address' (the guest virtual address to access, such "
          "as 0x10004000)");
    CHECK(text_error(busy + "    rogue:\n") ==
          "t.yaml:4:5: domains[0].rogue: missing required key 'address' (the guest virtual address to access, such "
          "as 0x10004000)");
    CHECK(text_error(busy + "    rogue: {address: 0x10004002}\n") ==
          "t.yaml:4:22: domains[0].rogue.address: '0x10004002' is out of range: the rogue access is a word access: "
          "its address must be a multiple of 4");
    CHECK(text_error(busy + "    rogue: {address: 0, read: true}\n") ==
          "t.yaml:4:25: domains[0].rogue: unknown key 'read' (allowed: at, address, write)");
    CHECK(text_error(busy + "    rogue: {address: 0, at: soon}\n") ==
          "t.yaml:4:29: domains[0].rogue.at: expected a duration such as 10ms or 1.5s, found 'soon'");
    // Any guest may have one.
    CHECK(load_scenario_text(ucos_domain("    rogue: {address: 0xC0000000}\n", one_task), "t.yaml")
              .domains[0]
              .rogue.enabled);
}

TEST_CASE("devices are checked", "[scenario][errors]") {
    const std::string busy = "domains:\n  - name: a\n    guest: busy\n";
    CHECK(text_error(busy + "    devices: gpt2\n") ==
          "t.yaml:4:14: domains[0].devices: expected a list of devices, found a single value");
    CHECK(text_error(busy + "    devices: [gpt2]\n") ==
          "t.yaml:4:15: domains[0].devices[0]: expected a device (a mapping of name and period), found a single "
          "value");
    CHECK(text_error(busy + "    devices: [{name: gpt1, period: 1ms}]\n") ==
          "t.yaml:4:22: domains[0].devices[0].name: GPT1 is Xen's own tick timer and cannot be given to a guest "
          "(assignable: gpt2, gpt3)");
    CHECK(text_error(busy + "    devices: [{name: uart1, period: 1ms}]\n") ==
          "t.yaml:4:22: domains[0].devices[0].name: unknown device 'uart1' (this version has: gpt2, gpt3)");
    CHECK(text_error(busy + "    devices: [{name: gpt2}]\n") ==
          "t.yaml:4:15: domains[0].devices[0]: missing required key 'period' (the interval between the device's "
          "interrupts, such as 10ms)");
    CHECK(text_error(busy + "    devices: [{period: 1ms}]\n") ==
          "t.yaml:4:15: domains[0].devices[0]: missing required key 'name' (gpt2 or gpt3)");
    CHECK(text_error(busy + "    devices: [{name: gpt2, period: 99us}]\n") ==
          "t.yaml:4:36: domains[0].devices[0].period: '99us' is out of range: a device period must be at least "
          "100us");
    CHECK(text_error(busy + "    devices: [{name: gpt2, period: 0s}]\n") ==
          "t.yaml:4:36: domains[0].devices[0].period: '0s' is out of range: a device period must be at least 100us");
    CHECK(text_error(busy + "    devices: [{name: gpt2, period: 100.0001us}]\n") ==
          "t.yaml:4:36: domains[0].devices[0].period: '100.0001us' is out of range: a device period must be a "
          "whole number of nanoseconds");
    CHECK(text_error(busy + "    devices: [{name: gpt2, period: 1ms}, {name: gpt2, period: 2ms}]\n") ==
          "t.yaml:4:49: domains[0].devices[1].name: device 'gpt2' is listed twice for this domain (first at "
          "t.yaml:4:22)");
    CHECK(text_error(busy + "    devices: [{name: gpt2, period: 1ms, irq: 1}]\n") ==
          "t.yaml:4:41: domains[0].devices[0]: unknown key 'irq' (allowed: name, period)");
    // Both spare timers, in two domains.
    const scenario two = load_scenario_text(
        "domains:\n  - {name: a, guest: busy, devices: [{name: gpt3, period: 1ms}]}\n"
        "  - {name: b, guest: idle, devices: [{name: gpt2, period: 100us}]}\n",
        "t.yaml");
    CHECK(two.domains[0].devices.at(0).name == "gpt3");
    CHECK(two.domains[1].devices.at(0).period_ps == 100'000'000ULL);
    // An override that gives a device to a second domain is named.
    CHECK(text_error("domains:\n  - {name: a, guest: busy, devices: [{name: gpt3, period: 1ms}]}\n"
                     "  - {name: b, guest: idle}\n",
                     {"domains[b].devices=[{name: gpt3, period: 5ms}]"}) ==
          "--set domains[b].devices=[{name: gpt3, period: 5ms}]: domains[1].devices[0].name: device 'gpt3' is "
          "already given to domain a (t.yaml:2:45): a device belongs to at most one domain");
}

TEST_CASE("ucos sections are checked", "[scenario][ucos][errors]") {
    CHECK(text_error("domains:\n  - {name: rt, guest: ucos}\n") ==
          "t.yaml:2:5: domains[0]: missing required key 'ucos' (the uC/OS-II kernel's settings and tasks, required "
          "for guest ucos)");
    CHECK(text_error("domains:\n  - name: a\n    guest: idle\n    ucos: {tasks: []}\n") ==
          "t.yaml:4:5: domains[0].ucos: the ucos section is only for ucos guests, and this guest is idle");
    CHECK(text_error("domains:\n  - name: rt\n    guest: ucos\n    ucos:\n") ==
          "t.yaml:4:5: domains[0].ucos: missing required key 'tasks' (a list of at least one task)");
    CHECK(text_error(ucos_domain("", "[]")) == "t.yaml:5:14: domains[0].ucos.tasks: at least one task is required");
    CHECK(text_error(ucos_domain("", "{name: t}")) ==
          "t.yaml:5:14: domains[0].ucos.tasks: expected a list of tasks, found a mapping");
    CHECK(text_error(ucos_domain("", "[t1]")) ==
          "t.yaml:5:15: domains[0].ucos.tasks[0]: expected a task (a mapping), found a single value");
    CHECK(text_error(ucos_domain("", one_task), {"domains[0].ucos.policy=rms"}) ==
          "--set domains[0].ucos.policy=rms: domains[0].ucos.policy: unknown policy 'rms' (this version has: "
          "fixed-priority, edf)");
    CHECK(text_error(ucos_domain("", one_task), {"domains[0].ucos.tick_mode=smart"}) ==
          "--set domains[0].ucos.tick_mode=smart: domains[0].ucos.tick_mode: unknown tick mode 'smart' (this "
          "version has: naive, corrected)");
    CHECK(text_error(ucos_domain("", one_task), {"domains[0].ucos.idle=sleep"}) ==
          "--set domains[0].ucos.idle=sleep: domains[0].ucos.idle: unknown idle behaviour 'sleep' (this version "
          "has: spin, block)");
    CHECK(text_error(ucos_domain("", one_task), {"domains[0].ucos.ticks_per_sec=9"}) ==
          "--set domains[0].ucos.ticks_per_sec=9: domains[0].ucos.ticks_per_sec: '9' is out of range: "
          "ticks_per_sec must be between 10 and 10000");
    CHECK(text_error(ucos_domain("", one_task), {"domains[0].ucos.ticks_per_sec=10001"}) ==
          "--set domains[0].ucos.ticks_per_sec=10001: domains[0].ucos.ticks_per_sec: '10001' is out of range: "
          "ticks_per_sec must be between 10 and 10000");
    CHECK(text_error(ucos_domain("", one_task), {"domains[0].ucos.os_ticks=100"}) ==
          "--set domains[0].ucos.os_ticks=100: domains[0].ucos: unknown key 'os_ticks' (allowed: policy, "
          "tick_mode, idle, ticks_per_sec, tasks)");
}

TEST_CASE("ucos tasks are checked", "[scenario][ucos][errors]") {
    const auto task_error = [](const std::string& tasks, const std::vector<std::string>& sets = {}) {
        return text_error(ucos_domain("    devices: [{name: gpt2, period: 1ms}]\n", tasks), sets);
    };
    // Line 6, from column 14: `      tasks: [...]`.
    CHECK(task_error("[{period: 10ms, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:15: domains[0].ucos.tasks[0]: missing required key 'name' (letters, digits, '_' and '-')");
    CHECK(task_error("[{name: t 1, period: 10ms, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:22: domains[0].ucos.tasks[0].name: 't 1' is not a valid task name: use letters, digits, '_' "
          "and '-'");
    CHECK(task_error("[{name: t, period: 10ms, wcet: 1ms, priority: 1}, {name: t, period: 10ms, wcet: 1ms, "
                     "priority: 2}]") ==
          "t.yaml:6:71: domains[0].ucos.tasks[1].name: task name 't' is already used by domains[0].ucos.tasks[0] "
          "(t.yaml:6:22)");
    CHECK(task_error("[{name: t, kind: cyclic, period: 10ms, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:31: domains[0].ucos.tasks[0].kind: unknown task kind 'cyclic' (this version has: periodic, "
          "sporadic, event)");
    // Keys of another kind.
    CHECK(task_error("[{name: t, kind: sporadic, period: 10ms, min_interarrival: 10ms, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:41: domains[0].ucos.tasks[0].period: only periodic tasks have it, and this task is sporadic");
    CHECK(task_error("[{name: t, period: 10ms, device: gpt2, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:39: domains[0].ucos.tasks[0].device: only event tasks have it, and this task is periodic (the "
          "default kind)");
    CHECK(task_error("[{name: t, period: 10ms, max_extra: 10ms, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:39: domains[0].ucos.tasks[0].max_extra: only sporadic tasks have it, and this task is "
          "periodic (the default kind)");
    CHECK(task_error("[{name: t, kind: event, device: gpt2, offset: 10ms, wcet: 1ms, deadline: 1ms, priority: 1}]") ==
          "t.yaml:6:52: domains[0].ucos.tasks[0].offset: only periodic and sporadic tasks have it, and this task "
          "is event");
    // What each kind requires.
    CHECK(task_error("[{name: t, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:15: domains[0].ucos.tasks[0]: missing required key 'period' (a duration, a whole number of "
          "guest ticks)");
    CHECK(task_error("[{name: t, kind: sporadic, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:15: domains[0].ucos.tasks[0]: missing required key 'min_interarrival' (a duration, a whole "
          "number of guest ticks)");
    CHECK(task_error("[{name: t, kind: event, wcet: 1ms, deadline: 1ms, priority: 1}]") ==
          "t.yaml:6:15: domains[0].ucos.tasks[0]: missing required key 'device' (the name of one of this domain's "
          "devices)");
    CHECK(task_error("[{name: t, kind: event, device: gpt2, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:15: domains[0].ucos.tasks[0]: missing required key 'deadline' (the relative deadline of every "
          "job, counted from its arrival)");
    CHECK(task_error("[{name: t, period: 10ms, priority: 1}]") ==
          "t.yaml:6:15: domains[0].ucos.tasks[0]: missing required key 'wcet' (the execution time of every job, "
          "such as 2ms)");
    CHECK(task_error("[{name: t, period: 10ms, wcet: 1ms}]") ==
          "t.yaml:6:15: domains[0].ucos.tasks[0]: missing required key 'priority' (0 (highest) to 62, unique in the "
          "guest)");
    // An event task's device must be the domain's own.
    CHECK(text_error(ucos_domain("", "[{name: t, kind: event, device: gpt2, wcet: 1ms, deadline: 1ms, priority: 1}]")) ==
          "t.yaml:5:46: domains[0].ucos.tasks[0].device: unknown device 'gpt2': an event task is released by one of "
          "its domain's devices, and this domain has none (give it one under domains[0].devices)");
    // Values.
    CHECK(task_error("[{name: t, period: 0ms, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:33: domains[0].ucos.tasks[0].period: '0ms' is out of range: a period must be greater than 0s");
    CHECK(task_error("[{name: t, kind: sporadic, min_interarrival: 0s, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:59: domains[0].ucos.tasks[0].min_interarrival: '0s' is out of range: a minimum inter-arrival "
          "time must be greater than 0s");
    CHECK(task_error("[{name: t, period: 10ms, wcet: 0ms, priority: 1}]") ==
          "t.yaml:6:45: domains[0].ucos.tasks[0].wcet: '0ms' is out of range: a wcet must be greater than 0s");
    CHECK(task_error("[{name: t, period: 10ms, wcet: 1ms, deadline: 0s, priority: 1}]") ==
          "t.yaml:6:60: domains[0].ucos.tasks[0].deadline: '0s' is out of range: a deadline must be greater than "
          "0s");
    CHECK(task_error("[{name: t, period: 10ms, wcet: 1ms, priority: 63}]") ==
          "t.yaml:6:60: domains[0].ucos.tasks[0].priority: '63' is out of range: a priority must be between 0 "
          "(highest) and 62: uC/OS-II keeps 63 for its idle task");
    CHECK(task_error("[{name: t, period: 10ms, wcet: 1ms, priority: 1, working_set: 48B}]") ==
          "t.yaml:6:76: domains[0].ucos.tasks[0].working_set: '48B' is out of range: a working set is whole 32-byte "
          "cache lines, so a multiple of 32B");
    CHECK(task_error("[{name: a, period: 10ms, wcet: 1ms, priority: 1, working_set: 3MiB}, "
                     "{name: b, period: 10ms, wcet: 1ms, priority: 2, working_set: 2MiB}]") ==
          "t.yaml:6:144: domains[0].ucos.tasks[1].working_set: '2MiB' is out of range: the tasks' working sets "
          "together (5MiB so far) must fit in the domain's memory (4MiB)");
    // Whole guest ticks, exactly.
    CHECK(task_error("[{name: t, period: 10ms, offset: 5ms, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:47: domains[0].ucos.tasks[0].offset: '5ms' is not a whole number of guest ticks: a tick is "
          "10ms (ticks_per_sec 100); the nearest whole numbers of ticks are 0s and 10ms");
    CHECK(task_error("[{name: t, kind: sporadic, min_interarrival: 10ms, max_extra: 10.5ms, wcet: 1ms, priority: 1}]") ==
          "t.yaml:6:76: domains[0].ucos.tasks[0].max_extra: '10.5ms' is not a whole number of guest ticks: a tick "
          "is 10ms (ticks_per_sec 100); the nearest whole numbers of ticks are 10ms and 20ms");
    // At 30 ticks a second a tick (1s/30) is not a whole number of picoseconds: 100ms is 3 ticks and
    // the whole values are the multiples of 100ms.
    const scenario thirty = load_scenario_text(
        ucos_domain("", "[{name: t, period: 100ms, wcet: 1ms, priority: 1}, "
                        "{name: u, kind: sporadic, min_interarrival: 1s, offset: 200ms, wcet: 1ms, priority: 2}]"),
        "t.yaml", {"domains[0].ucos.ticks_per_sec=30"});
    CHECK(thirty.domains[0].ucos.tasks[0].period_ps == 100'000'000'000ULL);
    CHECK(task_error("[{name: t, period: 50ms, wcet: 1ms, priority: 1}]", {"domains[0].ucos.ticks_per_sec=30"}) ==
          "t.yaml:6:33: domains[0].ucos.tasks[0].period: '50ms' is not a whole number of guest ticks: a tick is "
          "1s/30 (ticks_per_sec 30); the nearest whole numbers of ticks are 0s and 100ms");
    CHECK(task_error("[{name: t, period: 20ms, wcet: 1ms, priority: 1}]", {"domains[0].ucos.ticks_per_sec=30"}) ==
          "t.yaml:6:33: domains[0].ucos.tasks[0].period: '20ms' is not a whole number of guest ticks: a tick is "
          "1s/30 (ticks_per_sec 30); the nearest whole numbers of ticks are 0s and 100ms");
    CHECK(thirty.domains[0].ucos.tasks[1].offset_ps == 200'000'000'000ULL);
}

// ---------------------------------------------------------------------------------------------
// fuzz and timer_abuser guests

TEST_CASE("fuzz and timer_abuser guests get their defaults", "[scenario][fuzz]") {
    const scenario sc =
        load_scenario_text("domains:\n  - {name: f, guest: fuzz}\n  - {name: t, guest: timer_abuser}\n", "t.yaml");
    const domain_config& f = sc.domains.at(0);
    CHECK(f.guest == guest_kind::fuzz);
    CHECK(f.fuzz.hypercalls == 10000);
    CHECK(f.fuzz.check_invariants);
    CHECK(f.mapping == mapping_kind::offset);
    CHECK(f.working_set_bytes == 0);
    CHECK(f.ucos.tasks.empty());
    const domain_config& t = sc.domains.at(1);
    CHECK(t.guest == guest_kind::timer_abuser);
    CHECK(t.timer_abuser.near_ps == 1'000'000'000ULL);        // 1ms
    CHECK(t.timer_abuser.far_ps == 10'000'000'000'000ULL);    // 10s
    CHECK(t.mapping == mapping_kind::offset);
    CHECK(t.virtual_base == 0xC0000000u);
    CHECK(sc.warnings.empty());

    // Empty sections mean all their defaults.
    const scenario empty = load_scenario_text(
        "domains:\n  - name: f\n    guest: fuzz\n    fuzz:\n  - name: t\n    guest: timer_abuser\n"
        "    timer_abuser: {}\n",
        "t.yaml");
    CHECK(empty.domains[0].fuzz.hypercalls == 10000);
    CHECK(empty.domains[0].fuzz.check_invariants);
    CHECK(empty.domains[1].timer_abuser.near_ps == 1'000'000'000ULL);
    CHECK(empty.domains[1].timer_abuser.far_ps == 10'000'000'000'000ULL);

    // Every key, at the edges of its range.
    const scenario edges = load_scenario_text(
        "domains:\n  - {name: f, guest: fuzz, fuzz: {hypercalls: 10000000, check_invariants: false}}\n"
        "  - {name: t, guest: timer_abuser, timer_abuser: {near: 100us, far: 1000s}}\n"
        "  - {name: u, guest: timer_abuser, timer_abuser: {near: 1s, far: 1.000000001s}}\n"
        "  - {name: g, guest: fuzz, fuzz: {hypercalls: 1}}\n",
        "t.yaml");
    CHECK(edges.domains[0].fuzz.hypercalls == 10'000'000ULL);
    CHECK_FALSE(edges.domains[0].fuzz.check_invariants);
    CHECK(edges.domains[1].timer_abuser.near_ps == 100'000'000ULL);
    CHECK(edges.domains[1].timer_abuser.far_ps == 1'000'000'000'000'000ULL);
    CHECK(edges.domains[2].timer_abuser.near_ps == 1'000'000'000'000ULL);
    CHECK(edges.domains[2].timer_abuser.far_ps == 1'000'000'001'000ULL);
    CHECK(edges.domains[3].fuzz.hypercalls == 1);

    // A far expiry below the default near is fine when near is given below it; by --set too.
    const scenario short_far = load_scenario_text(
        "domains:\n  - {name: t, guest: timer_abuser, timer_abuser: {near: 200us, far: 500us}}\n", "t.yaml");
    CHECK(short_far.domains[0].timer_abuser.far_ps == 500'000'000ULL);
    const scenario by_set = load_scenario_text("domains:\n  - {name: t, guest: busy}\n", "t.yaml",
                                               {"domains[t].guest=timer_abuser", "domains[t].timer_abuser.far=20s"});
    CHECK(by_set.domains[0].guest == guest_kind::timer_abuser);
    CHECK(by_set.domains[0].timer_abuser.far_ps == 20'000'000'000'000ULL);
}

TEST_CASE("the fuzz scenario of the robustness test loads", "[scenario][fuzz]") {
    const scenario sc = load_scenario(data_dir + "fuzz.yaml");
    CHECK(sc.name == "fuzz");
    CHECK(sc.duration_ps == 10'000'000'000'000ULL);
    REQUIRE(sc.domains.size() == 2);
    CHECK(sc.domains[0].name == "dom0");
    CHECK(sc.domains[0].guest == guest_kind::busy);
    CHECK(sc.domains[0].mcu_advance == 10);
    CHECK(sc.domains[0].memory_bytes == 32ULL << 20);
    CHECK(sc.domains[1].name == "fuzz");
    CHECK(sc.domains[1].guest == guest_kind::fuzz);
    CHECK(sc.domains[1].mcu_advance == 10);
    CHECK(sc.domains[1].memory_bytes == 4ULL << 20);
    CHECK(sc.domains[1].fuzz.hypercalls == 10000);
    CHECK(sc.domains[1].fuzz.check_invariants);
    CHECK(sc.warnings.empty());
}

TEST_CASE("fuzz and timer_abuser settings are checked", "[scenario][fuzz][errors]") {
    const std::string fuzz = "domains:\n  - name: f\n    guest: fuzz\n";
    const std::string abuser = "domains:\n  - name: t\n    guest: timer_abuser\n";
    CHECK(text_error(fuzz + "    fuzz: {hypercalls: 0}\n") ==
          "t.yaml:4:24: domains[0].fuzz.hypercalls: '0' is out of range: hypercalls must be between 1 and 10000000");
    CHECK(text_error(fuzz + "    fuzz: {hypercalls: 10000001}\n") ==
          "t.yaml:4:24: domains[0].fuzz.hypercalls: '10000001' is out of range: hypercalls must be between 1 and "
          "10000000");
    CHECK(text_error(fuzz + "    fuzz: {hypercalls: 1e4}\n") ==
          "t.yaml:4:24: domains[0].fuzz.hypercalls: expected an integer such as 42, found '1e4'");
    CHECK(text_error(fuzz + "    fuzz: {check_invariants: yes}\n") ==
          "t.yaml:4:30: domains[0].fuzz.check_invariants: expected true or false, found 'yes'");
    CHECK(text_error(fuzz + "    fuzz: {calls: 5}\n") ==
          "t.yaml:4:12: domains[0].fuzz: unknown key 'calls' (allowed: hypercalls, check_invariants)");
    CHECK(text_error(fuzz + "    fuzz: 100\n") ==
          "t.yaml:4:11: domains[0].fuzz: expected a mapping of keys (hypercalls, check_invariants), found a single "
          "value");
    CHECK(text_error(fuzz, {"domains[f].fuzz.hypercalls=0"}) ==
          "--set domains[f].fuzz.hypercalls=0: domains[0].fuzz.hypercalls: '0' is out of range: hypercalls must be "
          "between 1 and 10000000");

    CHECK(text_error(abuser + "    timer_abuser: {near: 50us}\n") ==
          "t.yaml:4:26: domains[0].timer_abuser.near: '50us' is out of range: near must be between 100us and 1s");
    CHECK(text_error(abuser + "    timer_abuser: {near: 1001ms}\n") ==
          "t.yaml:4:26: domains[0].timer_abuser.near: '1001ms' is out of range: near must be between 100us and 1s");
    CHECK(text_error(abuser + "    timer_abuser: {near: 100.0005us}\n") ==
          "t.yaml:4:26: domains[0].timer_abuser.near: '100.0005us' is out of range: near must be a whole number of "
          "nanoseconds (set_timer_op takes ns)");
    CHECK(text_error(abuser + "    timer_abuser: {far: 500us}\n") ==
          "t.yaml:4:25: domains[0].timer_abuser.far: '500us' is out of range: far must be greater than near (1ms, "
          "the default)");
    CHECK(text_error(abuser + "    timer_abuser: {near: 5ms, far: 4ms}\n") ==
          "t.yaml:4:36: domains[0].timer_abuser.far: '4ms' is out of range: far must be greater than near (5ms)");
    CHECK(text_error(abuser + "    timer_abuser: {far: 1001s}\n") ==
          "t.yaml:4:25: domains[0].timer_abuser.far: '1001s' is out of range: far must be at most 1000s");
    CHECK(text_error(abuser + "    timer_abuser: {far: 2.0000000005s}\n") ==
          "t.yaml:4:25: domains[0].timer_abuser.far: '2.0000000005s' is out of range: far must be a whole number "
          "of nanoseconds (set_timer_op takes ns)");
    CHECK(text_error(abuser + "    timer_abuser: {far: forever}\n") ==
          "t.yaml:4:25: domains[0].timer_abuser.far: expected a duration such as 10ms or 1.5s, found 'forever'");
    CHECK(text_error(abuser + "    timer_abuser: {nearly: 1ms}\n") ==
          "t.yaml:4:20: domains[0].timer_abuser: unknown key 'nearly'; did you mean 'near'? (allowed: near, far)");
}

TEST_CASE("fuzz and timer_abuser sections belong to their guests", "[scenario][fuzz][errors]") {
    const std::string busy = "domains:\n  - name: a\n    guest: busy\n";
    CHECK(text_error(busy + "    fuzz: {hypercalls: 5}\n") ==
          "t.yaml:4:5: domains[0].fuzz: the fuzz section is only for fuzz guests, and this guest is busy");
    CHECK(text_error(busy + "    timer_abuser: {near: 2ms}\n") ==
          "t.yaml:4:5: domains[0].timer_abuser: the timer_abuser section is only for timer_abuser guests, and this "
          "guest is busy");
    CHECK(text_error(busy + "    timer_abuser:\n", {"domains[a].guest=fuzz"}) ==
          "t.yaml:4:5: domains[0].timer_abuser: the timer_abuser section is only for timer_abuser guests, and this "
          "guest is fuzz");
    CHECK(text_error(busy + "    fuzz:\n", {"domains[a].guest=idle"}) ==
          "t.yaml:4:5: domains[0].fuzz: the fuzz section is only for fuzz guests, and this guest is idle");
    CHECK(text_error(busy + "    fuzz:\n", {"domains[a].guest=timer_abuser"}) ==
          "t.yaml:4:5: domains[0].fuzz: the fuzz section is only for fuzz guests, and this guest is timer_abuser");
    CHECK(text_error(ucos_domain("    fuzz: {hypercalls: 5}\n", one_task)) ==
          "t.yaml:4:5: domains[0].fuzz: the fuzz section is only for fuzz guests, and this guest is ucos");
    // A section given by --set is named by it.
    CHECK(text_error(busy, {"domains[a].fuzz.hypercalls=5"}) ==
          "--set domains[a].fuzz.hypercalls=5: domains[0].fuzz: the fuzz section is only for fuzz guests, and this "
          "guest is busy");
    // The ucos section names the new kinds too.
    CHECK(text_error(busy + "    ucos: {tasks: []}\n", {"domains[a].guest=fuzz"}) ==
          "t.yaml:4:5: domains[0].ucos: the ucos section is only for ucos guests, and this guest is fuzz");
    // working_set stays busy-only.
    CHECK(text_error(busy + "    working_set: 4KiB\n", {"domains[a].guest=fuzz"}) ==
          "t.yaml:4:5: domains[0].working_set: working_set is for busy guests, and this guest is fuzz");
    CHECK(text_error(busy + "    working_set: 4KiB\n", {"domains[a].guest=timer_abuser"}) ==
          "t.yaml:4:5: domains[0].working_set: working_set is for busy guests, and this guest is timer_abuser");
}

// ---------------------------------------------------------------------------------------------
// --set overrides

TEST_CASE("overrides select list items by index and by name", "[scenario][set]") {
    const scenario by_index = load_scenario_text(two_domains, "t.yaml", {"domains[1].weight=2"});
    CHECK(by_index.domains[0].mcu_advance == 10);
    CHECK(by_index.domains[1].mcu_advance == 5);

    const scenario by_name = load_scenario_text(two_domains, "t.yaml", {"domains[dom0].weight=0.5"});
    CHECK(by_name.domains[0].mcu_advance == 20);
    CHECK(by_name.domains[1].mcu_advance == 10);

    // A whole item replaced by a flow mapping.
    const scenario item = load_scenario_text(two_domains, "t.yaml", {"domains[1]={name: other, guest: busy}"});
    CHECK(item.domains[1].name == "other");
    CHECK(item.domains[1].guest == guest_kind::busy);
}

TEST_CASE("overrides replace values and create missing keys", "[scenario][set]") {
    const scenario sc = load_scenario_text(two_domains, "t.yaml",
                                           {"duration=100s", "hypervisor.quirks.bvt_slice_units=false",
                                            "domains[ucos].warp.limit=20ms", "duration=3s", "costs.irq_vector=7"});
    CHECK(sc.duration_ps == 3'000'000'000'000ULL);  // the later override wins
    CHECK_FALSE(sc.hypervisor.quirks.bvt_slice_units);
    CHECK(sc.hypervisor.quirks.recharge_on_continue);
    CHECK(sc.domains[1].warp.limit_ms == 20);
    CHECK(sc.costs.at("irq_vector") == 7);

    // Into an empty file, and over a file's value.
    const scenario from_nothing = load_scenario_text("", "t.yaml", {"domains=[{name: a, guest: idle}]"});
    CHECK(from_nothing.domains.at(0).guest == guest_kind::idle);
    const scenario over_file = load_scenario(data_dir + "minimal.yaml", {"domains[0].memory=8MiB", "seed=9"});
    CHECK(over_file.domains[0].memory_bytes == 8ULL << 20);
    CHECK(over_file.seed == 9);
}

TEST_CASE("a bad --set names the override", "[scenario][set][errors]") {
    CHECK(text_error(two_domains, {"domains[5].weight=2"}) ==
          "--set domains[5].weight=2: index 5 is out of range: 'domains' has 2 item(s), numbered from 0");
    CHECK(text_error(two_domains, {"domains[dom9].weight=2"}) ==
          "--set domains[dom9].weight=2: no item of 'domains' is named 'dom9' (names: dom0, ucos)");
    CHECK(text_error(two_domains, {"duration"}) == "--set duration: expected path=value, for example duration=20s");
    CHECK(text_error(two_domains, {"a..b=1"}) == "--set a..b=1: bad path 'a..b': unexpected '.' where a key should be");
    CHECK(
        text_error(two_domains, {"domains[].weight=1"}) ==
        "--set domains[].weight=1: bad path 'domains[].weight': a selector is an index or a name in brackets, such as "
        "[1] or [dom0]");
    CHECK(text_error(two_domains, {"=1"}) == "--set =1: bad path '': it is empty");
    CHECK(text_error(two_domains, {"outputs[0].trace=true"}) ==
          "--set outputs[0].trace=true: 'outputs' does not exist, so [0] selects nothing");
    CHECK(text_error(with_domain("duration: 1s\n"), {"duration.x=1"}) ==
          "--set duration.x=1: 'duration' is a single value, not a mapping, so it has no key 'x'");
    CHECK(text_error(with_domain("platform: {}\n"), {"platform[0]=1"}) ==
          "--set platform[0]=1: 'platform' is a mapping, not a list, so [0] selects nothing");
    CHECK(text_error(two_domains, {"name=[1,"}).rfind("--set name=[1,: the value is not valid YAML: ", 0) == 0);
}

TEST_CASE("errors in overridden values name the override, not a line", "[scenario][set][errors]") {
    CHECK(text_error(two_domains, {"domains[1].weight=11"}) ==
          "--set domains[1].weight=11: domains[1].weight: '11' is out of range: a weight must be in (0, 10], "
          "because Xen sets mcu_advance = trunc(10 / weight) and rejects 0");
    CHECK(text_error(two_domains, {"duration=10 parsecs"}) ==
          "--set duration=10 parsecs: duration: expected a duration such as 10ms or 1.5s, found '10 parsecs': "
          "unknown unit 'parsecs' (use one of s, ms, us, ns, ps)");
    // A created key is judged like any other: unknown keys still fail, naming the override.
    CHECK(text_error(two_domains, {"platform.bogus=1"}) ==
          "--set platform.bogus=1: platform: unknown key 'bogus' (allowed: board, cpu_clock, sdram, sdram_latency)");
    CHECK(text_error(two_domains, {"hypervisor.quirks.bvt_slice_unit=false"}) ==
          "--set hypervisor.quirks.bvt_slice_unit=false: hypervisor.quirks: unknown key 'bvt_slice_unit'; did you "
          "mean 'bvt_slice_units'? (allowed: bvt_slice_units, recharge_on_continue, timer_list_no_resort, ni_hypercall_hangs, "
              "credit_no_tick)");
    // Inside a flow value given on the command line.
    CHECK(text_error(two_domains, {"platform={board: x86}"}) ==
          "--set platform={board: x86}: platform.board: unknown board 'x86' (this version has: imx21)");
    // An empty value is refused by the override itself: as a YAML null it would replace the
    // file's node and an error would then name the file's line.
    CHECK(text_error(two_domains, {"outputs.trace="}) ==
          "--set outputs.trace=: the value is empty (write path=VALUE; an empty string is path=\"\")");
    CHECK(text_error(two_domains, {"duration="}) ==
          "--set duration=: the value is empty (write path=VALUE; an empty string is path=\"\")");
    // A duplicate made by an override points at the override and at the file's first use.
    CHECK(text_error(two_domains, {"domains[1].name=dom0"}) ==
          "--set domains[1].name=dom0: domains[1].name: domain name 'dom0' is already used by domains[0] "
          "(t.yaml:2:11)");
    // The memory check names the override that changed a size.
    CHECK(text_error(two_domains, {"domains[ucos].memory=60MiB"}) ==
          "--set domains[ucos].memory=60MiB: domains: the domains' memory (dom0 4MiB + ucos 60MiB = 64MiB) does "
          "not fit in SDRAM: 64MiB minus 16MiB reserved for Xen leaves 48MiB");
    // The file's own errors keep their positions when overrides are present.
    CHECK(file_error("weight_11.yaml", {"duration=1s"}) ==
          data_dir +
              "bad/weight_11.yaml:6:13: domains[1].weight: '11' is out of range: a weight must be in (0, 10], "
              "because Xen sets mcu_advance = trunc(10 / weight) and rejects 0");
    // An override can also fix a file's error.
    CHECK(load_scenario(data_dir + "bad/weight_11.yaml", {"domains[dom1].weight=1"}).domains[1].mcu_advance == 10);
}

// ---------------------------------------------------------------------------------------------
// resolved JSON

TEST_CASE("the resolved scenario is written with units in the key names", "[scenario][json]") {
    const nlohmann::json j = resolved_json(load_scenario(data_dir + "full.yaml"));
    CHECK(j.at("name") == "full-example");
    CHECK(j.at("duration_ps") == 2'500'000'000'000ULL);
    CHECK(j.at("seed") == 42);
    CHECK(j.at("platform").at("cpu_clock_hz") == 200'000'000ULL);
    CHECK(j.at("platform").at("sdram_bytes") == 128ULL << 20);
    CHECK(j.at("platform").at("sdram_latency_cycles") == 3);
    CHECK(j.at("hypervisor").at("ctx_allow_ns") == 2'500'000ULL);
    CHECK(j.at("hypervisor").at("clock") == "precise");
    CHECK(j.at("hypervisor").at("time_update") == "precise");
    CHECK(j.at("hypervisor").at("quirks").at("bvt_slice_units") == false);
    CHECK(j.at("domains").at(1).at("weight") == 2.5);
    CHECK(j.at("domains").at(1).at("mcu_advance") == 4);
    CHECK(j.at("domains").at(1).at("guest") == "idle");
    CHECK(j.at("domains").at(1).at("warp").at("limit_ms") == 20);
    CHECK(j.at("domains").at(1).at("warp").at("value") == -500);
    CHECK(j.at("domains").at(1).at("mapping") == "identity");
    CHECK(j.at("domains").at(1).at("virtual_base") == 0xC3000000u);
    CHECK(j.at("domains").at(1).at("virtual_base_hex") == "0xC3000000");
    CHECK_FALSE(j.at("domains").at(1).contains("ucos"));
    const nlohmann::json& dom0 = j.at("domains").at(0);
    CHECK(dom0.at("mapping") == "offset");
    CHECK(dom0.at("virtual_base") == 0x40000000u);
    CHECK(dom0.at("virtual_base_hex") == "0x40000000");
    CHECK(dom0.at("working_set_bytes") == 65536);
    CHECK(dom0.at("on_fault") == "kill");
    CHECK(dom0.at("rogue") == nlohmann::json{{"enabled", true},
                                             {"at_ps", 1'500'000'000'000ULL},
                                             {"address", 0x10004000u},
                                             {"address_hex", "0x10004000"},
                                             {"write", false}});
    CHECK(dom0.at("devices") == nlohmann::json::array({{{"name", "gpt3"}, {"period_ps", 250'000'000ULL}}}));
    CHECK(j.at("outputs").at("window_ps") == 100'000'000'000ULL);
    CHECK(j.at("cost_overrides_cycles").at("context_switch_base") == 400);
    CHECK_FALSE(j.contains("file"));

    const nlohmann::json minimal = resolved_json(load_scenario(data_dir + "minimal.yaml"));
    CHECK(minimal.at("cost_overrides_cycles") == nlohmann::json::object());
    CHECK(minimal.at("domains").at(0).dump() ==
          R"({"code_size_bytes":0,"devices":[],"guest":"busy","mapping":"offset","mcu_advance":10,"memory_bytes":4194304,"name":"dom0",)"
          R"("on_fault":"inject","rogue":{"address":0,"address_hex":"0x00000000","at_ps":0,"enabled":false,)"
          R"("write":true},"virtual_base":3221225472,"virtual_base_hex":"0xC0000000",)"
          R"("warp":{"enabled":false,"limit_ms":2000,"unwarp_ms":1000,"value":0},"weight":1.0,)"
          R"("working_set_bytes":0})");
}

TEST_CASE("a ucos guest is written with its kernel and tasks", "[scenario][json][ucos]") {
    const nlohmann::json j = resolved_json(load_scenario(data_dir + "ucos.yaml"));
    CHECK(j.at("hypervisor").at("time_update") == "precise");
    const nlohmann::json& rt = j.at("domains").at(1);
    CHECK(rt.at("guest") == "ucos");
    CHECK(rt.at("mapping") == "identity");
    CHECK(rt.at("virtual_base_hex") == "0xC3000000");
    CHECK(rt.at("on_fault") == "kill");
    CHECK(rt.at("rogue").at("at_ps") == 2'000'000'000'000ULL);
    CHECK(rt.at("rogue").at("address_hex") == "0xC0000000");
    CHECK(rt.at("devices").at(0).at("period_ps") == 7'000'000'000ULL);
    const nlohmann::json& u = rt.at("ucos");
    CHECK(u.at("policy") == "edf");
    CHECK(u.at("tick_mode") == "corrected");
    CHECK(u.at("idle") == "block");
    CHECK(u.at("ticks_per_sec") == 100);
    REQUIRE(u.at("tasks").size() == 4);
    // Each task carries the keys of its kind.
    CHECK(u.at("tasks").at(0).dump() ==
          R"({"deadline_ps":15000000000,"kind":"periodic","name":"ctl","offset_ps":10000000000,)"
          R"("period_ps":20000000000,"priority":5,"release":"delay","wcet_ps":2000000000,"working_set_bytes":4096})");
    CHECK(u.at("tasks").at(2).dump() ==
          R"({"deadline_ps":45000000000,"kind":"sporadic","max_extra_ps":30000000000,)"
          R"("min_interarrival_ps":50000000000,"name":"alarm","offset_ps":40000000000,"priority":10,)"
          R"("wcet_ps":1000000000,"working_set_bytes":1024})");
    CHECK(u.at("tasks").at(3).dump() ==
          R"({"deadline_ps":5000000000,"device":"gpt2","kind":"event","name":"sensor","priority":3,)"
          R"("wcet_ps":300000000,"working_set_bytes":0})");
    CHECK_FALSE(j.at("domains").at(0).contains("ucos"));
}

TEST_CASE("fuzz and timer_abuser guests are written with their settings", "[scenario][json][fuzz]") {
    const nlohmann::json j = resolved_json(load_scenario_text(
        "domains:\n  - {name: b, guest: busy}\n  - {name: f, guest: fuzz, fuzz: {hypercalls: 5}}\n"
        "  - {name: t, guest: timer_abuser, timer_abuser: {near: 2ms}}\n",
        "t.yaml"));
    const nlohmann::json& b = j.at("domains").at(0);
    CHECK_FALSE(b.contains("fuzz"));
    CHECK_FALSE(b.contains("timer_abuser"));
    const nlohmann::json& f = j.at("domains").at(1);
    CHECK(f.at("guest") == "fuzz");
    CHECK(f.at("fuzz").dump() == R"({"check_invariants":true,"hypercalls":5})");
    CHECK_FALSE(f.contains("timer_abuser"));
    CHECK_FALSE(f.contains("ucos"));
    const nlohmann::json& t = j.at("domains").at(2);
    CHECK(t.at("guest") == "timer_abuser");
    CHECK(t.at("timer_abuser").dump() == R"({"far_ps":10000000000000,"near_ps":2000000000})");
    CHECK_FALSE(t.contains("fuzz"));
    CHECK_FALSE(t.contains("ucos"));
    CHECK(resolved_json(load_scenario(data_dir + "fuzz.yaml")).at("domains").at(1).at("fuzz") ==
          nlohmann::json{{"hypercalls", 10000}, {"check_invariants", true}});
}

// ---------------------------------------------------------------------------------------------
// documentation

TEST_CASE("docs/scenario.md documents every key the loader accepts", "[scenario][docs]") {
    std::ifstream in(std::string(RTV_SOURCE_DIR) + "/docs/scenario.md");
    REQUIRE(in);
    std::stringstream doc;
    doc << in.rdbuf();
    for (const auto& key : scenario_keys()) {
        INFO("key " << key);
        CHECK(doc.str().find("`" + key + "`") != std::string::npos);
    }
    CHECK(scenario_keys().size() == 83);
}
