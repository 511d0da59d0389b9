# SPDX-License-Identifier: Apache-2.0
"""drift: guest clock drift over time from tick_drift.csv, several runs overlaid, the ±1 tick band
shaded, and a zoom panel on the runs that stay near it (the corrected clocks)."""
import math
import os

from . import common

NAME = "drift"
HELP = "guest clock drift over time from RUN_DIR/tick_drift.csv, several runs overlaid"
# One line style per run (so that runs stay apart where their lines coincide), one colour per line.
RUN_STYLES = ["-", "--", "-.", ":"]
# A guest whose drift never leaves this many ticks (or 2 % of the largest drift, when that is
# more) is "near": it gets the zoom panel when another drifts further (corrected clocks beside
# naive ones).
ZOOM_TICKS = 3
ZOOM_FRACTION = 0.02
BAND_COLOUR = "tab:green"


def add_arguments(p):
    p.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="rtvsim run directory (several: overlaid)")
    p.add_argument("--ms", action="store_true", help="plot drift_ms (milliseconds) instead of drift_ticks")
    p.add_argument("--no-zoom", action="store_true", help="one panel only, without the zoom on the near runs")
    common.add_output_arguments(p, "drift.png and .svg")


class Line:
    """One guest of one run: its drift samples, label and the size of one tick in plot units."""

    def __init__(self, run, label, domain, frame, column):
        self.times = frame["time_s"].tolist()
        self.values = frame[column].tolist()
        self.ticks = frame["drift_ticks"].tolist()
        mode = guest_mode(run, domain)
        self.label = "%s%s%s" % (label + ": " if label else "", domain, " (%s)" % mode if mode else "")
        ticks_per_sec = common.as_dict(common.as_dict(run.domains.get(domain)).get("ucos")).get("ticks_per_sec")
        self.tick = 1.0 if column == "drift_ticks" else 1000.0 / float(ticks_per_sec or 100)

    @property
    def extent(self):
        """The largest drift in ticks."""
        return max(abs(t) for t in self.ticks)


def guest_mode(run, domain):
    """'corrected, time_update precise' (with `at switch_in` when the update points are not the
    default); '' when summary.json says nothing about the domain. Any time mode name is shown as is."""
    entry = run.domains.get(domain, {})
    ucos = common.as_dict(entry.get("ucos"))
    parts = [str(ucos.get("tick_mode") or entry.get("guest") or "")]
    hypervisor = common.as_dict(run.scenario.get("hypervisor"))
    if hypervisor.get("time_update"):
        parts.append("time_update %s" % hypervisor["time_update"])
    at = hypervisor.get("time_update_at")
    if isinstance(at, list) and len(at) == 1:
        parts.append("at %s" % at[0])
    return ", ".join(p for p in parts if p)


def load(run_dirs, column):
    """Every guest of every run as a Line, and the runs' scenario names."""
    lines, names = [], []
    for run_dir in run_dirs:
        run = common.load_run(run_dir)
        names.append(run.name)
        frame = run.tick_drift
        if frame.empty:
            raise common.PlotError("%s/tick_drift.csv has no rows: the run has no RTOS guest, so there is no "
                                   "guest clock to plot" % run_dir)
        label = common.run_label(run_dir, run_dirs) if len(run_dirs) > 1 else ""
        for domain in dict.fromkeys(frame["domain"]):
            lines.append(Line(run, label, domain, frame[frame["domain"] == domain].sort_values("time_s", kind="stable"),
                              column))
    return lines, list(dict.fromkeys(names))


def draw(ax, lines, colours, args, band_label=True):
    tick = lines[0].tick if len({line.tick for line in lines}) == 1 else None
    if tick is not None:
        ax.axhspan(-tick, tick, color=BAND_COLOUR, alpha=0.15, linewidth=0, zorder=0,
                   label="±1 tick" if band_label else None)
    for line, colour, style in zip(lines, colours, (RUN_STYLES[i % len(RUN_STYLES)] for i in range(len(lines)))):
        ax.plot(line.times, line.values, drawstyle="steps-post", color=colour, linestyle=style,
                linewidth=1.0 if common.is_paper(args) else 1.6, label=line.label)
    ax.axhline(0, color="black", linewidth=0.6, zorder=1)
    ax.grid(True, alpha=0.4)
    ax.set_ylabel("drift (ms)" if args.ms else "drift (ticks)")


def run(args):
    column = "drift_ms" if args.ms else "drift_ticks"
    lines, scenarios = load(args.run_dirs, column)
    colours = common.plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colours = [colours[i % len(colours)] for i in range(len(lines))]
    zoom_ticks = max(ZOOM_TICKS, math.ceil(ZOOM_FRACTION * max(line.extent for line in lines)))
    near = [i for i, line in enumerate(lines) if line.extent <= zoom_ticks]
    zoom = not args.no_zoom and near and len(near) < len(lines)
    fig, axes = common.new_figure(args, (9, 7.5 if zoom else 5), 2 if zoom else 1, 1, sharex=True,
                                  **({"height_ratios": [3, 2]} if zoom else {}))
    draw(axes[0, 0], lines, colours, args)
    if zoom:
        ax = axes[1, 0]
        draw(ax, [lines[i] for i in near], [colours[i] for i in near], args, band_label=False)
        limit = max(abs(v) for i in near for v in lines[i].values)
        limit = max(limit, lines[near[0]].tick) * 1.6
        ax.set_ylim(-limit, limit)
        common.set_title(ax, "zoom on the guests that stay near true time (largest drift %g ticks); shaded: ±1 tick"
                         % max(lines[i].extent for i in near), args, fontsize="small")
    axes[-1, 0].set_xlabel("time (s)")
    axes[-1, 0].set_xlim(0, max(max(line.times) for line in lines))
    common.set_title(fig, "%s: guest clock drift (negative: guest clock behind)" % ", ".join(scenarios), args)
    # Lower left: a clock that falls behind leaves that corner empty.
    axes[0, 0].legend(loc="lower left", fontsize="x-small" if common.is_paper(args) else "small",
                      title=None if common.is_paper(args) else "%sguest (tick mode, time update)"
                      % ("run: " if len(args.run_dirs) > 1 else ""), title_fontsize="small", framealpha=0.9)
    common.save_figure(fig, args, os.path.join(args.run_dirs[0], "drift"))
    return 0
