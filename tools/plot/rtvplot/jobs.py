"""jobs: response time of every job against its task's deadline, one panel per (guest, task), from jobs.csv."""
import math
import os

import matplotlib.pyplot as plt
from matplotlib import ticker

from . import common

NAME = "jobs"
HELP = "response times of each task's jobs against the task's deadline from RUN_DIR/jobs.csv"
CSV_NAME = "jobs.csv"
COLUMNS = ["domain", "task", "job", "intended_release_s", "release_s", "start_s", "finish_s", "deadline_s",
           "response_ms", "missed"]
MET_STYLE = {"color": "tab:blue", "marker": "o", "markersize": 3, "linestyle": "none"}
MISSED_STYLE = {"color": "tab:red", "marker": "x", "markersize": 6, "markeredgewidth": 1.5, "linestyle": "none"}
# Unfinished jobs have no response time: drawn as triangles on the panel's top edge.
UNFINISHED_STYLE = {"marker": "^", "markersize": 7, "linestyle": "none", "clip_on": False}
DEADLINE_STYLE = {"color": "black", "linestyle": "--", "linewidth": 1.2}


def add_arguments(p):
    p.add_argument("run_dir", metavar="RUN_DIR", help="rtvsim run directory")
    p.add_argument("--log", action="store_true",
                   help="logarithmic response axis (when a few responses dwarf the deadlines)")
    p.add_argument("-o", "--output", metavar="PREFIX",
                   help="write PREFIX.png and PREFIX.svg instead of RUN_DIR/jobs.{png,svg}")


class Job:
    __slots__ = ("release", "response", "missed", "relative_deadline_ms")

    def __init__(self, row, path):
        try:
            self.release = float(row["intended_release_s"])
            self.relative_deadline_ms = (float(row["deadline_s"]) - self.release) * 1e3
            self.response = float(row["response_ms"]) if row["response_ms"] else None
            missed = row["missed"]
        except (TypeError, ValueError):
            raise common.PlotError("%s: bad number in row %s" % (path, row))
        if missed not in ("0", "1"):
            raise common.PlotError("%s: missed is %r (expected 0 or 1) in row %s" % (path, missed, row))
        self.missed = missed == "1"


def load(run_dir):
    """{(domain, task): [Job]} in the CSV's order."""
    path = os.path.join(run_dir, CSV_NAME)
    tasks = {}
    for row in common.read_csv(run_dir, CSV_NAME, COLUMNS):
        tasks.setdefault((row["domain"], row["task"]), []).append(Job(row, path))
    if not tasks:
        raise common.PlotError("%s has no rows: the run has no RTOS task, so there are no jobs to plot" % path)
    return tasks


def _dict(value):
    return value if isinstance(value, dict) else {}


def scenario_domains(summary):
    """{domain: its scenario entry} from summary.json, in the scenario's order."""
    domains = {}
    for entry in _dict(summary.get("scenario")).get("domains") or []:
        entry = _dict(entry)
        if entry.get("name"):
            domains[str(entry["name"])] = entry
    return domains


def panel_order(tasks, domains):
    """The (domain, task) keys in the scenario's order (domains, then each guest's tasks), then the CSV's."""
    order = []
    for domain, entry in domains.items():
        for task in _dict(entry.get("ucos")).get("tasks") or []:
            key = (domain, str(_dict(task).get("name")))
            if key in tasks and key not in order:
                order.append(key)
    return order + [key for key in tasks if key not in order]


def relative_deadline_ms(summary, domain, task, jobs):
    """guests.<domain>.tasks.<task>.relative_deadline_ms, else deadline_s - intended_release_s."""
    entry = _dict(_dict(_dict(_dict(summary.get("guests")).get(domain)).get("tasks")).get(task))
    value = entry.get("relative_deadline_ms")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return round(jobs[0].relative_deadline_ms, 6)  # the CSV's times are whole nanoseconds


def guest_mode(entry, summary):
    """'edf, naive, time_update precise' for a domain's scenario entry."""
    ucos = _dict(entry.get("ucos"))
    parts = [str(ucos[key]) for key in ("policy", "tick_mode") if ucos.get(key)]
    time_update = _dict(_dict(summary.get("scenario")).get("hypervisor")).get("time_update")
    if time_update:
        parts.append("time_update %s" % time_update)
    return ", ".join(parts)


def task_kind(entry, task):
    for t in _dict(entry.get("ucos")).get("tasks") or []:
        t = _dict(t)
        if t.get("name") == task and t.get("kind"):
            return str(t["kind"])
    return ""


def run_duration_s(summary):
    """sim.duration_s from summary.json, 0 when absent."""
    try:
        return float(_dict(summary.get("sim")).get("duration_s", 0))
    except (TypeError, ValueError):
        return 0.0


def fmt_ms(value):
    return ("%.3f" % value).rstrip("0").rstrip(".")


def draw(ax, domain, task, jobs, deadline_ms, kind, log):
    met = [(j.release, j.response) for j in jobs if j.response is not None and not j.missed]
    late = [(j.release, j.response) for j in jobs if j.response is not None and j.missed]
    unfinished = [j for j in jobs if j.response is None]
    ax.axhline(deadline_ms, label="deadline %s ms" % fmt_ms(deadline_ms), zorder=1, **DEADLINE_STYLE)
    ax.plot([x for x, _ in met], [y for _, y in met], label="met (%d)" % len(met), zorder=2, **MET_STYLE)
    ax.plot([x for x, _ in late], [y for _, y in late], label="missed (%d)" % len(late), zorder=3,
            **MISSED_STYLE)
    for group, colour, what in (([j for j in unfinished if not j.missed], "tab:gray", "unfinished"),
                                ([j for j in unfinished if j.missed], "tab:red", "unfinished, missed")):
        if group:  # no response time: on the top edge (x in data, y in axes coordinates)
            ax.plot([j.release for j in group], [1.0] * len(group), transform=ax.get_xaxis_transform(),
                    color=colour, zorder=4, label="%s (%d)" % (what, len(group)), **UNFINISHED_STYLE)

    responses = [y for _, y in met + late]
    top = max(responses + [deadline_ms])
    if log:
        ax.set_yscale("log")
        bottom = min([y for y in responses if y > 0] + [deadline_ms]) / 1.5
        ax.set_ylim(bottom, top * 1.5)
        # Plain numbers at 1-2-5 steps (more in a narrow range, fewer in a wide one) instead of 10^n.
        decades = math.log10(top * 1.5 / bottom)
        subs = (1.0, 2.0, 3.0, 5.0) if decades < 1.5 else (1.0, 2.0, 5.0) if decades < 3 else (1.0,)
        ax.yaxis.set_major_locator(ticker.LogLocator(base=10, subs=subs))
        ax.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(ticker.NullFormatter())
    else:
        ax.set_ylim(0, top * 1.1)
    missed = sum(1 for j in jobs if j.missed)
    ax.set_title("%s / %s%s: %d jobs, %d missed" % (domain, task, " (%s)" % kind if kind else "", len(jobs),
                                                   missed), fontsize="medium", pad=9)
    ax.set_ylabel("response (ms)")
    ax.grid(True, alpha=0.4)
    # Beside the panel: inside, it would hide the points that matter (they fill any corner).
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize="small", numpoints=1)


def run(args):
    tasks = load(args.run_dir)
    summary = common.read_summary(args.run_dir)
    domains = scenario_domains(summary)
    order = panel_order(tasks, domains)
    prefix = args.output or os.path.join(args.run_dir, "jobs")

    fig, axes = plt.subplots(len(order), 1, figsize=(11, 1.0 + 2.6 * len(order)), sharex=True, squeeze=False)
    for ax, (domain, task) in zip(axes[:, 0], order):
        jobs = tasks[(domain, task)]
        draw(ax, domain, task, jobs, relative_deadline_ms(summary, domain, task, jobs),
             task_kind(domains.get(domain, {}), task), args.log)
    # The whole run, not only up to the last release: a slow guest clock releases its jobs early in the run.
    end = max([j.release for jobs in tasks.values() for j in jobs] + [run_duration_s(summary)])
    end = end if end > 0 else 1.0
    axes[-1, 0].set_xlim(-0.01 * end, 1.01 * end)
    axes[-1, 0].set_xlabel("intended release time (s)")

    title = "%s: response time per job (from intended release)" % common.run_name(args.run_dir, summary)
    modes = []
    for domain in dict.fromkeys(domain for domain, _ in order):
        mode = guest_mode(domains.get(domain, {}), summary)
        if mode:
            modes.append("%s: %s" % (domain, mode))
    fig.suptitle("\n".join([title] + (["; ".join(modes)] if modes else [])))
    fig.tight_layout()
    print("\n".join(common.save_figure(fig, prefix)))
    return 0
