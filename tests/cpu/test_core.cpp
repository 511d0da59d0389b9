// SPDX-License-Identifier: Apache-2.0
// The ARM926EJ-S core's native execution engine: exact-cycle preemption of work items,
// hand-back of the remainder, interrupts between steps, WFI, traps and the IRQ-wait record.
// CPU at 266 MHz: cycle n lies at floor(n * 10^12 / 266e6) ps.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include <systemc>

#include "sim/core/clock.hpp"
#include "sim/core/irq_line.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/imx21_periph/sdram.hpp"

using namespace rtv;
using core::picoseconds;

namespace {

constexpr std::uint64_t hz = 266'000'000;

struct event_log {
    std::vector<std::string> what;
    std::vector<std::uint64_t> cycle;
    void add(const std::string& w, std::uint64_t c) {
        what.push_back(w);
        cycle.push_back(c);
    }
};

struct test_guest final : cpu::execution_context {
    cpu::arm926_core* core = nullptr;
    event_log* log = nullptr;
    cpu::work_item item;
    int items_left = 1;
    cpu::work_item& next_work() override { return item; }
    void item_completed(cpu::work_item&) override {
        log->add("completed", core->cycle());
        --items_left;
    }
    void item_interrupted(cpu::work_item& it) override { log->add("interrupted@" + std::to_string(it.position), core->cycle()); }
    int account_id() const override { return 0; }
};

struct test_software final : cpu::system_software {
    core::irq_line* line = nullptr;
    test_guest* guest = nullptr;
    event_log* log = nullptr;
    std::uint64_t handler_cycles = 100;
    std::uint64_t boot_cycles = 0;
    void boot(cpu::arm926_core& c) override { c.spend(boot_cycles); }
    void irq(cpu::arm926_core& c) override {
        log->add("irq", c.cycle());
        c.spend(handler_cycles);
        line->set(false);  // acknowledge
    }
    std::uint32_t trap(cpu::arm926_core& c, const cpu::trap_record& t) override {
        log->add("trap" + std::to_string(t.swi_number), c.cycle());
        if (t.kind == cpu::trap_kind::data_abort) guest->items_left = 0;  // as if the guest were killed
        c.spend(10);
        return 42;
    }
    cpu::execution_context* current_context() override {
        return guest && guest->items_left > 0 ? guest : nullptr;
    }
};

struct irq_source : sc_core::sc_module {
    core::irq_line line{"nirq"};
    std::vector<picoseconds> at;
    SC_HAS_PROCESS(irq_source);
    explicit irq_source(sc_core::sc_module_name n) : sc_module(n) { SC_THREAD(run); }
    void run() {
        for (picoseconds t : at) {
            wait(core::to_sc_time(t - core::now_ps()));
            line.set(true);
        }
    }
};

struct bench {
    imx21::memory mem{"mem", 4096};
    cpu::arm926_core cpu{"cpu", hz};
    irq_source src{"src"};
    test_guest guest;
    test_software sw;
    event_log log;
    core::clock_domain clk{hz};

    bench() {
        cpu.bus.bind(mem.in);
        cpu.bind_irq(src.line);
        cpu.attach(sw);
        guest.core = &cpu;
        guest.log = &log;
        sw.line = &src.line;
        sw.guest = &guest;
        sw.log = &log;
    }
    void run_for(picoseconds t) { sc_core::sc_start(core::to_sc_time(t)); }
    std::uint64_t entry() { return cpu.costs().exception_entry; }
};

}  // namespace

TEST_CASE("an IRQ cuts a compute step at the first edge at or after it and the rest runs later", "[core]") {
    bench b;
    b.guest.item.reset({cpu::step::compute_for(1000)});
    b.src.at = {1'000'001};  // just after edge 266 (1,000,000 ps): taken at edge 267
    b.run_for(10'000'000);
    REQUIRE(b.log.what == std::vector<std::string>{"interrupted@0", "irq", "completed"});
    CHECK(b.log.cycle[0] == 267);
    CHECK(b.log.cycle[1] == 267 + b.entry());
    // 733 cycles remained; they run after the handler's 100 cycles.
    CHECK(b.log.cycle[2] == 267 + b.entry() + 100 + 733);
    CHECK(b.cpu.stats().preemptions == 1);
    CHECK(b.cpu.stats().max_irq_wait_ps == b.clk.time_of(267) - 1'000'001);
}

TEST_CASE("an IRQ on an exact edge is taken at that edge", "[core]") {
    bench b;
    b.guest.item.reset({cpu::step::compute_for(1000)});
    b.src.at = {b.clk.time_of(500)};
    b.run_for(10'000'000);
    REQUIRE(b.log.what.size() == 3);
    CHECK(b.log.cycle[0] == 500);
    CHECK(b.cpu.stats().max_irq_wait_ps == 0);
}

TEST_CASE("an IRQ at the cycle a step completes lets the step complete first", "[core]") {
    bench b;
    b.guest.item.reset({cpu::step::compute_for(1000), cpu::step::compute_for(50)});
    b.src.at = {b.clk.time_of(1000)};
    b.run_for(10'000'000);
    // The first step ends at 1000, then the IRQ falls between the two steps.
    REQUIRE(b.log.what == std::vector<std::string>{"interrupted@1", "irq", "completed"});
    CHECK(b.log.cycle[0] == 1000);
    CHECK(b.log.cycle[2] == 1000 + b.entry() + 100 + 50);
}

TEST_CASE("with nothing to run the core sleeps until the interrupt (no spinning)", "[core]") {
    bench b;
    b.sw.guest = nullptr;
    b.src.at = {2'500'000, 7'000'123};
    b.run_for(10'000'000);
    REQUIRE(b.log.what == std::vector<std::string>{"irq", "irq"});
    CHECK(b.log.cycle[0] == b.clk.first_edge_at_or_after(2'500'000) + b.entry());
    CHECK(b.log.cycle[1] == b.clk.first_edge_at_or_after(7'000'123) + b.entry());
    CHECK(b.cpu.stats().wfi_sleeps == 3);
}

TEST_CASE("a hypercall step traps with its number and arguments and returns r0", "[core]") {
    bench b;
    b.guest.item.reset({cpu::step::compute_for(10), cpu::step::hypercall(29, {1, 2, 3, 4, 5}), cpu::step::compute_for(5)});
    b.guest.items_left = 1;
    b.run_for(1'000'000);
    REQUIRE(b.log.what == std::vector<std::string>{"trap29", "interrupted@2", "completed"});
    CHECK(b.log.cycle[0] == 10 + b.entry());
    CHECK(b.guest.item.steps[1].result == 42);
    CHECK(b.log.cycle[2] == 10 + b.entry() + 10 + 5);
}

TEST_CASE("an IRQ asserted during a masked handler waits and the wait is recorded exactly", "[core]") {
    bench b;
    b.sw.guest = nullptr;
    b.sw.handler_cycles = 10'000;  // a long hypervisor path with IRQs masked
    b.src.at = {1'000'000, 1'000'000 + 1'000};
    b.run_for(1'000'000'000);
    REQUIRE(b.log.what == std::vector<std::string>{"irq", "irq"});
    // The second assertion is taken when the first handler returns.
    const std::uint64_t first = b.clk.first_edge_at_or_after(1'000'000);
    CHECK(b.log.cycle[1] == first + b.entry() + 10'000 + b.entry());
    CHECK(b.cpu.stats().max_irq_wait_ps == b.clk.time_of(first + b.entry() + 10'000) - 1'001'000);
}

TEST_CASE("a load and a store reach memory through the bus at VA == PA", "[core]") {
    bench b;
    b.guest.item.reset({cpu::step::store_to(0x100, 0xCAFEF00D), cpu::step::load_from(0x100)});
    b.run_for(1'000'000);
    CHECK(b.guest.item.steps[1].value == 0xCAFEF00D);
}

TEST_CASE("an access to an unmapped address becomes a data abort trap", "[core]") {
    bench b;
    b.guest.item.reset({cpu::step::load_from(0x100000)});  // beyond the 4 KiB memory
    b.run_for(1'000'000);
    REQUIRE(!b.log.what.empty());
    CHECK(b.log.what[0] == "trap0");
    CHECK(b.cpu.stats().data_aborts == 1);
}

TEST_CASE("byte stores and loads touch one byte and an atomic rmw returns the old word", "[core]") {
    bench b;
    b.guest.item.reset({cpu::step::store_to(0x200, 0x11223344), cpu::step::store_byte_to(0x201, 0xAB),
                        cpu::step::load_from(0x200), cpu::step::load_byte_from(0x203),
                        cpu::step::atomic_rmw(0x200, ~0xFFu, 0x5A), cpu::step::load_from(0x200)});
    b.run_for(1'000'000);
    CHECK(b.guest.item.steps[2].value == 0x1122AB44u);
    CHECK(b.guest.item.steps[3].value == 0x11u);
    CHECK(b.guest.item.steps[4].value == 0x1122AB44u);  // the old word
    CHECK(b.guest.item.steps[5].value == 0x1122AB5Au);  // (old & ~0xFF) | 0x5A
}
