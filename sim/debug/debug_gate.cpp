// SPDX-License-Identifier: Apache-2.0
#include "sim/debug/debug_gate.hpp"

namespace rtv::debug {

cpu::execution_context* debug_gate::current_context() {
    cpu::execution_context* ctx = m_inner.current_context();
    if (ctx && ctx->runs_arm_code()) m_stub.before_run(*ctx);
    return ctx;
}

}  // namespace rtv::debug
