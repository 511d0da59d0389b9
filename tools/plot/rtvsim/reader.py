# SPDX-License-Identifier: Apache-2.0
"""Reading rtvsim run and sweep directories into pandas (files documented in docs/outputs.md
and docs/sweep.md).

    import rtvsim
    run = rtvsim.load_run("out/graph1")
    run.cpu_usage.groupby("domain").cpu_share.mean()

The reader is tolerant of format growth: extra columns and keys are kept, integers written as
hex strings ("0x1F") are decoded to Python ints, and a missing CSV file gives an empty frame
with the documented columns.
"""
import json
import os
import re

import pandas as pd

CPU_USAGE_COLUMNS = ["window_start_s", "window_end_s", "domain", "cpu_share", "runstate_share"]
TICK_DRIFT_COLUMNS = ["time_s", "domain", "virqs_handled", "os_time_ticks", "ticks_expected", "drift_ticks",
                      "drift_ms"]
JOBS_COLUMNS = ["domain", "task", "job", "intended_release_s", "release_s", "start_s", "finish_s", "deadline_s",
                "response_ms", "missed"]
# Columns that hold names; every other documented column is numeric.
TEXT_COLUMNS = {"domain", "task"}
_HEX = re.compile(r"^0[xX][0-9a-fA-F]+$")


class FormatError(ValueError):
    """A run or sweep directory that cannot be read (missing summary, malformed file)."""


def parse_int(value):
    """An integer written as a number or as a hex string ("0xC1000000"); None stays None."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        return int(text, 16) if _HEX.match(text) else int(text)
    raise FormatError("not an integer: %r" % (value,))


def decode_hex_integers(value, key=""):
    """Copy of a summary.json value with every hex-string integer decoded, except under keys
    ending in `_hex`, which are kept as the text the writer meant to show."""
    if isinstance(value, dict):
        return {k: decode_hex_integers(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_hex_integers(v, key) for v in value]
    if isinstance(value, str) and not key.endswith("_hex") and _HEX.match(value):
        return int(value, 16)
    return value


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        raise FormatError("cannot read %s: %s" % (path, e.strerror))
    except ValueError as e:
        raise FormatError("%s is not valid JSON: %s" % (path, e))


def read_csv(path, columns):
    """A CSV file of a run as a DataFrame. A missing file gives an empty frame with `columns`;
    a file lacking one of `columns` is a FormatError. Extra columns are kept."""
    if not os.path.exists(path):
        return pd.DataFrame({c: pd.Series(dtype=object if c in TEXT_COLUMNS else float) for c in columns})
    try:
        frame = pd.read_csv(path, dtype={c: str for c in TEXT_COLUMNS}, keep_default_na=True)
    except (OSError, ValueError, pd.errors.ParserError) as e:
        raise FormatError("cannot read %s: %s" % (path, e))
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise FormatError("%s: header is %s; missing %s (docs/outputs.md)"
                          % (path, ",".join(map(str, frame.columns)), ",".join(missing)))
    for c in columns:
        if c not in TEXT_COLUMNS:
            frame[c] = _numeric(frame[c], path, c)
    return frame


def _numeric(series, path, column):
    if series.dtype != object:
        return series
    try:
        return pd.to_numeric(series).astype(float)
    except (ValueError, TypeError):
        pass
    try:  # hex-string integers stay exact Python ints
        return series.map(lambda v: v if pd.isna(v) else parse_int(v) if _HEX.match(str(v)) else float(v))
    except ValueError:
        raise FormatError("%s: column %s is not numeric" % (path, column))


class Run:
    """One run directory: summary (dict), cpu_usage, tick_drift and jobs (DataFrames)."""

    def __init__(self, path):
        self.path = path
        summary_path = os.path.join(path, "summary.json")
        # A run stopped by a crash may lack summary.json; its CSV files are still worth reading.
        summary = decode_hex_integers(read_json(summary_path)) if os.path.exists(summary_path) else {}
        if not isinstance(summary, dict):
            raise FormatError("%s is not a JSON object" % summary_path)
        self.summary = summary
        self.cpu_usage = read_csv(os.path.join(path, "cpu_usage.csv"), CPU_USAGE_COLUMNS)
        self.tick_drift = read_csv(os.path.join(path, "tick_drift.csv"), TICK_DRIFT_COLUMNS)
        self.jobs = read_csv(os.path.join(path, "jobs.csv"), JOBS_COLUMNS)
        if not self.jobs.empty:
            self.jobs["missed"] = self.jobs["missed"].astype(bool)

    @property
    def scenario(self):
        """The resolved scenario (summary.json's `scenario`)."""
        scenario = self.summary.get("scenario")
        return scenario if isinstance(scenario, dict) else {}

    @property
    def name(self):
        """The scenario's name, else the directory's name."""
        return str(self.scenario.get("name") or os.path.basename(os.path.normpath(os.path.abspath(self.path))))

    @property
    def complete(self):
        """False when the run was stopped early (a signal, or a platform failure)."""
        return bool(self.summary.get("complete", True)) and "failure" not in self.summary

    @property
    def domains(self):
        """The scenario's domain entries by name, in scenario order."""
        return {str(d["name"]): d for d in self.scenario.get("domains") or [] if isinstance(d, dict) and "name" in d}

    @property
    def overrides(self):
        """The run's `--set path=value` overrides, in order, from the recorded command line
        (summary.json's `host`, or the sweep_point.json a sweep leaves beside the run)."""
        return overrides_of(self.path, self.summary)

    def shares(self, column="cpu_share"):
        """Mean share per domain over the whole run (windows weighted by their length)."""
        frame = self.cpu_usage
        if frame.empty:
            return pd.Series(dtype=float)
        length = frame["window_end_s"] - frame["window_start_s"]
        weighted = (frame[column] * length).groupby(frame["domain"], sort=False).sum()
        return weighted / length.groupby(frame["domain"], sort=False).sum()

    def __repr__(self):
        return "Run(%r)" % self.path


def _command_lines(value, key=""):
    """Every command line (list of strings, or one string) under keys naming a command."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _command_lines(v, k)
    elif "command" in key or "argv" in key:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            yield list(value)
        elif isinstance(value, str):
            yield value.split()


def set_arguments(argv):
    """The values of every `--set X` / `--set=X` in an argument list."""
    values = []
    for i, arg in enumerate(argv):
        if arg == "--set" and i + 1 < len(argv):
            values.append(argv[i + 1])
        elif arg.startswith("--set="):
            values.append(arg[len("--set="):])
    return values


def overrides_of(path, summary):
    for source in (summary.get("host"), summary.get("provenance")):
        for argv in _command_lines(source if isinstance(source, dict) else {}):
            return set_arguments(argv)
    point = os.path.join(path, "sweep_point.json")
    if os.path.exists(point):
        try:
            return set_arguments(read_json(point).get("command") or [])
        except (FormatError, AttributeError):
            return []
    return []


def load_run(path):
    """Reads a run directory (`rtvsim run -o DIR`): a Run with .summary, .cpu_usage,
    .tick_drift, .jobs."""
    if not os.path.isdir(path):
        raise FormatError("%s is not a directory" % path)
    if not any(os.path.exists(os.path.join(path, name))
               for name in ("summary.json", "cpu_usage.csv", "tick_drift.csv", "jobs.csv")):
        raise FormatError("%s is not an rtvsim run directory (no summary.json or CSV file)" % path)
    return Run(path)


class Sweep:
    """One sweep directory: meta (sweep.json), points (sweep.csv as a DataFrame), varied paths."""

    def __init__(self, path):
        self.path = path
        self.meta = decode_hex_integers(read_json(os.path.join(path, "sweep.json")))
        csv_path = os.path.join(path, "sweep.csv")
        if not os.path.exists(csv_path):
            raise FormatError("%s is missing: the sweep has not finished (or run `rtvsim sweep --collect`)"
                              % csv_path)
        try:
            # Varied values stay text ("true", "precise", "2"); metrics are numbers.
            frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        except (OSError, ValueError, pd.errors.ParserError) as e:
            raise FormatError("cannot read %s: %s" % (csv_path, e))
        for column in frame.columns:
            if column not in self.varied and column not in ("dir", "status", "error"):
                frame[column] = pd.to_numeric(frame[column].replace("", float("nan")), errors="coerce")
        self.points = frame

    @property
    def varied(self):
        """The varied paths, in --vary order."""
        return [str(v.get("path")) for v in self.meta.get("vary") or [] if isinstance(v, dict)]

    @property
    def name(self):
        return str(self.meta.get("scenario_name") or os.path.basename(os.path.normpath(os.path.abspath(self.path))))

    def ok(self):
        """The points whose run succeeded."""
        return self.points[self.points["status"] == "ok"] if "status" in self.points else self.points

    def run(self, index):
        """The Run of a point (by row position in sweep.csv)."""
        return load_run(os.path.join(self.path, self.points["dir"].iloc[index]))

    def __repr__(self):
        return "Sweep(%r)" % self.path


def load_sweep(path):
    """Reads a sweep directory (`rtvsim sweep -o DIR`): a Sweep with .meta, .points, .varied."""
    if not os.path.isdir(path):
        raise FormatError("%s is not a directory" % path)
    return Sweep(path)
