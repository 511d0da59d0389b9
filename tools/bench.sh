#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmarks, never timed tests (docs/architecture.md, Testing rules): builds what it needs, runs every part in
# bench/parts/ on this machine in one go, and prints one table.
#
#   tools/bench.sh             # every part
#   tools/bench.sh iss ...     # only these parts (bench/parts/<name>.sh)
#
# Each part is a script bench/parts/<name>.sh that receives the build directory and the
# output file, and writes out/bench/<name>.json in the one format bench/bench_json.md
# describes. bench/print_table.py prints them together.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools/build.sh >/dev/null
build=$PWD/${BUILD_DIR:-build}
out=$PWD/out/bench
mkdir -p "$out"

parts=("$@")
if [[ ${#parts[@]} -eq 0 ]]; then
    for script in bench/parts/*.sh; do
        [[ -e $script ]] || continue
        name=${script##*/}
        parts+=("${name%.sh}")
    done
fi

status=0
for part in "${parts[@]}"; do
    script=bench/parts/$part.sh
    if [[ ! -f $script ]]; then
        echo "bench.sh: no part '$part' (no $script)" >&2
        exit 2
    fi
    echo "== $part" >&2
    bash "$script" "$build" "$out/$part.json" || { echo "bench.sh: part '$part' failed" >&2; status=1; }
done
/usr/bin/python3 bench/print_table.py "${parts[@]/#/$out/}" --suffix .json
exit $status
