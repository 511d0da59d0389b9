"""Helpers shared by the plot commands: reading run directories and writing figures."""
import csv
import json
import os

import matplotlib

matplotlib.use("Agg")  # no display: runs in CI and over ssh
import matplotlib.pyplot as plt  # noqa: E402

# Fixed ids and no date in SVGs so that the same data gives the same file.
matplotlib.rcParams["svg.hashsalt"] = "rtvsim"

PSEUDO_PREFIX = "_"  # cpu_usage.csv's pseudo-domains: _xen (hypervisor) and _idle


class PlotError(Exception):
    """A problem with the input (missing file, wrong header) reported without a traceback."""


def is_pseudo(domain):
    return domain.startswith(PSEUDO_PREFIX)


def read_csv(run_dir, name, columns):
    """Rows of RUN_DIR/NAME as dicts; the header must be exactly `columns` (docs/outputs.md)."""
    path = os.path.join(run_dir, name)
    try:
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != list(columns):
                raise PlotError("%s: header is %s, expected %s"
                                % (path, ",".join(reader.fieldnames or []), ",".join(columns)))
            return list(reader)
    except OSError as e:
        raise PlotError("cannot read %s: %s" % (path, e.strerror))


def read_summary(run_dir):
    """RUN_DIR/summary.json as a dict, or {} when it is missing or unreadable (plots still work)."""
    try:
        with open(os.path.join(run_dir, "summary.json")) as f:
            summary = json.load(f)
    except (OSError, ValueError):
        return {}
    return summary if isinstance(summary, dict) else {}


def run_name(run_dir, summary):
    """The scenario name from summary.json, else the run directory's name."""
    scenario = summary.get("scenario")
    if isinstance(scenario, dict) and scenario.get("name"):
        return str(scenario["name"])
    return os.path.basename(os.path.normpath(os.path.abspath(run_dir)))


def save_figure(fig, prefix):
    """Writes PREFIX.png and PREFIX.svg, creating PREFIX's directory; returns the two paths."""
    directory = os.path.dirname(prefix)
    if directory:
        os.makedirs(directory, exist_ok=True)
    paths = [prefix + ".png", prefix + ".svg"]
    fig.savefig(paths[0], dpi=150, metadata={"Software": None})
    fig.savefig(paths[1], metadata={"Date": None})
    plt.close(fig)
    return paths
