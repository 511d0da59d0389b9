// SPDX-License-Identifier: Apache-2.0
// The GDB remote serial protocol stub (docs/debugging.md). It is an instruction observer:
// after every instruction the ISS retires it decides whether the target stops before the
// next one (a breakpoint at the next PC, a watched datum the next instruction accesses, a
// finished single step, Ctrl-C), and if so serves the debugger's packets right there,
// blocking the simulation thread. SystemC is single-threaded, so simulated time does not
// move while the target is halted, and the stub never adds an event, a cycle or a
// statistic: a debugged run gives the same results as one without the debugger.
//
// It debugs one execution context (a domain's vcpu, the `exec` process) and ignores the
// instructions of every other. debug_gate tells it when the core is about to run that
// context, so that it can stop before the context's first instruction and at a
// breakpoint where the context resumes after an exception.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/cpu/arm926_core.hpp"
#include "sim/cpu/execution_context.hpp"
#include "sim/cpu/iss/instruction_observer.hpp"
#include "sim/debug/debug_target.hpp"
#include "sim/debug/rsp_connection.hpp"

namespace rtv::debug {

class gdb_stub final : public cpu::instruction_observer {
public:
    // Which context is debugged: `is_debuggee` says (it may only know once the platform
    // has booted, e.g. a domain's vcpu); empty: whatever ARM code the core runs.
    using debuggee_test = std::function<bool(const cpu::execution_context&)>;
    gdb_stub(rsp_connection& connection, cpu::arm926_core& core, debuggee_test is_debuggee);

    void after_instruction(const cpu::arm_state& s, std::uint32_t pc, std::uint32_t insn, bool thumb) override;
    // The core is about to run `ctx` (see debug_gate). The first time the debuggee runs, the
    // stub waits for the debugger to attach and halts before its first instruction.
    void before_run(cpu::execution_context& ctx);
    // The run is over: a debugger waiting for the target to stop is told it exited with
    // `status`; one that never attached may still attach and is told the same.
    void finish(int status);

    // Where the debuggee's image was loaded relative to its link addresses (a
    // position-independent guest relocated by its loader): answered to qOffsets, so GDB
    // relocates the ELF's symbols itself. Asked when the debugger attaches.
    void set_load_offset(std::function<std::uint32_t()> offset) { m_load_offset = std::move(offset); }

    // The debugger ended the target with `k` (the stub stopped SystemC).
    bool killed() const { return m_killed; }

    // How many times the target halted (tests).
    std::uint64_t halts() const { return m_halts; }

private:
    enum class run_state { not_started, running, detached, exited };
    enum class action { stay, resume, step, detach, kill };
    struct watchpoint {
        std::uint32_t address, length;
        char type;  // '2' write, '3' read, '4' access (the Z packet's type)
    };

    bool is_debuggee(const cpu::execution_context& ctx) const { return !m_is_debuggee || m_is_debuggee(ctx); }
    bool debuggee_owns_core() const {
        const cpu::execution_context* owner = m_core.arm_context();
        return owner && is_debuggee(*owner);
    }
    // Checks the stop conditions for the instruction at `pc` about to run with registers `s`.
    std::optional<std::string> stop_before(const cpu::arm_state& s, std::uint32_t pc);
    // Sends the stop reply (unless it is the first stop, which the debugger asks for with
    // '?') and serves packets until the debugger resumes, detaches or leaves.
    void halt(const std::string& reply);
    action handle(const std::string& packet);
    std::string read_memory_packet(const std::string& args);
    std::string write_memory_packet(const std::string& args, bool binary);
    std::string breakpoint_packet(const std::string& args, bool insert);
    std::string query(const std::string& packet);
    void poll_interrupt();
    void detach();

    rsp_connection& m_conn;
    cpu::arm926_core& m_core;
    debuggee_test m_is_debuggee;
    std::function<std::uint32_t()> m_load_offset;
    debug_target m_target;
    run_state m_state = run_state::not_started;
    std::string m_stop_reply;  // the last stop, for '?'
    std::string m_exit_reply;  // W.. once the run is over
    bool m_stepping = false;
    bool m_interrupt = false;
    // The PC the target resumed at: no breakpoint is taken there again until the debuggee
    // retires an instruction (GDB steps over a breakpoint it resumes from).
    std::optional<std::uint32_t> m_resumed_at;
    std::set<std::uint32_t> m_breakpoints;
    std::vector<watchpoint> m_watchpoints;
    std::uint64_t m_instructions = 0;
    std::uint64_t m_halts = 0;
    bool m_killed = false;
};

}  // namespace rtv::debug
