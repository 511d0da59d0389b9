# SPDX-License-Identifier: Apache-2.0
"""sweep: a metric of sweep.csv against a varied parameter (docs/sweep.md). A numeric axis is
drawn as lines (with the ideal BVT share 1/mcu_advance when the metric is a guest share), a
word axis (tick_mode, time_update, true/false) as grouped bars; every other varied parameter
gives one line or one bar of each group per value."""
import math
import os

from matplotlib import ticker

from .. import reader
from . import common

NAME = "sweep"
HELP = "a metric of SWEEP_DIR/sweep.csv against a varied parameter: lines for numbers, grouped bars for words"
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINE_STYLES = ["-", "--", "-.", ":"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo"]


def add_arguments(p):
    p.add_argument("sweep_dir", metavar="SWEEP_DIR", help="a directory written by `rtvsim sweep`")
    p.add_argument("--metric", help="a sweep.csv column (default: guest_share of the last domain when a weight, "
                                    "quirk or scheduler is varied or there is no RTOS guest, else "
                                    "max_abs_drift_ticks of the first RTOS guest)")
    p.add_argument("--x", help="the varied path on the x axis (default: the first --vary)")
    p.add_argument("--series", help="the varied path giving one line (bar) per value (default: the other --vary)")
    p.add_argument("--no-ideal", action="store_true", help="do not draw the ideal 1/mcu_advance share")
    p.add_argument("--log", action="store_true", help="logarithmic metric axis (symmetric around 0)")
    common.add_output_arguments(p, "sweep_<metric>.png and .svg")


def number(text):
    """The value as a float, or None for a word (true/false count as words: they are categories)."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def default_metric(sweep):
    columns = list(sweep.points.columns)
    shares = [c for c in columns if c.startswith("guest_share[")]
    drifts = [c for c in columns if c.startswith("max_abs_drift_ticks[")]
    bvt_axes = any(word in path for path in sweep.varied for word in ("weight", "quirks", "scheduler", "warp"))
    if drifts and not bvt_axes:
        return drifts[0]
    if shares:
        return shares[-1]
    raise common.PlotError("%s/sweep.csv has no guest_share column: name a metric with --metric" % sweep.path)


def ideal_share(sweep, row, domain):
    """BVT's intent: shares in proportion to 1/mcu_advance, from the point's resolved scenario."""
    try:
        run = reader.load_run(os.path.join(sweep.path, row["dir"]))
    except reader.FormatError:
        return None
    if common.as_dict(run.scenario.get("hypervisor")).get("scheduler", "bvt") != "bvt":
        return None
    inverse = {name: 1.0 / d["mcu_advance"] for name, d in run.domains.items() if d.get("mcu_advance")}
    return inverse[domain] / sum(inverse.values()) if domain in inverse else None


def short(path):
    return path.split(".")[-1]


def series_key(row, series_paths):
    return tuple(row[p] for p in series_paths)


def series_label(key, series_paths):
    return ", ".join("%s = %s" % (short(p), v) for p, v in zip(series_paths, key))


def draw_lines(ax, sweep, ok, x_path, series_paths, metric, args):
    groups = {}
    for _, row in ok.iterrows():
        groups.setdefault(series_key(row, series_paths), []).append(row)
    for i, key in enumerate(groups):
        rows = sorted(groups[key], key=lambda r: number(r[x_path]))
        ax.plot([number(r[x_path]) for r in rows], [r[metric] for r in rows], marker=MARKERS[i % len(MARKERS)],
                linestyle=LINE_STYLES[i % len(LINE_STYLES)], label=series_label(key, series_paths) or metric)
    if not args.no_ideal and metric.startswith("guest_share["):
        domain = metric[len("guest_share["):-1]
        ideal = {}
        for _, row in ok.iterrows():
            value = ideal_share(sweep, row, domain)
            if value is not None:
                ideal.setdefault(number(row[x_path]), value)
        if ideal:
            xs = sorted(ideal)
            ax.plot(xs, [ideal[x] for x in xs], color="black", linestyle=":", linewidth=1.2,
                    label="ideal BVT: 1/mcu_advance")


def draw_bars(ax, ok, x_path, series_paths, metric, args):
    categories = list(dict.fromkeys(ok[x_path]))  # in sweep (--vary) order
    keys = list(dict.fromkeys(series_key(row, series_paths) for _, row in ok.iterrows()))
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        values = []
        for category in categories:
            match = ok[(ok[x_path] == category)
                       & (ok[series_paths].apply(tuple, axis=1) == key if series_paths else True)]
            values.append(float(match[metric].iloc[0]) if len(match) else float("nan"))
        positions = [c + (i - (len(keys) - 1) / 2) * width for c in range(len(categories))]
        bars = ax.bar(positions, values, width * 0.95, label=series_label(key, series_paths) or metric,
                      hatch=HATCHES[i % len(HATCHES)], edgecolor="black", linewidth=0.5)
        ax.bar_label(bars, fmt="%.4g", fontsize="x-small", padding=1)
    ax.set_xticks(range(len(categories)))
    ax.set_xticklabels(categories)
    ax.axhline(0, color="black", linewidth=0.6)


def run(args):
    try:
        sweep = reader.load_sweep(args.sweep_dir)
    except reader.FormatError as e:
        raise common.PlotError(str(e))
    varied = sweep.varied
    if not varied:
        raise common.PlotError("%s/sweep.json lists no varied parameter" % args.sweep_dir)
    x_path = args.x or varied[0]
    series_paths = [args.series] if args.series else [p for p in varied if p != x_path]
    metric = args.metric or default_metric(sweep)
    for column in [x_path, metric] + series_paths:
        if column not in sweep.points.columns:
            raise common.PlotError("%s/sweep.csv has no column %s" % (args.sweep_dir, column))
    frame = sweep.points
    ok = frame[(frame["status"] == "ok") & frame[metric].notna()]
    failed = int((frame["status"] != "ok").sum())
    if ok.empty:
        why = ("all %d points failed (see the error column of sweep.csv)" % len(frame) if failed == len(frame)
               else "no point has a value of %s" % metric)
        raise common.PlotError("nothing to draw: %s" % why)

    numeric = all(number(v) is not None for v in ok[x_path])
    fig, axes = common.new_figure(args, (8, 5))
    ax = axes[0, 0]
    if numeric:
        draw_lines(ax, sweep, ok, x_path, series_paths, metric, args)
    else:
        draw_bars(ax, ok, x_path, series_paths, metric, args)
    if args.log:
        ax.set_yscale("symlog", linthresh=1.0)
        ax.set_ylim(top=max(1.0, float(ok[metric].max())) * 4)  # room for the bar labels
    if numeric and all(number(v).is_integer() for v in ok[x_path]):
        ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.set_xlabel(x_path)
    ax.set_ylabel(metric + (" (share of the guests' CPU time)" if metric.startswith("guest_share[") else ""))
    lines = ["%s: %s" % (sweep.name, metric) + (" (%d failed points not shown)" % failed if failed else "")]
    fixed = [s for s in sweep.meta.get("set") or [] if isinstance(s, str)]
    if fixed:
        lines.append(common.overrides_line(fixed))
    common.set_title(ax, "\n".join(lines), args, fontsize="medium")
    ax.grid(True, alpha=0.3, axis="y" if not numeric else "both")
    ax.legend(fontsize="small")
    safe = metric.replace("[", "_").replace("]", "")
    common.save_figure(fig, args, os.path.join(args.sweep_dir, "sweep_" + safe))
    return 0
