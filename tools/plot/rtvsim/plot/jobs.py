# SPDX-License-Identifier: Apache-2.0
"""jobs: response time of every job against its task's deadline from jobs.csv: one panel per
RTOS domain, in a grid that fits a page, each task in its own colour and marker."""
import math
import os

from matplotlib import ticker

from . import common

NAME = "jobs"
HELP = "response times of each task's jobs against the task's deadline from RUN_DIR/jobs.csv"
MARKERS = ["o", "s", "^", "D", "v", "P", "*", "h"]
MISSED_STYLE = {"color": "tab:red", "marker": "x", "linestyle": "none"}
# Unfinished jobs have no response time: drawn as triangles on the panel's top edge.
UNFINISHED_STYLE = {"marker": "v", "markersize": 6, "linestyle": "none", "clip_on": False}
PAGE_HEIGHT_IN = 10.0  # never taller than a page (A4 and Letter less their margins)
PANEL_HEIGHT_IN = 2.6


def add_arguments(p):
    p.add_argument("run_dir", metavar="RUN_DIR", help="rtvsim run directory")
    p.add_argument("--log", action="store_true",
                   help="logarithmic response axis (when a few responses dwarf the deadlines)")
    p.add_argument("--columns", type=int, default=None,
                   help="panels per row (default: 1 for one domain, 2 for up to 8, 3 beyond)")
    common.add_output_arguments(p, "jobs.png and .svg")


def task_order(run, frame):
    """{domain: [task]} in the scenario's order (domains, then each guest's tasks), then the CSV's."""
    order = {}
    for domain, entry in run.domains.items():
        for task in common.as_dict(entry.get("ucos")).get("tasks") or []:
            name = str(common.as_dict(task).get("name"))
            if ((frame["domain"] == domain) & (frame["task"] == name)).any():
                order.setdefault(domain, []).append(name)
    for domain, task in zip(frame["domain"], frame["task"]):
        if task not in order.setdefault(domain, []):
            order[domain].append(task)
    return order


def relative_deadline_ms(run, domain, task, jobs):
    """guests.<domain>.tasks.<task>.relative_deadline_ms, else deadline_s - intended_release_s."""
    tasks = common.as_dict(common.as_dict(common.as_dict(run.summary.get("guests")).get(domain)).get("tasks"))
    value = common.as_dict(tasks.get(task)).get("relative_deadline_ms")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    first = jobs.iloc[0]
    return round((first["deadline_s"] - first["intended_release_s"]) * 1e3, 6)  # whole nanoseconds


def guest_mode(run, domain):
    """'edf, naive' for a domain (the run's time_update is in the figure's title)."""
    ucos = common.as_dict(run.domains.get(domain, {}).get("ucos"))
    return ", ".join(str(ucos[key]) for key in ("policy", "tick_mode") if ucos.get(key))


def fmt_ms(value):
    return ("%.3f" % value).rstrip("0").rstrip(".")


def draw_domain(ax, run, domain, tasks, frame, args):
    colours = common.plt.rcParams["axes.prop_cycle"].by_key()["color"]
    tops, bottoms, jobs_total, missed_total = [], [], 0, 0
    late_all = []
    for i, task in enumerate(tasks):
        jobs = frame[(frame["domain"] == domain) & (frame["task"] == task)]
        colour = colours[i % len(colours)]
        deadline = relative_deadline_ms(run, domain, task, jobs)
        done = jobs[jobs["response_ms"].notna()]
        late = done[done["missed"]]
        unfinished = jobs[jobs["response_ms"].isna()]
        jobs_total += len(jobs)
        missed_total += int(jobs["missed"].sum())
        ax.axhline(deadline, color=colour, linestyle="--", linewidth=1.0, zorder=1)
        ax.plot(done["intended_release_s"], done["response_ms"], linestyle="none", marker=MARKERS[i % len(MARKERS)],
                markersize=2.5 if len(done) > 300 else 3.5, color=colour, zorder=2,
                label="%s: %d jobs, %d missed, deadline %s ms" % (task, len(jobs), int(jobs["missed"].sum()),
                                                                 fmt_ms(deadline)))
        late_all.append(late)
        if len(unfinished):  # no response time: on the top edge (x in data, y in axes coordinates)
            ax.plot(unfinished["intended_release_s"], [1.0] * len(unfinished), transform=ax.get_xaxis_transform(),
                    color="tab:red" if unfinished["missed"].any() else colour, zorder=4,
                    label="%s: %d unfinished" % (task, len(unfinished)), **UNFINISHED_STYLE)
        tops.append(max([deadline] + done["response_ms"].tolist()))
        bottoms.extend([deadline] + [v for v in done["response_ms"] if v > 0])
    late = [frame_ for frame_ in late_all if len(frame_)]
    if late:  # over every task's points, smaller where there are many
        count = sum(len(f) for f in late)
        for k, frame_ in enumerate(late):
            ax.plot(frame_["intended_release_s"], frame_["response_ms"], zorder=3, label="missed" if k == 0 else None,
                    markersize=6 if count < 100 else 3.5, markeredgewidth=1.3 if count < 100 else 0.7,
                    **MISSED_STYLE)
    top = max(tops)
    if args.log:
        ax.set_yscale("log")
        bottom = min(bottoms) / 1.5
        ax.set_ylim(bottom, top * 1.5)
        # Plain numbers at 1-2-5 steps (more in a narrow range, fewer in a wide one) instead of 10^n.
        decades = math.log10(top * 1.5 / bottom)
        subs = (1.0, 2.0, 3.0, 5.0) if decades < 1.5 else (1.0, 2.0, 5.0) if decades < 3 else (1.0,)
        ax.yaxis.set_major_locator(ticker.LogLocator(base=10, subs=subs))
        ax.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(ticker.NullFormatter())
    else:
        ax.set_ylim(min(0.0, min(bottoms)), top * 1.15)
    mode = guest_mode(run, domain)
    ax.set_title("%s%s: %d jobs, %d missed" % (domain, " (%s)" % mode if mode else "", jobs_total, missed_total),
                 fontsize="small" if common.is_paper(args) else "medium")
    ax.set_ylabel("response (ms)")
    ax.grid(True, alpha=0.4)
    ax.legend(loc="upper left", fontsize="x-small", numpoints=1, framealpha=0.85)


def grid_shape(count, columns):
    if columns is None:
        columns = 1 if count == 1 else 2 if count <= 8 else 3
    columns = max(1, min(columns, count))
    return int(math.ceil(count / columns)), columns


def run(args):
    run_ = common.load_run(args.run_dir)
    frame = run_.jobs
    if frame.empty:
        raise common.PlotError("%s/jobs.csv has no rows: the run has no RTOS task, so there are no jobs to plot"
                               % args.run_dir)
    order = task_order(run_, frame)
    rows, columns = grid_shape(len(order), args.columns)
    width = 7.5 if columns == 1 else 5.5 * columns
    height = min(PAGE_HEIGHT_IN, 1.0 + PANEL_HEIGHT_IN * rows)
    fig, axes = common.new_figure(args, (width, height), rows, columns, sharex=True)
    for ax, (domain, tasks) in zip(axes.flat, order.items()):
        draw_domain(ax, run_, domain, tasks, frame, args)
    for ax in list(axes.flat)[len(order):]:
        ax.set_visible(False)
    # The whole run, not only up to the last release: a slow guest clock releases its jobs early in the run.
    duration = common.as_dict(run_.summary.get("sim")).get("duration_s", 0)
    end = max(float(frame["intended_release_s"].max()), float(duration or 0)) or 1.0
    for ax in axes[-1, :]:
        ax.set_xlim(-0.01 * end, 1.01 * end)
        ax.set_xlabel("intended release time (s)")
    time_update = common.as_dict(run_.scenario.get("hypervisor")).get("time_update")
    lines = ["%s: response time of each job from its intended release (dashed: deadlines)" % run_.name]
    details = ["time_update %s" % time_update] if time_update else []
    if run_.overrides:
        details.append(common.overrides_line(run_.overrides))
    if details:
        lines.append("; ".join(details))
    common.set_title(fig, "\n".join(lines), args, fontsize="medium")
    common.save_figure(fig, args, os.path.join(args.run_dir, "jobs"))
    return 0
