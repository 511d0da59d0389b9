// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/guest.hpp"

namespace rtv::rtos {

cpu::work_item* guest::rogue_item() {
    if (!m_rogue.enabled || m_rogue_done) return nullptr;
    // The hook reads true simulated time: it is the experimenter's trigger, not guest logic.
    if (core::now_ps() < m_rogue.at) return nullptr;
    m_rogue_done = true;
    m_rogue_item.reset({m_rogue.write ? cpu::step::store_to(m_rogue.address, 0xBAD0BAD0u)
                                      : cpu::step::load_from(m_rogue.address)});
    return &m_rogue_item;
}

}  // namespace rtv::rtos
