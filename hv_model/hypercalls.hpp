// Xen-ARM's hypercall numbers and argument conventions, in one table
// (xen/include/public/xen.h of Xen 3.0.2 and Samsung's arch-arm additions, xen-arm.md 3-5).
// A guest kernel issues SWI #nr with arguments in r0..r4; the result returns in r0.
#pragma once

#include <cstdint>

namespace rtv::hv {

enum hypercall_nr : std::uint32_t {
    hc_set_trap_table = 0,       // (trap_info_t *table)
    hc_sched_op_compat = 6,      // (int cmd, unsigned long arg)
    hc_set_timer_op = 15,        // (u64 timeout): r0 = low word, r1 = high word (AAPCS)
    hc_console_io = 18,          // (int cmd, int count, char *buffer)
    hc_restore_trap_frame = 23,  // Xen-ARM: replaces x86's iret
    hc_sched_op = 29,            // (int cmd, void *arg)
    hc_event_channel_op = 32,    // (evtchn_op_t *op)
};

// SCHEDOP_* (xen/include/public/sched.h).
enum schedop_cmd : std::uint32_t {
    schedop_yield = 0,
    schedop_block = 1,
    schedop_shutdown = 2,
    schedop_poll = 3,
    schedop_remote_shutdown = 4,
};

struct hypercall_info {
    std::uint32_t nr;
    const char* name;
    const char* arguments;   // register convention
    bool implemented;        // otherwise -ENOSYS, as Xen answers an empty table slot
};

// Every hypercall the model knows, implemented or not (for docs and reports).
const hypercall_info* find_hypercall(std::uint32_t nr);
const hypercall_info* hypercall_table_begin();
const hypercall_info* hypercall_table_end();

}  // namespace rtv::hv
