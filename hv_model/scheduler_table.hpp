// SPDX-License-Identifier: Apache-2.0
// The schedulers compiled into the hypervisor, by opt_name, as schedule.c's `schedulers[]`
// table: scheduler_init picks the one whose opt_name matches opt_sched. Adding a scheduler
// is its own file pair plus one line in scheduler_table.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hv_model/scheduler.hpp"

namespace rtv::hv {

// Build options of the schedulers (the known Xen-ARM bugs each can reproduce).
struct scheduler_options {
    bool bvt_slice_units = true;
    std::int32_t bvt_ctx_allow_ns = 5 * 1000 * 1000;  // sched_bvt.c ctx_allow = MILLISECS(5)
    bool credit_no_tick = true;
};

// The opt_names the table holds, in table order.
const std::vector<std::string>& scheduler_names();

// The scheduler named `opt_name`; throws std::invalid_argument for an unknown name.
std::unique_ptr<scheduler> make_scheduler(const std::string& opt_name, sched_services& sd,
                                          const scheduler_options& opt);

}  // namespace rtv::hv
