// SPDX-License-Identifier: Apache-2.0
// Xen's softirqs (xen/include/xen/softirq.h, Xen 3.0.2): a pending bitmap serviced lowest
// bit first by do_softirq (xen/common/softirq.c).
#pragma once

#include <cstdint>

namespace rtv::hv {

enum softirq_nr : unsigned {
    timer_softirq = 0,     // TIMER_SOFTIRQ
    schedule_softirq = 1,  // SCHEDULE_SOFTIRQ
    nr_softirqs = 2,
};

class softirq_state {
public:
    void raise(softirq_nr n) { m_pending |= 1u << n; }
    bool any() const { return m_pending != 0; }
    bool pending(softirq_nr n) const { return (m_pending >> n) & 1u; }
    // Clears and returns the lowest pending softirq (find_first_set_bit in do_softirq).
    softirq_nr take_lowest() {
        unsigned i = 0;
        while (!((m_pending >> i) & 1u)) ++i;
        m_pending &= ~(1u << i);
        return static_cast<softirq_nr>(i);
    }

private:
    std::uint32_t m_pending = 0;
};

}  // namespace rtv::hv
