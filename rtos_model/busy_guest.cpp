#include "rtos_model/busy_guest.hpp"

namespace rtv::rtos {

busy_guest::busy_guest(std::string name, int account, std::uint32_t ws_base, std::uint32_t ws_bytes)
    : guest(std::move(name), account), m_ws_base(ws_base), m_ws_bytes(ws_bytes) {}

void busy_guest::refill(bool touch) {
    // The item's own vector is refilled in place: its capacity stays, so a refill after every
    // preemption allocates nothing.
    std::vector<cpu::step>& steps = m_item.steps;
    steps.clear();
    if (touch && m_ws_bytes) {
        steps.reserve(2 * (m_ws_bytes / line_bytes) + 1);
        ++m_generation;
        for (std::uint32_t off = 0; off < m_ws_bytes; off += line_bytes) {
            steps.push_back(cpu::step::load_from(m_ws_base + off));
            steps.push_back(cpu::step::store_to(m_ws_base + off, m_generation));
        }
    }
    steps.push_back(cpu::step::compute_for(chunk_cycles));
    m_item.position = 0;
}

cpu::work_item& busy_guest::next_work() {
    if (cpu::work_item* r = rogue_item()) return *r;
    if (m_resumed || m_item.done()) refill(m_resumed);
    m_resumed = false;
    return m_item;
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
