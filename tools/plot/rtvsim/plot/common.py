# SPDX-License-Identifier: Apache-2.0
"""Helpers shared by the plot commands: output options (format, size, style) and writing figures."""
import os

import matplotlib

matplotlib.use("Agg")  # no display: runs in CI and over ssh
import matplotlib.pyplot as plt  # noqa: E402

from .. import reader  # noqa: E402

# Fixed ids and no date in SVGs so that the same data gives the same file.
matplotlib.rcParams["svg.hashsalt"] = "rtvsim"

PSEUDO_PREFIX = "_"  # cpu_usage.csv's pseudo-domains: _xen (hypervisor) and _idle
FORMATS = (".png", ".svg", ".pdf")
# One column of a two-column paper (IEEE: 3.5 in; ACM: 3.33 in), and a height that keeps a
# legend and two lines of tick labels readable at 8 pt.
PAPER_SIZE = (3.5, 2.5)
PAPER_FONT_SIZE = 8
DEFAULT_DPI = 150
# No creation dates or software versions in the files: the same data gives the same bytes.
METADATA = {".png": {"Software": None}, ".svg": {"Date": None}, ".pdf": {"CreationDate": None}}


class PlotError(Exception):
    """A problem with the input (missing file, nothing to draw) reported without a traceback."""


def is_pseudo(domain):
    return domain.startswith(PSEUDO_PREFIX)


def as_dict(value):
    return value if isinstance(value, dict) else {}


def load_run(run_dir):
    try:
        return reader.load_run(run_dir)
    except reader.FormatError as e:
        raise PlotError(str(e))


def parse_size(text):
    """'W,H' or 'WxH' in inches."""
    for sep in (",", "x", "X"):
        if sep in text:
            try:
                w, h = (float(v) for v in text.split(sep))
            except ValueError:
                break
            if w > 0 and h > 0:
                return (w, h)
    raise PlotError("--size takes WIDTH,HEIGHT in inches (e.g. 3.5,2.5), not %r" % text)


def add_output_arguments(p, default_name):
    """-o, --size, --dpi, --font-size and --style, the same for every kind."""
    p.add_argument("-o", "--output", metavar="FILE_OR_PREFIX",
                   help="FILE.png, FILE.svg or FILE.pdf writes that one file; a name without one of these "
                        "extensions is a prefix: PREFIX.png and PREFIX.svg (PREFIX.pdf with --style paper). "
                        "Default: %s in the (first) directory" % default_name)
    p.add_argument("--size", metavar="W,H", help="figure size in inches")
    p.add_argument("--dpi", type=float, default=None, help="resolution of PNG output (default %d)" % DEFAULT_DPI)
    p.add_argument("--font-size", type=float, default=None, metavar="PT", help="base font size in points")
    p.add_argument("--style", choices=("default", "paper"), default="default",
                   help="paper: serif, one column of a two-column paper (%.1fx%.1f in), no title, "
                        "vector output (PDF)" % PAPER_SIZE)


def is_paper(args):
    return getattr(args, "style", "default") == "paper"


def apply_style(args):
    """Sets matplotlib's defaults for this process from --style and --font-size."""
    if is_paper(args):
        matplotlib.rcParams.update({
            "font.family": "serif",
            "font.size": PAPER_FONT_SIZE,
            "axes.linewidth": 0.6,
            "lines.linewidth": 1.0,
            "lines.markersize": 3.5,
            "legend.frameon": False,
            "pdf.fonttype": 42,  # TrueType in the PDF: editable text, accepted by IEEE's PDF checker
        })
    if getattr(args, "font_size", None):
        matplotlib.rcParams["font.size"] = args.font_size


def figure_size(args, default):
    if getattr(args, "size", None):
        return parse_size(args.size)
    if is_paper(args):
        # Keep the kind's aspect for tall grids (jobs), within the column's width.
        width, height = default
        return (PAPER_SIZE[0], max(PAPER_SIZE[1], PAPER_SIZE[0] * height / width)) if height > width else PAPER_SIZE
    return default


def new_figure(args, default_size, nrows=1, ncols=1, **kwargs):
    """A figure with constrained layout (titles and outside legends are never clipped)."""
    apply_style(args)
    fig, axes = plt.subplots(nrows, ncols, figsize=figure_size(args, default_size), squeeze=False,
                             layout="constrained", **kwargs)
    return fig, axes


def set_title(target, text, args, **kwargs):
    """Axes or figure title, left out in the paper style (the caption says it)."""
    if is_paper(args) or not text:
        return
    if isinstance(target, matplotlib.figure.Figure):
        target.suptitle(text, **kwargs)
    else:
        target.set_title(text, **kwargs)


def output_paths(args, default_prefix):
    """The files to write: one file if -o names a format, else PREFIX.png + PREFIX.svg (paper: PREFIX.pdf)."""
    output = getattr(args, "output", None) or default_prefix
    extension = os.path.splitext(output)[1].lower()
    if extension in FORMATS:
        return [output]
    if getattr(args, "output", None) and extension in (".jpg", ".jpeg", ".eps", ".ps", ".tif", ".tiff"):
        raise PlotError("%s: the output format is chosen by the extension: .png, .svg or .pdf" % output)
    return [output + ".pdf"] if is_paper(args) else [output + ".png", output + ".svg"]


def save_figure(fig, args, default_prefix):
    """Writes the figure to output_paths(), creating directories; prints and returns the paths."""
    paths = output_paths(args, default_prefix)
    dpi = getattr(args, "dpi", None) or DEFAULT_DPI
    for path in paths:
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        extension = os.path.splitext(path)[1].lower()
        fig.savefig(path, dpi=dpi, format=extension[1:], metadata=METADATA[extension])
        print(path)
    plt.close(fig)
    return paths


def run_label(run_dir, all_dirs):
    """A run's directory name; the path as given where two runs share a name."""
    names = [os.path.basename(os.path.normpath(os.path.abspath(d))) for d in all_dirs]
    name = os.path.basename(os.path.normpath(os.path.abspath(run_dir)))
    return os.path.normpath(run_dir) if names.count(name) > 1 else name


def overrides_line(overrides):
    """'--set a=1  --set b=2' for a subtitle, or '' when the run had none."""
    return "  ".join("--set %s" % o for o in overrides)
