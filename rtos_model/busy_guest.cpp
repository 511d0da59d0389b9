#include "rtos_model/busy_guest.hpp"

namespace rtv::rtos {

busy_guest::busy_guest(std::string name, int account) : guest(std::move(name), account) {
    m_item.reset({cpu::step::compute_for(chunk_cycles)});
}

cpu::work_item& busy_guest::next_work() { return m_item; }

void busy_guest::item_completed(cpu::work_item& item) { item.reset({cpu::step::compute_for(chunk_cycles)}); }

}  // namespace rtv::rtos
