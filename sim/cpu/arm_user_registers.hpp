// SPDX-License-Identifier: Apache-2.0
// The user-visible state of a context that runs ARM code on the ISS: r0-r15 and the CPSR
// (NZCVQ, T and the mode; USR by default). The core loads it into its arm_state when the
// context starts to own the core and stores it back when another context (or idle) takes it.
#pragma once

#include <array>
#include <cstdint>

namespace rtv::cpu {

struct arm_user_registers {
    std::array<std::uint32_t, 16> r{};
    std::uint32_t cpsr = 0x10;
};

}  // namespace rtv::cpu
