// SPDX-License-Identifier: Apache-2.0
// A hook called after every instruction the ISS retires (executed or condition-failed), with
// the architectural state after it. An exception entry is not reported on its own: the next
// instruction reported simply has the vector's address. Used for register traces (lock-step
// comparison against another simulator), the binary-guest observer and the GDB stub.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/cpu/arm_state.hpp"

namespace rtv::cpu {

struct instruction_observer {
    virtual ~instruction_observer() = default;
    virtual void after_instruction(const arm_state& s, std::uint32_t pc, std::uint32_t insn, bool thumb) = 0;
    // True when after_instruction has an effect only after instructions at some addresses
    // (appended to `pcs`) and, at most, after the first instruction of a stretch the ISS runs:
    // then the ISS calls it only there and keeps its hot loop. The default: every instruction.
    virtual bool only_at(std::vector<std::uint32_t>& pcs) const { return false; }
};

// The core has one observer slot; several observers (a trace, the guest observer, a
// debugger) share it through this list, called in the order they were added.
class instruction_observer_list final : public instruction_observer {
public:
    void add(instruction_observer* o) {
        if (o && std::find(m_list.begin(), m_list.end(), o) == m_list.end()) m_list.push_back(o);
    }
    void remove(instruction_observer* o) { m_list.erase(std::remove(m_list.begin(), m_list.end(), o), m_list.end()); }
    bool empty() const { return m_list.empty(); }
    void after_instruction(const arm_state& s, std::uint32_t pc, std::uint32_t insn, bool thumb) override {
        for (instruction_observer* o : m_list) o->after_instruction(s, pc, insn, thumb);
    }
    // Only when every observer of the list watches addresses only: the union of them.
    bool only_at(std::vector<std::uint32_t>& pcs) const override {
        for (const instruction_observer* o : m_list)
            if (!o->only_at(pcs)) return false;
        return true;
    }

private:
    std::vector<instruction_observer*> m_list;
};

}  // namespace rtv::cpu
