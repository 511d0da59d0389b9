#!/usr/bin/env bash
# Installs missing dependencies, configures CMake in build/ and builds with all cores.
# Usage: tools/build.sh [extra cmake configure args...]   (BUILD_TYPE=Debug|Release|..., default Release)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools/deps.sh

generator=()
# The generator can only be chosen when build/ is first configured.
if command -v ninja >/dev/null && [[ ! -f build/CMakeCache.txt ]]; then
    generator=(-G Ninja)
fi
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@"
cmake --build build -j"$(nproc)"
