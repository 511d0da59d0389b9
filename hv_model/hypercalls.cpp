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

const hypercall_info* find_hypercall(std::uint32_t nr) {
    for (const auto& h : table)
        if (h.nr == nr) return &h;
    return nullptr;
}
const hypercall_info* hypercall_table_begin() { return std::begin(table); }
const hypercall_info* hypercall_table_end() { return std::end(table); }

}  // namespace rtv::hv
