// SPDX-License-Identifier: Apache-2.0
// The GDB stub's pieces that need no debugger: the protocol's encodings (GDB manual,
// "Remote Protocol") and the data access an instruction is about to make, from encodings
// written out here from the ARM ARM (ARM DDI 0100I A5, A7) rather than taken from the ISS.
#include <catch2/catch.hpp>

#include "sim/cpu/arm_state.hpp"
#include "sim/debug/data_access.hpp"
#include "sim/debug/rsp_codec.hpp"

using namespace rtv;
using namespace rtv::debug;

TEST_CASE("rsp framing: checksum and escapes", "[debug][rsp]") {
    CHECK(rsp_frame("OK") == "$OK#9a");
    CHECK(rsp_frame("") == "$#00");
    CHECK(rsp_frame("a#b") == "$a}\x03" "b#43");  // '#' (0x23) sent as '}' 0x03; the sum is of what is sent
    CHECK(unescape_binary("x}\x03y") == std::vector<std::uint8_t>{'x', '#', 'y'});
}

TEST_CASE("rsp hex: bytes, little-endian registers, numbers", "[debug][rsp]") {
    const std::uint8_t b[] = {0x00, 0x7f, 0xab};
    CHECK(to_hex(b, 3) == "007fab");
    CHECK(from_hex("007FAb") == std::vector<std::uint8_t>{0x00, 0x7f, 0xab});
    CHECK_FALSE(from_hex("0").has_value());
    CHECK_FALSE(from_hex("zz").has_value());
    CHECK(le32_hex(0x12345678) == "78563412");
    CHECK(le32_from_hex("78563412") == 0x12345678u);
    CHECK(parse_hex_number("c0001000") == 0xC0001000u);
    CHECK_FALSE(parse_hex_number("").has_value());
    CHECK_FALSE(parse_hex_number("123456789").has_value());
}

namespace {

cpu::arm_state regs(std::uint32_t cpsr = 0x10) {
    cpu::arm_state s;
    s.write_cpsr(cpsr);
    for (unsigned i = 0; i < 15; ++i) s.reg(i) = 0x1000 * i;
    return s;
}

void check_access(std::optional<data_access> a, std::uint32_t address, std::uint32_t length, bool read, bool write) {
    REQUIRE(a.has_value());
    CHECK(a->address == address);
    CHECK(a->length == length);
    CHECK(a->read == read);
    CHECK(a->write == write);
}

}  // namespace

TEST_CASE("data access of ARM loads and stores", "[debug][watch]") {
    const cpu::arm_state s = regs();
    // ldr r0, [r1, #8]: E591 0008
    check_access(next_data_access(s, 0x8000, 0xE591'0008, false), 0x1008, 4, true, false);
    // str r0, [r2, #-4]!: E522 0004
    check_access(next_data_access(s, 0x8000, 0xE522'0004, false), 0x1FFC, 4, false, true);
    // strb r0, [r3], #1 (post-indexed: the base itself): E4C3 0001
    check_access(next_data_access(s, 0x8000, 0xE4C3'0001, false), 0x3000, 1, false, true);
    // ldr r0, [r1, r2, lsl #2]: E791 0102
    check_access(next_data_access(s, 0x8000, 0xE791'0102, false), 0x1000 + 0x2000 * 4, 4, true, false);
    // ldr r0, [pc, #4]: E59F 0004 -> pc + 8 + 4
    check_access(next_data_access(s, 0x8000, 0xE59F'0004, false), 0x800C, 4, true, false);
    // ldrh r0, [r1, #2]: E1D1 00B2
    check_access(next_data_access(s, 0x8000, 0xE1D1'00B2, false), 0x1002, 2, true, false);
    // strd r4, [r1]: E1C1 40F0
    check_access(next_data_access(s, 0x8000, 0xE1C1'40F0, false), 0x1000, 8, false, true);
    // ldrsb r0, [r1, #-1]: E151 00D1
    check_access(next_data_access(s, 0x8000, 0xE151'00D1, false), 0x0FFF, 1, true, false);
    // stmdb sp!, {r4, lr} (push): E92D 4010 -> sp - 8
    check_access(next_data_access(s, 0x8000, 0xE92D'4010, false), 0xD000 - 8, 8, false, true);
    // ldmia r1, {r0, r2, r3}: E891 000D
    check_access(next_data_access(s, 0x8000, 0xE891'000D, false), 0x1000, 12, true, false);
    // swp r0, r1, [r2]: E102 0091
    check_access(next_data_access(s, 0x8000, 0xE102'0091, false), 0x2000, 4, true, true);
    // add r0, r1, r2 and mul r0, r1, r2: no memory
    CHECK_FALSE(next_data_access(s, 0x8000, 0xE081'0002, false).has_value());
    CHECK_FALSE(next_data_access(s, 0x8000, 0xE000'0291, false).has_value());
    // ldreq with Z clear: the condition fails, nothing is accessed
    CHECK_FALSE(next_data_access(s, 0x8000, 0x0591'0008, false).has_value());
    CHECK(next_data_access(regs(0x4000'0010), 0x8000, 0x0591'0008, false).has_value());
}

TEST_CASE("data access of Thumb loads and stores", "[debug][watch]") {
    const cpu::arm_state s = regs(0x30);
    // ldr r0, [r1, #4]: 6848
    check_access(next_data_access(s, 0x8000, 0x6848, true), 0x1004, 4, true, false);
    // strb r0, [r1, #3]: 70C8
    check_access(next_data_access(s, 0x8000, 0x70C8, true), 0x1003, 1, false, true);
    // strh r0, [r1, #2]: 8048
    check_access(next_data_access(s, 0x8000, 0x8048, true), 0x1002, 2, false, true);
    // ldr r0, [r1, r2]: 5888
    check_access(next_data_access(s, 0x8000, 0x5888, true), 0x3000, 4, true, false);
    // ldr r0, [pc, #8]: 4802 -> align(pc + 4) + 8
    check_access(next_data_access(s, 0x8002, 0x4802, true), 0x8004 + 8, 4, true, false);
    // str r0, [sp, #4]: 9001
    check_access(next_data_access(s, 0x8000, 0x9001, true), 0xD004, 4, false, true);
    // push {r4, lr}: B510
    check_access(next_data_access(s, 0x8000, 0xB510, true), 0xD000 - 8, 8, false, true);
    // pop {r4, pc}: BD10
    check_access(next_data_access(s, 0x8000, 0xBD10, true), 0xD000, 8, true, false);
    // stmia r1!, {r0, r2}: C105
    check_access(next_data_access(s, 0x8000, 0xC105, true), 0x1000, 8, false, true);
    // adds r0, r1, r2: 1888
    CHECK_FALSE(next_data_access(s, 0x8000, 0x1888, true).has_value());
}
