// SPDX-License-Identifier: Apache-2.0
// The configuration blocks the simulator writes into the binary guests
// (rtos_model/firmware_config.hpp): the model guest's task set converted to whole ticks,
// cycles and guest addresses, checked field by field and then by the firmware's own check
// (rtv_app_check_config, compiled natively), so that both sides agree.
#include <catch2/catch.hpp>

#include <cstring>
#include <stdexcept>

#include "rtos_model/firmware_config.hpp"
#include "ucos_app.h"

using namespace rtv;
using rtv::rtos::ucos_config;
using rtv::rtos::ucos_task_config;
using kind = ucos_task_config::kind;

namespace {

constexpr core::picoseconds ms = 1'000'000'000ULL;

ucos_task_config task(const std::string& name, kind k, unsigned prio, std::uint64_t wcet) {
    ucos_task_config t;
    t.name = name;
    t.k = k;
    t.priority = prio;
    t.wcet_cycles = wcet;
    return t;
}

struct fixture {
    ucos_config cfg;
    rtos::ucos_guest_setup setup;
    rtos::free_guest_memory memory{0xC0010010u, 0xC0400000u};
    fixture() {
        cfg.ticks_per_sec = 100;
        ucos_task_config a = task("ctrl", kind::periodic, 3, 266000);
        a.period_ps = 50 * ms;
        a.offset_ps = 20 * ms;
        a.release = ucos_task_config::release_mode::absolute;
        a.working_set_bytes = 100;
        ucos_task_config b = task("sporadic", kind::sporadic, 7, 1000);
        b.min_interarrival_ps = 30 * ms;
        b.max_extra_ps = 20 * ms;
        b.relative_deadline_ps = 25 * ms;  // 2.5 ticks: rounds up to 3
        b.working_set_bytes = 64;
        ucos_task_config c = task("a_rather_long_task_name", kind::event, 1, 500);
        c.relative_deadline_ps = 5 * ms;
        cfg.tasks = {a, b, c};
        setup.mode = rtos::tick_mode::corrected;
        setup.devices.push_back({"gpt2", 0x10004000u, 25, 10 * ms, 13'300'000, {2}, {}});
    }
};

}  // namespace

TEST_CASE("make_ucos_config converts the task set as the model guest does", "[firmware_config]") {
    fixture f;
    const struct rtv_ucos_config c = rtos::make_ucos_config(f.cfg, f.setup, 0x1234567800000001ULL, f.memory);
    CHECK(c.magic == RTV_UCOS_CONFIG_MAGIC);
    CHECK(c.size == sizeof(rtv_ucos_config));
    CHECK(c.policy == RTV_POLICY_FIXED_PRIORITY);
    CHECK(c.tick_mode == RTV_TICK_CORRECTED);
    CHECK(c.idle == RTV_IDLE_SPIN);
    CHECK(c.ticks_per_sec == 100);
    CHECK(c.seed == (0x12345678u ^ 1u));
    CHECK(c.n_tasks == 3);
    CHECK(c.n_devices == 1);
    CHECK(c.devices[0].base == 0x10004000u);
    CHECK(c.devices[0].irq == 25);
    CHECK(c.devices[0].compare == 133'000 - 1);  // 10 ms at 13.3 MHz

    const rtv_ucos_task_config& a = c.tasks[0];
    CHECK(a.kind == RTV_TASK_PERIODIC);
    CHECK(a.priority == 3);
    CHECK(a.period_ticks == 5);
    CHECK(a.offset_ticks == 2);
    CHECK(a.deadline_ticks == 5);  // the period by default
    CHECK(a.wcet_cycles == 266000);
    CHECK(a.release == RTV_RELEASE_ABSOLUTE);
    CHECK(a.working_set_base == 0xC0010020u);  // the first line boundary after the image
    CHECK(a.working_set_bytes == 100);
    CHECK(std::string(a.name) == "ctrl");

    const rtv_ucos_task_config& b = c.tasks[1];
    CHECK(b.kind == RTV_TASK_SPORADIC);
    CHECK(b.period_ticks == 3);
    CHECK(b.extra_ticks == 2);
    CHECK(b.deadline_ticks == 3);
    CHECK(b.release == RTV_RELEASE_DELAY);
    CHECK(b.working_set_base == 0xC0010020u + 128);  // 100 bytes take four lines
    CHECK(b.working_set_bytes == 64);

    const rtv_ucos_task_config& e = c.tasks[2];
    CHECK(e.kind == RTV_TASK_EVENT);
    CHECK(e.device == 0);
    CHECK(e.deadline_ticks == 1);
    CHECK(e.working_set_base == 0);
    CHECK(std::string(e.name) == "a_rather_long_t");  // cut to 15 characters and a NUL

    // The firmware accepts what the simulator writes.
    std::memcpy(&rtv_ucos_config, &c, sizeof c);
    CHECK(rtv_app_check_config(&rtv_ucos_config) == RTV_CFG_OK);

    // The bytes are the block's little-endian words.
    const std::vector<std::uint8_t> bytes = rtos::config_bytes(c);
    REQUIRE(bytes.size() == sizeof(struct rtv_ucos_config));
    CHECK(bytes[0] == 0x55);  // 'U'
    CHECK(bytes[3] == 0x53);  // 'S'
    CHECK(bytes[112 + 8] == 5);
}

TEST_CASE("make_ucos_config rejects what the model guest or the block cannot take", "[firmware_config]") {
    fixture f;
    SECTION("a period that is not whole ticks (the model guest's message)") {
        f.cfg.tasks[0].period_ps = 55 * ms / 10;
        CHECK_THROWS_WITH(rtos::make_ucos_config(f.cfg, f.setup, 1, f.memory),
                          Catch::Contains("ucos task 'ctrl': period") && Catch::Contains("whole number of ticks"));
    }
    SECTION("a priority used twice") {
        f.cfg.tasks[1].priority = 3;
        CHECK_THROWS_WITH(rtos::make_ucos_config(f.cfg, f.setup, 1, f.memory), Catch::Contains("already used"));
    }
    SECTION("more than 16 tasks") {
        for (unsigned i = 0; i < 14; ++i) {
            ucos_task_config t = task("t" + std::to_string(i), kind::periodic, 10 + i, 100);
            t.period_ps = 10 * ms;
            f.cfg.tasks.push_back(t);
        }
        CHECK_THROWS_WITH(rtos::make_ucos_config(f.cfg, f.setup, 1, f.memory), Catch::Contains("at most 16 tasks"));
    }
    SECTION("a WCET beyond 32 bits") {
        f.cfg.tasks[0].wcet_cycles = 1ULL << 32;
        CHECK_THROWS_WITH(rtos::make_ucos_config(f.cfg, f.setup, 1, f.memory),
                          Catch::Contains("'ctrl': wcet in cycles") && Catch::Contains("32 bits"));
    }
    SECTION("working sets that do not fit after the image") {
        f.memory.end = f.memory.begin + 150;
        CHECK_THROWS_WITH(rtos::make_ucos_config(f.cfg, f.setup, 1, f.memory),
                          Catch::Contains("'sporadic': its working set of 64 bytes does not fit"));
    }
    SECTION("an event task no device releases") {
        f.setup.devices[0].tasks.clear();
        CHECK_THROWS_WITH(rtos::make_ucos_config(f.cfg, f.setup, 1, f.memory), Catch::Contains("needs a device"));
    }
}

TEST_CASE("make_busy_config places the working set and keeps the default chunk", "[firmware_config]") {
    const rtos::free_guest_memory memory{0xC0008004u, 0xC0100000u};
    const rtv_busy_config c = rtos::make_busy_config(4096, 0, memory);
    CHECK(c.magic == RTV_BUSY_CONFIG_MAGIC);
    CHECK(c.size == sizeof c);
    CHECK(c.working_set_base == 0xC0008020u);
    CHECK(c.working_set_bytes == 4096);
    CHECK(c.chunk_cycles == RTV_BUSY_DEFAULT_CHUNK_CYCLES);
    const rtv_busy_config none = rtos::make_busy_config(0, 5000, memory);
    CHECK(none.working_set_base == 0);
    CHECK(none.chunk_cycles == 5000);
    CHECK_THROWS_WITH(rtos::make_busy_config(1u << 20, 0, memory), Catch::Contains("does not fit"));
    CHECK(rtos::config_bytes(c).size() == 32);
}
