// SPDX-License-Identifier: Apache-2.0
// Xen-ARM's hypercall numbers and argument conventions, in one table
// (xen/include/public/xen.h of Xen 3.0.2 and Samsung's arch-arm additions, xen-arm.md 3-5).
// A guest kernel issues SWI #nr (ARM state) with arguments in r0..r3; the result returns in r0.
#pragma once

#include <cstdint>

#include "hv_model/public/hypercall_abi.hpp"

namespace rtv::hv {

using namespace abi;  // the numbers are the para-virtual ABI (public/hypercall_abi.hpp)

struct hypercall_info {
    std::uint32_t nr;
    const char* name;
    const char* arguments;   // register convention
    bool implemented;        // otherwise -ENOSYS, as Xen answers an empty table slot
};

// What Xen-ARM's hypercall_table (xen/arch/arm/xen/entry.S) holds at a number.
enum class hypercall_slot {
    modelled,     // implemented by this model
    unmodelled,   // a real Xen-ARM hypercall this model does not implement (-ENOSYS)
    ni,           // do_ni_hypercall: prints NI_HYPERCALL and spins forever
    beyond_table, // past the table's 51 entries: invoke_hypercall does not check the bound
};
hypercall_slot classify_hypercall(std::uint32_t nr);
inline constexpr std::uint32_t hypercall_table_size = 51;  // entry.S: entries 0..50

// Every hypercall the model knows, implemented or not (for docs and reports).
const hypercall_info* find_hypercall(std::uint32_t nr);
const hypercall_info* hypercall_table_begin();
const hypercall_info* hypercall_table_end();

}  // namespace rtv::hv
