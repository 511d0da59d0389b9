// SPDX-License-Identifier: Apache-2.0
#include "app/exec/kuser_helpers.hpp"

#include <cstring>
#include <initializer_list>

namespace rtv::app::exec {

namespace {

void put_words(unsigned char* page, std::uint32_t va, std::initializer_list<std::uint32_t> words) {
    std::uint32_t off = va - kuser_page;
    for (std::uint32_t w : words) {
        for (unsigned i = 0; i < 4; ++i) page[off + i] = static_cast<unsigned char>(w >> (8 * i));
        off += 4;
    }
}

// ARM encodings (ARM DDI 0100I): condition AL = 0xE, EQ = 0x0.
constexpr std::uint32_t bx_lr = 0xE12F'FF1E;              // BX lr (A4.1.10): returns to ARM or Thumb callers
constexpr std::uint32_t ldr_r3_r2 = 0xE592'3000;          // LDR r3, [r2] (A4.1.23)
constexpr std::uint32_t subs_r3_r3_r0 = 0xE053'3000;      // SUBS r3, r3, r0 (A4.1.106)
constexpr std::uint32_t streq_r1_r2 = 0x0582'1000;        // STREQ r1, [r2] (A4.1.99)
constexpr std::uint32_t rsbs_r0_r3_0 = 0xE273'0000;       // RSBS r0, r3, #0 (A4.1.60)
constexpr std::uint32_t ldr_r0_pc_8 = 0xE59F'0008;        // LDR r0, [pc, #8]: PC reads 0xFE8, +8 = 0xFF0

}  // namespace

void write_kuser_helpers(unsigned char* page) {
    std::memset(page, 0, 4096);
    // __kuser_memory_barrier: one core, in-order memory: nothing to order.
    put_words(page, kuser_memory_barrier, {bx_lr});
    // __kuser_cmpxchg(oldval r0, newval r1, ptr r2): r0 = 0 and C set if *ptr was oldval and
    // is now newval, else r0 != 0 and C clear. Atomic here because nothing preempts user
    // code between these instructions in rtvsim exec (no interrupts, one thread).
    put_words(page, kuser_cmpxchg, {ldr_r3_r2, subs_r3_r3_r0, streq_r1_r2, rsbs_r0_r3_0, bx_lr});
    // __kuser_get_tls: r0 = the value set_tls stored at 0xFFFF0FF0.
    put_words(page, kuser_get_tls, {ldr_r0_pc_8, bx_lr});
    put_words(page, kuser_helper_version, {kuser_version});
}

void write_kuser_tls(unsigned char* page, std::uint32_t tls) { put_words(page, kuser_tls_word, {tls}); }

}  // namespace rtv::app::exec
