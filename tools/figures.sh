#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every scenario of the experiment set and draws every figure the documentation shows
# (docs/experiments.md) into docs/figures/. Run directories go to out/figures/.
# Usage: tools/figures.sh        (builds first; RTVSIM=path uses another rtvsim and builds nothing)
# Every figure is a modest PNG (100 dpi) so that the repository stays small; Graph 1 is also
# drawn in the paper style as a PDF.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$SECONDS
if [[ -z "${RTVSIM:-}" ]]; then
    tools/build.sh > /dev/null
    RTVSIM=build/app/rtvsim
fi
runs=out/figures
figures=docs/figures
rm -rf "$runs"
mkdir -p "$runs" "$figures"

# Each command is echoed as the documentation shows it (rtvsim being $RTVSIM).
step() {
    local shown=() arg
    for arg in "$@"; do
        [[ "$arg" == *[\[\]]* ]] && arg="'$arg'"  # brackets are a glob in bash and zsh
        shown+=("${arg//$runs\//out/}")
    done
    echo "+ rtvsim ${shown[*]}"
    "$RTVSIM" "$@" > /dev/null
}
run() { step run "$@" -q; }
plot() { step plot "$@" --dpi 100; }
sweep() { step sweep "$@" -q -j "$(nproc)"; }

# Graph 1: two CPU-bound guests at equal BVT weight.
run scenarios/graph1.yaml -o "$runs/graph1"
plot cpu-usage "$runs/graph1" -o "$figures/graph1.png"
plot cpu-usage "$runs/graph1" --style paper -o "$figures/graph1_paper.pdf"
plot cpu-usage "$runs/graph1" --stacked -o "$figures/graph1_stacked.png"

# BVT weights: Xen-ARM's BVT as shipped against its intent, weights 1..10.
sweep scenarios/bvt_weights.yaml --vary 'domains[dom1].weight=1..10' \
    --vary hypervisor.quirks.recharge_on_continue=true,false --set duration=100s -o "$runs/weights"
plot sweep "$runs/weights" -o "$figures/bvt_weights_sweep.png"

# Identity mapping and isolation: the rogue domain is destroyed at 2 s, the others go on.
run scenarios/isolation.yaml -o "$runs/isolation"
plot cpu-usage "$runs/isolation" --stacked -o "$figures/isolation.png"

# Timer loss: a spinning idle task gets half the ticks; a blocking one almost all.
run scenarios/timer_loss.yaml -o "$runs/tl_spin"
run scenarios/timer_loss.yaml -o "$runs/tl_block" --set 'domains[ucos].ucos.idle=block'
plot drift "$runs/tl_spin" "$runs/tl_block" -o "$figures/timer_loss_drift.png"

# Time correction: naive, and corrected with every time_update mode this rtvsim offers.
modes=(none)
for mode in jiffies precise; do
    if "$RTVSIM" check scenarios/time_correction.yaml --set "hypervisor.time_update=$mode" > /dev/null 2>&1; then
        modes+=("$mode")
    fi
done
run scenarios/time_correction.yaml -o "$runs/tc_naive" --set 'domains[ucos].ucos.tick_mode=naive'
drift_runs=("$runs/tc_naive")
for mode in "${modes[@]}"; do
    run scenarios/time_correction.yaml -o "$runs/tc_$mode" --set "hypervisor.time_update=$mode"
    drift_runs+=("$runs/tc_$mode")
done
plot drift "${drift_runs[@]}" -o "$figures/time_correction_drift.png"
modes_list=$(IFS=,; echo "${modes[*]}")
sweep scenarios/time_correction.yaml --vary 'domains[ucos].ucos.tick_mode=naive,corrected' \
    --vary "hypervisor.time_update=$modes_list" -o "$runs/time_modes"
plot sweep "$runs/time_modes" --metric 'max_abs_drift_ticks[ucos]' --log -o "$figures/time_modes_sweep.png"

# EDF under drift: the same task set with the naive and the corrected clock.
run scenarios/edf_drift.yaml -o "$runs/edf_naive" --set 'domains[rtos].ucos.tick_mode=naive'
run scenarios/edf_drift.yaml -o "$runs/edf_corrected"
plot jobs "$runs/edf_naive" --log -o "$figures/edf_drift_naive.png"
plot jobs "$runs/edf_corrected" -o "$figures/edf_drift_corrected.png"

# Timer starvation: Xen-ARM's timer list with and without the re-sort.
run scenarios/timer_starvation.yaml -o "$runs/ts"
run scenarios/timer_starvation.yaml -o "$runs/ts_fixed" --set hypervisor.quirks.timer_list_no_resort=false
plot cpu-usage "$runs/ts" "$runs/ts_fixed" -o "$figures/timer_starvation.png"

# The large platform: eight domains.
run scenarios/large_platform.yaml -o "$runs/large_platform"
plot cpu-usage "$runs/large_platform" -o "$figures/large_platform_cpu.png"
plot drift "$runs/large_platform" -o "$figures/large_platform_drift.png"
plot jobs "$runs/large_platform" -o "$figures/large_platform_jobs.png"

# A palette of 128 colours (Pillow, which python3-matplotlib depends on) makes the PNGs about
# three times smaller with no visible change: the figures are flat colours and lines.
/usr/bin/python3 - "$figures"/*.png <<'PY'
import sys
from PIL import Image
for path in sys.argv[1:]:
    image = Image.open(path).convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
PY
echo "figures.sh: $(ls "$figures" | wc -l) figures in $figures/ ($(du -sh "$figures" | cut -f1)), $((SECONDS - start)) s"
