// SPDX-License-Identifier: Apache-2.0
#include "app/exec/memory_map.hpp"

#include <cerrno>
#include <vector>

#include <unistd.h>

#include "app/exec/process_image.hpp"

namespace rtv::app::exec {

namespace {

// mmap flags (include/uapi/asm-generic/mman-common.h, mman.h; ARM uses the generic values).
constexpr std::uint32_t map_shared = 0x01, map_private = 0x02, map_fixed = 0x10, map_anonymous = 0x20;

std::uint32_t page_up(std::uint64_t v) { return static_cast<std::uint32_t>((v + page_size - 1) & ~std::uint64_t{page_size - 1}); }
std::uint32_t neg(int e) { return static_cast<std::uint32_t>(-e); }

}  // namespace

std::uint32_t memory_map::brk(std::uint32_t requested) {
    // Linux: the break never goes below its start, never into another mapping; on failure
    // the current break is returned.
    if (requested < m_brk_start) return m_brk;
    const std::uint32_t old_top = page_up(m_brk), new_top = page_up(requested);
    if (new_top > old_top) {
        if (new_top > mmap_base || m_as.find_free(old_top, new_top - old_top, new_top) != old_top) return m_brk;
        if (!m_as.map_anonymous(old_top, new_top - old_top, prot::read | prot::write)) return m_brk;
    } else if (new_top < old_top) {
        m_as.unmap(new_top, old_top - new_top);
    }
    m_brk = requested;
    return m_brk;
}

std::uint32_t memory_map::mmap2(std::uint32_t addr, std::uint32_t len, unsigned prot_bits, std::uint32_t flags,
                                int host_fd, std::uint32_t pgoffset) {
    if (len == 0) return neg(EINVAL);
    if (!(flags & (map_private | map_shared))) return neg(EINVAL);
    const bool anonymous = (flags & map_anonymous) != 0;
    if (!anonymous && host_fd < 0) return neg(EBADF);
    if (!anonymous && (flags & map_shared) && (prot_bits & prot::write)) return neg(EACCES);  // files are read-only
    const std::uint64_t size = page_up(len);
    if (size == 0 || size > task_size) return neg(ENOMEM);
    std::uint32_t at;
    if (flags & map_fixed) {
        if (addr & (page_size - 1)) return neg(EINVAL);
        if (std::uint64_t{addr} + size > task_size) return neg(ENOMEM);
        at = addr;
    } else {
        const std::uint32_t hint = addr >= mmap_base && std::uint64_t{addr} + size <= task_size - stack_bytes ? addr : mmap_base;
        at = m_as.find_free(hint, static_cast<std::uint32_t>(size), task_size - stack_bytes);
        if (at == 0 && hint != mmap_base) at = m_as.find_free(mmap_base, static_cast<std::uint32_t>(size), task_size - stack_bytes);
        if (at == 0) return neg(ENOMEM);
    }
    if (!m_as.map_anonymous(at, static_cast<std::uint32_t>(size), prot::read | prot::write)) return neg(ENOMEM);
    if (!anonymous) {
        std::vector<unsigned char> buf(len);
        const ssize_t n = ::pread(host_fd, buf.data(), len, static_cast<off_t>(pgoffset) * page_size);
        if (n < 0) {
            m_as.unmap(at, static_cast<std::uint32_t>(size));
            return neg(errno);
        }
        m_as.copy_to_user(at, buf.data(), static_cast<std::uint32_t>(n));
    }
    if (prot_bits != (prot::read | prot::write)) m_as.protect(at, static_cast<std::uint32_t>(size), prot_bits);
    return at;
}

std::int32_t memory_map::munmap(std::uint32_t addr, std::uint32_t len) {
    if ((addr & (page_size - 1)) || len == 0) return -EINVAL;
    const std::uint64_t size = page_up(len);
    if (std::uint64_t{addr} + size > task_size) return -EINVAL;
    m_as.unmap(addr, static_cast<std::uint32_t>(size));
    return 0;
}

std::int32_t memory_map::mprotect(std::uint32_t addr, std::uint32_t len, unsigned prot_bits) {
    if (addr & (page_size - 1)) return -EINVAL;
    const std::uint64_t size = page_up(len);
    if (std::uint64_t{addr} + size > task_size) return -ENOMEM;
    return m_as.protect(addr, static_cast<std::uint32_t>(size), prot_bits) ? 0 : -ENOMEM;
}

}  // namespace rtv::app::exec
