// SPDX-License-Identifier: Apache-2.0
#include "hv_model/timer_list.hpp"

#include <set>
#include <stdexcept>

namespace rtv::hv {

// add_entry: insert after every entry with expires <= t.expires (stable for equal times).
void timer_list::add_entry(xen_timer& t) {
    xen_timer** pprev = &m_head;
    while (*pprev && (*pprev)->expires <= t.expires) pprev = &(*pprev)->next;
    t.next = *pprev;
    *pprev = &t;
}

void timer_list::remove_entry(xen_timer& t) {
    xen_timer** pprev = &m_head;
    while (*pprev && *pprev != &t) pprev = &(*pprev)->next;
    if (!*pprev) throw std::logic_error("timer_list: active timer " + t.name + " not in the list");
    *pprev = t.next;
    t.next = nullptr;
}

void timer_list::set_timer(xen_timer& t, s_time_t expires) {
    if (t.active && !m_no_resort) {
        remove_entry(t);
        t.active = false;
    }
    t.expires = expires;
    if (!t.active) {
        add_entry(t);
        t.active = true;
    }
    m_softirqs.raise(timer_softirq);
}

void timer_list::stop_timer(xen_timer& t) {
    if (t.active) {
        remove_entry(t);
        t.active = false;
    }
    m_softirqs.raise(timer_softirq);
}

unsigned timer_list::run_expired(const std::function<s_time_t()>& now) {
    unsigned fired = 0;
    xen_timer* t;
    while ((t = m_head) != nullptr && t->expires < now() + timer_slop) {
        m_head = t->next;
        t->next = nullptr;
        t->active = false;
        ++fired;
        t->function();
    }
    return fired;
}

std::size_t timer_list::size() const {
    std::size_t n = 0;
    for (const xen_timer* t = m_head; t; t = t->next) ++n;
    return n;
}

bool timer_list::sorted() const {
    for (const xen_timer* t = m_head; t && t->next; t = t->next)
        if (t->next->expires < t->expires) return false;
    return true;
}

bool timer_list::consistent() const {
    std::set<const xen_timer*> seen;
    for (const xen_timer* t = m_head; t; t = t->next) {
        if (!t->active || !seen.insert(t).second) return false;
        if (seen.size() > 1'000'000) return false;  // a cycle
    }
    return true;
}

}  // namespace rtv::hv
