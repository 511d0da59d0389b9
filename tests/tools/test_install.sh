#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the build into a temporary prefix and runs rtvsim from there, outside the checkout:
# --version, a short installed scenario, `rtvsim plot` of it (the installed plot tool, not the
# source tree's) and the installed Python reader; then builds the Debian package with cpack and
# checks its metadata and contents with dpkg-deb.
# Usage: test_install.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

prefix="$tmp/prefix"
cmake --install "$build" --prefix "$prefix" > "$tmp/install.log"
rtvsim="$prefix/bin/rtvsim"
[[ -x "$rtvsim" ]] || fail "$rtvsim not installed"
for f in share/rtvsim/plot/rtvplot.py lib/python3/dist-packages/rtvsim/reader.py \
         share/rtvsim/scenarios/graph1.yaml share/doc/rtvsim/LICENSE share/doc/rtvsim/CITATION.cff \
         share/doc/rtvsim/docs/outputs.md; do
    [[ -f "$prefix/$f" ]] || fail "$f not installed"
done

mkdir "$tmp/work" && cd "$tmp/work"
version=$("$rtvsim" --version)
# The version, then (inside a git checkout) the commit it was built from: "rtvsim 0.1.0 (COMMIT[, modified])".
[[ "$version" =~ ^rtvsim\ [0-9]+\.[0-9]+\.[0-9]+(\ \(.*\))?$ ]] || fail "rtvsim --version printed '$version'"
number=${version%% (*}
"$rtvsim" run "$prefix/share/rtvsim/scenarios/graph1.yaml" -o run -q --set duration=2s
[[ -s run/cpu_usage.csv ]] || fail "the installed scenario wrote no cpu_usage.csv"
"$rtvsim" plot --help | tr "\n" " " > help.txt
grep -q "The plot tool in use: $prefix/lib/python3/dist-packages/rtvsim/plot" help.txt \
    || fail "rtvsim plot does not run the installed plot tool: $(cat help.txt)"
"$rtvsim" plot cpu-usage run -o graph1.png > /dev/null
[[ $(head -c 8 graph1.png | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "graph1.png is not a PNG"
# The installed script works without rtvsim too, and the package imports from the prefix.
/usr/bin/python3 "$prefix/share/rtvsim/plot/rtvplot.py" cpu-usage run -o graph1.svg > /dev/null
grep -q "<svg" graph1.svg || fail "graph1.svg is not an SVG"
PYTHONPATH="$prefix/lib/python3/dist-packages" /usr/bin/python3 -c '
import rtvsim, sys
run = rtvsim.load_run("run")
assert rtvsim.__file__.startswith(sys.argv[1]), rtvsim.__file__
assert list(run.shares().index[:2]) == ["dom0", "dom1"], run.shares()
' "$prefix"

# The Debian package: name, version, dependencies (shared libraries and Python modules), contents.
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/deb" > "$tmp/cpack.log" 2>&1 \
    || { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(ls "$tmp"/deb/rtvsim_*.deb)
[[ "$(dpkg-deb -f "$deb" Package)" == rtvsim ]] || fail "package name"
[[ "rtvsim $(dpkg-deb -f "$deb" Version)" == "$number" ]] || fail "package version differs from rtvsim --version"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in python3-pandas python3-matplotlib libsystemc libyaml-cpp libspdlog libboost-program-options libstdc++6; do
    [[ "$depends" == *"$dep"* ]] || fail "Depends lacks $dep: $depends"
done
dpkg-deb -c "$deb" > "$tmp/contents"
for f in ./usr/bin/rtvsim ./usr/share/rtvsim/plot/rtvplot.py ./usr/lib/python3/dist-packages/rtvsim/__init__.py \
         ./usr/share/rtvsim/scenarios/graph1.yaml ./usr/share/doc/rtvsim/LICENSE; do
    grep -q " $f\$" "$tmp/contents" || fail "$f not in the package"
done
dpkg-deb -I "$deb" prerm > /dev/null || fail "no prerm script"
echo "PASS: installed to a prefix, ran and plotted from there; $(basename "$deb"): Depends: $depends"
