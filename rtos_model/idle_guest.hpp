// SPDX-License-Identifier: Apache-2.0
// A domain with nothing to do: its kernel blocks (SCHEDOP_block) whenever it runs.
// Without a bound VIRQ_TIMER port nothing wakes it, so it stays blocked after its first
// dispatch; it still shows what a first dispatch and a block cost.
#pragma once

#include "rtos_model/guest.hpp"
#include "sim/cpu/work_item.hpp"

namespace rtv::rtos {

class idle_guest final : public guest {
public:
    idle_guest(std::string name, int account);

    cpu::work_item& next_work() override;
    void item_completed(cpu::work_item& item) override;
    void item_interrupted(cpu::work_item&) override {}

    std::uint64_t blocks() const { return m_blocks; }

private:
    void refill();
    cpu::work_item m_item;
    std::uint64_t m_blocks = 0;
};

}  // namespace rtv::rtos
