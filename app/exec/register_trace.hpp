// SPDX-License-Identifier: Apache-2.0
// `rtvsim exec --trace-regs FILE`: the architectural state after every instruction, in the
// block format QEMU's `-d cpu` log uses (four lines of R00..R15 and a PSR line), so the two
// traces can be compared block by block: QEMU logs the state *before* each instruction,
// this trace the state *after* it, so this trace's block k equals QEMU's block k + 1.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/cpu/iss/instruction_observer.hpp"

namespace rtv::app::exec {

class register_trace final : public cpu::instruction_observer {
public:
    // Throws std::runtime_error if the file cannot be written.
    explicit register_trace(const std::string& path);
    ~register_trace() override;
    register_trace(const register_trace&) = delete;
    register_trace& operator=(const register_trace&) = delete;

    void after_instruction(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t insn, bool thumb) override;

private:
    std::FILE* m_file;
    std::vector<char> m_buffer;
};

}  // namespace rtv::app::exec
