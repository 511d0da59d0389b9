// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/idle_guest.hpp"

#include "hv_model/public/hypercall_abi.hpp"

namespace rtv::rtos {

// The guest's idle loop: a few instructions, then HYPERVISOR_sched_op(SCHEDOP_block, 0).
idle_guest::idle_guest(std::string name, int account) : guest(std::move(name), account) { refill(); }

void idle_guest::refill() {
    m_item.reset({cpu::step::compute_for(20), cpu::step::hypercall(hv::abi::hc_sched_op, {hv::abi::schedop_block, 0, 0, 0, 0})});
}

cpu::work_item& idle_guest::next_work() {
    if (cpu::work_item* r = rogue_item()) return *r;
    return m_item;
}

void idle_guest::item_completed(cpu::work_item& item) {
    if (is_rogue(item)) return;
    ++m_blocks;
    refill();
}

}  // namespace rtv::rtos
