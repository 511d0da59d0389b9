# SPDX-License-Identifier: Apache-2.0
"""cpu-usage: the paper's Graph 1, CPU usage per domain over time, from cpu_usage.csv."""
import os

from . import common

NAME = "cpu-usage"
HELP = "CPU usage per domain over time (the paper's Graph 1) from RUN_DIR/cpu_usage.csv"
PSEUDO_COLOUR = {"_xen": "tab:gray", "_idle": "lightgray"}
# matplotlib hides legend labels that start with "_", so the pseudo-domains are shown by these names.
PSEUDO_LABEL = {"_xen": "Xen", "_idle": "idle"}
# Domains whose lines coincide (Graph 1: both at 50 %) must all stay visible: each domain has its
# own line style and marker, the first ones wide with hollow markers, later ones narrower on top.
LINE_STYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def add_arguments(p):
    p.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="rtvsim run directory")
    p.add_argument("--include-pseudo", action="store_true",
                   help="also draw the hypervisor (_xen) and idle (_idle) time, dashed")
    p.add_argument("--runstate", action="store_true",
                   help="plot runstate_share (Xen's own, clock-quantised accounting) instead of cpu_share")
    p.add_argument("--stacked", action="store_true",
                   help="stacked areas: every domain, then Xen and idle, summing to 100 %% in each window")
    p.add_argument("--steps", action="store_true",
                   help="draw each window as a step instead of a point at its midpoint")
    common.add_output_arguments(p, "cpu_usage.png and .svg (several runs and -o: one panel per run)")


def load(run_dir, column):
    """{domain: [(start_s, end_s, share)]} in the CSV's domain order, and the Run."""
    run = common.load_run(run_dir)
    frame = run.cpu_usage
    if frame.empty:
        raise common.PlotError("%s/cpu_usage.csv has no rows: nothing to draw" % run_dir)
    series = {}
    for start, end, domain, share in zip(frame["window_start_s"], frame["window_end_s"], frame["domain"],
                                         frame[column]):
        series.setdefault(str(domain), []).append((float(start), float(end), float(share)))
    return series, run


def mean_share(points):
    """Share over the whole run: windows weighted by their length."""
    total = sum(end - start for start, end, _ in points)
    return sum((end - start) * share for start, end, share in points) / total if total > 0 else 0.0


def fmt_number(value):
    return ("%g" % value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def scheduler_parameters(run, domain):
    """'weight 2' under BVT (with the warp when enabled); another scheduler's own block of the
    domain's scenario entry (e.g. sedf: period, slice) as 'key value' pairs."""
    entry = run.domains.get(domain, {})
    scheduler = str(common.as_dict(run.scenario.get("hypervisor")).get("scheduler", ""))
    own = common.as_dict(entry.get(scheduler))
    if own and scheduler != "bvt":
        return ", ".join("%s %s" % (k, fmt_number(v)) for k, v in own.items() if not isinstance(v, (dict, list)))
    parts = []
    if "weight" in entry:
        parts.append("weight %s" % fmt_number(entry["weight"]))
    warp = common.as_dict(entry.get("warp"))
    if warp.get("enabled"):
        parts.append("warp %s" % fmt_number(warp.get("value")))
    return ", ".join(parts)


def domain_label(run, domain, points):
    if common.is_pseudo(domain):
        name = PSEUDO_LABEL.get(domain, domain.lstrip("_"))
        parameters = ""
    else:
        name, parameters = domain, scheduler_parameters(run, domain)
    return "%s%s: %.1f %%" % (name, " (%s)" % parameters if parameters else "", 100.0 * mean_share(points))


def draw_lines(ax, series, run, args):
    shown = [d for d in series if args.include_pseudo or not common.is_pseudo(d)]
    guests = [d for d in shown if not common.is_pseudo(d)]
    for domain in shown:
        points = sorted(series[domain])
        if common.is_pseudo(domain):
            style = {"color": PSEUDO_COLOUR.get(domain, "black"), "linestyle": (0, (2, 2)), "linewidth": 1.0,
                     "zorder": 2}
        else:
            i = guests.index(domain)
            base = 1.0 if common.is_paper(args) else 1.6
            # Earlier domains wider and hollow-marked, later ones narrower on top: coinciding lines
            # show as a line inside a line, markers as a dot inside a ring.
            style = {"linestyle": LINE_STYLES[i % len(LINE_STYLES)], "marker": MARKERS[i % len(MARKERS)],
                     "linewidth": base * max(0.6, 2.0 - 0.5 * i), "zorder": 3 + i,
                     "markersize": (5 if common.is_paper(args) else 8) * max(0.45, 1.0 - 0.25 * i),
                     "markerfacecolor": "none" if i % 2 == 0 else None}
            if len(points) > 60:
                style["markevery"] = (i % 5, max(1, len(points) // 20))
        label = domain_label(run, domain, points)
        if args.steps:
            xs = [start for start, _, _ in points] + [points[-1][1]]
            ys = [100.0 * share for _, _, share in points]
            style.pop("marker", None)
            ax.step(xs, ys + ys[-1:], where="post", label=label, **style)
        else:
            xs = [(start + end) / 2 for start, end, _ in points]
            ax.plot(xs, [100.0 * share for _, _, share in points], label=label, **style)


def draw_stacked(ax, series, run, args):
    domains = [d for d in series if not common.is_pseudo(d)] + [d for d in series if common.is_pseudo(d)]
    windows = sorted({(start, end) for points in series.values() for start, end, _ in points})
    xs = [start for start, _ in windows] + [windows[-1][1]]
    colours = common.plt.rcParams["axes.prop_cycle"].by_key()["color"]
    stacks, labels, fills = [], [], []
    for i, domain in enumerate(domains):
        share = {(start, end): value for start, end, value in series[domain]}
        ys = [100.0 * share.get(w, 0.0) for w in windows]
        stacks.append(ys + ys[-1:])
        labels.append(domain_label(run, domain, series[domain]))
        fills.append(PSEUDO_COLOUR.get(domain, colours[i % len(colours)]))
    ax.stackplot(xs, stacks, labels=labels, colors=fills, step="post", linewidth=0.3, edgecolor="white")


def draw(ax, series, run, args, label=None):
    if args.stacked:
        draw_stacked(ax, series, run, args)
    else:
        draw_lines(ax, series, run, args)
    windows = [point for points in series.values() for point in points]
    ax.set_xlim(min(start for start, _, _ in windows), max(end for _, end, _ in windows))
    lines = ["%s: CPU usage per domain%s"
             % (label or run.name, " (Xen's runstate accounting)" if args.runstate else "")]
    if run.overrides:
        lines.append(common.overrides_line(run.overrides))
    common.set_title(ax, "\n".join(lines), args, fontsize="medium")
    ax.set_ylim(0, 100 if args.stacked else 105)
    ax.set_ylabel("%s (%%)" % ("Xen runstate share" if args.runstate else "CPU usage"))
    ax.grid(True, alpha=0.4)
    # Beside the axes: inside, the legend would cover the lines at 50 % or the stack.
    legend = {"fontsize": "small"}
    if common.is_paper(args):
        ax.legend(loc="lower center", ncol=2, bbox_to_anchor=(0.5, 1.0), **legend)
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, title="domain: mean share",
                  title_fontsize="small", **legend)


def run(args):
    column = "runstate_share" if args.runstate else "cpu_share"
    runs = [(run_dir,) + load(run_dir, column) for run_dir in args.run_dirs]
    if args.output:
        figures = [(args.output, runs)]
    else:
        figures = [(os.path.join(r[0], "cpu_usage"), [r]) for r in runs]
    for prefix, panels in figures:
        fig, axes = common.new_figure(args, (9, 4.2 * len(panels)), len(panels), 1, sharex=True)
        # Panels of runs of one scenario are told apart by their directories' names.
        names = [run_.name for _, _, run_ in panels]
        for ax, (run_dir, series, run_) in zip(axes[:, 0], panels):
            draw(ax, series, run_, args,
                 common.run_label(run_dir, [d for d, _, _ in panels]) if names.count(run_.name) > 1 else None)
        axes[-1, 0].set_xlabel("time (s)")
        common.save_figure(fig, args, prefix)
    return 0
