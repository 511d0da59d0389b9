#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages rtvsim needs to build, test, plot and run its sweeps; does
# nothing when all are present.
set -euo pipefail

# Build, test and plot.
packages=(build-essential cmake pkg-config ninja-build ccache libsystemc-dev libboost-program-options-dev
          libspdlog-dev catch2 libyaml-cpp-dev nlohmann-json3-dev python3 python3-matplotlib python3-pandas
          poppler-utils dpkg-dev)
# The ISS and the binary guests: the armel cross compiler, QEMU user mode as the oracle, GDB.
packages+=(gcc-arm-linux-gnueabi qemu-user gdb-multiarch)
# Sweeps at scale: GNU parallel and a single-node Slurm.
packages+=(parallel slurm-wlm munge)
# SHA-256 of binary guest images (summary.json image_sha256): libcrypto.
packages+=(libssl-dev)
# Large packages whose recommendations (documentation, firmware, GUIs) are not needed.
lean_packages=(gcc-arm-none-eabi qemu-system-arm)

missing_in() {
    local pkg status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
        [[ "$status" == installed ]] || echo "$pkg"
    done
}
mapfile -t missing < <(missing_in "${packages[@]}")
mapfile -t missing_lean < <(missing_in "${lean_packages[@]}")
# Test input, not a host package: Debian's armel busybox-static, fetched into .cache/deps/.
"$(dirname "${BASH_SOURCE[0]}")/fetch_armel_busybox.sh"
[[ ${#missing[@]} -eq 0 && ${#missing_lean[@]} -eq 0 ]] && exit 0

echo "deps.sh: installing ${missing[*]} ${missing_lean[*]}" >&2
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
"${apt[@]}" update
[[ ${#missing[@]} -eq 0 ]] || "${apt[@]}" install -y "${missing[@]}"
[[ ${#missing_lean[@]} -eq 0 ]] || "${apt[@]}" install -y --no-install-recommends "${missing_lean[@]}"
