// SPDX-License-Identifier: Apache-2.0
#include "hv_model/scheduler_table.hpp"

#include <stdexcept>

#include "hv_model/sched_bvt.hpp"
#include "hv_model/sched_credit.hpp"
#include "hv_model/sched_sedf.hpp"

namespace rtv::hv {

const std::vector<std::string>& scheduler_names() {
    static const std::vector<std::string> names{"bvt", "sedf", "credit"};
    return names;
}

std::unique_ptr<scheduler> make_scheduler(const std::string& opt_name, sched_services& sd,
                                          const scheduler_options& opt) {
    if (opt_name == "bvt") return std::make_unique<sched_bvt>(sd, opt.bvt_slice_units, opt.bvt_ctx_allow_ns);
    if (opt_name == "sedf") return std::make_unique<sched_sedf>(sd);
    if (opt_name == "credit") return std::make_unique<sched_credit>(sd, opt.credit_no_tick);
    throw std::invalid_argument("Could not find scheduler: " + opt_name);  // scheduler_init's message
}

}  // namespace rtv::hv
