// SPDX-License-Identifier: Apache-2.0
#include "hv_model/hypercalls.hpp"

#include <iterator>

namespace rtv::hv {
namespace {
const hypercall_info table[] = {
    {hc_set_trap_table, "set_trap_table", "r0 = guest address of trap_info_t[8] {flags, address}", true},
    {hc_sched_op_compat, "sched_op_compat", "r0 = cmd, r1 = arg (shutdown reason by value)", true},
    {hc_set_timer_op, "set_timer_op", "r0:r1 = absolute timeout in ns (low, high); 0 cancels", true},
    {hc_xen_version, "xen_version", "r0 = cmd (XENVER_version only), r1 = guest address", true},
    {hc_console_io, "console_io", "r0 = cmd, r1 = count, r2 = guest address of the buffer", true},
    {hc_physdev_op, "physdev_op", "r0 = guest address of physdev_op_t (IRQ_UNMASK_NOTIFY)", true},
    {hc_restore_trap_frame, "restore_trap_frame", "none: resumes the trap frame in vcpu_info.arch", true},
    {hc_sched_op, "sched_op", "r0 = cmd, r1 = guest address of the command's structure", true},
    {hc_event_channel_op, "event_channel_op", "r0 = guest address of evtchn_op_t (28 bytes)", true},
};
}  // namespace

hypercall_slot classify_hypercall(std::uint32_t nr) {
    if (nr >= hypercall_table_size) return hypercall_slot::beyond_table;
    if (const hypercall_info* h = find_hypercall(nr); h && h->implemented) return hypercall_slot::modelled;
    // entry.S hypercall_table: the slots holding do_ni_hypercall (gcov off, slot 39).
    static constexpr std::uint32_t ni_slots[] = {2,  3,  5,  8,  9,  10, 11, 22, 25, 27, 31, 32,
                                                 34, 35, 36, 37, 38, 39, 41, 42, 45, 46, 47};
    for (std::uint32_t n : ni_slots)
        if (n == nr) return hypercall_slot::ni;
    return hypercall_slot::unmodelled;
}

const hypercall_info* find_hypercall(std::uint32_t nr) {
    for (const auto& h : table)
        if (h.nr == nr) return &h;
    return nullptr;
}
const hypercall_info* hypercall_table_begin() { return std::begin(table); }
const hypercall_info* hypercall_table_end() { return std::end(table); }

}  // namespace rtv::hv
