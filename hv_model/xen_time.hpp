// SPDX-License-Identifier: Apache-2.0
// Xen's time units (xen/include/xen/time.h): s_time_t is signed 64-bit nanoseconds.
#pragma once

#include <cstdint>

#include "hv_model/public/event_channel_abi.hpp"

namespace rtv::hv {

using s_time_t = std::int64_t;

constexpr s_time_t microsecs(s_time_t us) { return us * 1000; }
constexpr s_time_t millisecs(s_time_t ms) { return ms * 1000 * 1000; }
constexpr s_time_t seconds(s_time_t s) { return s * 1000 * 1000 * 1000; }

// Xen's error numbers, from the para-virtual ABI (public/event_channel_abi.hpp xen_errno).
inline constexpr int xen_eperm = abi::err_perm;
inline constexpr int xen_esrch = abi::err_srch;
inline constexpr int xen_efault = abi::err_fault;
inline constexpr int xen_ebusy = abi::err_busy;
inline constexpr int xen_eexist = abi::err_exist;
inline constexpr int xen_einval = abi::err_inval;
inline constexpr int xen_enosys = abi::err_nosys;

}  // namespace rtv::hv
