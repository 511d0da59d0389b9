// SPDX-License-Identifier: Apache-2.0
#include "app/exec/register_trace.hpp"

#include <stdexcept>

namespace rtv::app::exec {

namespace {

const char* mode_short_name(std::uint32_t m) {
    // QEMU's names, indexed by CPSR.M[3:0]; "???" for encodings ARMv5 does not define.
    static const char* const names[16] = {"usr", "fiq", "irq", "svc", "???", "???", "???", "abt",
                                          "???", "???", "???", "und", "???", "???", "???", "sys"};
    return names[m & 0xF];
}

}  // namespace

register_trace::register_trace(const std::string& path) : m_file(std::fopen(path.c_str(), "w")) {
    if (!m_file) throw std::runtime_error("cannot write the register trace " + path);
    m_buffer.resize(1 << 16);
    std::setvbuf(m_file, m_buffer.data(), _IOFBF, m_buffer.size());
}

register_trace::~register_trace() { std::fclose(m_file); }

void register_trace::after_instruction(const cpu::arm_state& s, std::uint32_t, std::uint32_t, bool) {
    for (unsigned i = 0; i < 16; ++i)
        std::fprintf(m_file, "R%02u=%08x%c", i, s.reg(i), (i % 4 == 3) ? '\n' : ' ');
    const std::uint32_t p = s.cpsr();
    std::fprintf(m_file, "PSR=%08x %c%c%c%c %c %s32\n", p, p & 0x8000'0000u ? 'N' : '-', p & 0x4000'0000u ? 'Z' : '-',
                 p & 0x2000'0000u ? 'C' : '-', p & 0x1000'0000u ? 'V' : '-', p & 0x20u ? 'T' : 'A', mode_short_name(p));
}

}  // namespace rtv::app::exec
