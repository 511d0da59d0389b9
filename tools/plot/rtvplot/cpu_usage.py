"""cpu-usage: the paper's Graph 1, CPU usage per domain over time, from cpu_usage.csv."""
import os

import matplotlib.pyplot as plt

from . import common

NAME = "cpu-usage"
HELP = "CPU usage per domain over time (the paper's Graph 1) from RUN_DIR/cpu_usage.csv"
CSV_NAME = "cpu_usage.csv"
COLUMNS = ["window_start_s", "window_end_s", "domain", "cpu_share", "runstate_share"]
PSEUDO_STYLE = {"_xen": {"color": "tab:gray"}, "_idle": {"color": "black"}}
# matplotlib hides legend labels that start with "_", so the pseudo-domains are shown by these names.
PSEUDO_LABEL = {"_xen": "Xen", "_idle": "idle"}


def add_arguments(p):
    p.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="rtvsim run directory")
    p.add_argument("--include-pseudo", action="store_true",
                   help="also draw the hypervisor (_xen) and idle (_idle) time, dashed")
    p.add_argument("--runstate", action="store_true",
                   help="plot runstate_share (Xen's own, clock-quantised accounting) instead of cpu_share")
    p.add_argument("--steps", action="store_true",
                   help="draw each window as a step instead of a point at its midpoint")
    p.add_argument("-o", "--output", metavar="PREFIX",
                   help="write PREFIX.png and PREFIX.svg (several runs: one panel each) "
                        "instead of RUN_DIR/cpu_usage.{png,svg}")


def load(run_dir, column):
    """{domain: [(start_s, end_s, share)]} in the CSV's domain order, and the run's title."""
    series = {}
    for row in common.read_csv(run_dir, CSV_NAME, COLUMNS):
        try:
            point = (float(row["window_start_s"]), float(row["window_end_s"]), float(row[column]))
        except ValueError:
            raise common.PlotError("%s/%s: bad number in row %s" % (run_dir, CSV_NAME, row))
        series.setdefault(row["domain"], []).append(point)
    if not series:
        raise common.PlotError("%s/%s has no rows" % (run_dir, CSV_NAME))
    return series, common.run_name(run_dir, common.read_summary(run_dir))


def mean_share(points):
    """Share over the whole run: windows weighted by their length."""
    total = sum(end - start for start, end, _ in points)
    return sum((end - start) * share for start, end, share in points) / total if total > 0 else 0.0


def draw(ax, series, title, args):
    for domain, points in series.items():
        pseudo = common.is_pseudo(domain)
        if pseudo and not args.include_pseudo:
            continue
        points = sorted(points)
        if pseudo:
            style = dict(PSEUDO_STYLE.get(domain, {}), linestyle="--", linewidth=1.2)
            name = PSEUDO_LABEL.get(domain, domain.lstrip("_"))
        else:
            style, name = {"linewidth": 2}, domain
        label = "%s (%.1f %%)" % (name, 100.0 * mean_share(points))
        if args.steps:
            xs = [start for start, _, _ in points] + [points[-1][1]]
            ys = [100.0 * share for _, _, share in points]
            ax.step(xs, ys + ys[-1:], where="post", label=label, **style)
        else:
            xs = [(start + end) / 2 for start, end, _ in points]
            ys = [100.0 * share for _, _, share in points]
            ax.plot(xs, ys, label=label, marker="o" if len(xs) <= 40 else None, markersize=4, **style)
    windows = [point for points in series.values() for point in points]
    ax.set_xlim(min(start for start, _, _ in windows), max(end for _, end, _ in windows))
    ax.set_title(title)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%s (%%)" % ("Xen runstate share" if args.runstate else "CPU usage"))
    ax.grid(True, alpha=0.4)
    ax.legend(loc="best", fontsize="small", title="domain (mean)", title_fontsize="small")


def run(args):
    column = "runstate_share" if args.runstate else "cpu_share"
    runs = [(run_dir,) + load(run_dir, column) for run_dir in args.run_dirs]
    if args.output:
        figures = [(args.output, runs)]
    else:
        figures = [(os.path.join(run[0], "cpu_usage"), [run]) for run in runs]
    for prefix, panels in figures:
        fig, axes = plt.subplots(len(panels), 1, figsize=(8, 4.5 * len(panels)), sharex=True, squeeze=False)
        for ax, (_, series, title) in zip(axes[:, 0], panels):
            draw(ax, series, "%s: CPU usage per domain" % title, args)
        axes[-1, 0].set_xlabel("time (s)")
        fig.tight_layout()
        print("\n".join(common.save_figure(fig, prefix)))
    return 0
