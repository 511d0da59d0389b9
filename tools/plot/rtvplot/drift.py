"""drift: guest clock drift over time from tick_drift.csv, several runs overlaid."""
import os

import matplotlib.pyplot as plt

from . import common

NAME = "drift"
HELP = "guest clock drift over time from RUN_DIR/tick_drift.csv, several runs overlaid"
CSV_NAME = "tick_drift.csv"
COLUMNS = ["time_s", "domain", "virqs_handled", "os_time_ticks", "ticks_expected", "drift_ticks", "drift_ms"]
# One line style per run (so that runs stay apart where their lines coincide), one colour per line.
RUN_STYLES = ["-", "--", "-.", ":"]


def add_arguments(p):
    p.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="rtvsim run directory (several: overlaid)")
    p.add_argument("--ms", action="store_true", help="plot drift_ms (milliseconds) instead of drift_ticks")
    p.add_argument("-o", "--output", metavar="PREFIX",
                   help="write PREFIX.png and PREFIX.svg instead of FIRST_RUN_DIR/drift.{png,svg}")


def load(run_dir, column):
    """{domain: [(time_s, drift)]} in the CSV's domain order."""
    series = {}
    path = os.path.join(run_dir, CSV_NAME)
    for row in common.read_csv(run_dir, CSV_NAME, COLUMNS):
        try:
            point = (float(row["time_s"]), float(row[column]))
        except (TypeError, ValueError):
            raise common.PlotError("%s: bad number in row %s" % (path, row))
        series.setdefault(row["domain"], []).append(point)
    if not series:
        raise common.PlotError("%s has no rows: the run has no RTOS guest, so there is no guest clock to plot"
                               % path)
    return series


def _dict(value):
    return value if isinstance(value, dict) else {}


def guest_mode(summary, domain):
    """'corrected, time_update precise' from summary.json; '' when it says nothing about the domain."""
    scenario = _dict(summary.get("scenario"))
    parts = []
    for entry in scenario.get("domains") or []:
        entry = _dict(entry)
        if entry.get("name") == domain:
            ucos = _dict(entry.get("ucos"))
            if ucos.get("tick_mode"):
                parts.append(str(ucos["tick_mode"]))
            elif entry.get("guest"):
                parts.append(str(entry["guest"]))
            break
    time_update = _dict(scenario.get("hypervisor")).get("time_update")
    if time_update:
        parts.append("time_update %s" % time_update)
    return ", ".join(parts)


def run_labels(run_dirs):
    """Each run's directory name; the path as given where two runs share a name."""
    names = [os.path.basename(os.path.normpath(os.path.abspath(d))) for d in run_dirs]
    return [os.path.normpath(d) if names.count(n) > 1 else n for d, n in zip(run_dirs, names)]


def run(args):
    column = "drift_ms" if args.ms else "drift_ticks"
    runs = [(run_dir, load(run_dir, column), common.read_summary(run_dir)) for run_dir in args.run_dirs]
    prefix = args.output or os.path.join(args.run_dirs[0], "drift")

    fig, ax = plt.subplots(figsize=(9, 5))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    line = 0
    for index, ((run_dir, series, summary), label) in enumerate(zip(runs, run_labels(args.run_dirs))):
        for domain, points in series.items():
            points = sorted(points)
            mode = guest_mode(summary, domain)
            ax.plot([t for t, _ in points], [d for _, d in points], drawstyle="steps-post",
                    color=colours[line % len(colours)], linestyle=RUN_STYLES[index % len(RUN_STYLES)],
                    linewidth=1.8, label="%s: %s%s" % (label, domain, " (%s)" % mode if mode else ""))
            line += 1
    ax.axhline(0, color="black", linewidth=0.8, zorder=1)

    scenarios = []
    for run_dir, _, summary in runs:
        name = common.run_name(run_dir, summary)
        if name not in scenarios:
            scenarios.append(name)
    ax.set_title("%s: guest clock drift (negative: guest clock behind)" % ", ".join(scenarios))
    ax.set_xlabel("time (s)")
    ax.set_ylabel("drift (ms)" if args.ms else "drift (guest ticks)")
    ax.set_xlim(left=0)
    ax.grid(True, alpha=0.4)
    ax.legend(loc="best", fontsize="small", title="run: guest (tick mode, time update)", title_fontsize="small")
    fig.tight_layout()
    print("\n".join(common.save_figure(fig, prefix)))
    return 0
