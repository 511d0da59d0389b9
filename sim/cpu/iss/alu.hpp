// SPDX-License-Identifier: Apache-2.0
// The ARM arithmetic the executor needs: condition codes, the barrel shifter with its
// carry-out, additions with carry and overflow, and saturation (ARM DDI 0100I A3.2, A5.1,
// A3.4.4 and the E-extension pseudo-code of A4.1.46-A4.1.53).
#pragma once

#include <cstdint>

namespace rtv::cpu::iss {

inline constexpr std::uint32_t flag_n = 1u << 31;
inline constexpr std::uint32_t flag_z = 1u << 30;
inline constexpr std::uint32_t flag_c = 1u << 29;
inline constexpr std::uint32_t flag_v = 1u << 28;
inline constexpr std::uint32_t flag_q = 1u << 27;
inline constexpr std::uint32_t flags_nzcv = flag_n | flag_z | flag_c | flag_v;

// Condition table: bit (cond) of entry [NZCV] says whether the condition passes (A3.2.1).
struct condition_table {
    std::uint16_t pass[16];
    constexpr condition_table() : pass{} {
        for (unsigned f = 0; f < 16; ++f) {
            const bool n = f & 8, z = f & 4, c = f & 2, v = f & 1;
            const bool r[16] = {z, !z, c, !c, n, !n, v, !v, c && !z, !c || z, n == v, n != v, !z && n == v, z || n != v, true, false};
            std::uint16_t m = 0;
            for (unsigned k = 0; k < 16; ++k) m = static_cast<std::uint16_t>(m | (r[k] ? 1u << k : 0u));
            pass[f] = m;
        }
    }
};
inline constexpr condition_table conditions{};

inline bool condition_passed(std::uint32_t cpsr, unsigned cond) { return (conditions.pass[cpsr >> 28] >> cond) & 1u; }

struct shifted {
    std::uint32_t value;
    bool carry;
};

inline std::uint32_t ror32(std::uint32_t v, unsigned n) {
    n &= 31u;
    return n ? (v >> n) | (v << (32 - n)) : v;
}

// Shift by an immediate amount 0-31 as encoded (A5.1.5-A5.1.13): LSR/ASR #0 mean 32, ROR #0 is RRX.
inline shifted shift_by_immediate(std::uint32_t v, unsigned type, unsigned amount, bool c) {
    switch (type) {
    case 0:  // LSL
        if (amount == 0) return {v, c};
        return {v << amount, ((v >> (32 - amount)) & 1u) != 0};
    case 1:  // LSR
        if (amount == 0) return {0, (v >> 31) != 0};
        return {v >> amount, ((v >> (amount - 1)) & 1u) != 0};
    case 2:  // ASR
        if (amount == 0) return {(v >> 31) ? 0xFFFFFFFFu : 0u, (v >> 31) != 0};
        return {static_cast<std::uint32_t>(static_cast<std::int32_t>(v) >> amount), ((v >> (amount - 1)) & 1u) != 0};
    default:  // ROR, RRX
        if (amount == 0) return {(c ? 0x80000000u : 0u) | (v >> 1), (v & 1u) != 0};
        return {ror32(v, amount), ((v >> (amount - 1)) & 1u) != 0};
    }
}

// Shift by the bottom byte of a register (A5.1.6, 8, 10, 12): 0 leaves value and carry,
// 32 and more follow the manual's cases.
inline shifted shift_by_register(std::uint32_t v, unsigned type, unsigned amount, bool c) {
    amount &= 0xFFu;
    if (amount == 0) return {v, c};
    switch (type) {
    case 0:  // LSL
        if (amount < 32) return {v << amount, ((v >> (32 - amount)) & 1u) != 0};
        if (amount == 32) return {0, (v & 1u) != 0};
        return {0, false};
    case 1:  // LSR
        if (amount < 32) return {v >> amount, ((v >> (amount - 1)) & 1u) != 0};
        if (amount == 32) return {0, (v >> 31) != 0};
        return {0, false};
    case 2:  // ASR
        if (amount < 32)
            return {static_cast<std::uint32_t>(static_cast<std::int32_t>(v) >> amount), ((v >> (amount - 1)) & 1u) != 0};
        return {(v >> 31) ? 0xFFFFFFFFu : 0u, (v >> 31) != 0};
    default: {  // ROR
        const unsigned r = amount & 31u;
        if (r == 0) return {v, (v >> 31) != 0};
        return {ror32(v, r), ((v >> (r - 1)) & 1u) != 0};
    }
    }
}

// a + b + carry_in with the carry out and signed overflow (A2.5.2 CarryFrom / OverflowFrom),
// given as the C and V bits of the CPSR, which is where they go.
struct sum {
    std::uint32_t value;
    std::uint32_t cv;  // flag_c | flag_v as they apply
};
inline sum add_with_carry(std::uint32_t a, std::uint32_t b, bool carry_in) {
    const std::uint64_t wide = std::uint64_t{a} + b + (carry_in ? 1u : 0u);
    const std::uint32_t r = static_cast<std::uint32_t>(wide);
    const std::uint32_t c = static_cast<std::uint32_t>(wide >> 32) << 29;  // flag_c
    const std::uint32_t v = ((~(a ^ b) & (a ^ r)) >> 31) << 28;            // flag_v
    return {r, c | v};
}

// a - b (a + NOT b + 1) and a + b with all four flags, the same as add_with_carry() with a
// constant carry in followed by nz_of(): the form the handlers of SUB, RSB, ADD, CMP and CMN
// use. C of a - b is NOT BorrowFrom (a >= b).
struct flagged {
    std::uint32_t value;
    std::uint32_t nzcv;  // flag_n | flag_z | flag_c | flag_v as they apply
};
inline std::uint32_t nz_of(std::uint32_t r) { return (r & flag_n) | (r == 0 ? flag_z : 0u); }

// The portable forms (the reference for the host-specific ones below, and used where there
// are none).
inline flagged subtract_generic(std::uint32_t a, std::uint32_t b) {
    std::int32_t ignored;
    const bool v = __builtin_sub_overflow(static_cast<std::int32_t>(a), static_cast<std::int32_t>(b), &ignored);
    const std::uint32_t r = a - b;
    return {r, nz_of(r) | (a >= b ? flag_c : 0u) | (v ? flag_v : 0u)};
}
inline flagged add_generic(std::uint32_t a, std::uint32_t b) {
    std::int32_t ignored;
    const bool v = __builtin_add_overflow(static_cast<std::int32_t>(a), static_cast<std::int32_t>(b), &ignored);
    const std::uint32_t r = a + b;
    return {r, nz_of(r) | (r < a ? flag_c : 0u) | (v ? flag_v : 0u)};
}

#if defined(__x86_64__) && defined(__GNUC__)
// On x86-64 the host's own flags after SUB or ADD are the ARM flags but for the sense of the
// carry after a subtraction: LAHF copies SF, ZF and CF (bits 7, 6 and 0 of AH), SETO the
// overflow, and these tables give N, Z and C in CPSR positions for each AH, so that a compare
// costs one subtraction and a lookup instead of four flag computations.
struct host_flag_table {
    std::uint32_t after_sub[256];
    std::uint32_t after_add[256];
    constexpr host_flag_table() : after_sub{}, after_add{} {
        for (unsigned ah = 0; ah < 256; ++ah) {
            const std::uint32_t nz = ((ah & 0x80u) ? flag_n : 0u) | ((ah & 0x40u) ? flag_z : 0u);
            after_sub[ah] = nz | ((ah & 1u) ? 0u : flag_c);
            after_add[ah] = nz | ((ah & 1u) ? flag_c : 0u);
        }
    }
};
inline constexpr host_flag_table host_flags{};

inline flagged subtract(std::uint32_t a, std::uint32_t b) {
    std::uint32_t r = a, ax;
    std::uint8_t o;
    __asm__("subl %[b], %[r]\n\tseto %[o]\n\tlahf" : [r] "+r"(r), [o] "=q"(o), "=a"(ax) : [b] "r"(b) : "cc");
    return {r, host_flags.after_sub[(ax >> 8) & 0xFFu] | (std::uint32_t{o} << 28)};
}
inline flagged add(std::uint32_t a, std::uint32_t b) {
    std::uint32_t r = a, ax;
    std::uint8_t o;
    __asm__("addl %[b], %[r]\n\tseto %[o]\n\tlahf" : [r] "+r"(r), [o] "=q"(o), "=a"(ax) : [b] "r"(b) : "cc");
    return {r, host_flags.after_add[(ax >> 8) & 0xFFu] | (std::uint32_t{o} << 28)};
}
#else
inline flagged subtract(std::uint32_t a, std::uint32_t b) { return subtract_generic(a, b); }
inline flagged add(std::uint32_t a, std::uint32_t b) { return add_generic(a, b); }
#endif

// SignedSat(x, 32) and whether it saturated (A2.6.2).
inline std::int32_t saturate32(std::int64_t x, bool& sat) {
    if (x > INT32_MAX) {
        sat = true;
        return INT32_MAX;
    }
    if (x < INT32_MIN) {
        sat = true;
        return INT32_MIN;
    }
    return static_cast<std::int32_t>(x);
}

}  // namespace rtv::cpu::iss
