#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fetches Debian's armel busybox-static (a real ARMv5TE soft-float program, the ISS's test
# input) once, without changing the host's APT configuration: a private APT_CONFIG with
# APT::Architecture "armel", its state and cache in a temporary folder, the system's
# sources. Never `dpkg --add-architecture`. The .deb is cached in .cache/deps/ keyed by its
# version and unpacked with `dpkg -x`; .cache/deps/busybox-armel points at the unpacked
# tree (its bin/busybox is what the tests run). Quiet and instant when already present.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

deps=$PWD/.cache/deps
link=$deps/busybox-armel
[[ -x $link/bin/busybox ]] && exit 0

mkdir -p "$deps"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/state/lists/partial" "$tmp/cache/archives/partial"
touch "$tmp/state/status"
cat >"$tmp/apt.conf" <<CONF
APT::Architecture "armel";
APT::Architectures { "armel"; };
Dir::State "$tmp/state";
Dir::State::status "$tmp/state/status";
Dir::Cache "$tmp/cache";
APT::Sandbox::User "root";
Acquire::Languages "none";
CONF
export APT_CONFIG=$tmp/apt.conf

echo "fetch_armel_busybox.sh: fetching Debian's armel busybox-static" >&2
apt-get -qq update >/dev/null
version=$(apt-cache policy busybox-static | awk '/Candidate:/ {print $2}')
[[ -n $version && $version != "(none)" ]] || { echo "fetch_armel_busybox.sh: no armel busybox-static in the sources" >&2; exit 1; }
deb=$deps/busybox-static_${version//:/%3a}_armel.deb
if [[ ! -f $deb ]]; then
    (cd "$tmp" && apt-get -qq download busybox-static:armel)
    mv "$tmp"/busybox-static_*_armel.deb "$deb"
fi
tree=$deps/busybox-static_${version//:/%3a}_armel
rm -rf "$tree.partial"
dpkg -x "$deb" "$tree.partial"
rm -rf "$tree"
mv "$tree.partial" "$tree"
ln -sfn "${tree##*/}" "$link"
echo "fetch_armel_busybox.sh: $(basename "$deb") unpacked in ${link#"$PWD"/}" >&2
