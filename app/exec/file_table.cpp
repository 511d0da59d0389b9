// SPDX-License-Identifier: Apache-2.0
#include "app/exec/file_table.hpp"

#include <cerrno>
#include <unistd.h>

namespace rtv::app::exec {

file_table::file_table() {
    for (int fd = 0; fd < 3; ++fd) m_fds[fd] = entry{fd, false};
}

file_table::~file_table() {
    for (const auto& [fd, e] : m_fds) release(e);
}

void file_table::release(const entry& e) {
    // The host's own 0, 1, 2 stay open; copies made by dup2 are the guest's to close.
    if (e.host > 2) ::close(e.host);
}

int file_table::host(int fd) const {
    const auto it = m_fds.find(fd);
    return it == m_fds.end() ? -1 : it->second.host;
}

int file_table::install(int host_fd, int min, bool cloexec) {
    int fd = min;
    while (m_fds.count(fd)) ++fd;
    m_fds[fd] = entry{host_fd, cloexec};
    return fd;
}

int file_table::duplicate_to(int oldfd, int newfd) {
    const int h = host(oldfd);
    if (h < 0 || newfd < 0) return -EBADF;
    if (oldfd == newfd) return newfd;
    const int copy = ::dup(h);
    if (copy < 0) return -errno;
    close(newfd);
    m_fds[newfd] = entry{copy, false};
    return newfd;
}

int file_table::close(int fd) {
    const auto it = m_fds.find(fd);
    if (it == m_fds.end()) return -EBADF;
    release(it->second);
    m_fds.erase(it);
    return 0;
}

bool file_table::cloexec(int fd) const {
    const auto it = m_fds.find(fd);
    return it != m_fds.end() && it->second.cloexec;
}

void file_table::set_cloexec(int fd, bool on) {
    const auto it = m_fds.find(fd);
    if (it != m_fds.end()) it->second.cloexec = on;
}

}  // namespace rtv::app::exec
