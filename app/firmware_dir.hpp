// SPDX-License-Identifier: Apache-2.0
// Where rtvsim's own guest images are (rtos_model/firmware, cross-built by the normal
// build), so that a scenario can name them wherever rtvsim was built or installed:
// `image: ${RTV_FIRMWARE_DIR}/ucos_guest.elf`.
#pragma once

#include <string>

namespace rtv::app {

// The firmware directory, absolute: the environment variable RTV_FIRMWARE_DIR if set (relative
// to the working directory); else, next to
// the running rtvsim, BIN/../firmware (a build tree: build/app/rtvsim, build/firmware) or
// BIN/../share/rtvsim/firmware (an installation: PREFIX/bin/rtvsim); empty if none exists.
std::string firmware_dir();

// `path` with a leading `${RTV_FIRMWARE_DIR}` replaced by firmware_dir(); other paths are
// returned unchanged. Throws std::invalid_argument if the directory cannot be found.
std::string expand_firmware_dir(const std::string& path);

}  // namespace rtv::app
