// SPDX-License-Identifier: Apache-2.0
// The process's file descriptors: guest descriptor numbers onto host descriptors. The
// process starts with 0, 1 and 2 on the host's stdin, stdout and stderr; it may open host
// files and directories read-only. Closing a guest descriptor closes the host one unless
// it is one of the three inherited ones (rtvsim itself still reports on stderr).
#pragma once

#include <cstdint>
#include <map>

namespace rtv::app::exec {

class file_table {
public:
    file_table();
    ~file_table();
    file_table(const file_table&) = delete;
    file_table& operator=(const file_table&) = delete;

    // The host descriptor of guest `fd`, -1 if not open.
    int host(int fd) const;
    // Installs host descriptor `host_fd` at the lowest free guest number >= `min`.
    int install(int host_fd, int min = 0, bool cloexec = false);
    // dup2: guest `newfd` becomes a copy of `oldfd`. Returns newfd, or -errno.
    int duplicate_to(int oldfd, int newfd);
    // Returns 0 or -EBADF.
    int close(int fd);
    bool cloexec(int fd) const;
    void set_cloexec(int fd, bool on);

private:
    struct entry {
        int host = -1;
        bool cloexec = false;
    };
    void release(const entry& e);
    std::map<int, entry> m_fds;
};

}  // namespace rtv::app::exec
