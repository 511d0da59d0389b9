// SPDX-License-Identifier: Apache-2.0
#include "sim/debug/data_access.hpp"

#include "sim/cpu/iss/alu.hpp"

namespace rtv::debug {

namespace {

std::uint32_t bit(std::uint32_t v, unsigned n) { return (v >> n) & 1u; }
std::uint32_t field(std::uint32_t v, unsigned lo, unsigned width) { return (v >> lo) & ((1u << width) - 1u); }

// A register as the instruction reads it: the PC reads as its address + 8 (ARM) or + 4
// (Thumb) (ARM DDI 0100I A2.4.3).
std::uint32_t operand(const cpu::arm_state& s, unsigned r, std::uint32_t pc, bool thumb) {
    return r == 15 ? pc + (thumb ? 4u : 8u) : s.reg(r);
}

// The immediate-shifted register offset of LDR/STR (A5.2.4-A5.2.10).
std::uint32_t shifted_offset(const cpu::arm_state& s, std::uint32_t insn, std::uint32_t pc) {
    const std::uint32_t rm = operand(s, insn & 15u, pc, false);
    const unsigned amount = field(insn, 7, 5);
    switch (field(insn, 5, 2)) {
        case 0: return rm << amount;                                            // LSL
        case 1: return amount ? rm >> amount : 0u;                              // LSR #32
        case 2: return static_cast<std::uint32_t>(static_cast<std::int32_t>(rm) >> (amount ? amount : 31u));  // ASR
        default:                                                                // ROR, RRX
            return amount ? (rm >> amount | rm << (32u - amount)) : ((s.cpsr() >> 29 & 1u) << 31 | rm >> 1);
    }
}

std::optional<data_access> arm_access(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t insn) {
    const unsigned cond = insn >> 28;
    if (cond == 15) return std::nullopt;  // unconditional space: PLD, BLX, coprocessor
    if (cond != 14 && !cpu::iss::condition_passed(s.cpsr(), cond)) return std::nullopt;
    const unsigned rn = field(insn, 16, 4);
    const std::uint32_t base = operand(s, rn, pc, false);
    const bool up = bit(insn, 23), pre = bit(insn, 24), load = bit(insn, 20);
    auto indexed = [&](std::uint32_t offset) { return pre ? (up ? base + offset : base - offset) : base; };

    if (field(insn, 26, 2) == 1) {  // LDR/STR/LDRB/STRB (A5.2)
        if (bit(insn, 25) && bit(insn, 4)) return std::nullopt;  // media/undefined space
        const std::uint32_t offset = bit(insn, 25) ? shifted_offset(s, insn, pc) : (insn & 0xFFFu);
        const bool byte = bit(insn, 22);
        std::uint32_t a = indexed(offset);
        if (!byte) a &= ~3u;  // an unaligned LDR reads the aligned word and rotates it (A4.1.23)
        return data_access{a, byte ? 1u : 4u, load, !load};
    }
    if (field(insn, 25, 3) == 4) {  // LDM/STM (A5.4)
        const std::uint32_t n = static_cast<std::uint32_t>(__builtin_popcount(insn & 0xFFFFu));
        if (n == 0) return std::nullopt;
        std::uint32_t start = up ? (pre ? base + 4 : base) : (pre ? base - 4 * n : base - 4 * n + 4);
        return data_access{start & ~3u, 4 * n, load, !load};
    }
    if (field(insn, 25, 3) == 0 && bit(insn, 7) && bit(insn, 4)) {
        const unsigned sh = field(insn, 5, 2);
        if (sh == 0) {  // multiplies and SWP/SWPB (A4.1.108)
            if (field(insn, 23, 5) != 2 || field(insn, 20, 2) != 0 || field(insn, 4, 8) != 9) return std::nullopt;
            const bool byte = bit(insn, 22);
            return data_access{byte ? base : base & ~3u, byte ? 1u : 4u, true, true};
        }
        // LDRH/STRH/LDRSB/LDRSH/LDRD/STRD (A5.3)
        const std::uint32_t offset =
            bit(insn, 22) ? (field(insn, 8, 4) << 4 | (insn & 15u)) : operand(s, insn & 15u, pc, false);
        const std::uint32_t a = indexed(offset);
        if (load) return data_access{a, sh == 2 ? 1u : 2u, true, false};
        if (sh == 1) return data_access{a, 2, false, true};  // STRH
        return data_access{a, 8, sh == 2, sh == 3};          // LDRD, STRD
    }
    return std::nullopt;
}

std::optional<data_access> thumb_access(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t insn) {
    const unsigned rn = field(insn, 3, 3);
    switch (insn >> 12) {
        case 0x4:
            if (field(insn, 11, 1) == 1)  // LDR Rd, [PC, #imm8 * 4] (A7.1.30)
                return data_access{((pc + 4) & ~3u) + (insn & 0xFFu) * 4, 4, true, false};
            return std::nullopt;
        case 0x5: {  // register offset (A7.1.29-A7.1.50)
            static constexpr std::uint32_t len[8] = {4, 2, 1, 1, 4, 2, 1, 2};
            const unsigned op = field(insn, 9, 3);
            const std::uint32_t a = s.reg(rn) + s.reg(field(insn, 6, 3));
            const bool store = op <= 2;
            return data_access{len[op] == 4 ? a & ~3u : a, len[op], !store, store};
        }
        case 0x6:
        case 0x7: {  // LDR/STR (word, B = 0) and LDRB/STRB (B = 1) with imm5
            const bool byte = bit(insn, 12), load = bit(insn, 11);
            const std::uint32_t a = s.reg(rn) + field(insn, 6, 5) * (byte ? 1u : 4u);
            return data_access{byte ? a : a & ~3u, byte ? 1u : 4u, load, !load};
        }
        case 0x8: {  // LDRH/STRH with imm5 * 2
            const bool load = bit(insn, 11);
            return data_access{s.reg(rn) + field(insn, 6, 5) * 2, 2, load, !load};
        }
        case 0x9: {  // LDR/STR Rd, [SP, #imm8 * 4]
            const bool load = bit(insn, 11);
            return data_access{(s.reg(13) + (insn & 0xFFu) * 4) & ~3u, 4, load, !load};
        }
        case 0xB: {  // PUSH (1011 010R) / POP (1011 110R) (A7.1.49, A7.1.50)
            if (field(insn, 9, 2) != 2) return std::nullopt;
            const std::uint32_t n = static_cast<std::uint32_t>(__builtin_popcount(insn & 0x1FFu));
            const bool pop = bit(insn, 11);
            const std::uint32_t sp = s.reg(13) & ~3u;
            return data_access{pop ? sp : sp - 4 * n, 4 * n, pop, !pop};
        }
        case 0xC: {  // LDMIA/STMIA Rn!, {list}
            const std::uint32_t n = static_cast<std::uint32_t>(__builtin_popcount(insn & 0xFFu));
            if (n == 0) return std::nullopt;
            const bool load = bit(insn, 11);
            return data_access{s.reg(field(insn, 8, 3)) & ~3u, 4 * n, load, !load};
        }
        default:
            return std::nullopt;
    }
}

}  // namespace

std::optional<data_access> next_data_access(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t insn, bool thumb) {
    return thumb ? thumb_access(s, pc, insn & 0xFFFFu) : arm_access(s, pc, insn);
}

}  // namespace rtv::debug
