// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/timer_abuser_guest.hpp"

#include "hv_model/public/hypercall_abi.hpp"
#include "hv_model/public/shared_info_layout.hpp"

namespace rtv::rtos {

namespace abi = hv::abi;
namespace shinfo = hv::abi::shinfo;
using cpu::step;

timer_abuser_guest::timer_abuser_guest(std::string name, int account, std::uint64_t near_ns, std::uint64_t far_ns)
    : guest(std::move(name), account), m_near(near_ns), m_far(far_ns) {}

cpu::work_item& timer_abuser_guest::next_work() {
    if (cpu::work_item* r = rogue_item()) return *r;
    if (!m_item.done() && !m_item.steps.empty()) return m_item;
    switch (m_phase) {
    case phase::read_time:
        // Xen's time from shared_info with the version protocol (retried if torn).
        m_item.reset({step::load_from(abi::shared_info_va + shinfo::vcpu0_time_version),
                      step::load_from(abi::shared_info_va + shinfo::vcpu0_time_system_time),
                      step::load_from(abi::shared_info_va + shinfo::vcpu0_time_system_time + 4),
                      step::load_from(abi::shared_info_va + shinfo::vcpu0_time_version)});
        break;
    case phase::arm:
    case phase::compute: m_item.reset({step::compute_for(1ULL << 40)}); break;
    }
    return m_item;
}

void timer_abuser_guest::item_completed(cpu::work_item& item) {
    if (is_rogue(item)) return;
    if (m_phase == phase::read_time) {
        const std::uint32_t v1 = item.steps[0].value, v2 = item.steps[3].value;
        if ((v1 & 1u) || v1 != v2) {
            item.steps.clear();  // torn: read again
            return;
        }
        const std::uint64_t now = (static_cast<std::uint64_t>(item.steps[2].value) << 32) | item.steps[1].value;
        const std::uint64_t near = now + m_near, far = now + m_far;
        m_item.reset({step::hypercall(abi::hc_set_timer_op, {static_cast<std::uint32_t>(near),
                                                             static_cast<std::uint32_t>(near >> 32), 0, 0, 0}),
                      step::hypercall(abi::hc_set_timer_op, {static_cast<std::uint32_t>(far),
                                                             static_cast<std::uint32_t>(far >> 32), 0, 0, 0}),
                      step::compute_for(1ULL << 40)});
        m_phase = phase::arm;
        ++m_rearms;
        return;
    }
    item.steps.clear();
}

void timer_abuser_guest::item_interrupted(cpu::work_item& item) {
    if (is_rogue(item)) return;
    // Interrupted in its compute (not just back from one of its hypercalls): re-arm when it
    // runs again.
    if (m_phase == phase::arm && item.position == 2 && item.steps[2].cycles < (1ULL << 40)) {
        m_phase = phase::read_time;
        item.steps.clear();
    }
}

}  // namespace rtv::rtos
