#!/usr/bin/env bash
# Plots a synthetic run directory with tools/plot/rtvplot.py and checks that the PNG and SVG are written.
set -euo pipefail
rtvplot="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tools/plot/rtvplot.py"
python=${PYTHON:-/usr/bin/python3}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run="$tmp/run"
mkdir -p "$run"
cat > "$run/cpu_usage.csv" <<'CSV'
window_start_s,window_end_s,domain,cpu_share,runstate_share
0.000000000,1.000000000,dom0,0.490000,0.490000
0.000000000,1.000000000,ucos,0.490000,0.500000
0.000000000,1.000000000,_xen,0.020000,0.010000
0.000000000,1.000000000,_idle,0.000000,0.000000
1.000000000,2.000000000,dom0,0.485000,0.480000
1.000000000,2.000000000,ucos,0.495000,0.500000
1.000000000,2.000000000,_xen,0.020000,0.020000
1.000000000,2.000000000,_idle,0.000000,0.000000
CSV
echo '{"format_version": 1, "scenario": {"name": "graph1"}}' > "$run/summary.json"

"$python" "$rtvplot" cpu-usage "$run"
"$python" "$rtvplot" cpu-usage "$run" --include-pseudo --steps -o "$tmp/out/both"
for f in "$run/cpu_usage.png" "$run/cpu_usage.svg" "$tmp/out/both.png" "$tmp/out/both.svg"; do
    [[ -s "$f" ]] || { echo "FAIL: $f missing or empty" >&2; exit 1; }
done

# A file with the wrong header is an error, not an empty plot.
echo "time,share" > "$run/cpu_usage.csv"
if "$python" "$rtvplot" cpu-usage "$run" 2>/dev/null; then
    echo "FAIL: a bad cpu_usage.csv header was accepted" >&2
    exit 1
fi
echo "PASS"
