// SPDX-License-Identifier: Apache-2.0
// uC/OS-II's ready list: 64 priorities in a two-level bitmap (OSRdyGrp, OSRdyTbl[8]) whose
// highest ready priority is found with two lookups in the unmap table, in constant time.
// Layout and algorithm as described in J. J. Labrosse, "MicroC/OS-II: The Real-Time
// Kernel", 2nd ed., section 3.04 "Ready List" (OS_CORE.C): priority p is bit p & 7 of
// OSRdyTbl[p >> 3], and bit p >> 3 of OSRdyGrp says that row is non-empty. OSMapTbl[i] is
// 1 << i; OSUnMapTbl[v] is the position of the lowest set bit of v (0 for v = 0). The
// tables are computed here, not copied.
#pragma once

#include <array>
#include <cstdint>

namespace rtv::rtos {

namespace detail {
constexpr std::array<std::uint8_t, 256> make_unmap_table() {
    std::array<std::uint8_t, 256> t{};
    for (unsigned v = 1; v < 256; ++v) {
        std::uint8_t bit = 0;
        while (((v >> bit) & 1u) == 0) ++bit;
        t[v] = bit;
    }
    return t;
}
}  // namespace detail

class ready_list {
public:
    static constexpr unsigned priorities = 64;
    static constexpr unsigned lowest_prio = 63;  // OS_LOWEST_PRIO, the idle task's priority

    static constexpr std::uint8_t map(unsigned i) { return static_cast<std::uint8_t>(1u << i); }  // OSMapTbl
    static constexpr std::array<std::uint8_t, 256> unmap = detail::make_unmap_table();  // OSUnMapTbl

    // OS_TCB's OSTCBY/OSTCBBitY/OSTCBX/OSTCBBitX are these, precomputed at task creation.
    void insert(unsigned prio) {
        m_grp |= map(prio >> 3);
        m_tbl[prio >> 3] |= map(prio & 7);
    }
    void remove(unsigned prio) {
        const unsigned y = prio >> 3;
        m_tbl[y] &= static_cast<std::uint8_t>(~map(prio & 7));
        if (m_tbl[y] == 0) m_grp &= static_cast<std::uint8_t>(~map(y));
    }
    bool contains(unsigned prio) const { return (m_tbl[prio >> 3] & map(prio & 7)) != 0; }
    bool empty() const { return m_grp == 0; }
    // Highest ready priority (lowest number). uC/OS-II never asks with an empty list (the
    // idle task is always ready); here an empty list gives 0, as the tables do.
    unsigned highest() const {
        const unsigned y = unmap[m_grp];
        return (y << 3) + unmap[m_tbl[y]];
    }

    std::uint8_t grp() const { return m_grp; }                   // OSRdyGrp
    std::uint8_t tbl(unsigned row) const { return m_tbl[row]; }  // OSRdyTbl[row]

private:
    std::uint8_t m_grp = 0;
    std::array<std::uint8_t, 8> m_tbl{};
};

}  // namespace rtv::rtos
