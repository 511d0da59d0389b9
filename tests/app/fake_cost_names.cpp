// SPDX-License-Identifier: Apache-2.0
// A stand-in for the cost layer's list of cost names, so the loader's tests do not depend on
// the hypervisor model. Link this instead of the real app/cost_names.cpp in test_scenario only.
#include "app/cost_names.hpp"

namespace rtv::app {

std::vector<std::string> known_cost_names() { return {"irq_vector", "context_switch_base", "hypercall_entry"}; }

}  // namespace rtv::app
