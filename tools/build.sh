#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs missing dependencies, configures CMake and builds with all cores.
# Usage: tools/build.sh [extra cmake configure args...]
#   BUILD_TYPE=Debug|Release|... (default Release), BUILD_DIR=... (default build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools/deps.sh

# ccache keys on paths relative to the checkout, so clones in other folders share its cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"

dir="${BUILD_DIR:-build}"
generator=()
# The generator can only be chosen when the build directory is first configured.
if command -v ninja >/dev/null && [[ ! -f "$dir/CMakeCache.txt" ]]; then
    generator=(-G Ninja)
fi
cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@"
cmake --build "$dir" -j"$(nproc)"
