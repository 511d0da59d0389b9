// SPDX-License-Identifier: Apache-2.0
// The kernel-provided user helpers of ARM Linux (Documentation/arm/kernel_user_helpers.rst
// in the Linux sources): a page at 0xFFFF0000 whose last bytes hold small ARM routines that
// user code calls at fixed addresses. glibc and busybox for ARMv5 (no TLS register, no
// LDREX) read their thread pointer and do atomic compare-and-swap through them.
//
// The routines are written here from their documented contracts and assembled by hand
// (encodings from ARM DDI 0100I A4); the ISS runs them like any user code.
#pragma once

#include <cstdint>

namespace rtv::app::exec {

inline constexpr std::uint32_t kuser_page = 0xFFFF'0000;          // the vectors page
inline constexpr std::uint32_t kuser_memory_barrier = 0xFFFF'0FA0;
inline constexpr std::uint32_t kuser_cmpxchg = 0xFFFF'0FC0;
inline constexpr std::uint32_t kuser_get_tls = 0xFFFF'0FE0;
inline constexpr std::uint32_t kuser_tls_word = 0xFFFF'0FF0;       // what set_tls writes, get_tls reads
inline constexpr std::uint32_t kuser_helper_version = 0xFFFF'0FFC;
// Three 32-byte helper slots below 0x1000 (memory barrier, cmpxchg, get_tls): version 3,
// the version that introduced __kuser_memory_barrier.
inline constexpr std::uint32_t kuser_version = 3;

// Writes the helpers into the 4 KiB page at `page` (the host view of its physical page).
void write_kuser_helpers(unsigned char* page);
// set_tls: stores the thread pointer where __kuser_get_tls reads it.
void write_kuser_tls(unsigned char* page, std::uint32_t tls);

}  // namespace rtv::app::exec
