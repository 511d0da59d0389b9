// SPDX-License-Identifier: Apache-2.0
// An engine-neutral record of a synchronous exception (docs/architecture.md): the native engine
// builds it from a hypercall step or a faulting access, the ISS will build the same record
// from real instructions, and the hypervisor sees no difference.
#pragma once

#include <array>
#include <cstdint>

namespace rtv::cpu {

enum class trap_kind : std::uint8_t { swi, data_abort, prefetch_abort, undefined };

struct trap_record {
    trap_kind kind = trap_kind::swi;
    std::uint32_t swi_number = 0;          // low 24 bits of the SWI instruction
    std::array<std::uint32_t, 5> r{};      // r0..r4 at the trap
    std::uint32_t fault_address = 0;       // FAR (data aborts)
    std::uint32_t fault_status = 0;        // FSR: [7:4] domain, [3:0] status
    std::uint32_t return_pc = 0;           // address of the instruction after the trap
};

}  // namespace rtv::cpu
