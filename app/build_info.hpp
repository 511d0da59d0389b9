// SPDX-License-Identifier: Apache-2.0
// What this rtvsim binary was built from, for the `host` section of summary.json: the
// project version and the git commit, embedded at build time by app/build_info.cmake.
#pragma once

namespace rtv::app {

const char* build_version();
// The full commit hash of the checkout the binary was built in, or "unknown" outside one.
const char* build_git_commit();
// Whether that checkout had uncommitted changes to tracked files when it was built.
bool build_git_dirty();

}  // namespace rtv::app
