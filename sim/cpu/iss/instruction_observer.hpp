// SPDX-License-Identifier: Apache-2.0
// A hook called after every instruction the ISS retires (executed or condition-failed), with
// the architectural state after it. An exception entry is not reported on its own: the next
// instruction reported simply has the vector's address. Used for register traces (lock-step
// comparison against another simulator).
#pragma once

#include <cstdint>

#include "sim/cpu/arm_state.hpp"

namespace rtv::cpu {

struct instruction_observer {
    virtual ~instruction_observer() = default;
    virtual void after_instruction(const arm_state& s, std::uint32_t pc, std::uint32_t insn, bool thumb) = 0;
};

}  // namespace rtv::cpu
