// SPDX-License-Identifier: Apache-2.0
// Xen-ARM's per-CPU software timers (xen/common/timer.c of the Samsung tree): a singly
// linked list sorted by expiry, scanned in TIMER_SOFTIRQ, which runs every timer whose
// expiry is before NOW() + TIMER_SLOP and stops at the first that is not.
//
// Quirk `timer_list_no_resort` (default on, as shipped): set_timer on a timer that is
// already in the list changes `expires` in place without moving the entry, so the list
// stops being sorted; a re-armed head timer then holds back every timer behind it.
// With the quirk off, set_timer re-inserts the timer at its sorted place (upstream Xen).
#pragma once

#include <functional>
#include <string>

#include "hv_model/softirq.hpp"
#include "hv_model/xen_time.hpp"

namespace rtv::hv {

// timer.c: #define TIMER_SLOP (50 * 1000)
inline constexpr s_time_t timer_slop = 50 * 1000;

struct xen_timer {
    s_time_t expires = 0;
    std::function<void()> function;
    bool active = false;
    xen_timer* next = nullptr;
    std::string name;
};

class timer_list {
public:
    timer_list(softirq_state& softirqs, bool no_resort_quirk) : m_softirqs(softirqs), m_no_resort(no_resort_quirk) {}

    static void init_timer(xen_timer& t, std::string name, std::function<void()> fn) {
        t.name = std::move(name);
        t.function = std::move(fn);
        t.active = false;
        t.next = nullptr;
    }

    void set_timer(xen_timer& t, s_time_t expires);
    void stop_timer(xen_timer& t);
    // TIMER_SOFTIRQ's action. `now` is called at every step, as NOW() is in timer.c.
    // Returns the number of timers that fired.
    unsigned run_expired(const std::function<s_time_t()>& now);

    const xen_timer* head() const { return m_head; }
    std::size_t size() const;
    bool sorted() const;
    // Every active timer is in the list exactly once and no inactive one is (a check used
    // by tests and by the hypervisor's consistency check).
    bool consistent() const;

private:
    void add_entry(xen_timer& t);
    void remove_entry(xen_timer& t);

    softirq_state& m_softirqs;
    bool m_no_resort;
    xen_timer* m_head = nullptr;
};

}  // namespace rtv::hv
