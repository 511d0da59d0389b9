// SPDX-License-Identifier: Apache-2.0
// The Linux system calls of `rtvsim exec` (ARM EABI: `svc 0`, number in r7, arguments in
// r0-r6, result in r0, errors as -errno). The list is what `qemu-arm -strace` shows static
// glibc and busybox programs calling (docs/models/arm926_iss.md lists it); everything else
// returns -ENOSYS and is counted. Files are the host's, read-only; time is simulated time;
// random bytes come from the run's seeded generator, so a run is reproducible.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "app/exec/address_space.hpp"
#include "app/exec/file_table.hpp"
#include "app/exec/memory_map.hpp"
#include "app/exec/process_image.hpp"
#include "sim/core/rng.hpp"

namespace rtv::app::exec {

// How the process ended.
struct process_end {
    bool ended = false;
    int status = 0;       // what rtvsim exec exits with: the exit code, or 128 + signal
    std::string reason;   // empty for a normal exit, else e.g. "SIGPIPE"
};

struct syscall_stats {
    std::uint64_t calls = 0;
    std::map<std::uint32_t, std::uint64_t> unimplemented;  // number -> calls answered -ENOSYS
};

// What the system calls need from the machine.
struct kernel_services {
    std::function<std::uint64_t()> now_ps;                  // simulated time since reset
    std::function<void()> flush_icache;                     // cacheflush: I-cache invalidate
    std::uint64_t cpu_hz = 0;
    std::uint32_t memory_bytes = 0;                         // SDRAM size (sysinfo)
};

class linux_syscalls {
public:
    linux_syscalls(address_space& as, std::uint32_t brk_start, std::uint32_t kuser_page_pa, std::string exec_path,
                   const process_identity& id, std::uint64_t seed, kernel_services services);

    // Runs system call `nr` with arguments r0..r6; returns the value for r0.
    std::uint32_t call(std::uint32_t nr, const std::array<std::uint32_t, 7>& a);

    const process_end& end() const { return m_end; }
    const syscall_stats& stats() const { return m_stats; }
    // Number of a system call -> its name, for the reports ("" if this layer does not know it).
    static std::string name_of(std::uint32_t nr);

private:
    std::uint32_t do_read(int fd, std::uint32_t buf, std::uint32_t count, bool positioned, std::int64_t offset);
    std::uint32_t do_write(int fd, std::uint32_t buf, std::uint32_t count);
    std::uint32_t do_iov(int fd, std::uint32_t iov, std::uint32_t count, bool write);
    std::uint32_t do_openat(int dirfd, std::uint32_t path, std::uint32_t flags);
    std::uint32_t do_stat64(int dirfd, std::uint32_t path, std::uint32_t buf, std::uint32_t flags, int fd);
    std::uint32_t do_statx(int dirfd, std::uint32_t path, std::uint32_t flags, std::uint32_t mask, std::uint32_t buf);
    std::uint32_t do_getdents64(int fd, std::uint32_t buf, std::uint32_t count);
    std::uint32_t do_readlinkat(int dirfd, std::uint32_t path, std::uint32_t buf, std::uint32_t size);
    std::uint32_t do_fcntl(int fd, std::uint32_t cmd, std::uint32_t arg);
    std::uint32_t do_sendfile(int out, int in, std::uint32_t offset_ptr, std::uint32_t count);
    std::uint32_t do_clock_gettime(std::uint32_t clock, std::uint32_t ts, bool time64);
    std::uint32_t do_gettimeofday(std::uint32_t tv);
    std::uint32_t do_uname(std::uint32_t buf);
    std::uint32_t do_sysinfo(std::uint32_t buf);
    std::uint32_t do_getrandom(std::uint32_t buf, std::uint32_t len);
    std::uint32_t do_rlimit(std::uint32_t resource, std::uint32_t old_limit, bool wide);
    std::uint32_t do_access(int dirfd, std::uint32_t path, std::uint32_t mode);
    std::uint32_t do_getcwd(std::uint32_t buf, std::uint32_t size);
    std::uint32_t do_chdir(std::uint32_t path);
    std::uint32_t do_signal(std::uint32_t pid, std::uint32_t sig);
    // A host path for a guest one relative to guest `dirfd`; false with `err` set on failure.
    bool host_path(int dirfd, std::uint32_t path, std::string& out, int& err) const;
    int host_dirfd(int dirfd) const;
    void end_process(int status, std::string reason);
    std::uint64_t realtime_ns() const;

    address_space& m_as;
    memory_map m_memory;
    file_table m_files;
    std::uint32_t m_kuser_page_pa;
    std::string m_exec_path;
    process_identity m_id;
    core::rng m_random;
    kernel_services m_services;
    std::uint32_t m_sigmask_low = 0, m_sigmask_high = 0;
    process_end m_end;
    syscall_stats m_stats;
};

}  // namespace rtv::app::exec
