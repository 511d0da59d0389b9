#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates the golden regression files tests/golden/<scenario>.json on purpose, after a
# change of the models whose new results you have checked, then shows what changed.
#
#   tools/regen_golden.sh                 # every scenario in scenarios/*.yaml
#   tools/regen_golden.sh graph1 ...      # only these
#   RTVSIM=/path/to/rtvsim tools/regen_golden.sh
#
# It builds nothing: it runs $RTVSIM (default build/app/rtvsim of this tree), with the
# per-scenario overrides of the table OVERRIDES in tests/golden/compare_golden.py (the same
# runs as the golden.<name> tests), removes goldens whose scenario is gone (full runs only)
# and prints `git diff --stat tests/golden`. Review the diff and commit it with the change.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rtvsim=${RTVSIM:-$root/build/app/rtvsim}
python=/usr/bin/python3
[[ -x $python ]] || python=python3

if [[ ! -x $rtvsim ]]; then
    echo "regen_golden.sh: no rtvsim executable at $rtvsim; build it first or set RTVSIM" >&2
    exit 2
fi
case $rtvsim in /*) ;; *) rtvsim=$PWD/$rtvsim ;; esac

echo "regenerating goldens with $rtvsim"
status=0
"$python" "$root/tests/golden/compare_golden.py" --update --rtvsim "$rtvsim" --source-dir "$root" "$@" || status=$?

if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo
    echo "git diff --stat tests/golden:"
    stat=$(git -C "$root" --no-pager diff --stat -- tests/golden)
    echo "${stat:-  (no tracked golden file changed)}"
    untracked=$(git -C "$root" ls-files --others --exclude-standard -- 'tests/golden/*.json')
    if [[ -n $untracked ]]; then
        echo "new (untracked) files:"
        printf '  %s\n' $untracked
    fi
fi
exit $status
