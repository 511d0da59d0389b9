#!/usr/bin/env bash
# Installs the Debian packages rtvsim needs to build, test and plot; does nothing when all are present.
set -euo pipefail

packages=(build-essential cmake pkg-config ninja-build libsystemc-dev libboost-program-options-dev
          libspdlog-dev catch2 libyaml-cpp-dev nlohmann-json3-dev python3 python3-matplotlib)

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == installed ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
