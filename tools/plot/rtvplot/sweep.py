"""`sweep DIR`: a metric of sweep.csv against a varied parameter, one line per value of a
second varied parameter, with the ideal BVT share 1/mcu_advance beside it when the metric
is a guest share (docs/sweep.md)."""
import csv
import json
import os

from . import common

NAME = "sweep"
HELP = "a metric against a varied parameter (e.g. CPU share against BVT weight), PNG and SVG"


def add_arguments(p):
    p.add_argument("sweep_dir", help="a directory written by `rtvsim sweep`")
    p.add_argument("--metric", help="a sweep.csv column (default: guest_share of the last domain)")
    p.add_argument("--x", help="the varied path on the x axis (default: the first --vary)")
    p.add_argument("--series", help="the varied path giving one line per value (default: the second --vary)")
    p.add_argument("--no-ideal", action="store_true", help="do not draw the ideal 1/mcu_advance share")
    p.add_argument("-o", "--output", help="output prefix (default: SWEEP_DIR/sweep_<metric>)")


def _read(sweep_dir):
    try:
        with open(os.path.join(sweep_dir, "sweep.json")) as f:
            meta = json.load(f)
        with open(os.path.join(sweep_dir, "sweep.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, ValueError) as e:
        raise common.PlotError("cannot read the sweep in %s: %s" % (sweep_dir, e))
    if not rows:
        raise common.PlotError("%s/sweep.csv has no points" % sweep_dir)
    return meta, rows


def _number(text):
    try:
        return float(text)
    except ValueError:
        return {"true": 1.0, "false": 0.0}.get(text, float("nan"))


def _ideal_share(sweep_dir, row, domain):
    """BVT's intent: shares in proportion to 1/mcu_advance, from the point's resolved scenario."""
    summary = common.read_summary(os.path.join(sweep_dir, row["dir"]))
    doms = summary.get("scenario", {}).get("domains", [])
    inverse = {d["name"]: 1.0 / d["mcu_advance"] for d in doms if d.get("mcu_advance")}
    if domain not in inverse or not inverse:
        return None
    return inverse[domain] / sum(inverse.values())


def run(args):
    meta, rows = _read(args.sweep_dir)
    paths = [v["path"] for v in meta.get("vary", [])]
    if not paths:
        raise common.PlotError("sweep.json lists no varied parameter")
    x_path = args.x or paths[0]
    series_path = args.series or (paths[1] if len(paths) > 1 and paths[1] != x_path else None)
    metric = args.metric
    if not metric:
        shares = [c for c in rows[0] if c.startswith("guest_share[")]
        if not shares:
            raise common.PlotError("no guest_share column: name a metric with --metric")
        metric = shares[-1]
    for column in [x_path, metric] + ([series_path] if series_path else []):
        if column not in rows[0]:
            raise common.PlotError("sweep.csv has no column %s" % column)

    fig, ax = common.plt.subplots(figsize=(8, 5))
    ok = [r for r in rows if r["status"] == "ok" and r[metric] != ""]
    groups = {}
    for r in ok:
        groups.setdefault(r[series_path] if series_path else "", []).append(r)
    for key in sorted(groups, key=lambda k: (_number(k), k)):
        pts = sorted(groups[key], key=lambda r: _number(r[x_path]))
        label = "%s = %s" % (series_path.split(".")[-1], key) if series_path else metric
        ax.plot([_number(r[x_path]) for r in pts], [float(r[metric]) for r in pts], marker="o", label=label)
    if not args.no_ideal and metric.startswith("guest_share["):
        domain = metric[len("guest_share["):-1]
        seen = {}
        for r in ok:
            ideal = _ideal_share(args.sweep_dir, r, domain)
            if ideal is not None:
                seen.setdefault(_number(r[x_path]), ideal)
        if seen:
            xs = sorted(seen)
            ax.plot(xs, [seen[x] for x in xs], "k--", label="ideal: 1/mcu_advance")
    failed = len(rows) - len(ok)
    ax.set_xlabel(x_path)
    ax.set_ylabel(metric + (" (fraction of the guests' CPU time)" if metric.startswith("guest_share") else ""))
    ax.set_title("%s: %s%s" % (meta.get("scenario_name", os.path.basename(args.sweep_dir)), metric,
                               " (%d failed points not shown)" % failed if failed else ""))
    ax.grid(True, alpha=0.3)
    ax.legend()
    safe = metric.replace("[", "_").replace("]", "")
    prefix = args.output or os.path.join(args.sweep_dir, "sweep_" + safe)
    for path in common.save_figure(fig, prefix):
        print(path)
    return 0
