// SPDX-License-Identifier: Apache-2.0
#include "sim/debug/gdb_stub.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include <systemc>

#include "sim/debug/data_access.hpp"
#include "sim/debug/rsp_codec.hpp"

namespace rtv::debug {

namespace {

// Signal numbers of GDB's stop replies (GDB manual, "Stop Reply Packets"; gdb/signals.def).
constexpr int sigint = 2;
constexpr int sigtrap = 5;
// The debugger's Ctrl-C is looked for every this many instructions (a non-blocking recv).
constexpr std::uint64_t interrupt_poll_mask = (1u << 16) - 1;
// Largest packet the stub accepts and sends (qSupported PacketSize, hex digits).
constexpr std::uint32_t packet_size = 0x4000;

// The ARM core registers, as GDB's own features/arm/arm-core.xml numbers them.
const char* const target_xml =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "  <architecture>armv5te</architecture>\n"
    "  <feature name=\"org.gnu.gdb.arm.core\">\n"
    "    <reg name=\"r0\" bitsize=\"32\"/>\n    <reg name=\"r1\" bitsize=\"32\"/>\n"
    "    <reg name=\"r2\" bitsize=\"32\"/>\n    <reg name=\"r3\" bitsize=\"32\"/>\n"
    "    <reg name=\"r4\" bitsize=\"32\"/>\n    <reg name=\"r5\" bitsize=\"32\"/>\n"
    "    <reg name=\"r6\" bitsize=\"32\"/>\n    <reg name=\"r7\" bitsize=\"32\"/>\n"
    "    <reg name=\"r8\" bitsize=\"32\"/>\n    <reg name=\"r9\" bitsize=\"32\"/>\n"
    "    <reg name=\"r10\" bitsize=\"32\"/>\n    <reg name=\"r11\" bitsize=\"32\"/>\n"
    "    <reg name=\"r12\" bitsize=\"32\"/>\n"
    "    <reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
    "    <reg name=\"lr\" bitsize=\"32\"/>\n"
    "    <reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>\n"
    "    <reg name=\"cpsr\" bitsize=\"32\" regnum=\"25\"/>\n"
    "  </feature>\n"
    "</target>\n";

std::string stop_reply(int signal, const std::string& extra = "") {
    char buf[8];
    std::snprintf(buf, sizeof buf, "T%02x", signal);
    return buf + extra + "thread:1;";
}

std::string hex_number(std::uint32_t v) {
    char buf[12];
    std::snprintf(buf, sizeof buf, "%x", v);
    return buf;
}

// "addr,length" of m, M, X and Z packets.
bool parse_address_length(const std::string& s, std::uint32_t& address, std::uint32_t& length) {
    const auto comma = s.find(',');
    if (comma == std::string::npos) return false;
    const auto a = parse_hex_number(s.substr(0, comma)), l = parse_hex_number(s.substr(comma + 1));
    if (!a || !l) return false;
    address = *a;
    length = *l;
    return true;
}

// Registers held outside the core (a context that does not own it), as an arm_state for the
// data-access decoder.
cpu::arm_state state_of(const cpu::arm_user_registers& r) {
    cpu::arm_state s;
    s.write_cpsr(r.cpsr);
    for (unsigned i = 0; i < 16; ++i) s.reg(i) = r.r[i];
    return s;
}

}  // namespace

gdb_stub::gdb_stub(rsp_connection& connection, cpu::arm926_core& core, debuggee_test is_debuggee)
    : m_conn(connection), m_core(core), m_is_debuggee(std::move(is_debuggee)), m_target(core) {}

void gdb_stub::poll_interrupt() {
    if (!m_interrupt) m_interrupt = m_conn.interrupt_pending();
    if (!m_conn.connected()) detach();  // the debugger went away: the run goes on alone
}

void gdb_stub::after_instruction(const cpu::arm_state& s, std::uint32_t, std::uint32_t, bool) {
    if (m_state != run_state::running) return;
    if ((++m_instructions & interrupt_poll_mask) == 0) {
        poll_interrupt();
        if (m_state != run_state::running) return;
    }
    if (!debuggee_owns_core()) return;
    m_resumed_at.reset();
    if (m_stepping) return halt(stop_reply(sigtrap));
    if (m_interrupt) return halt(stop_reply(sigint));
    if (auto reply = stop_before(s, s.reg(15))) halt(*reply);
}

void gdb_stub::before_run(cpu::execution_context& ctx) {
    if (m_state == run_state::detached || m_state == run_state::exited) return;
    if (!is_debuggee(ctx)) return;
    cpu::arm_user_registers* saved = m_core.arm_context() == &ctx ? nullptr : ctx.arm_registers();
    m_target.set_saved_registers(saved);
    if (m_state == run_state::not_started) {
        halt(stop_reply(sigtrap));
    } else if (!m_stepping) {  // a step ends after an instruction, not before one
        poll_interrupt();
        std::optional<std::string> reply;
        if (m_state != run_state::running)
            reply.reset();
        else if (m_interrupt)
            reply = stop_reply(sigint);
        else
            reply = saved ? stop_before(state_of(*saved), m_target.pc()) : stop_before(m_core.state(), m_target.pc());
        if (reply) halt(*reply);
    }
    m_target.set_saved_registers(nullptr);
}

std::optional<std::string> gdb_stub::stop_before(const cpu::arm_state& s, std::uint32_t pc) {
    if (m_resumed_at && *m_resumed_at == pc) return std::nullopt;
    if (m_breakpoints.count(pc)) return stop_reply(sigtrap);
    if (m_watchpoints.empty()) return std::nullopt;
    const bool thumb = (s.cpsr() & cpu::cpsr_t) != 0;
    std::uint8_t bytes[4] = {};
    if (!m_target.read_memory(pc, bytes, thumb ? 2 : 4)) return std::nullopt;  // it will take a prefetch abort
    const std::uint32_t insn = static_cast<std::uint32_t>(bytes[0] | bytes[1] << 8 | bytes[2] << 16) |
                               static_cast<std::uint32_t>(bytes[3]) << 24;
    const auto access = next_data_access(s, pc, insn, thumb);
    if (!access) return std::nullopt;
    for (const watchpoint& w : m_watchpoints) {
        const bool overlaps = access->address < w.address + w.length && w.address < access->address + access->length;
        if (!overlaps) continue;
        if (w.type == '2' && access->write) return stop_reply(sigtrap, "watch:" + hex_number(w.address) + ";");
        if (w.type == '3' && access->read) return stop_reply(sigtrap, "rwatch:" + hex_number(w.address) + ";");
        if (w.type == '4') return stop_reply(sigtrap, "awatch:" + hex_number(w.address) + ";");
    }
    return std::nullopt;
}

void gdb_stub::halt(const std::string& reply) {
    ++m_halts;
    m_stepping = m_interrupt = false;
    m_stop_reply = reply;
    if (m_state == run_state::not_started) {
        m_conn.accept();  // the debugger asks for the reason with '?'
        m_state = run_state::running;
    } else if (!m_conn.send(reply)) {
        return detach();
    }
    for (;;) {
        const auto packet = m_conn.receive();
        if (!packet) return detach();
        switch (handle(*packet)) {
            case action::stay:
                continue;
            case action::resume:
                m_resumed_at = m_target.pc();
                return;
            case action::step:
                m_stepping = true;
                m_resumed_at = m_target.pc();
                return;
            case action::detach:
                return detach();
            case action::kill:
                detach();
                m_killed = true;
                sc_core::sc_stop();  // the debugger ended the target: the run stops here
                return;
        }
    }
}

void gdb_stub::detach() {
    m_state = run_state::detached;
    m_breakpoints.clear();
    m_watchpoints.clear();
    m_stepping = m_interrupt = false;
    m_conn.close();
}

void gdb_stub::finish(int status) {
    if (m_state == run_state::detached || m_state == run_state::exited) return;
    char buf[8];
    std::snprintf(buf, sizeof buf, "W%02x", status & 0xFF);
    m_exit_reply = buf;
    const bool waiting = m_state == run_state::running;
    m_state = run_state::exited;
    if (waiting) {
        m_conn.send(m_exit_reply);
        m_conn.close();
        return;
    }
    // The debuggee never ran: let the debugger attach and learn that the target is gone.
    m_conn.accept();
    for (;;) {
        const auto packet = m_conn.receive();
        if (!packet) break;
        const action a = handle(*packet);
        if (a == action::detach || a == action::kill) break;
        if (a != action::stay && !m_conn.send(m_exit_reply)) break;
    }
    m_conn.close();
}

gdb_stub::action gdb_stub::handle(const std::string& p) {
    const bool exited = m_state == run_state::exited;
    const auto reply = [this](const std::string& r) { return m_conn.send(r) ? action::stay : action::detach; };
    if (p.empty()) return reply("");
    const std::string args = p.substr(1);
    switch (p[0]) {
        case '\x03':
            return action::stay;  // already halted
        case '?':
            return reply(exited ? m_exit_reply : m_stop_reply);
        case 'g': {
            if (exited) return reply("E01");
            std::string r;
            std::uint32_t v = 0;
            for (unsigned n = 0; n <= reg_pc; ++n) {
                m_target.read_register(n, v);
                r += le32_hex(v);
            }
            m_target.read_register(reg_cpsr, v);
            return reply(r + le32_hex(v));
        }
        case 'G': {
            if (exited || args.size() != 17 * 8) return reply("E01");
            bool ok = true;
            for (unsigned i = 0; i < 17 && ok; ++i) {
                const auto v = le32_from_hex(args.substr(8 * i, 8));
                ok = v && m_target.write_register(i <= reg_pc ? i : reg_cpsr, *v);
            }
            return reply(ok ? "OK" : "E01");
        }
        case 'p': {
            const auto n = parse_hex_number(args);
            std::uint32_t v = 0;
            if (exited || !n || !m_target.read_register(*n, v)) return reply("E01");
            return reply(le32_hex(v));
        }
        case 'P': {
            const auto eq = args.find('=');
            if (exited || eq == std::string::npos) return reply("E01");
            const auto n = parse_hex_number(args.substr(0, eq));
            const auto v = le32_from_hex(args.substr(eq + 1));
            return reply(n && v && m_target.write_register(*n, *v) ? "OK" : "E01");
        }
        case 'm':
            return reply(exited ? "E01" : read_memory_packet(args));
        case 'M':
            return reply(exited ? "E01" : write_memory_packet(args, false));
        case 'X':
            return reply(exited ? "E01" : write_memory_packet(args, true));
        case 'Z':
        case 'z':
            return reply(exited ? "E01" : breakpoint_packet(args, p[0] == 'Z'));
        case 'c':
        case 's':
            if (exited) return action::resume;  // finish() answers with the exit status
            if (!args.empty()) {
                const auto a = parse_hex_number(args);
                if (!a) return reply("E01");
                m_target.write_register(reg_pc, *a);
            }
            return p[0] == 'c' ? action::resume : action::step;
        case 'D':
            m_conn.send("OK");
            return action::detach;
        case 'k':
            return action::kill;
        case 'H':
            return reply("OK");  // one thread: every thread id names it
        case 'T':
            return reply("OK");  // thread 1 is alive
        case 'q':
        case 'Q':
            return reply(query(p));
        default:
            return reply("");  // not supported (vCont?, v..., others)
    }
}

std::string gdb_stub::query(const std::string& p) {
    if (p.rfind("qSupported", 0) == 0) return "PacketSize=" + hex_number(packet_size) + ";qXfer:features:read+";
    if (p == "qAttached") return "1";  // so that GDB detaches, not kills, when it quits
    if (p == "qC") return "QC1";
    if (p == "qOffsets" && m_load_offset) {  // GDB manual, "General Query Packets"
        const std::string o = hex_number(m_load_offset());
        return "Text=" + o + ";Data=" + o + ";Bss=" + o;
    }
    if (p == "qfThreadInfo") return "m1";
    if (p == "qsThreadInfo") return "l";
    const std::string xfer = "qXfer:features:read:target.xml:";
    if (p.rfind(xfer, 0) == 0) {
        std::uint32_t offset = 0, length = 0;
        if (!parse_address_length(p.substr(xfer.size()), offset, length)) return "E01";
        const std::string doc = target_xml;
        if (offset >= doc.size()) return "l";
        const std::string part = doc.substr(offset, length);
        return (offset + part.size() >= doc.size() ? "l" : "m") + part;
    }
    return "";
}

std::string gdb_stub::read_memory_packet(const std::string& args) {
    std::uint32_t address = 0, length = 0;
    if (!parse_address_length(args, address, length)) return "E01";
    length = std::min(length, packet_size / 2);
    std::vector<std::uint8_t> bytes(length);
    // Byte by byte only when the whole block fails: GDB wants what is readable up to a fault.
    if (m_target.read_memory(address, bytes.data(), length)) return to_hex(bytes.data(), length);
    std::uint32_t n = 0;
    while (n < length && m_target.read_memory(address + n, &bytes[n], 1)) ++n;
    return n ? to_hex(bytes.data(), n) : "E14";
}

std::string gdb_stub::write_memory_packet(const std::string& args, bool binary) {
    const auto colon = args.find(':');
    std::uint32_t address = 0, length = 0;
    if (colon == std::string::npos || !parse_address_length(args.substr(0, colon), address, length)) return "E01";
    std::vector<std::uint8_t> bytes;
    if (binary) {
        bytes = unescape_binary(args.substr(colon + 1));
    } else {
        auto decoded = from_hex(args.substr(colon + 1));
        if (!decoded) return "E01";
        bytes = std::move(*decoded);
    }
    if (bytes.size() != length) return "E01";
    if (length == 0) return "OK";  // GDB's probe for X support
    return m_target.write_memory(address, bytes.data(), length) ? "OK" : "E14";
}

std::string gdb_stub::breakpoint_packet(const std::string& args, bool insert) {
    if (args.size() < 3 || args[1] != ',') return "E01";
    const char type = args[0];
    std::uint32_t address = 0, kind = 0;
    const std::string rest = args.substr(2);
    if (!parse_address_length(rest.substr(0, rest.find(';')), address, kind)) return "E01";
    switch (type) {
        case '0':  // software and hardware breakpoints alike: kept here, memory is not touched
        case '1':
            if (insert)
                m_breakpoints.insert(address);
            else
                m_breakpoints.erase(address);
            return "OK";
        case '2':
        case '3':
        case '4': {
            const watchpoint w{address, std::max<std::uint32_t>(kind, 1), type};
            const auto same = [&](const watchpoint& x) {
                return x.address == w.address && x.length == w.length && x.type == w.type;
            };
            m_watchpoints.erase(std::remove_if(m_watchpoints.begin(), m_watchpoints.end(), same), m_watchpoints.end());
            if (insert) m_watchpoints.push_back(w);
            return "OK";
        }
        default:
            return "";
    }
}

}  // namespace rtv::debug
