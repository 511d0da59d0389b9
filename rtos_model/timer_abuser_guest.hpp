// SPDX-License-Identifier: Apache-2.0
// A busy guest that re-arms its Xen timer each time it resumes: set_timer_op(now + near),
// which puts its timer at the head of Xen's timer list, then set_timer_op(now + far). With
// Xen-ARM's timer_list_no_resort quirk the second call only changes `expires` in place, so
// the head now expires far away and TIMER_SOFTIRQ, which stops at the first unexpired
// entry, holds back every timer behind it — the scheduler's s_timer included. `now` is
// read from shared_info (it needs time_update: precise to move).
#pragma once

#include "rtos_model/guest.hpp"

namespace rtv::rtos {

class timer_abuser_guest final : public guest {
public:
    timer_abuser_guest(std::string name, int account, std::uint64_t near_ns, std::uint64_t far_ns);

    cpu::work_item& next_work() override;
    void item_completed(cpu::work_item& item) override;
    void item_interrupted(cpu::work_item& item) override;

    std::uint64_t rearms() const { return m_rearms; }

private:
    enum class phase { read_time, arm, compute };
    std::uint64_t m_near, m_far;
    phase m_phase = phase::read_time;
    cpu::work_item m_item;
    std::uint64_t m_rearms = 0;
};

}  // namespace rtv::rtos
