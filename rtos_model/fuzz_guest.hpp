// SPDX-License-Identifier: Apache-2.0
// A hostile guest for robustness tests: it issues random hypercalls with random arguments —
// unknown numbers, bad commands, pointers into other partitions, into Xen's region, to
// unmapped or misaligned addresses, random structures in its own memory — and then runs
// like a busy guest. It avoids only the calls that would end its own run (shutdown,
// block and poll), so that every call of the budget is made.
#pragma once

#include <cstdint>
#include <vector>

#include "rtos_model/guest.hpp"
#include "sim/core/rng.hpp"

namespace rtv::rtos {

struct fuzz_setup {
    std::uint32_t memory_base = 0;  // guest virtual address of its memory
    std::uint32_t memory_size = 0;
    std::uint64_t hypercalls = 10000;
    // Addresses outside the guest's own memory to aim pointers at (other partitions,
    // Xen's region, devices, holes).
    std::vector<std::uint32_t> foreign;
};

class fuzz_guest final : public guest {
public:
    fuzz_guest(std::string name, int account, const fuzz_setup& setup, std::uint64_t seed);

    cpu::work_item& next_work() override;
    void item_completed(cpu::work_item& item) override;
    void item_interrupted(cpu::work_item&) override {}

    std::uint64_t issued() const { return m_issued; }
    std::uint64_t errors() const { return m_errors; }

private:
    void build_next();
    std::uint32_t random_pointer();
    std::uint32_t random_argument();

    fuzz_setup m_setup;
    core::rng m_rng;
    cpu::work_item m_item;
    std::uint64_t m_issued = 0;
    std::uint64_t m_errors = 0;
    bool m_busy = false;
};

}  // namespace rtv::rtos
