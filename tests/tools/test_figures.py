#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Every plot kind on real run and sweep directories, through `rtvsim plot`: the file exists in
the format its name asks for, is a valid PNG/SVG/PDF (pdfinfo for PDF) and is not blank; a plot
with nothing to draw is an error; rtvsim.load_run/load_sweep read the same outputs.

Usage: test_figures.py --rtvsim BUILD/app/rtvsim --source-dir SRC
"""
import argparse
import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402

FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL: " + what, file=sys.stderr)


def run(cmd, expect=0, **kwargs):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    if result.returncode != expect:
        raise SystemExit("FAIL: %s exited %d (expected %d)\n%s%s" % (" ".join(cmd), result.returncode, expect,
                                                                     result.stdout, result.stderr))
    return result


def not_blank_png(path):
    """A PNG whose pixels are not all one colour: at least 1 % differ from the background."""
    pixels = matplotlib.image.imread(path)[:, :, :3]
    background = pixels[0, 0]
    differing = (abs(pixels - background).sum(axis=2) > 0.1).mean()
    return differing > 0.01


def check_png(path):
    with open(path, "rb") as f:
        check(f.read(8) == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path)
    check(not_blank_png(path), "%s is blank" % path)


def check_svg(path):
    root = ET.parse(path).getroot()
    check(root.tag.endswith("svg"), "%s is not an SVG" % path)
    drawn = sum(1 for e in root.iter() if e.tag.split("}")[-1] in ("path", "use", "rect", "polyline"))
    check(drawn > 20, "%s is blank (%d drawn elements)" % (path, drawn))


def check_pdf(path, tmp, page_points=None):
    info = run(["pdfinfo", path]).stdout
    check(re.search(r"^Pages:\s+1$", info, re.M) is not None, "%s: pdfinfo does not see one page" % path)
    if page_points:
        size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
        check(size is not None and (round(float(size.group(1))), round(float(size.group(2)))) == page_points,
              "%s: page size %s, expected %s pt" % (path, size and size.groups(), page_points))
    stem = os.path.join(tmp, os.path.basename(path) + "-raster")
    run(["pdftoppm", "-png", "-r", "40", "-singlefile", path, stem])
    check(not_blank_png(stem + ".png"), "%s renders blank" % path)


def check_figure(path, tmp, **kwargs):
    check(os.path.isfile(path), "%s was not written" % path)
    if not os.path.isfile(path):
        return
    {".png": check_png, ".svg": check_svg}.get(os.path.splitext(path)[1], lambda p: check_pdf(p, tmp, **kwargs))(path)


def plot(rtvsim, *args):
    """The plot tool run in this process (Python and pandas start once, which keeps the test
    short); returns the files it printed. `rtvsim plot` itself is run by plot_command()."""
    from rtvsim.plot import cli
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(list(args))
    if status != 0:
        raise SystemExit("FAIL: plot %s exited %d" % (" ".join(args), status))
    return out.getvalue().split()


def plot_command(rtvsim, *args):
    """`rtvsim plot ARGS` as a user runs it; returns the files it printed."""
    return run([rtvsim, "plot"] + list(args)).stdout.split()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rtvsim", required=True)
    parser.add_argument("--source-dir", required=True)
    opts = parser.parse_args()
    rtvsim = os.path.abspath(opts.rtvsim)
    scenarios = os.path.join(opts.source_dir, "scenarios")
    sys.path.insert(0, os.path.join(opts.source_dir, "tools", "plot"))
    import rtvsim as reader  # the package under test, from the source tree

    with tempfile.TemporaryDirectory() as tmp:
        def simulate(scenario, name, *sets):
            out = os.path.join(tmp, name)
            run([rtvsim, "run", os.path.join(scenarios, scenario + ".yaml"), "-o", out, "-q"]
                + [a for s in sets for a in ("--set", s)])
            return out

        def sweep(scenario, name, varies, *sets, expect=0):
            out = os.path.join(tmp, name)
            run([rtvsim, "sweep", os.path.join(scenarios, scenario + ".yaml"), "-o", out, "-q", "-j", "2"]
                + [a for v in varies for a in ("--vary", v)] + [a for s in sets for a in ("--set", s)],
                expect=expect)
            return out

        graph1 = simulate("graph1", "graph1", "duration=3s", "domains[dom1].weight=1")
        naive = simulate("time_correction", "naive", "duration=5s", "domains[ucos].ucos.tick_mode=naive")
        precise = simulate("time_correction", "precise", "duration=5s")
        edf = simulate("edf_drift", "edf_naive", "duration=3s", "domains[rtos].ucos.tick_mode=naive")
        large = simulate("large_platform", "large", "duration=1s")
        weights = sweep("bvt_weights", "weights", ["domains[dom1].weight=1..3",
                                                   "hypervisor.quirks.recharge_on_continue=true,false"], "duration=2s")
        modes = sweep("time_correction", "modes", ["domains[ucos].ucos.tick_mode=naive,corrected",
                                                   "hypervisor.time_update=none,precise"], "duration=3s")
        failed = sweep("bvt_weights", "failed", ["domains[dom1].weight=0,11"], expect=1)
        figures = os.path.join(tmp, "figures")

        # cpu-usage: default (PNG + SVG into the run), stacked, runstate, paper PDF at the column width.
        written = plot_command(rtvsim, "cpu-usage", graph1)
        check(written == [os.path.join(graph1, "cpu_usage.png"), os.path.join(graph1, "cpu_usage.svg")],
              "cpu-usage default outputs: %s" % written)
        for path in written:
            check_figure(path, tmp)
        check_figure(plot(rtvsim, "cpu-usage", graph1, "--stacked", "-o", figures + "/stacked.svg")[0], tmp)
        check_figure(plot(rtvsim, "cpu-usage", large, "--runstate", "--include-pseudo", "-o",
                          figures + "/large.png")[0], tmp)
        paper = plot_command(rtvsim, "cpu-usage", graph1, "--style", "paper", "-o", figures + "/graph1.pdf")
        check(paper == [figures + "/graph1.pdf"] and not os.path.exists(figures + "/graph1.pdf.png"),
              "-o graph1.pdf writes %s" % paper)
        check_figure(figures + "/graph1.pdf", tmp, page_points=(252, 180))
        svg = open(os.path.join(graph1, "cpu_usage.svg")).read()
        # The legend names the weights; the subtitle the run's --set overrides (when recorded).
        run_ = reader.load_run(graph1)
        check("weight 1" in svg, "the cpu-usage legend does not name the weights")
        if run_.overrides:
            check("duration=3s" in svg, "the cpu-usage subtitle does not show the --set overrides")

        # A sweep point records its --set overrides in sweep_point.json: they are the subtitle.
        point = os.path.join(weights, reader.load_sweep(weights).points["dir"].iloc[3])
        svg = open(plot(rtvsim, "cpu-usage", point, "-o", figures + "/point.svg")[0]).read()
        check("set hypervisor.quirks.recharge_on_continue=false" in svg and "weight 2" in svg,
              "a sweep point's cpu-usage figure does not show its --set overrides and weights")

        # drift: three runs overlaid with the zoom panel; --size and --dpi honoured.
        check_figure(plot(rtvsim, "drift", naive, precise, "-o", figures + "/drift.png", "--size", "6,4",
                          "--dpi", "100")[0], tmp)
        height, width = matplotlib.image.imread(figures + "/drift.png").shape[:2]
        check((width, height) == (600, 400), "--size 6,4 --dpi 100 gives %dx%d px" % (width, height))
        check_figure(plot(rtvsim, "drift", naive, precise, "--style", "paper", "-o", figures + "/drift")[0], tmp)
        check(os.path.exists(figures + "/drift.pdf"), "--style paper with a prefix writes PREFIX.pdf")

        # jobs: one domain, and the eight-domain platform's four RTOS guests in a grid within a page.
        check_figure(plot(rtvsim, "jobs", edf, "--log", "-o", figures + "/edf.svg")[0], tmp)
        check_figure(plot(rtvsim, "jobs", large, "-o", figures + "/large_jobs.png")[0], tmp)
        height = matplotlib.image.imread(figures + "/large_jobs.png").shape[0]
        check(height <= 10 * 150, "the jobs grid is %d px tall, more than a page at 150 dpi" % height)

        # sweep: numbers as lines with the ideal line, words as grouped bars.
        lines = plot(rtvsim, "sweep", weights, "-o", figures + "/weights.svg")[0]
        check_figure(lines, tmp)
        check("ideal BVT" in open(lines).read(), "the weight sweep has no ideal BVT line")
        bars = plot(rtvsim, "sweep", modes, "--log", "-o", figures + "/modes.svg")[0]
        check_figure(bars, tmp)
        check(open(bars).read().count('id="patch_') >= 8, "the tick_mode x time_update sweep has no bars")

        # Nothing to draw: a clear error and exit 2, no file.
        result = run([rtvsim, "plot", "sweep", failed, "-o", figures + "/failed.png"], expect=2)
        check("nothing to draw" in result.stderr and not os.path.exists(figures + "/failed.png"),
              "a sweep whose points all failed: %s" % result.stderr.strip())
        run([rtvsim, "plot", "drift", graph1], expect=2)  # no RTOS guest: no clock to draw

        # The reader on the same outputs.
        shares = run_.shares()
        for domain, entry in run_.summary["domains"].items():
            check(abs(shares[domain] - entry["cpu_share"]) < 1e-6,
                  "load_run: %s mean cpu_share %.9f, summary %.9f" % (domain, shares[domain], entry["cpu_share"]))
        drift = reader.load_run(naive)
        last = drift.tick_drift[drift.tick_drift["domain"] == "ucos"].iloc[-1]
        check(last["drift_ticks"] == drift.summary["guests"]["ucos"]["final_drift_ticks"],
              "load_run: last drift_ticks differs from final_drift_ticks")
        check(len(reader.load_run(edf).jobs) > 0 and reader.load_run(edf).jobs["missed"].dtype == bool,
              "load_run: jobs not read")
        points = reader.load_sweep(weights)
        check(points.varied == ["domains[dom1].weight", "hypervisor.quirks.recharge_on_continue"]
              and len(points.points) == 6 and len(points.ok()) == 6, "load_sweep: %r" % points.points)
        check(points.points["domains[dom1].weight"].tolist() == ["1", "1", "2", "2", "3", "3"]
              and points.points["guest_share[dom1]"].dtype.kind == "f", "load_sweep: column types")
        check(abs(points.run(2).summary["domains"]["dom1"]["guest_share"]
                  - points.points["guest_share[dom1]"].iloc[2]) < 1e-8, "load_sweep: a point's run")
        check(len(reader.load_sweep(failed).ok()) == 0, "load_sweep: failed points")
        # Tolerance of the format's growth: integers as hex strings are decoded (not *_hex keys).
        check(reader.parse_int("0x1F") == 31 and reader.parse_int(7) == 7, "parse_int")
        decoded = reader.reader.decode_hex_integers({"checksum": "0xFFFFFFFFFFFFFFFF", "base_hex": "0xC0"})
        check(decoded == {"checksum": 2 ** 64 - 1, "base_hex": "0xC0"}, "decode_hex_integers: %r" % decoded)

    if FAILURES:
        return 1
    print("PASS: every plot kind on real runs and sweeps, the nothing-to-draw error, load_run and load_sweep")
    return 0


if __name__ == "__main__":
    sys.exit(main())
