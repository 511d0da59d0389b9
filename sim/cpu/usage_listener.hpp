// SPDX-License-Identifier: Apache-2.0
// Where the core reports what its cycles were spent on, as exact time intervals.
#pragma once

#include "sim/core/clock.hpp"

namespace rtv::cpu {

// Owners of CPU time besides user contexts (which use their account_id() >= 0).
inline constexpr int owner_privileged = -1;  // exception handlers: the hypervisor
inline constexpr int owner_sleep = -2;       // wait for interrupt

class usage_listener {
public:
    virtual ~usage_listener() = default;
    // The CPU spent [begin, end) on `owner`. Intervals arrive in order and do not overlap.
    virtual void on_usage(int owner, core::picoseconds begin, core::picoseconds end) = 0;
};

}  // namespace rtv::cpu
