// Xen's time units (xen/include/xen/time.h): s_time_t is signed 64-bit nanoseconds.
#pragma once

#include <cstdint>

namespace rtv::hv {

using s_time_t = std::int64_t;

constexpr s_time_t microsecs(s_time_t us) { return us * 1000; }
constexpr s_time_t millisecs(s_time_t ms) { return ms * 1000 * 1000; }
constexpr s_time_t seconds(s_time_t s) { return s * 1000 * 1000 * 1000; }

// Xen error numbers returned to guests (xen/include/public/errno.h values of Xen 3.0.2,
// which are Linux's).
inline constexpr int xen_eperm = 1;
inline constexpr int xen_esrch = 3;
inline constexpr int xen_efault = 14;
inline constexpr int xen_ebusy = 16;
inline constexpr int xen_eexist = 17;
inline constexpr int xen_einval = 22;
inline constexpr int xen_enosys = 38;

}  // namespace rtv::hv
