// A CPU-bound best-effort domain, such as a Linux dom0 running a CPU hog (the other guest
// of the paper's Graph 1): it always has work and never gives up the CPU by itself.
#pragma once

#include "rtos_model/guest.hpp"
#include "sim/cpu/work_item.hpp"

namespace rtv::rtos {

class busy_guest final : public guest {
public:
    // Work is handed out in chunks so that item bookkeeping stays negligible; the chunk
    // size has no effect on timing (a compute step is preemptible at any cycle).
    static constexpr std::uint64_t chunk_cycles = 1ULL << 40;

    busy_guest(std::string name, int account);

    cpu::work_item& next_work() override;
    void item_completed(cpu::work_item& item) override;
    void item_interrupted(cpu::work_item&) override {}

private:
    cpu::work_item m_item;
};

}  // namespace rtv::rtos
