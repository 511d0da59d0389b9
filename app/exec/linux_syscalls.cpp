// SPDX-License-Identifier: Apache-2.0
#include "app/exec/linux_syscalls.hpp"

#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "app/exec/kuser_helpers.hpp"

namespace rtv::app::exec {

namespace {

// ARM EABI system call numbers (Linux arch/arm/tools/syscall.tbl, as Debian's
// arm-linux-gnueabi asm/unistd-eabi.h lists them; ARM-private calls from asm/unistd.h).
enum : std::uint32_t {
    nr_exit = 1, nr_read = 3, nr_write = 4, nr_open = 5, nr_close = 6, nr_chdir = 12, nr_lseek = 19,
    nr_getpid = 20, nr_getuid = 24, nr_access = 33, nr_kill = 37, nr_dup = 41, nr_brk = 45, nr_getgid = 47,
    nr_geteuid = 49, nr_getegid = 50, nr_ioctl = 54, nr_fcntl = 55, nr_umask = 60, nr_dup2 = 63,
    nr_getppid = 64, nr_getpgrp = 65, nr_gettimeofday = 78, nr_readlink = 85, nr_munmap = 91,
    nr_sysinfo = 116, nr_uname = 122, nr_mprotect = 125, nr_getpgid = 132, nr_fchdir = 133,
    nr_llseek = 140, nr_readv = 145, nr_writev = 146, nr_madvise = 220, nr_prctl = 172,
    nr_rt_sigaction = 174, nr_rt_sigprocmask = 175, nr_pread64 = 180, nr_getcwd = 183, nr_sigaltstack = 186,
    nr_ugetrlimit = 191, nr_mmap2 = 192, nr_stat64 = 195, nr_lstat64 = 196, nr_fstat64 = 197,
    nr_getuid32 = 199, nr_getgid32 = 200, nr_geteuid32 = 201, nr_getegid32 = 202, nr_getgroups32 = 205,
    nr_getresuid32 = 209, nr_getresgid32 = 211, nr_getdents64 = 217, nr_fcntl64 = 221, nr_gettid = 224,
    nr_sendfile64 = 239, nr_exit_group = 248, nr_set_tid_address = 256, nr_clock_gettime = 263,
    nr_clock_getres = 264, nr_tgkill = 268, nr_openat = 322, nr_fstatat64 = 327, nr_readlinkat = 332,
    nr_faccessat = 334, nr_set_robust_list = 338, nr_dup3 = 358, nr_prlimit64 = 369, nr_getrandom = 384,
    nr_statx = 397, nr_clock_gettime64 = 403, nr_clock_getres_time64 = 406,
    nr_arm_cacheflush = 0xF0002, nr_arm_set_tls = 0xF0005,
};

// The process's identity numbers: fixed, so runs are reproducible on any host.
constexpr std::uint32_t process_pid = 1000, parent_pid = 999;
// CLOCK_REALTIME at simulated time zero: 2025-01-01T00:00:00Z (a fixed epoch, so runs are
// reproducible; real time of the host is never read).
constexpr std::uint64_t realtime_epoch_s = 1'735'689'600;
constexpr std::int32_t at_fdcwd = -100;                                           // linux/fcntl.h
constexpr std::uint32_t at_symlink_nofollow = 0x100, at_empty_path = 0x1000;      // linux/fcntl.h
// Open flags as ARM Linux defines them (asm-generic/fcntl.h, arch/arm asm/fcntl.h).
constexpr std::uint32_t o_accmode = 3, o_creat = 0100, o_trunc = 01000, o_append = 02000, o_nonblock = 04000,
                        o_directory = 040000, o_nofollow = 0100000, o_cloexec = 02000000;
constexpr std::uint32_t fd_cloexec = 1;
constexpr std::uint32_t f_dupfd = 0, f_getfd = 1, f_setfd = 2, f_getfl = 3, f_setfl = 4, f_dupfd_cloexec = 1030;
constexpr std::uint32_t sig_pipe = 13;  // SIGPIPE on ARM Linux
constexpr std::uint32_t rlimit_stack = 3, rlimit_nofile = 7;
constexpr std::uint32_t nofile_limit = 1024;
constexpr std::uint32_t pr_set_name = 15, pr_get_name = 16;  // linux/prctl.h

std::uint32_t neg(int e) { return static_cast<std::uint32_t>(-e); }
std::uint32_t result_or_errno(long r) { return r < 0 ? neg(errno) : static_cast<std::uint32_t>(r); }

void put32(unsigned char* p, std::uint32_t v) { std::memcpy(p, &v, 4); }
void put64(unsigned char* p, std::uint64_t v) { std::memcpy(p, &v, 8); }

// struct stat64 of ARM EABI (arch/arm/include/uapi/asm/stat.h): 104 bytes.
std::vector<unsigned char> arm_stat64(const struct stat& s) {
    std::vector<unsigned char> b(104, 0);
    put64(&b[0], s.st_dev);
    put32(&b[12], static_cast<std::uint32_t>(s.st_ino));
    put32(&b[16], s.st_mode);
    put32(&b[20], static_cast<std::uint32_t>(s.st_nlink));
    put32(&b[24], s.st_uid);
    put32(&b[28], s.st_gid);
    put64(&b[32], s.st_rdev);
    put64(&b[48], static_cast<std::uint64_t>(s.st_size));
    put32(&b[56], static_cast<std::uint32_t>(s.st_blksize));
    put64(&b[64], static_cast<std::uint64_t>(s.st_blocks));
    put32(&b[72], static_cast<std::uint32_t>(s.st_atim.tv_sec));
    put32(&b[76], static_cast<std::uint32_t>(s.st_atim.tv_nsec));
    put32(&b[80], static_cast<std::uint32_t>(s.st_mtim.tv_sec));
    put32(&b[84], static_cast<std::uint32_t>(s.st_mtim.tv_nsec));
    put32(&b[88], static_cast<std::uint32_t>(s.st_ctim.tv_sec));
    put32(&b[92], static_cast<std::uint32_t>(s.st_ctim.tv_nsec));
    put64(&b[96], s.st_ino);
    return b;
}

}  // namespace

linux_syscalls::linux_syscalls(address_space& as, std::uint32_t brk_start, std::uint32_t kuser_page_pa,
                               std::string exec_path, const process_identity& id, std::uint64_t seed,
                               kernel_services services)
    : m_as(as),
      m_memory(as, brk_start),
      m_kuser_page_pa(kuser_page_pa),
      m_exec_path(std::move(exec_path)),
      m_id(id),
      m_random(seed, "exec.getrandom"),
      m_services(std::move(services)) {}

std::string linux_syscalls::name_of(std::uint32_t nr) {
    static const std::map<std::uint32_t, const char*> names = {
        {nr_exit, "exit"}, {nr_read, "read"}, {nr_write, "write"}, {nr_open, "open"}, {nr_close, "close"},
        {nr_chdir, "chdir"}, {nr_lseek, "lseek"}, {nr_getpid, "getpid"}, {nr_getuid, "getuid"},
        {nr_access, "access"}, {nr_kill, "kill"}, {nr_dup, "dup"}, {nr_brk, "brk"}, {nr_getgid, "getgid"},
        {nr_geteuid, "geteuid"}, {nr_getegid, "getegid"}, {nr_ioctl, "ioctl"}, {nr_fcntl, "fcntl"},
        {nr_umask, "umask"}, {nr_dup2, "dup2"}, {nr_getppid, "getppid"}, {nr_getpgrp, "getpgrp"},
        {nr_gettimeofday, "gettimeofday"}, {nr_readlink, "readlink"}, {nr_munmap, "munmap"},
        {nr_sysinfo, "sysinfo"}, {nr_uname, "uname"}, {nr_mprotect, "mprotect"}, {nr_getpgid, "getpgid"},
        {nr_fchdir, "fchdir"}, {nr_llseek, "_llseek"}, {nr_readv, "readv"}, {nr_writev, "writev"},
        {nr_madvise, "madvise"}, {nr_prctl, "prctl"}, {nr_rt_sigaction, "rt_sigaction"},
        {nr_rt_sigprocmask, "rt_sigprocmask"}, {nr_pread64, "pread64"}, {nr_getcwd, "getcwd"},
        {nr_sigaltstack, "sigaltstack"}, {nr_ugetrlimit, "ugetrlimit"}, {nr_mmap2, "mmap2"},
        {nr_stat64, "stat64"}, {nr_lstat64, "lstat64"}, {nr_fstat64, "fstat64"}, {nr_getuid32, "getuid32"},
        {nr_getgid32, "getgid32"}, {nr_geteuid32, "geteuid32"}, {nr_getegid32, "getegid32"},
        {nr_getgroups32, "getgroups32"}, {nr_getresuid32, "getresuid32"}, {nr_getresgid32, "getresgid32"},
        {nr_getdents64, "getdents64"}, {nr_fcntl64, "fcntl64"}, {nr_gettid, "gettid"},
        {nr_sendfile64, "sendfile64"}, {nr_exit_group, "exit_group"}, {nr_set_tid_address, "set_tid_address"},
        {nr_clock_gettime, "clock_gettime"}, {nr_clock_getres, "clock_getres"}, {nr_tgkill, "tgkill"},
        {nr_openat, "openat"}, {nr_fstatat64, "fstatat64"}, {nr_readlinkat, "readlinkat"},
        {nr_faccessat, "faccessat"}, {nr_set_robust_list, "set_robust_list"}, {nr_dup3, "dup3"},
        {nr_prlimit64, "prlimit64"}, {nr_getrandom, "getrandom"}, {nr_statx, "statx"},
        {nr_clock_gettime64, "clock_gettime64"}, {nr_clock_getres_time64, "clock_getres_time64"},
        {nr_arm_cacheflush, "ARM_cacheflush"}, {nr_arm_set_tls, "ARM_set_tls"},
        // Known to the ABI but not emulated (answered -ENOSYS): named in the statistics.
        {2, "fork"}, {11, "execve"}, {42, "pipe"}, {114, "wait4"}, {120, "clone"}, {162, "nanosleep"},
        {163, "mremap"}, {168, "poll"}, {190, "vfork"}, {240, "futex"}, {359, "pipe2"}, {398, "rseq"},
    };
    const auto it = names.find(nr);
    return it == names.end() ? std::string() : it->second;
}

void linux_syscalls::end_process(int status, std::string reason) {
    if (m_end.ended) return;
    m_end.ended = true;
    m_end.status = status;
    m_end.reason = std::move(reason);
}

std::uint64_t linux_syscalls::realtime_ns() const { return realtime_epoch_s * 1'000'000'000ULL + m_services.now_ps() / 1000; }

int linux_syscalls::host_dirfd(int dirfd) const { return dirfd == at_fdcwd ? AT_FDCWD : m_files.host(dirfd); }

bool linux_syscalls::host_path(int dirfd, std::uint32_t path, std::string& out, int& err) const {
    if (!m_as.string_from_user(path, out, PATH_MAX)) {
        err = EFAULT;
        return false;
    }
    if (!out.empty() && out[0] != '/' && dirfd != at_fdcwd && m_files.host(dirfd) < 0) {
        err = EBADF;
        return false;
    }
    return true;
}

std::uint32_t linux_syscalls::call(std::uint32_t nr, const std::array<std::uint32_t, 7>& a) {
    ++m_stats.calls;
    const auto fd = [&](unsigned i) { return static_cast<int>(a[i]); };
    switch (nr) {
    case nr_exit:
    case nr_exit_group: end_process(static_cast<int>(a[0] & 0xFF), ""); return a[0];
    case nr_read: return do_read(fd(0), a[1], a[2], false, 0);
    case nr_pread64: return do_read(fd(0), a[1], a[2], true, static_cast<std::int64_t>(std::uint64_t{a[4]} | std::uint64_t{a[5]} << 32));
    case nr_write: return do_write(fd(0), a[1], a[2]);
    case nr_readv: return do_iov(fd(0), a[1], a[2], false);
    case nr_writev: return do_iov(fd(0), a[1], a[2], true);
    case nr_open: return do_openat(at_fdcwd, a[0], a[1]);
    case nr_openat: return do_openat(fd(0), a[1], a[2]);
    case nr_close: return static_cast<std::uint32_t>(m_files.close(fd(0)));
    case nr_lseek: {
        const int h = m_files.host(fd(0));
        if (h < 0) return neg(EBADF);
        return result_or_errno(::lseek(h, static_cast<std::int32_t>(a[1]), static_cast<int>(a[2])));
    }
    case nr_llseek: {
        // _llseek(fd, offset_high, offset_low, loff_t* result, whence)
        const int h = m_files.host(fd(0));
        if (h < 0) return neg(EBADF);
        const off_t r = ::lseek(h, static_cast<off_t>(std::uint64_t{a[1]} << 32 | a[2]), static_cast<int>(a[4]));
        if (r < 0) return neg(errno);
        const std::uint64_t v = static_cast<std::uint64_t>(r);
        return m_as.copy_to_user(a[3], &v, 8) ? 0 : neg(EFAULT);
    }
    case nr_dup: {
        const int h = m_files.host(fd(0));
        if (h < 0) return neg(EBADF);
        const int copy = ::dup(h);
        return copy < 0 ? neg(errno) : static_cast<std::uint32_t>(m_files.install(copy));
    }
    case nr_dup2: return static_cast<std::uint32_t>(m_files.duplicate_to(fd(0), fd(1)));
    case nr_dup3: {
        if (fd(0) == fd(1)) return neg(EINVAL);
        const int r = m_files.duplicate_to(fd(0), fd(1));
        if (r >= 0) m_files.set_cloexec(r, (a[2] & o_cloexec) != 0);
        return static_cast<std::uint32_t>(r);
    }
    case nr_fcntl:
    case nr_fcntl64: return do_fcntl(fd(0), a[1], a[2]);
    case nr_ioctl:
        // No terminal: TCGETS and every other request answer "not a typewriter".
        return m_files.host(fd(0)) < 0 ? neg(EBADF) : neg(ENOTTY);
    case nr_stat64: return do_stat64(at_fdcwd, a[0], a[1], 0, -1);
    case nr_lstat64: return do_stat64(at_fdcwd, a[0], a[1], at_symlink_nofollow, -1);
    case nr_fstat64: return do_stat64(at_fdcwd, 0, a[1], 0, fd(0));
    case nr_fstatat64: return do_stat64(fd(0), a[1], a[2], a[3], -1);
    case nr_statx: return do_statx(fd(0), a[1], a[2], a[3], a[4]);
    case nr_getdents64: return do_getdents64(fd(0), a[1], a[2]);
    case nr_readlink: return do_readlinkat(at_fdcwd, a[0], a[1], a[2]);
    case nr_readlinkat: return do_readlinkat(fd(0), a[1], a[2], a[3]);
    case nr_sendfile64: return do_sendfile(fd(0), fd(1), a[2], a[3]);
    case nr_access: return do_access(at_fdcwd, a[0], a[1]);
    case nr_faccessat: return do_access(fd(0), a[1], a[2]);
    case nr_getcwd: return do_getcwd(a[0], a[1]);
    case nr_chdir: return do_chdir(a[0]);
    case nr_fchdir: {
        const int h = m_files.host(fd(0));
        return h < 0 ? neg(EBADF) : result_or_errno(::fchdir(h));
    }
    case nr_umask: return 022;  // the usual default; nothing is ever created
    case nr_brk: return m_memory.brk(a[0]);
    case nr_mmap2: {
        const bool anonymous = (a[3] & 0x20) != 0;
        return m_memory.mmap2(a[0], a[1], a[2], a[3], anonymous ? -1 : m_files.host(fd(4)), a[5]);
    }
    case nr_munmap: return static_cast<std::uint32_t>(m_memory.munmap(a[0], a[1]));
    case nr_mprotect: return static_cast<std::uint32_t>(m_memory.mprotect(a[0], a[1], a[2]));
    case nr_madvise: return 0;  // advice only
    case nr_uname: return do_uname(a[0]);
    case nr_sysinfo: return do_sysinfo(a[0]);
    case nr_prctl:
        if (a[0] == pr_set_name) return 0;
        if (a[0] == pr_get_name) return m_as.copy_to_user(a[1], "rtvsim-exec", 12) ? 0 : neg(EFAULT);
        return neg(EINVAL);
    case nr_ugetrlimit: return do_rlimit(a[0], a[1], false);
    case nr_prlimit64:
        if (a[0] != 0 && a[0] != process_pid) return neg(ESRCH);
        if (a[2] != 0) return neg(EPERM);  // limits are fixed
        return do_rlimit(a[1], a[3], true);
    case nr_set_tid_address: return process_pid;
    case nr_set_robust_list: return 0;
    case nr_rt_sigaction:
        // Handlers are accepted and never run: no signal is ever delivered (a write to a
        // closed pipe ends the process as SIGPIPE's default action does). Old action: none.
        if (a[2] != 0) {
            const std::vector<unsigned char> zero(20, 0);
            if (!m_as.copy_to_user(a[2], zero.data(), 20)) return neg(EFAULT);
        }
        return 0;
    case nr_rt_sigprocmask: {
        // how = SIG_BLOCK 0, SIG_UNBLOCK 1, SIG_SETMASK 2; the mask is kept for the next read.
        if (a[2] != 0) {
            const std::uint32_t old[2] = {m_sigmask_low, m_sigmask_high};
            if (!m_as.copy_to_user(a[2], old, 8)) return neg(EFAULT);
        }
        if (a[1] != 0) {
            std::uint32_t set[2];
            if (!m_as.copy_from_user(a[1], set, 8)) return neg(EFAULT);
            if (a[0] == 0) m_sigmask_low |= set[0], m_sigmask_high |= set[1];
            else if (a[0] == 1) m_sigmask_low &= ~set[0], m_sigmask_high &= ~set[1];
            else if (a[0] == 2) m_sigmask_low = set[0], m_sigmask_high = set[1];
            else return neg(EINVAL);
        }
        return 0;
    }
    case nr_sigaltstack: return 0;
    case nr_kill: return do_signal(a[0], a[1]);
    case nr_tgkill: return do_signal(a[1], a[2]);
    case nr_getpid:
    case nr_gettid: return process_pid;
    case nr_getppid: return parent_pid;
    case nr_getpgrp:
    case nr_getpgid: return process_pid;
    case nr_getuid:
    case nr_getuid32: return m_id.uid;
    case nr_geteuid:
    case nr_geteuid32: return m_id.euid;
    case nr_getgid:
    case nr_getgid32: return m_id.gid;
    case nr_getegid:
    case nr_getegid32: return m_id.egid;
    case nr_getgroups32: return 0;
    case nr_getresuid32:
    case nr_getresgid32: {
        const std::uint32_t v = nr == nr_getresuid32 ? m_id.uid : m_id.gid;
        const std::uint32_t e = nr == nr_getresuid32 ? m_id.euid : m_id.egid;
        const bool ok = m_as.copy_to_user(a[0], &v, 4) && m_as.copy_to_user(a[1], &e, 4) && m_as.copy_to_user(a[2], &e, 4);
        return ok ? 0 : neg(EFAULT);
    }
    case nr_clock_gettime: return do_clock_gettime(a[0], a[1], false);
    case nr_clock_gettime64: return do_clock_gettime(a[0], a[1], true);
    case nr_clock_getres:
    case nr_clock_getres_time64: {
        if (a[1] == 0) return 0;
        // One CPU cycle, rounded up to a whole nanosecond.
        const std::uint32_t ns = static_cast<std::uint32_t>((1'000'000'000ULL + m_services.cpu_hz - 1) / m_services.cpu_hz);
        const std::uint32_t ts[4] = {0, nr == nr_clock_getres ? ns : 0, nr == nr_clock_getres ? 0 : ns, 0};
        return m_as.copy_to_user(a[1], ts, nr == nr_clock_getres ? 8 : 16) ? 0 : neg(EFAULT);
    }
    case nr_gettimeofday: return do_gettimeofday(a[0]);
    case nr_getrandom: return do_getrandom(a[0], a[1]);
    case nr_arm_set_tls: write_kuser_tls(m_as.host_of_physical(m_kuser_page_pa), a[0]); return 0;
    case nr_arm_cacheflush:
        if (m_services.flush_icache) m_services.flush_icache();
        return 0;
    default: ++m_stats.unimplemented[nr]; return neg(ENOSYS);
    }
}

std::uint32_t linux_syscalls::do_read(int fd, std::uint32_t buf, std::uint32_t count, bool positioned, std::int64_t offset) {
    const int h = m_files.host(fd);
    if (h < 0) return neg(EBADF);
    count = std::min<std::uint32_t>(count, 1u << 20);
    std::vector<unsigned char> tmp(count);
    const ssize_t n = positioned ? ::pread(h, tmp.data(), count, offset) : ::read(h, tmp.data(), count);
    if (n < 0) return neg(errno);
    if (!m_as.copy_to_user(buf, tmp.data(), static_cast<std::uint32_t>(n))) return neg(EFAULT);
    return static_cast<std::uint32_t>(n);
}

std::uint32_t linux_syscalls::do_write(int fd, std::uint32_t buf, std::uint32_t count) {
    const int h = m_files.host(fd);
    if (h < 0) return neg(EBADF);
    std::vector<unsigned char> tmp(count);
    if (!m_as.copy_from_user(buf, tmp.data(), count)) return neg(EFAULT);
    std::uint32_t done = 0;
    while (done < count) {
        const ssize_t n = ::write(h, tmp.data() + done, count - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int e = errno;
            // SIGPIPE's default action ends the process: status 128 + 13 as a shell reports it.
            if (e == EPIPE) end_process(128 + static_cast<int>(sig_pipe), "SIGPIPE");
            return done ? done : neg(e);
        }
        done += static_cast<std::uint32_t>(n);
    }
    return done;
}

std::uint32_t linux_syscalls::do_iov(int fd, std::uint32_t iov, std::uint32_t count, bool write) {
    if (count > 1024) return neg(EINVAL);
    std::uint32_t total = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t v[2];
        if (!m_as.copy_from_user(iov + 8 * i, v, 8)) return neg(EFAULT);
        if (v[1] == 0) continue;
        const std::uint32_t r = write ? do_write(fd, v[0], v[1]) : do_read(fd, v[0], v[1], false, 0);
        if (static_cast<std::int32_t>(r) < 0) return total ? total : r;
        total += r;
        if (r < v[1] || m_end.ended) break;
    }
    return total;
}

std::uint32_t linux_syscalls::do_openat(int dirfd, std::uint32_t path, std::uint32_t flags) {
    std::string p;
    int err = 0;
    if (!host_path(dirfd, path, p, err)) return neg(err);
    // Host files are read-only to the guest.
    if ((flags & o_accmode) != 0 || (flags & (o_creat | o_trunc | o_append))) return neg(EROFS);
    int host_flags = O_RDONLY;
    if (flags & o_directory) host_flags |= O_DIRECTORY;
    if (flags & o_nofollow) host_flags |= O_NOFOLLOW;
    if (flags & o_nonblock) host_flags |= O_NONBLOCK;
    const int h = ::openat(host_dirfd(dirfd), p.c_str(), host_flags | O_CLOEXEC);
    if (h < 0) return neg(errno);
    return static_cast<std::uint32_t>(m_files.install(h, 0, (flags & o_cloexec) != 0));
}

std::uint32_t linux_syscalls::do_stat64(int dirfd, std::uint32_t path, std::uint32_t buf, std::uint32_t flags, int fd) {
    struct stat s {};
    if (fd >= 0 || (flags & at_empty_path && path == 0)) {
        const int h = m_files.host(fd >= 0 ? fd : dirfd);
        if (h < 0) return neg(EBADF);
        if (::fstat(h, &s) < 0) return neg(errno);
    } else {
        std::string p;
        int err = 0;
        if (!host_path(dirfd, path, p, err)) return neg(err);
        int host_flags = flags & at_symlink_nofollow ? AT_SYMLINK_NOFOLLOW : 0;
        if (flags & at_empty_path) host_flags |= AT_EMPTY_PATH;
        if (::fstatat(host_dirfd(dirfd), p.c_str(), &s, host_flags) < 0) return neg(errno);
    }
    const std::vector<unsigned char> b = arm_stat64(s);
    return m_as.copy_to_user(buf, b.data(), static_cast<std::uint32_t>(b.size())) ? 0 : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_statx(int dirfd, std::uint32_t path, std::uint32_t flags, std::uint32_t mask, std::uint32_t buf) {
    std::string p;
    int err = 0;
    if (!host_path(dirfd, path, p, err)) return neg(err);
    const int h = host_dirfd(dirfd);
    if (h < 0 && dirfd != at_fdcwd) return neg(EBADF);
    // struct statx has one layout on every architecture (include/uapi/linux/stat.h): 256
    // bytes, copied as the host returns it. Flags other than the two below are hints.
    struct statx sx {};
    int host_flags = 0;
    if (flags & at_symlink_nofollow) host_flags |= AT_SYMLINK_NOFOLLOW;
    if (flags & at_empty_path) host_flags |= AT_EMPTY_PATH;
    if (::statx(h, p.c_str(), host_flags, mask, &sx) < 0) return neg(errno);
    static_assert(sizeof sx == 256, "struct statx is 256 bytes");
    return m_as.copy_to_user(buf, &sx, sizeof sx) ? 0 : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_getdents64(int fd, std::uint32_t buf, std::uint32_t count) {
    const int h = m_files.host(fd);
    if (h < 0) return neg(EBADF);
    // struct linux_dirent64 is the same on ARM EABI and the host (u64, s64, u16, u8, name;
    // 8-byte aligned records): the host's records are passed on unchanged.
    count = std::min<std::uint32_t>(count, 1u << 20);
    std::vector<unsigned char> tmp(count);
    const long n = ::syscall(SYS_getdents64, h, tmp.data(), count);
    if (n < 0) return neg(errno);
    return m_as.copy_to_user(buf, tmp.data(), static_cast<std::uint32_t>(n)) ? static_cast<std::uint32_t>(n) : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_readlinkat(int dirfd, std::uint32_t path, std::uint32_t buf, std::uint32_t size) {
    std::string p;
    int err = 0;
    if (!host_path(dirfd, path, p, err)) return neg(err);
    std::string target;
    if (p == "/proc/self/exe") {
        // The program, not rtvsim (as the kernel would answer for the process).
        char resolved[PATH_MAX];
        target = ::realpath(m_exec_path.c_str(), resolved) ? resolved : m_exec_path;
    } else {
        std::vector<char> tmp(PATH_MAX);
        const ssize_t n = ::readlinkat(host_dirfd(dirfd), p.c_str(), tmp.data(), tmp.size());
        if (n < 0) return neg(errno);
        target.assign(tmp.data(), static_cast<std::size_t>(n));
    }
    const std::uint32_t n = std::min<std::uint32_t>(size, static_cast<std::uint32_t>(target.size()));
    return m_as.copy_to_user(buf, target.data(), n) ? n : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_fcntl(int fd, std::uint32_t cmd, std::uint32_t arg) {
    const int h = m_files.host(fd);
    if (h < 0) return neg(EBADF);
    switch (cmd) {
    case f_dupfd:
    case f_dupfd_cloexec: {
        const int copy = ::dup(h);
        if (copy < 0) return neg(errno);
        return static_cast<std::uint32_t>(m_files.install(copy, static_cast<int>(arg), cmd == f_dupfd_cloexec));
    }
    case f_getfd: return m_files.cloexec(fd) ? fd_cloexec : 0;
    case f_setfd: m_files.set_cloexec(fd, (arg & fd_cloexec) != 0); return 0;
    case f_getfl: {
        const int fl = ::fcntl(h, F_GETFL);
        if (fl < 0) return neg(errno);
        std::uint32_t r = static_cast<std::uint32_t>(fl & O_ACCMODE);
        if (fl & O_NONBLOCK) r |= o_nonblock;
        if (fl & O_APPEND) r |= o_append;
        return r;
    }
    case f_setfl: {
        const int fl = ::fcntl(h, F_GETFL);
        if (fl < 0) return neg(errno);
        return result_or_errno(::fcntl(h, F_SETFL, (arg & o_nonblock) ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK)));
    }
    default: return neg(EINVAL);
    }
}

std::uint32_t linux_syscalls::do_sendfile(int out, int in, std::uint32_t offset_ptr, std::uint32_t count) {
    const int hi = m_files.host(in), ho = m_files.host(out);
    if (hi < 0 || ho < 0) return neg(EBADF);
    std::uint64_t offset = 0;
    if (offset_ptr && !m_as.copy_from_user(offset_ptr, &offset, 8)) return neg(EFAULT);
    count = std::min<std::uint32_t>(count, 1u << 20);
    std::vector<unsigned char> tmp(count);
    const ssize_t n = offset_ptr ? ::pread(hi, tmp.data(), count, static_cast<off_t>(offset)) : ::read(hi, tmp.data(), count);
    if (n < 0) return neg(errno);
    std::uint32_t done = 0;
    while (done < static_cast<std::uint32_t>(n)) {
        const ssize_t w = ::write(ho, tmp.data() + done, static_cast<std::size_t>(n) - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) end_process(128 + static_cast<int>(sig_pipe), "SIGPIPE");
            return done ? done : neg(errno);
        }
        done += static_cast<std::uint32_t>(w);
    }
    if (offset_ptr) {
        offset += done;
        m_as.copy_to_user(offset_ptr, &offset, 8);
    }
    return done;
}

std::uint32_t linux_syscalls::do_clock_gettime(std::uint32_t clock, std::uint32_t ts, bool time64) {
    if (clock > 11) return neg(EINVAL);
    // CLOCK_REALTIME (0) and its coarse (5) and TAI (11) variants count from the fixed epoch;
    // every other clock from simulated time zero (the process starts at reset).
    const bool realtime = clock == 0 || clock == 5 || clock == 11;
    const std::uint64_t ns = realtime ? realtime_ns() : m_services.now_ps() / 1000;
    const std::uint64_t sec = ns / 1'000'000'000ULL, nsec = ns % 1'000'000'000ULL;
    if (time64) {
        const std::uint32_t v[4] = {static_cast<std::uint32_t>(sec), static_cast<std::uint32_t>(sec >> 32),
                                    static_cast<std::uint32_t>(nsec), 0};
        return m_as.copy_to_user(ts, v, 16) ? 0 : neg(EFAULT);
    }
    const std::uint32_t v[2] = {static_cast<std::uint32_t>(sec), static_cast<std::uint32_t>(nsec)};
    return m_as.copy_to_user(ts, v, 8) ? 0 : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_gettimeofday(std::uint32_t tv) {
    if (tv == 0) return 0;
    const std::uint64_t us = realtime_ns() / 1000;
    const std::uint32_t v[2] = {static_cast<std::uint32_t>(us / 1'000'000), static_cast<std::uint32_t>(us % 1'000'000)};
    return m_as.copy_to_user(tv, v, 8) ? 0 : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_uname(std::uint32_t buf) {
    // struct new_utsname: six fields of 65 bytes. The machine is what Linux reports on an
    // ARM926EJ-S ("armv5tejl": architecture 5TEJ, little-endian).
    char u[6][65] = {};
    const char* fields[6] = {"Linux", "rtvsim", "6.1.0-rtvsim", "#1 rtvsim exec", "armv5tejl", "(none)"};
    for (int i = 0; i < 6; ++i) std::strncpy(u[i], fields[i], 64);
    return m_as.copy_to_user(buf, u, sizeof u) ? 0 : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_sysinfo(std::uint32_t buf) {
    // struct sysinfo with 32-bit longs: 64 bytes; memory in units of one byte.
    unsigned char b[64] = {};
    put32(&b[0], static_cast<std::uint32_t>(m_services.now_ps() / 1'000'000'000'000ULL));  // uptime, s
    put32(&b[16], m_services.memory_bytes);                                                 // totalram
    put32(&b[20], m_as.free_pages() * page_size);                                          // freeram
    b[40] = 1;                                                                              // procs
    put32(&b[52], 1);                                                                       // mem_unit
    return m_as.copy_to_user(buf, b, sizeof b) ? 0 : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_getrandom(std::uint32_t buf, std::uint32_t len) {
    len = std::min<std::uint32_t>(len, 1u << 20);
    std::vector<unsigned char> tmp(len);
    for (std::uint32_t i = 0; i < len; i += 8) {
        const std::uint64_t v = m_random.next();
        std::memcpy(tmp.data() + i, &v, std::min<std::uint32_t>(8, len - i));
    }
    return m_as.copy_to_user(buf, tmp.data(), len) ? len : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_rlimit(std::uint32_t resource, std::uint32_t old_limit, bool wide) {
    if (resource > 15) return neg(EINVAL);
    if (old_limit == 0) return 0;
    std::uint64_t cur = ~0ULL, max = ~0ULL;  // RLIM_INFINITY
    if (resource == rlimit_stack) cur = stack_bytes;
    if (resource == rlimit_nofile) cur = max = nofile_limit;
    if (wide) {
        const std::uint64_t v[2] = {cur, max};
        return m_as.copy_to_user(old_limit, v, 16) ? 0 : neg(EFAULT);
    }
    const std::uint32_t v[2] = {cur > 0xFFFF'FFFFULL ? 0xFFFF'FFFFu : static_cast<std::uint32_t>(cur),
                                max > 0xFFFF'FFFFULL ? 0xFFFF'FFFFu : static_cast<std::uint32_t>(max)};
    return m_as.copy_to_user(old_limit, v, 8) ? 0 : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_access(int dirfd, std::uint32_t path, std::uint32_t mode) {
    std::string p;
    int err = 0;
    if (!host_path(dirfd, path, p, err)) return neg(err);
    if (::faccessat(host_dirfd(dirfd), p.c_str(), static_cast<int>(mode & ~2u), 0) < 0) return neg(errno);
    return (mode & 2u) ? neg(EROFS) : 0;  // W_OK: the files are read-only to the guest
}

std::uint32_t linux_syscalls::do_getcwd(std::uint32_t buf, std::uint32_t size) {
    char tmp[PATH_MAX];
    if (!::getcwd(tmp, sizeof tmp)) return neg(errno);
    const std::uint32_t n = static_cast<std::uint32_t>(std::strlen(tmp) + 1);
    if (n > size) return neg(ERANGE);
    return m_as.copy_to_user(buf, tmp, n) ? n : neg(EFAULT);
}

std::uint32_t linux_syscalls::do_chdir(std::uint32_t path) {
    std::string p;
    int err = 0;
    if (!host_path(at_fdcwd, path, p, err)) return neg(err);
    return result_or_errno(::chdir(p.c_str()));
}

std::uint32_t linux_syscalls::do_signal(std::uint32_t pid, std::uint32_t sig) {
    if (pid != process_pid && pid != 0) return neg(ESRCH);
    if (sig == 0) return 0;
    if (sig > 64) return neg(EINVAL);
    // No handler ever runs: a signal sent to itself takes its default action. Those that
    // are ignored by default (SIGCHLD 17, SIGCONT 18, SIGURG 23, SIGWINCH 28) do nothing;
    // every other ends the process with 128 + the signal number.
    if (sig == 17 || sig == 18 || sig == 23 || sig == 28) return 0;
    end_process(128 + static_cast<int>(sig), "signal " + std::to_string(sig));
    return 0;
}

}  // namespace rtv::app::exec
