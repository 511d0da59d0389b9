// SPDX-License-Identifier: Apache-2.0
// The memory system calls of the process (brk, mmap2, munmap, mprotect) over its page
// table, with Linux's results: brk returns the new break (the old one when it cannot
// move), mmap2 anonymous and private file mappings (zero-filled pages; a file's bytes are
// copied in, as for a private read-only mapping), MAP_FIXED replacing what was there.
// Errors are negative errno values, as the system call returns them.
#pragma once

#include <cstdint>

#include "app/exec/address_space.hpp"

namespace rtv::app::exec {

class memory_map {
public:
    memory_map(address_space& as, std::uint32_t brk_start) : m_as(as), m_brk_start(brk_start), m_brk(brk_start) {}

    std::uint32_t brk(std::uint32_t requested);
    // mmap2(addr, len, prot, flags, fd, pgoffset): `host_fd` is the host descriptor of `fd`
    // (-1 for anonymous mappings). Returns the address or -errno (as uint32_t).
    std::uint32_t mmap2(std::uint32_t addr, std::uint32_t len, unsigned prot_bits, std::uint32_t flags, int host_fd,
                        std::uint32_t pgoffset);
    std::int32_t munmap(std::uint32_t addr, std::uint32_t len);
    std::int32_t mprotect(std::uint32_t addr, std::uint32_t len, unsigned prot_bits);

    std::uint32_t current_brk() const { return m_brk; }

private:
    address_space& m_as;
    std::uint32_t m_brk_start, m_brk;
};

}  // namespace rtv::app::exec
