// SPDX-License-Identifier: Apache-2.0
// Builds the initial image of a process as Linux's ELF loader does (fs/binfmt_elf.c:
// load_elf_binary, create_elf_tables): the PT_LOAD segments at their addresses with their
// permissions, the break after the highest one, the kuser helper page, and the stack with
// argc, argv, envp and the auxiliary vector, strings at its top. The process layout is
// Linux's on ARM with a 3 GiB user space and no randomisation:
//   program at its link address, break right after it, mmap from 0x40000000 upwards,
//   stack below 0xBF000000 (TASK_SIZE = PAGE_OFFSET - 16 MiB, arch/arm/include/asm/memory.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/exec/address_space.hpp"
#include "sim/core/elf_file.hpp"
#include "sim/core/rng.hpp"

namespace rtv::app::exec {

inline constexpr std::uint32_t task_size = 0xBF00'0000;        // top of user space (see above)
inline constexpr std::uint32_t mmap_base = 0x4000'0000;        // TASK_UNMAPPED_BASE, legacy bottom-up layout
inline constexpr std::uint32_t stack_bytes = 8u << 20;         // RLIMIT_STACK default, 8 MiB
// What AT_HWCAP reports: an ARMv5TE core without VFP, as the i.MX21's ARM926EJ-S
// (HWCAP_SWP | HWCAP_HALF | HWCAP_THUMB | HWCAP_FAST_MULT | HWCAP_EDSP,
// arch/arm/include/uapi/asm/hwcap.h; no HWCAP_VFP: the i.MX21 has no VFP; no HWCAP_JAVA:
// Jazelle is not modelled).
inline constexpr std::uint32_t hwcap_armv5te = 1u | 2u | 4u | 16u | 128u;
inline constexpr const char* platform_string = "v5l";  // ELF_PLATFORM: "v5" + 'l' little-endian

class image_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct process_identity {
    std::uint32_t uid = 0, euid = 0, gid = 0, egid = 0;
};

struct initial_process {
    std::uint32_t entry = 0;   // PC (bit 0 cleared)
    bool thumb = false;        // entry bit 0: start in Thumb state
    std::uint32_t sp = 0;
    std::uint32_t brk = 0;     // initial program break (page-aligned end of the image)
    std::uint32_t kuser_page_pa = 0;
};

// Loads `elf` into `as` and builds the stack. `argv[0]` is the program name the process
// sees; `exec_path` is the file (AT_EXECFN). Throws image_error when memory runs out or a
// segment lies outside user space.
initial_process build_process(address_space& as, const core::elf_file& elf, const std::string& exec_path,
                              const std::vector<std::string>& argv, const std::vector<std::string>& envp,
                              const process_identity& id, core::rng& random);

}  // namespace rtv::app::exec
