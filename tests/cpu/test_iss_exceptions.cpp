// SPDX-License-Identifier: Apache-2.0
// Exceptions as ARM DDI 0100I A2.6 takes them, from privileged code through the vectors in
// memory (tests/cpu/iss/exceptions.S), and from User mode as trap records.
#include <catch2/catch.hpp>

#include "arm_basic.hpp"
#include "exceptions.hpp"
#include "iss_bench.hpp"

using namespace rtv;

TEST_CASE("exceptions from privileged code go through the vectors and return", "[iss][exceptions]") {
    test::bench_options o;
    o.cpsr = 0xD3;  // SVC, IRQ and FIQ masked
    test::iss_bench b("b", exceptions_image, sizeof exceptions_image, o);
    test::run_for_ms(1);
    REQUIRE(b.sw.done);
    CHECK(b.reg(12) == 0);
    const std::uint32_t after_swi = 0x28, dabt_here = 0x30, align_here = 0x48, irq_return = 0xF4, after_high = 0x130;
    const std::uint32_t expected[] = {
        0xD3, after_swi, 0xD3,             // SWI: SPSR, LR, CPSR in the handler
        0x1B,                              // undefined: UND mode
        0x5, 0x20000000, dabt_here,        // data abort: section translation fault, FAR, LR - 8
        0x1, 0x00100801, align_here,       // alignment fault (SCTLR.A)
        0x5, 0x20000000,                   // prefetch abort: IFSR, LR - 4
        0x13, 0x08, 0x18,                  // banked r13 and FIQ r8
        0xF00000D0,                        // SPSR with field masks
        0x77, 0x66,                        // STM ^ and LDM ^ reach the User bank
        0x53, irq_return,                  // IRQ through its vector: SPSR, LR - 4
        after_high, 0x13,                  // SWI through the high vectors
        0x10,                              // LDM ^ with the PC to User mode
    };
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        INFO("value " << i + 1);
        CHECK(b.read_data(4 * i) == expected[i]);
    }
    CHECK(b.cpu().coprocessor().regs().far == 0x00100801);
    for (const auto& t : b.sw.traps) UNSCOPED_INFO("trap kind " << int(t.record.kind) << " return " << t.record.return_pc);
    REQUIRE(b.sw.traps.size() == 2);
    // CP15 from User mode: an undefined-instruction trap record, LR = the next instruction;
    // then PLD (no effect) and BKPT: a prefetch abort with the debug-event status.
    CHECK(b.sw.traps[0].record.kind == cpu::trap_kind::undefined);
    CHECK(b.sw.traps[1].record.kind == cpu::trap_kind::prefetch_abort);
    CHECK(b.sw.traps[1].record.fault_status == 0x2);
    CHECK(b.sw.traps[1].record.fault_address == b.sw.traps[0].record.return_pc + 8);
    CHECK(b.sw.traps[1].record.return_pc == b.sw.traps[1].record.fault_address + 4);
    CHECK(b.reg(2) == test::data_va + 4 * std::size(expected));
    CHECK(b.cpu().iss_stats().exceptions == 9);  // 7 through the vectors, 2 trap records
}

TEST_CASE("sc_stop from a trap handler: the core runs no further instruction", "[iss][exceptions]") {
    test::iss_bench b("b", arm_basic_image, sizeof arm_basic_image);
    std::uint64_t at_stop = 0;
    b.sw.on_trap = [&](cpu::arm926_core& c, const cpu::trap_record& t) {
        if (t.swi_number != 0x123) return;
        at_stop = c.iss_stats().instructions;
        sc_core::sc_stop();
    };
    test::run_for_ms(1);
    CHECK_FALSE(b.sw.done);  // the final swi 0 never ran
    REQUIRE(b.sw.traps.size() == 1);
    CHECK(b.cpu().iss_stats().instructions == at_stop);
}

TEST_CASE("SWI, undefined and data abort from User mode reach the software as trap records", "[iss][exceptions]") {
    // The exception program started in User mode: its first SWI, undefined instruction and
    // data abort leave as trap records instead of going to the vectors.
    test::iss_bench b("b", exceptions_image, sizeof exceptions_image);
    test::run_for_ms(1);
    REQUIRE(b.sw.done);
    REQUIRE(b.sw.traps.size() == 3);
    CHECK(b.sw.traps[0].record.kind == cpu::trap_kind::swi);
    CHECK(b.sw.traps[0].record.swi_number == 0x42);
    CHECK(b.sw.traps[0].record.return_pc == 0x28);  // the next instruction
    CHECK(b.sw.traps[1].record.kind == cpu::trap_kind::undefined);
    CHECK(b.sw.traps[1].record.return_pc == 0x2C);
    CHECK(b.sw.traps[2].record.kind == cpu::trap_kind::data_abort);
    CHECK(b.sw.traps[2].record.fault_address == 0x20000000);
    CHECK(b.sw.traps[2].record.fault_status == 0x5);   // section translation fault
    CHECK(b.sw.traps[2].record.return_pc == 0x30 + 8);  // LR = the aborted instruction + 8
    CHECK(b.cpu().coprocessor().regs().dfsr == 0x5);
    CHECK(b.cpu().coprocessor().regs().far == 0x20000000);
}

#include "ctx_switch.hpp"

TEST_CASE("switch_arm_context inside a trap handler resumes the other context with its own registers", "[iss][exceptions]") {
    test::iss_bench b("b", ctx_switch_image, sizeof ctx_switch_image);
    test::arm_program other;
    other.regs.r[15] = 0x40;
    other.regs.cpsr = 0x10;
    cpu::execution_context* contexts[2] = {&b.sw.program, &other};
    int running = 0;
    b.sw.on_trap = [&](cpu::arm926_core& c, const cpu::trap_record& t) {
        if (t.swi_number != 1) return;
        running ^= 1;
        c.switch_arm_context(contexts[running]);
        b.sw.current = contexts[running];
    };
    test::run_for_ms(1);
    REQUIRE(b.sw.done);
    REQUIRE(b.sw.traps.size() == 5);
    // A ended (its registers were stored when the core went idle); B was switched out at its
    // second SWI and holds its state there.
    CHECK(b.reg(4) == 0xA + 1);
    CHECK(b.reg(13) == 0x100);
    CHECK(other.regs.r[4] == 0xB + 2);
    CHECK(other.regs.r[13] == 0x200);
    CHECK(other.regs.r[15] == 0x54);  // resumes after its second SWI (at 0x50)
    CHECK(other.regs.cpsr == 0x10);
}
