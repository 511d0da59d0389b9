// SPDX-License-Identifier: Apache-2.0
#include "rtos_model/fuzz_guest.hpp"

#include "hv_model/public/hypercall_abi.hpp"

namespace rtv::rtos {

namespace abi = hv::abi;
using cpu::step;

namespace {
// Numbers worth hitting: every implemented hypercall, neighbours, and anything up to 63.
constexpr std::uint32_t interesting[] = {
    abi::hc_set_trap_table, abi::hc_sched_op_compat, abi::hc_set_timer_op, abi::hc_event_channel_op,
    abi::hc_xen_version,    abi::hc_console_io,      abi::hc_physdev_op,   abi::hc_restore_trap_frame,
    abi::hc_sched_op,       1, 2, 5, 7, 14, 20, 22, 24, 30, 31, 32, 40, 50, 63, 0xFFFF, 0xFFFFFF};
constexpr std::uint32_t scratch_offset = 0x1100;  // where it marshals random structures
constexpr std::uint32_t scratch_words = 16;
}  // namespace

fuzz_guest::fuzz_guest(std::string name, int account, const fuzz_setup& setup, std::uint64_t seed)
    : guest(std::move(name), account), m_setup(setup), m_rng(seed, "fuzz") {}

std::uint32_t fuzz_guest::random_pointer() {
    switch (m_rng.below(8)) {
    case 0: return m_setup.memory_base + scratch_offset;  // a structure it wrote
    case 1: return (m_setup.memory_base + static_cast<std::uint32_t>(m_rng.below(m_setup.memory_size))) & ~3u;
    case 2: return m_setup.memory_base + m_setup.memory_size - static_cast<std::uint32_t>(m_rng.below(16));  // the edge
    case 3: return m_setup.foreign.empty() ? 0u : m_setup.foreign[m_rng.below(m_setup.foreign.size())];
    case 4: return abi::shared_info_va + static_cast<std::uint32_t>(m_rng.below(4096));
    case 5: return abi::hypervisor_virt_start + static_cast<std::uint32_t>(m_rng.below(0x04000000));
    case 6: return static_cast<std::uint32_t>(m_rng.below(16));  // NULL-ish
    default: return static_cast<std::uint32_t>(m_rng.next());
    }
}

std::uint32_t fuzz_guest::random_argument() {
    switch (m_rng.below(4)) {
    case 0: return static_cast<std::uint32_t>(m_rng.below(16));
    case 1: return random_pointer();
    case 2: return static_cast<std::uint32_t>(m_rng.next());
    default: return static_cast<std::uint32_t>(m_rng.below(1024));
    }
}

void fuzz_guest::build_next() {
    if (m_issued >= m_setup.hypercalls) {
        m_busy = true;
        m_item.reset({step::compute_for(1ULL << 40)});
        return;
    }
    std::vector<step> s{step::compute_for(50 + m_rng.below(2000))};
    // A random structure in its own memory (a command word first, often a valid one).
    const std::uint32_t scratch = m_setup.memory_base + scratch_offset;
    s.push_back(step::store_to(scratch, static_cast<std::uint32_t>(m_rng.below(14))));
    for (std::uint32_t w = 1; w < scratch_words; ++w) s.push_back(step::store_to(scratch + 4 * w, random_argument()));
    const std::uint32_t nr = m_rng.below(4) ? interesting[m_rng.below(std::size(interesting))]
                                            : static_cast<std::uint32_t>(m_rng.below(64));
    std::array<std::uint32_t, 5> args{};
    for (auto& a : args) a = random_argument();
    // Keep running: no shutdown (it would end the test), no block or poll (with its VIRQ
    // port closed by an earlier random call nothing might ever wake it).
    if (nr == abi::hc_sched_op || nr == abi::hc_sched_op_compat)
        if (args[0] == abi::schedop_shutdown || args[0] == abi::schedop_block || args[0] == abi::schedop_poll ||
            args[0] == abi::schedop_remote_shutdown)
            args[0] = abi::schedop_yield;
    s.push_back(step::hypercall(nr, args));
    m_item.reset(std::move(s));
}

cpu::work_item& fuzz_guest::next_work() {
    if (cpu::work_item* r = rogue_item()) return *r;
    if (m_item.done() || m_item.steps.empty()) build_next();
    return m_item;
}

void fuzz_guest::item_completed(cpu::work_item& item) {
    if (is_rogue(item) || m_busy) {
        if (m_busy) m_item.reset({step::compute_for(1ULL << 40)});
        return;
    }
    ++m_issued;
    if (item.steps.back().result < 0) ++m_errors;
    build_next();
}

}  // namespace rtv::rtos
