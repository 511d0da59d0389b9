// SPDX-License-Identifier: Apache-2.0
// A CPU-bound best-effort domain, such as a Linux dom0 running a CPU hog (the other guest
// of the paper's Graph 1): it always has work and never gives up the CPU by itself.
// With a working set it reads and writes every cache line of it whenever it resumes after
// an interruption, then computes, so domain switches show their cache and TLB cost.
#pragma once

#include "rtos_model/guest.hpp"
#include "sim/cpu/work_item.hpp"

namespace rtv::rtos {

class busy_guest final : public guest {
public:
    // Work is handed out in chunks so that item bookkeeping stays negligible; the chunk
    // size has no effect on timing (a compute step is preemptible at any cycle).
    static constexpr std::uint64_t chunk_cycles = 1ULL << 40;
    static constexpr std::uint32_t line_bytes = 32;  // ARM926 cache line

    // The working set is `ws_bytes` at guest virtual address `ws_base`.
    busy_guest(std::string name, int account, std::uint32_t ws_base = 0, std::uint32_t ws_bytes = 0);

    cpu::work_item& next_work() override;
    void item_completed(cpu::work_item& item) override;
    void item_interrupted(cpu::work_item& item) override;

private:
    void refill(bool touch);
    std::uint32_t m_ws_base, m_ws_bytes;
    cpu::work_item m_touch, m_plain;
    cpu::work_item* m_current = &m_plain;  // the item handed out last
    bool m_resumed = true;
    std::uint32_t m_generation = 0;
};

}  // namespace rtv::rtos
