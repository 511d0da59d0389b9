// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/busy_guest.hpp"

namespace rtv::rtos {

busy_guest::busy_guest(std::string name, int account, std::uint32_t ws_base, std::uint32_t ws_bytes)
    : guest(std::move(name), account), m_ws_base(ws_base), m_ws_bytes(ws_bytes) {}

// Two items, each built once and refilled in place: the working-set touch (a load and a store
// per line, then the compute chunk) and the plain compute chunk. A refill only writes what a
// run of the item changed or what differs from last time (the stores' generation, the chunk's
// cycles): a load's value is overwritten when it runs. Handing out the same steps as a fresh
// build, it allocates and copies nothing after every preemption.
void busy_guest::refill(bool touch) {
    if (touch && m_ws_bytes) {
        ++m_generation;
        std::vector<cpu::step>& steps = m_touch.steps;
        if (steps.empty()) {
            steps.reserve(2 * (m_ws_bytes / line_bytes) + 1);
            for (std::uint32_t off = 0; off < m_ws_bytes; off += line_bytes) {
                steps.push_back(cpu::step::load_from(m_ws_base + off));
                steps.push_back(cpu::step::store_to(m_ws_base + off, m_generation));
            }
            steps.push_back(cpu::step::compute_for(chunk_cycles));
        } else {
            for (std::size_t i = 1; i + 1 < steps.size(); i += 2) steps[i].value = m_generation;
            steps.back().cycles = chunk_cycles;
        }
        m_touch.position = 0;
        m_current = &m_touch;
        return;
    }
    if (m_plain.steps.empty())
        m_plain.steps.push_back(cpu::step::compute_for(chunk_cycles));
    else
        m_plain.steps.back().cycles = chunk_cycles;
    m_plain.position = 0;
    m_current = &m_plain;
}

cpu::work_item& busy_guest::next_work() {
    if (cpu::work_item* r = rogue_item()) return *r;
    if (m_resumed || m_current->done()) refill(m_resumed);
    m_resumed = false;
    return *m_current;
}

void busy_guest::item_completed(cpu::work_item& item) {
    if (is_rogue(item)) return;
    refill(false);
}

void busy_guest::item_interrupted(cpu::work_item& item) {
    if (is_rogue(item)) return;
    m_resumed = true;  // touch the working set again when it next runs
}

}  // namespace rtv::rtos
