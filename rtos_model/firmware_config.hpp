// SPDX-License-Identifier: Apache-2.0
// The configuration blocks of the project's binary guests (rtos_model/firmware), built from
// the same configuration the model guests take: `rtv_ucos_config` from a uC/OS-II task set
// and `rtv_busy_config` from a busy guest's working set. The domain builder writes the bytes
// into the loaded image at the symbol of the same name before the vcpu starts. Pure
// functions: no simulator state, so they are tested on their own.
#pragma once

#include <cstdint>
#include <vector>

#include "rtos_model/firmware/include/rtv_busy_config.h"
#include "rtos_model/firmware/include/rtv_ucos_config.h"
#include "rtos_model/ucos/ucos_config.hpp"
#include "rtos_model/ucos/ucos_guest.hpp"

namespace rtv::rtos {

// Guest virtual addresses [begin, end) the builder may give to working sets: the part of
// the partition after the loaded image and everything the domain builder put behind it.
struct free_guest_memory {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

// The block for a uC/OS-II task set. Times become whole guest ticks as the model guest
// converts them (periods, inter-arrival times and offsets must be whole; deadlines round
// up); working sets are placed one after the other from `memory.begin`, each on a 32-byte
// cache line; devices keep the order of `setup.devices`, each event task naming the one
// that lists it. Throws std::invalid_argument naming the task or device for what the model
// guest rejects and for what the block cannot hold (more than 16 tasks or 4 devices, a time
// or a WCET beyond 32 bits, working sets that do not fit).
rtv_ucos_config make_ucos_config(const ucos_config& cfg, const ucos_guest_setup& setup, std::uint64_t seed,
                                 const free_guest_memory& memory);

// The block for the busy guest: its working set at `memory.begin` (none if 0 bytes) and the
// calibrated loop's share between two passes over it (chunk_cycles, 0: the firmware's default).
rtv_busy_config make_busy_config(std::uint64_t working_set_bytes, std::uint64_t chunk_cycles,
                                 const free_guest_memory& memory);

// The block's bytes as the guest sees them (little-endian 32-bit words, as the i.MX21 runs).
std::vector<std::uint8_t> config_bytes(const rtv_ucos_config& c);
std::vector<std::uint8_t> config_bytes(const rtv_busy_config& c);

}  // namespace rtv::rtos
