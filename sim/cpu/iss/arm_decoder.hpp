// SPDX-License-Identifier: Apache-2.0
// Decoding of ARM (32-bit) and Thumb (16-bit) instructions into `decoded` entries (ARM DDI
// 0100I A3.1 figure A3-1 and A3.13-A3.16 for the ARM encoding space, A6.2 for Thumb). Every
// encoding decodes to something: reserved and UNPREDICTABLE-only encodings decode to the
// undefined-instruction handler or to a harmless reading of the bits, never to a crash.
#pragma once

#include <cstdint>

#include "sim/cpu/iss/decoded.hpp"

namespace rtv::cpu::iss {

decoded decode_arm(std::uint32_t insn);
decoded decode_thumb(std::uint16_t insn);
// The decoders' last step: the marks derived from the other fields (f_extra_waits,
// cond_loop_branch).
void finish_decoding(decoded& d);
// Completes an LDM/STM whose rn, imm (register list) and flags are set: handler, cycles, masks.
void finish_block_transfer(decoded& d);

}  // namespace rtv::cpu::iss
