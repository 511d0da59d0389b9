#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""rtvplot: figures of rtvsim run and sweep directories (see tools/plot/README.md).

Usage: /usr/bin/python3 tools/plot/rtvplot.py KIND ... (--help lists the kinds), or `rtvsim plot KIND ...`
"""
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
here = os.path.dirname(os.path.abspath(__file__))
# The rtvsim package sits next to this script in the source tree; an installed script
# (PREFIX/share/rtvsim/plot) finds it in PREFIX/lib/python3/dist-packages.
for candidate in (here, os.path.join(here, "..", "..", "..", "lib", "python3", "dist-packages")):
    if os.path.isdir(os.path.join(candidate, "rtvsim")):
        sys.path.insert(0, os.path.normpath(candidate))
        break

from rtvsim.plot.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(prog=os.environ.get("RTVPLOT_PROG", "rtvplot")))
