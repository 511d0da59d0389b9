#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
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

# expect_error WHAT ARGS...: the command fails with status 2 and a one-line message.
expect_error() {
    local what=$1 status=0
    shift
    "$python" "$rtvplot" "$@" > /dev/null 2> "$tmp/err" || status=$?
    if [[ $status -ne 2 || $(wc -l < "$tmp/err") -ne 1 ]]; then
        echo "FAIL: $what: status $status (expected 2), message:" >&2
        cat "$tmp/err" >&2
        exit 1
    fi
}

# A file with the wrong header is an error, not an empty plot.
echo "time,share" > "$run/cpu_usage.csv"
expect_error "a bad cpu_usage.csv header" cpu-usage "$run"

# drift: two runs overlaid, one with summary.json (labels name the tick mode), one without.
drift_header=time_s,domain,virqs_handled,os_time_ticks,ticks_expected,drift_ticks,drift_ms
naive="$tmp/naive" corrected="$tmp/corrected"
mkdir -p "$naive" "$corrected"
cat > "$naive/tick_drift.csv" <<CSV
$drift_header
0.020000000,ucos,1,1,1,0,0.000
0.040000000,ucos,2,2,3,-1,-10.000
0.060000000,ucos,3,3,5,-2,-20.000
0.100000000,ucos,3,3,9,-6,-60.000
CSV
cat > "$naive/summary.json" <<'JSON'
{"format_version": 1, "scenario": {"name": "time_correction", "hypervisor": {"time_update": "none"},
 "domains": [{"name": "dom0", "guest": "busy"},
             {"name": "ucos", "guest": "ucos", "ucos": {"tick_mode": "naive", "policy": "fixed-priority"}}]}}
JSON
cat > "$corrected/tick_drift.csv" <<CSV
$drift_header
0.020000000,ucos,1,1,1,0,0.000
0.040000000,ucos,2,3,3,0,0.000
0.060000000,ucos,3,5,5,0,0.000
0.100000000,ucos,3,9,9,0,0.000
CSV
"$python" "$rtvplot" drift "$naive" "$corrected"
"$python" "$rtvplot" drift "$naive" "$corrected" --ms -o "$tmp/out/drift_ms"
for f in "$naive/drift.png" "$naive/drift.svg" "$tmp/out/drift_ms.png" "$tmp/out/drift_ms.svg"; do
    [[ -s "$f" ]] || { echo "FAIL: $f missing or empty" >&2; exit 1; }
done
grep -q "naive: ucos (naive, time_update none)" "$naive/drift.svg" \
    || { echo "FAIL: drift legend does not name the run, guest and mode" >&2; exit 1; }

# jobs: two tasks, a missed job and an unfinished one; the deadline of t2 comes from the CSV (no summary key).
mkdir -p "$tmp/jobs"
cat > "$tmp/jobs/jobs.csv" <<'CSV'
domain,task,job,intended_release_s,release_s,start_s,finish_s,deadline_s,response_ms,missed
ucos,t1,0,0.000000000,0.000000000,0.000000000,0.005000000,0.100000000,5.000000,0
ucos,t2,0,0.000000000,0.000000000,0.005000000,0.025000000,0.250000000,25.000000,0
ucos,t1,1,0.100000000,0.100000000,0.100000000,0.230000000,0.200000000,130.000000,1
ucos,t2,1,0.250000000,0.250000000,0.250000000,0.270000000,0.500000000,20.000000,0
ucos,t1,2,0.200000000,0.230000000,0.230000000,,0.300000000,,1
ucos,t2,2,0.500000000,0.500000000,0.500000000,,0.750000000,,0
CSV
cat > "$tmp/jobs/summary.json" <<'JSON'
{"format_version": 1, "scenario": {"name": "jobs_test", "hypervisor": {"time_update": "precise"},
 "domains": [{"name": "ucos", "guest": "ucos", "ucos": {"tick_mode": "corrected", "policy": "edf"}}]},
 "guests": {"ucos": {"tasks": {"t1": {"relative_deadline_ms": 100.0}}}}}
JSON
"$python" "$rtvplot" jobs "$tmp/jobs"
"$python" "$rtvplot" jobs "$tmp/jobs" --log -o "$tmp/out/jobs_log"
for f in "$tmp/jobs/jobs.png" "$tmp/jobs/jobs.svg" "$tmp/out/jobs_log.png" "$tmp/out/jobs_log.svg"; do
    [[ -s "$f" ]] || { echo "FAIL: $f missing or empty" >&2; exit 1; }
done

# Same data, same bytes.
cp "$naive/drift.svg" "$tmp/drift_first.svg"
"$python" "$rtvplot" drift "$naive" "$corrected" > /dev/null
cmp -s "$naive/drift.svg" "$tmp/drift_first.svg" || { echo "FAIL: drift.svg differs between runs" >&2; exit 1; }

# Errors: wrong headers, a missing file, a run without an RTOS guest.
echo "time_s,domain,drift" > "$corrected/tick_drift.csv"
expect_error "a bad tick_drift.csv header" drift "$naive" "$corrected"
echo "domain,task,response_ms" > "$tmp/jobs/jobs.csv"
expect_error "a bad jobs.csv header" jobs "$tmp/jobs"
expect_error "a missing tick_drift.csv" drift "$tmp/nonexistent"
expect_error "a missing jobs.csv" jobs "$tmp/nonexistent"
echo "$drift_header" > "$corrected/tick_drift.csv"
expect_error "a run without an RTOS guest" drift "$corrected"
echo "PASS"
